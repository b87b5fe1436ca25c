"""Look inside a trained model: errors per digit, confusions, weight images, spread over seeds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from . import _checks
from ._checks import N_CLASSES, N_PIXELS

#: The most shuffled values (``n_permutations * len(first)``) one p-value draws, 80 MB a copy.
MAX_SHUFFLED_VALUES = 10_000_000

# --------------------------------------------------------------------------------------
# Errors and confusions
# --------------------------------------------------------------------------------------


def errors_per_digit(true_digits, predicted_digits) -> np.ndarray:
    """Count the misclassified images of each true digit, the blog's histogram.

    Parameters
    ----------
    true_digits : array-like of shape (n_samples,)
        The true digit of each image, integers 0-9.
    predicted_digits : array-like of shape (n_samples,)
        The digit the model predicted for each image, integers 0-9.

    Returns
    -------
    errors : numpy.ndarray of shape (10,)
        ``errors[d]`` is how many images of digit ``d`` were predicted as
        another digit.

    Raises
    ------
    ValueError
        If the two arrays differ in shape or hold anything but digits 0-9.

    See Also
    --------
    error_rate_per_digit : The same divided by how many images each digit has.
    plot_errors_per_digit : Draws it.

    Notes
    -----
    :math:`e_d = \\#\\{i : y_i = d,\\ \\hat y_i \\neq d\\}`. Counts favour
    digits with few test images; compare digits by their rates instead.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mt.errors_per_digit([0, 1, 1, 7, 7, 7], [0, 7, 1, 1, 7, 2])
    array([0, 1, 0, 0, 0, 0, 0, 2, 0, 0])
    """
    return _errors_and_counts(confusion_matrix(true_digits, predicted_digits))[0]


def error_rate_per_digit(true_digits, predicted_digits) -> np.ndarray:
    """Return the fraction of each digit's images that were misclassified.

    Parameters
    ----------
    true_digits : array-like of shape (n_samples,)
        The true digit of each image, integers 0-9.
    predicted_digits : array-like of shape (n_samples,)
        The digit the model predicted for each image, integers 0-9.

    Returns
    -------
    rates : numpy.ndarray of shape (10,)
        ``rates[d]`` is the misclassified fraction of the images of digit
        ``d``, in [0, 1]; NaN for a digit that has no image (the conventions'
        rule for an undefined statistic).

    Raises
    ------
    ValueError
        If the two arrays differ in shape or hold anything but digits 0-9.

    See Also
    --------
    errors_per_digit : The raw counts.

    Notes
    -----
    :math:`r_d = e_d / n_d`, where :math:`n_d` is the number of images of
    digit :math:`d`. The blog plotted the counts :math:`e_d`; MNIST's test set
    has 892 fives but 1,135 ones, so equal counts mean a higher rate for 5.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> rates = mt.error_rate_per_digit([0, 1, 1, 7, 7, 7, 7], [0, 7, 1, 1, 7, 2, 7])
    >>> rates[[0, 1, 7]]
    array([0. , 0.5, 0.5])
    """
    return group_error_rates(confusion_matrix(true_digits, predicted_digits), _EACH_DIGIT)


#: Each digit a group of its own: their :func:`group_error_rates` are the error rates per digit.
_EACH_DIGIT = [[digit] for digit in range(N_CLASSES)]


def _errors_and_counts(matrices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Misclassified and all images per true digit of confusion matrices of shape (..., 10, 10).

    The one place the library counts errors per digit: a row's sum less its diagonal cell.
    """
    counts = matrices.sum(axis=-1)
    return counts - np.diagonal(matrices, axis1=-2, axis2=-1), counts


def confusion_matrix(true_digits, predicted_digits) -> np.ndarray:
    """Count how often each true digit was predicted as each digit.

    Parameters
    ----------
    true_digits : array-like of shape (n_samples,)
        The true digit of each image, integers 0-9.
    predicted_digits : array-like of shape (n_samples,)
        The digit the model predicted for each image, integers 0-9.

    Returns
    -------
    matrix : numpy.ndarray of shape (10, 10)
        ``matrix[t, p]`` is how many images of digit ``t`` were predicted as
        ``p``. Row ``t`` sums to the number of images of digit ``t``; the
        diagonal holds the correct predictions.

    Raises
    ------
    ValueError
        If the two arrays differ in shape or hold anything but digits 0-9.

    See Also
    --------
    most_confused_pairs : The largest off-diagonal cells.
    plot_confusion_matrix : Draws it.

    Notes
    -----
    :math:`C_{tp} = \\#\\{i : y_i = t,\\ \\hat y_i = p\\}`.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> matrix = mt.confusion_matrix([0, 1, 1, 7, 7, 7], [0, 7, 1, 1, 7, 2])
    >>> matrix[[0, 1, 7]][:, [0, 1, 2, 7]]
    array([[1, 0, 0, 0],
           [0, 1, 0, 1],
           [0, 1, 1, 1]])
    """
    true, predicted = _digit_pair(true_digits, predicted_digits)
    flat = np.bincount(true * N_CLASSES + predicted, minlength=N_CLASSES * N_CLASSES)
    return flat.reshape(N_CLASSES, N_CLASSES)


class ConfusedPair(NamedTuple):
    """One cell of a confusion matrix: how often one digit was read as another.

    A named tuple, as :func:`most_confused_pairs` returns them.

    Attributes
    ----------
    true_digit : int
        The digit the images show, 0-9 (the matrix's row).
    predicted_digit : int
        The digit the model read them as, 0-9 (the matrix's column).
    count : int
        How many images of ``true_digit`` were read as ``predicted_digit``.

    See Also
    --------
    most_confused_pairs : Returns the largest cells as ConfusedPairs.
    confusion_matrix : Counts every cell.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> matrix = np.diag(np.full(10, 50))
    >>> matrix[4, 9] = 7
    >>> true_digit, predicted_digit, count = mt.most_confused_pairs(matrix, k=1)[0]
    >>> print(f"{count} images of a {true_digit} read as a {predicted_digit}")
    7 images of a 4 read as a 9
    """

    true_digit: int
    predicted_digit: int
    count: int


def most_confused_pairs(matrix, k: int = 5) -> list[ConfusedPair]:
    """Return the ``k`` largest off-diagonal cells of a confusion matrix, largest first.

    Parameters
    ----------
    matrix : array-like of shape (10, 10)
        Counts from :func:`confusion_matrix` (row = true digit), or their sum
        over several models.
    k : int, default=5
        How many pairs to return; fewer if fewer cells are non-zero.

    Returns
    -------
    pairs : list of ConfusedPair
        Named tuples ``(true_digit, predicted_digit, count)``, by decreasing
        count, ties by increasing true then predicted digit. A pair is
        directed: 4 read as 9 and 9 read as 4 are two pairs.

    Raises
    ------
    ValueError
        If ``matrix`` is not 10x10 counts or ``k`` is not a positive integer.

    See Also
    --------
    confusion_matrix

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> matrix = np.diag(np.full(10, 50))
    >>> matrix[4, 9], matrix[9, 4], matrix[3, 5] = 7, 2, 7
    >>> for pair in mt.most_confused_pairs(matrix, k=3):
    ...     print(pair)
    ConfusedPair(true_digit=3, predicted_digit=5, count=7)
    ConfusedPair(true_digit=4, predicted_digit=9, count=7)
    ConfusedPair(true_digit=9, predicted_digit=4, count=2)
    """
    matrix = _checks.as_confusion("matrix", matrix)
    _checks.check_count("k", k, 1, None)
    errors = np.where(np.eye(N_CLASSES, dtype=bool), 0, matrix).ravel()
    cells = [cell for cell in np.argsort(-errors, kind="stable")[:k] if errors[cell] > 0]
    # Cell t * 10 + p of the flattened matrix is row t, column p: divmod gives (t, p).
    return [ConfusedPair(*divmod(int(cell), N_CLASSES), int(errors[cell])) for cell in cells]


@dataclass(frozen=True, eq=False)
class Misclassified:
    """The wrong predictions of a model, in the order of the images.

    Attributes
    ----------
    indices : numpy.ndarray of shape (n_wrong,)
        Positions of the misclassified images, increasing.
    true_digits : numpy.ndarray of shape (n_wrong,)
        Their true digits.
    predicted_digits : numpy.ndarray of shape (n_wrong,)
        The digits the model predicted for them.

    See Also
    --------
    misclassified : Finds the wrong predictions and returns them as this.
    plot_misclassified : Draws them.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> wrong = mt.misclassified([0, 1, 1, 7], [0, 7, 1, 1])
    >>> len(wrong), wrong.indices
    (2, array([1, 3]))
    """

    indices: np.ndarray
    true_digits: np.ndarray
    predicted_digits: np.ndarray

    def __len__(self) -> int:
        return len(self.indices)


def misclassified(true_digits, predicted_digits) -> Misclassified:
    """Find the misclassified images: their indices, true digits and predicted digits.

    Parameters
    ----------
    true_digits : array-like of shape (n_samples,)
        The true digit of each image, integers 0-9.
    predicted_digits : array-like of shape (n_samples,)
        The digit the model predicted for each image, integers 0-9.

    Returns
    -------
    wrong : Misclassified
        ``wrong.indices``, ``wrong.true_digits`` and ``wrong.predicted_digits``
        of the images where the two differ.

    Raises
    ------
    ValueError
        If the two arrays differ in shape or hold anything but digits 0-9.

    See Also
    --------
    plot_misclassified : Draws them.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> wrong = mt.misclassified([0, 1, 1, 7], [0, 7, 1, 1])
    >>> wrong.indices, wrong.true_digits, wrong.predicted_digits
    (array([1, 3]), array([1, 7]), array([7, 1]))
    """
    true, predicted = _digit_pair(true_digits, predicted_digits)
    indices = np.flatnonzero(true != predicted)
    return Misclassified(indices, true[indices], predicted[indices])


# --------------------------------------------------------------------------------------
# Weight images and digit images
# --------------------------------------------------------------------------------------


def mean_images(images, digits) -> np.ndarray:
    """Return the mean image of each digit.

    Parameters
    ----------
    images : array-like of shape (n_samples, 784)
        Flattened images, one per row.
    digits : array-like of shape (n_samples,)
        The digit of each image, integers 0-9.

    Returns
    -------
    means : numpy.ndarray of shape (10, 784)
        Row ``d`` is the pixel-wise mean of the images of digit ``d``; all NaN
        for a digit that has no image.

    Raises
    ------
    ValueError
        If the shapes are wrong.

    See Also
    --------
    template_clarity : Compares the weight pictures with these.

    Notes
    -----
    :math:`\\bar x_d = \\frac{1}{n_d} \\sum_{i : y_i = d} x_i`.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> images = np.repeat(np.arange(20)[:, None] / 20, 784, axis=1)  # image i is all i / 20
    >>> mt.mean_images(images, np.arange(20) % 10)[:3, 0].round(2)  # digit 0: images 0 and 10
    array([0.25, 0.3 , 0.35])
    """
    images, digits = _images_and_digits(images, digits)
    rows = [images[digits == digit] for digit in range(N_CLASSES)]
    return np.stack([row.mean(axis=0) if len(row) else np.full(N_PIXELS, np.nan) for row in rows])


def template_clarity(weights, images, digits) -> np.ndarray:
    """Measure how much each digit's weight image looks like that digit.

    Parameters
    ----------
    weights : array-like of shape (784, 10) or (n_models, 784, 10)
        The weight matrix ``W`` of one model, or a stack of them (for example
        ``study.weights`` of a :class:`SeedStudy`).
    images : array-like of shape (n_samples, 784)
        Training images, to compute each digit's mean image.
    digits : array-like of shape (n_samples,)
        Their digits, integers 0-9.

    Returns
    -------
    clarity : numpy.ndarray of shape (10,) or (n_models, 10)
        For each digit ``d``, the correlation over the 784 pixels between the
        column ``W[:, d]`` and the mean training image of ``d``: 1 when the
        weight image is the mean image up to brightness and contrast, about 0
        when it bears no resemblance to it, negative when it is its negative.
        NaN where it is undefined: for a constant column (as in the untrained,
        all-zero model), or a digit whose mean image is constant or missing.

    Raises
    ------
    ValueError
        If ``weights`` is not (784, 10) or a stack of such, or the images and
        digits are malformed.

    See Also
    --------
    mean_images, digit_variability, rank_correlation, plot_weights

    Notes
    -----
    The Pearson correlation of weights and mean image over pixels :math:`i`,

    .. math::

        c_d = \\frac{\\sum_i (W_{id} - \\bar W_d)(\\bar x_{d,i} - \\langle \\bar x_d \\rangle)}
                   {\\sqrt{\\sum_i (W_{id} - \\bar W_d)^2}\\,
                    \\sqrt{\\sum_i (\\bar x_{d,i} - \\langle \\bar x_d \\rangle)^2}},

    is what "the weight image looks like a 3" means when one reads the
    pictures: it ignores the overall scale and offset of the weights (and so
    the colour scale of the figure) and rewards red where the digit's ink
    usually is and blue where it usually is not. It is maximal, 1, for the
    mean images themselves. Note that the model's predictions do not change
    when the same image is added to every column of ``W``, so a low clarity
    is a statement about the picture, not necessarily about the model.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> rng = np.random.default_rng(0)
    >>> images, digits = rng.random((20, 784)), np.arange(20) % 10
    >>> templates = mt.mean_images(images, digits).T  # (784, 10)
    >>> mt.template_clarity(templates, images, digits).round(3)
    array([1., 1., 1., 1., 1., 1., 1., 1., 1., 1.])
    >>> bool(np.all(mt.template_clarity(-templates, images, digits) < 0))
    True
    """
    weights = _checks.as_weights("weights", weights, stack=True)
    # Correlate over pixels: each digit's column of W, as a row, with its mean image.
    return _correlation(np.swapaxes(weights, -1, -2), mean_images(images, digits))


def digit_variability(images, digits) -> np.ndarray:
    """Measure how varied each digit's images are: one minus their mean match to the mean image.

    Parameters
    ----------
    images : array-like of shape (n_samples, 784)
        Training images, one per row.
    digits : array-like of shape (n_samples,)
        Their digits, integers 0-9.

    Returns
    -------
    variability : numpy.ndarray of shape (10,)
        For each digit, one minus the average correlation over pixels between
        each of its images and its mean image: near 0 when every image looks
        like the mean, larger when there are several ways of writing it. NaN
        for a digit with no image whose correlation is defined.

    Raises
    ------
    ValueError
        If the images and digits are malformed.

    See Also
    --------
    template_clarity, mean_images

    Notes
    -----
    .. math::

        v_d = 1 - \\frac{1}{n_d} \\sum_{i : y_i = d} \\rho(x_i, \\bar x_d),

    with :math:`\\rho` the Pearson correlation over the 784 pixels. Unlike the
    pixel variance, it does not depend on how much ink a digit uses (a 1 has
    far less than an 8), only on how well one template fits all its images:
    the blog's second explanation, "several ways of writing a digit blur its
    template", predicts higher error rates for digits with higher :math:`v_d`.
    An image whose correlation is undefined (a blank one, or any image of a
    digit whose mean image is uniform) is left out of the average.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> rng = np.random.default_rng(0)
    >>> same = np.tile(rng.random(784), (20, 1))  # every image identical
    >>> mt.digit_variability(same, np.arange(20) % 10).round(3)
    array([0., 0., 0., 0., 0., 0., 0., 0., 0., 0.])
    """
    images, digits = _images_and_digits(images, digits)
    matches = _correlation(images, mean_images(images, digits)[digits])
    defined = ~np.isnan(matches)  # a blank image has no correlation
    totals = np.bincount(digits[defined], weights=matches[defined], minlength=N_CLASSES)
    with np.errstate(invalid="ignore"):  # a digit without a defined correlation: 0 / 0 = NaN
        return 1.0 - totals / np.bincount(digits[defined], minlength=N_CLASSES)


def rank_correlation(first, second) -> float | np.ndarray:
    """Compute Spearman's rank correlation of two sets of numbers, along the last axis.

    Parameters
    ----------
    first : array-like of shape (n_values,) or (n_sets, n_values)
        For example the clarity of each digit's weight image.
    second : array-like of shape (n_values,) or (n_sets, n_values)
        For example each digit's error rate. The two broadcast against each
        other, so one row can be compared with every row of a stack (one per seed).

    Returns
    -------
    rho : float or numpy.ndarray of shape (n_sets,)
        In [-1, 1]: +1 when the two orders agree exactly, -1 when one is the
        reverse of the other. NaN when one side is constant, as it has no order
        (the conventions' rule for an undefined statistic).

    Raises
    ------
    ValueError
        If the two do not broadcast, hold fewer than 2 values per set, or hold
        NaN or infinite values.

    See Also
    --------
    template_clarity, digit_variability

    Notes
    -----
    The Pearson correlation of the ranks, :math:`\\rho = \\mathrm{corr}(R(a),
    R(b))`, with tied values given the average of their ranks. It asks only
    whether a larger value on one side goes with a larger value on the other,
    not whether the relation is a straight line, which suits ten digits.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> round(mt.rank_correlation([1, 2, 3, 4], [10, 20, 40, 30]), 2)
    0.8
    >>> mt.rank_correlation([[1, 2, 3], [3, 2, 1]], [5, 6, 7])
    array([ 1., -1.])
    """
    first = _checks.as_float_array("first", first)
    second = _checks.as_float_array("second", second)
    try:
        first, second = np.broadcast_arrays(first, second)
    except ValueError as error:
        raise ValueError(
            f"first and second must have the same number of values per set; "
            f"got shapes {first.shape} and {second.shape}."
        ) from error
    if first.ndim == 0 or first.shape[-1] < 2:
        raise ValueError(f"first and second need at least 2 values each; got shape {first.shape}.")
    ranks = [np.apply_along_axis(_average_ranks, -1, values) for values in (first, second)]
    rho = _correlation(*ranks)
    return float(rho) if rho.ndim == 0 else rho


def _average_ranks(values: np.ndarray) -> np.ndarray:
    """Rank a 1-D array (1 = smallest), ties getting the average of their ranks."""
    ordered = np.sort(values)
    smaller = np.searchsorted(ordered, values, side="left")  # how many values are smaller
    at_most = np.searchsorted(ordered, values, side="right")  # how many are smaller or equal
    return (smaller + at_most + 1) / 2


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _correlation(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Pearson correlation along the last axis; NaN where one side does not vary."""
    varies = (np.ptp(first, axis=-1) > 0) & (np.ptp(second, axis=-1) > 0)
    first = first - first.mean(axis=-1, keepdims=True)
    second = second - second.mean(axis=-1, keepdims=True)
    norms = np.sqrt((first**2).sum(axis=-1) * (second**2).sum(axis=-1))
    products = (first * second).sum(axis=-1)
    return np.where(varies, products / np.where(varies, norms, 1.0), np.nan)


def _digit_pair(true_digits, predicted_digits) -> tuple[np.ndarray, np.ndarray]:
    """Return both as digit arrays of the same shape."""
    true = _checks.as_digits("true_digits", true_digits)
    predicted = _checks.as_digits("predicted_digits", predicted_digits)
    _checks.check_same_shape("true_digits", true, "predicted_digits", predicted)
    return true, predicted


def _images_and_digits(images, digits) -> tuple[np.ndarray, np.ndarray]:
    """Return (n, 784) images and one digit 0-9 per image."""
    images = _checks.as_images("images", images).astype(np.float64)
    digits = _checks.as_digits("digits", digits, n_samples=len(images))
    return images, digits


# --------------------------------------------------------------------------------------
# The blog's question: do clearer weight pictures go with fewer errors?
# --------------------------------------------------------------------------------------


def group_error_rates(matrices, groups) -> np.ndarray:
    """Compute the error rate of each group of digits from confusion matrices.

    Parameters
    ----------
    matrices : array-like of shape (10, 10) or (n_models, 10, 10)
        Confusion matrices (rows true digits, columns predicted), as
        :func:`confusion_matrix` returns, or one per model, as
        ``SeedStudy.confusion_matrices`` holds.
    groups : sequence of sequences of int
        The groups of true digits, for example ``[[4, 5, 8, 9], [0, 1, 2, 3]]``.

    Returns
    -------
    rates : numpy.ndarray of shape (n_groups,) or (n_models, n_groups)
        For each group, the misclassified test images of its digits divided by
        all the test images of its digits; NaN for a group without images.

    Raises
    ------
    ValueError
        If a matrix is not 10 x 10 counts, there is no matrix or no group, or
        a group is empty or holds something other than the digits 0 to 9.

    See Also
    --------
    error_rate_per_digit, confusion_matrix

    Notes
    -----
    For a group :math:`G`, with :math:`C` the confusion matrix,
    :math:`r_G = \\sum_{t \\in G} \\sum_{p \\neq t} C_{tp} / \\sum_{t \\in G} \\sum_p C_{tp}`:
    the images are pooled, so a digit with more test images weighs more.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> matrix = 90 * np.eye(10, dtype=int)
    >>> matrix[4, 9] = 10
    >>> mt.group_error_rates(matrix, [[4, 9], [0, 1]]).round(3)
    array([0.053, 0.   ])
    """
    wrong, counts = _errors_and_counts(_checks.as_confusion("matrices", matrices, stack=True))
    members = _as_groups(groups)
    with np.errstate(invalid="ignore"):  # a group without images: 0 / 0 = NaN
        columns = [wrong[..., group].sum(-1) / counts[..., group].sum(-1) for group in members]
    return np.stack(columns, axis=-1)  # (per model) one column per group


def rank_correlation_p_value(
    first, second, *, n_permutations: int = 10_000, seed: int = 0
) -> float:
    """Estimate how often shuffled values give a rank correlation as strong as the one seen.

    Parameters
    ----------
    first : array-like of shape (n_values,)
        For example the clarity of each digit's weight picture.
    second : array-like of shape (n_values,)
        For example each digit's error rate.
    n_permutations : int, default=10_000
        How many random orders of ``second`` to try.
    seed : int, default=0
        The seed of the random orders.

    Returns
    -------
    p_value : float
        The two-sided permutation p-value, in (0, 1]; NaN when one side is
        constant, as the correlation itself is undefined.

    Raises
    ------
    ValueError
        If the inputs are not two 1-D sets of the same length (at least 3),
        ``n_permutations`` is not a positive integer (at most 10,000,000
        shuffled values in all), or ``seed`` is not an integer of at least 0.

    See Also
    --------
    rank_correlation

    Notes
    -----
    If the two sets were unrelated, every pairing of their values would be as
    likely as the one observed. The p-value is the share of random pairings
    whose :math:`|\\rho|` is at least the observed one, counting the observed
    pairing itself, :math:`p = (1 + \\#\\{|\\rho_\\pi| \\ge |\\rho|\\}) / (1 + N)`,
    so it is never 0. With ten values it answers "could ten digits show a
    correlation this strong by chance?", which the spread over seeds does not.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mt.rank_correlation_p_value(range(10), range(10), n_permutations=999) < 0.01
    True
    >>> mt.rank_correlation_p_value([1, 2, 3, 4], [1, 3, 2, 4], n_permutations=999) > 0.1
    True
    """
    first = _checks.as_float_array("first", first)
    second = _checks.as_float_array("second", second)
    if first.ndim != 1 or first.shape != second.shape or first.size < 3:
        raise ValueError(
            f"first and second must be 1-D with the same length, at least 3; "
            f"got shapes {first.shape} and {second.shape}."
        )
    _checks.check_count("n_permutations", n_permutations, 1, None)
    if n_permutations * first.size > MAX_SHUFFLED_VALUES:
        raise ValueError(
            f"n_permutations must be at most {MAX_SHUFFLED_VALUES // first.size:,} for "
            f"{first.size} values (at most {MAX_SHUFFLED_VALUES:,} shuffled values in all); "
            f"got {n_permutations:,}."
        )
    _checks.check_count("seed", seed, 0, None, example="0")
    observed = abs(rank_correlation(first, second))
    if np.isnan(observed):  # a constant side: no correlation, so nothing to test
        return float("nan")
    shuffled = np.random.default_rng(seed).permuted(np.tile(second, (n_permutations, 1)), axis=1)
    as_strong = np.abs(rank_correlation(first, shuffled)) >= observed - 1e-12
    return float((1 + np.count_nonzero(as_strong)) / (1 + n_permutations))


def _as_groups(groups) -> list[list[int]]:
    """Return the groups as a non-empty list of groups of digits."""
    listed = list(groups) if isinstance(groups, Iterable) and not isinstance(groups, str) else []
    if not listed:
        raise ValueError(
            f"groups must be a non-empty list of groups of digits, such as "
            f"[[4, 5, 8, 9], [0, 1, 2, 3]]; got {groups!r}."
        )
    return [_as_group(group) for group in listed]


def _as_group(group) -> list[int]:
    """Return a group of digits as a list of distinct ints in 0-9."""
    members = np.asarray(group)
    digits = members.tolist() if members.ndim == 1 and members.dtype.kind in "iu" else []
    if not digits or not set(digits) <= set(range(N_CLASSES)) or len(set(digits)) < len(digits):
        raise ValueError(
            f"each group must be a non-empty list of distinct digits 0 to 9, "
            f"such as [4, 5, 8, 9]; got {group!r}."
        )
    return digits
