"""Softmax, cross-entropy and their relatives, naive and stable, with hand-derived gradients."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array, check_count, check_same_shape

#: How far a row of probabilities may sum from 1 (float32 round-off stays far below this).
SUM_TOLERANCE = 1e-5
#: The largest logit magnitude taken: half the largest float64, so that any difference of two
#: logits (the shift by the row's maximum) is finite.
LARGEST_LOGIT = float(np.finfo(np.float64).max) / 2


# --------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------


def _as_logits(logits: ArrayLike, axis: int) -> np.ndarray:
    """Return finite float64 logits that have at least one class along ``axis``."""
    array = as_float_array("logits", logits)
    if array.ndim == 0:
        raise ValueError(
            "logits must have at least one dimension (the classes); got a single number. "
            "Pass e.g. [2.0, 1.0, 0.1]."
        )
    check_count("axis", axis, -array.ndim, array.ndim - 1, example="-1 for the last axis")
    if array.shape[axis] == 0:
        raise ValueError(f"logits must have at least one class along axis {axis}; got none.")
    if array.size and np.abs(array).max() > LARGEST_LOGIT:  # their differences would overflow
        raise ValueError(
            f"logits must lie within +-{LARGEST_LOGIT:.3g}, so that their "
            f"differences are finite; got {np.abs(array).max():.3g}."
        )
    return array


def _as_distributions(name: str, values: ArrayLike) -> np.ndarray:
    """Return ``values`` as float64 of shape (n_samples, n_classes), each row a distribution."""
    array = as_float_array(name, values, ndim=2)
    if np.any(array < 0) or np.any(array > 1):
        raise ValueError(
            f"{name} must hold probabilities in [0, 1]; got values from {array.min():g} "
            f"to {array.max():g}. If these are logits, use the functions that take logits."
        )
    sums = array.sum(axis=1)
    wrong = np.flatnonzero(np.abs(sums - 1) > SUM_TOLERANCE)
    if wrong.size:
        raise ValueError(
            f"each row of {name} must sum to 1 (within {SUM_TOLERANCE:g}); row {wrong[0]} sums "
            f"to {sums[wrong[0]]:.6g}. Normalize the rows, e.g. with softmax(logits)."
        )
    return array


def _as_labels_and_logits(labels: ArrayLike, logits: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Return checked labels (distributions) and logits of the same 2-D shape."""
    labels = _as_distributions("labels", labels)
    logits = as_float_array("logits", logits, ndim=2)
    check_same_shape("labels", labels, "logits", logits)
    return labels, logits


def _as_distribution_pair(labels: ArrayLike, probabilities: ArrayLike) -> tuple[np.ndarray, ...]:
    """Return checked labels and probabilities, distributions of the same 2-D shape."""
    labels = _as_distributions("labels", labels)
    probabilities = _as_distributions("probabilities", probabilities)
    check_same_shape("labels", labels, "probabilities", probabilities)
    return labels, probabilities


def _as_batch(images: ArrayLike, labels: ArrayLike, logits: ArrayLike) -> tuple[np.ndarray, ...]:
    """Return a batch's checked images (n_samples, n_features), labels and logits."""
    labels, logits = _as_labels_and_logits(labels, logits)
    images = as_float_array("images", images, ndim=2)
    if images.shape[0] != labels.shape[0]:
        raise ValueError(
            f"images must have one row per row of labels and logits ({labels.shape[0]}); "
            f"got {images.shape[0]} rows."
        )
    return images, labels, logits


def _x_log_y(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return ``x * log(y)``, with ``0 * log(0) = 0`` and no warning where ``y = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        product = x * np.log(y)
    return np.where(x == 0, 0.0, product)


# --------------------------------------------------------------------------------------
# Softmax
# --------------------------------------------------------------------------------------


def naive_softmax(logits: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Turn logits into probabilities by exponentiating them directly (overflows).

    This is the textbook formula typed in as it reads. It is here to show
    why nobody computes softmax this way: :math:`e^{1000}` overflows to
    infinity and the result becomes ``nan``. Use :func:`softmax` instead.

    Parameters
    ----------
    logits : array-like of shape (..., n_classes)
        Unnormalized scores; they must be finite.
    axis : int, default=-1
        The axis of the classes.

    Returns
    -------
    probabilities : numpy.ndarray of the same shape as ``logits``
        The softmax in float64, or ``nan`` wherever :math:`e^{z}` overflowed
        (a logit above about 709). No warning is emitted: the ``nan`` is the
        point of the lesson.

    Raises
    ------
    ValueError
        If ``logits`` is a single number, holds NaN or infinite values or
        values beyond +-8.99e307, or ``axis`` is out of range.

    See Also
    --------
    softmax : The stable version, which subtracts the largest logit first.

    Notes
    -----
    .. math::

        \mathrm{softmax}(z)_j = \frac{e^{z_j}}{\sum_k e^{z_k}}

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mt.naive_softmax([2.0, 1.0, 0.1]).round(3)
    array([0.659, 0.242, 0.099])
    >>> mt.naive_softmax([1000.0, 0.0, -1000.0])
    array([nan,  0.,  0.])
    """
    logits = _as_logits(logits, axis)
    with np.errstate(over="ignore", invalid="ignore"):
        exponentials = np.exp(logits)
        return exponentials / exponentials.sum(axis=axis, keepdims=True)


def softmax(logits: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Turn logits into probabilities, stably: subtract the largest logit first.

    Parameters
    ----------
    logits : array-like of shape (..., n_classes)
        Unnormalized scores, e.g. the model's ``images @ weights + bias``; they
        must be finite. NumPy arrays and TensorFlow tensors are both accepted.
    axis : int, default=-1
        The axis of the classes.

    Returns
    -------
    probabilities : numpy.ndarray of the same shape as ``logits``
        Float64 values in [0, 1] that sum to 1 along ``axis``.

    Raises
    ------
    ValueError
        If ``logits`` is a single number, holds NaN or infinite values or
        values beyond +-8.99e307, or ``axis`` is out of range.

    See Also
    --------
    naive_softmax : The direct formula, which overflows.
    log_softmax : The logarithm of the softmax, computed without taking a log of 0.

    Notes
    -----
    Softmax does not change when the same constant :math:`c` is added to every
    logit, because :math:`e^{c}` cancels:

    .. math::

        \mathrm{softmax}(z)_j = \frac{e^{z_j}}{\sum_k e^{z_k}}
        = \frac{e^{z_j - m}}{\sum_k e^{z_k - m}}, \qquad m = \max_k z_k .

    With :math:`m` subtracted, the largest exponent is :math:`e^0 = 1`, so
    nothing overflows, and the denominator is at least 1, so nothing divides
    by zero. Very negative logits underflow to an exact 0, which is harmless.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mt.softmax([2.0, 1.0, 0.1]).round(3)
    array([0.659, 0.242, 0.099])
    >>> mt.softmax([1000.0, 0.0, -1000.0])
    array([1., 0., 0.])
    """
    logits = _as_logits(logits, axis)
    exponentials = np.exp(logits - logits.max(axis=axis, keepdims=True))
    return exponentials / exponentials.sum(axis=axis, keepdims=True)


def log_softmax(logits: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Return the logarithm of the softmax, computed stably by log-sum-exp.

    Parameters
    ----------
    logits : array-like of shape (..., n_classes)
        Unnormalized scores; they must be finite.
    axis : int, default=-1
        The axis of the classes.

    Returns
    -------
    log_probabilities : numpy.ndarray of the same shape as ``logits``
        Float64 values at most 0, always finite, even where the softmax itself
        underflows to 0.

    Raises
    ------
    ValueError
        If ``logits`` is a single number, holds NaN or infinite values or
        values beyond +-8.99e307, or ``axis`` is out of range.

    See Also
    --------
    softmax : The probabilities themselves.
    cross_entropy : Uses this function, never the log of a probability.

    Notes
    -----
    With :math:`m = \max_k z_k`,

    .. math::

        \log \mathrm{softmax}(z)_j = z_j - \log \sum_k e^{z_k}
        = (z_j - m) - \log \sum_k e^{z_k - m} .

    The sum contains the term :math:`e^0 = 1`, so its logarithm is finite and
    at least 0.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mt.log_softmax([1000.0, 0.0, -1000.0])
    array([    0., -1000., -2000.])
    """
    logits = _as_logits(logits, axis)
    shifted = logits - logits.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


# --------------------------------------------------------------------------------------
# Losses: one value per sample; the caller averages with .mean()
# --------------------------------------------------------------------------------------


def cross_entropy(labels: ArrayLike, logits: ArrayLike) -> np.ndarray:
    r"""Return the cross-entropy of each sample, computed stably from its logits.

    This is what TensorFlow's ``tf.nn.softmax_cross_entropy_with_logits``
    computes, and the way the loss should always be computed: from the logits,
    never from probabilities.

    Parameters
    ----------
    labels : array-like of shape (n_samples, n_classes)
        The true distribution of each sample, usually one-hot; each row must
        hold values in [0, 1] that sum to 1.
    logits : array-like of shape (n_samples, n_classes)
        The model's unnormalized scores; they must be finite.

    Returns
    -------
    losses : numpy.ndarray of shape (n_samples,)
        One loss per sample, in nats (natural logarithm), in float64. The
        training loss is their mean, ``cross_entropy(labels, logits).mean()``.

    Raises
    ------
    ValueError
        If either argument is not 2-D, their shapes differ, they hold NaN or
        infinite values, or a row of ``labels`` is not a probability
        distribution.

    See Also
    --------
    naive_cross_entropy : The same loss from probabilities, which fails at 0.
    gradient_of_cross_entropy : Its gradient with respect to the weights.
    entropy, kl_divergence : The two parts cross-entropy splits into.

    Notes
    -----
    With :math:`y` the labels and :math:`z` the logits of one sample,

    .. math::

        H(y, \mathrm{softmax}(z)) = -\sum_j y_j \log \mathrm{softmax}(z)_j
        = \log \sum_k e^{z_k} - \sum_j y_j z_j ,

    computed through :func:`log_softmax`, so it stays finite for any finite
    logits. For a one-hot label of class :math:`t` it is
    :math:`-\log \mathrm{softmax}(z)_t`.

    Cross-entropy splits into the entropy of the labels and the
    Kullback-Leibler divergence from the labels to the prediction,
    :math:`H(y, q) = H(y) + D_{\mathrm{KL}}(y \,\|\, q)`. A one-hot label
    has entropy 0, so for one-hot labels cross-entropy *equals* the KL
    divergence: minimizing one minimizes the other.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> labels = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    >>> logits = np.array([[2.0, 1.0, 0.1], [1000.0, 0.0, -1000.0]])
    >>> mt.cross_entropy(labels, logits).round(3).tolist()
    [0.417, 2000.0]

    The identity :math:`H(y, q) = H(y) + D_{\mathrm{KL}}(y \| q)` on a soft label:

    >>> soft = np.array([[0.25, 0.75]])
    >>> scores = np.array([[1.0, 2.0]])
    >>> total = mt.cross_entropy(soft, scores)
    >>> parts = mt.entropy(soft) + mt.kl_divergence(soft, mt.softmax(scores))
    >>> print(total.round(6), parts.round(6))
    [0.563262] [0.563262]
    """
    labels, logits = _as_labels_and_logits(labels, logits)
    # 0.0 - x rather than -x: a perfect prediction then gives 0, not -0.
    return 0.0 - (labels * log_softmax(logits, axis=1)).sum(axis=1)


def naive_cross_entropy(labels: ArrayLike, probabilities: ArrayLike) -> np.ndarray:
    r"""Return the cross-entropy of each sample from probabilities, as the formula reads.

    It fails where a probability is 0; use :func:`cross_entropy` instead.

    Parameters
    ----------
    labels : array-like of shape (n_samples, n_classes)
        The true distribution of each sample, usually one-hot.
    probabilities : array-like of shape (n_samples, n_classes)
        The predicted distribution of each sample, e.g. ``softmax(logits)``.
        Each row of both arguments must hold values in [0, 1] that sum to 1.

    Returns
    -------
    losses : numpy.ndarray of shape (n_samples,)
        One loss per sample in nats, float64. It is ``inf`` where the true
        class has probability 0 (:math:`\log 0 = -\infty`), and ``nan``
        where any class has label 0 and probability 0
        (:math:`0 \cdot (-\infty)`). No warning is emitted: the failure is
        the lesson.

    Raises
    ------
    ValueError
        If either argument is not 2-D, their shapes differ, or a row is not a
        probability distribution.

    See Also
    --------
    cross_entropy : The stable version, computed from logits.

    Notes
    -----
    .. math::

        H(y, p) = -\sum_j y_j \log p_j

    Softmax of large logits underflows to exactly 0 in floating point, so the
    probabilities a model hands over can contain zeros, and this formula then
    returns ``inf`` or ``nan``. Computing from logits avoids taking any log of 0.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> labels = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    >>> probabilities = np.array([[0.659, 0.242, 0.099], [1.0, 0.0, 0.0]])
    >>> mt.naive_cross_entropy(labels, probabilities).round(3)
    array([0.417,   nan])
    """
    labels, probabilities = _as_distribution_pair(labels, probabilities)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 0.0 - (labels * np.log(probabilities)).sum(axis=1)


def entropy(probabilities: ArrayLike) -> np.ndarray:
    r"""Return the entropy of each row of a batch of probability distributions, in nats.

    Parameters
    ----------
    probabilities : array-like of shape (n_samples, n_classes)
        Each row must hold values in [0, 1] that sum to 1.

    Returns
    -------
    entropies : numpy.ndarray of shape (n_samples,)
        Float64 values from 0 (all mass on one class, e.g. a one-hot label) to
        :math:`\log n_\mathrm{classes}` (the uniform distribution).

    Raises
    ------
    ValueError
        If ``probabilities`` is not 2-D, holds NaN or infinite values, or a
        row is not a probability distribution.

    See Also
    --------
    kl_divergence : The other part of cross-entropy.
    cross_entropy : Equals entropy plus KL divergence.

    Notes
    -----
    .. math::

        H(p) = -\sum_j p_j \log p_j , \qquad 0 \log 0 = 0 .

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> mt.entropy(np.array([[1.0, 0.0], [0.5, 0.5]])).round(4)  # 0 and log 2
    array([0.    , 0.6931])
    """
    probabilities = _as_distributions("probabilities", probabilities)
    return 0.0 - _x_log_y(probabilities, probabilities).sum(axis=1)


def kl_divergence(labels: ArrayLike, probabilities: ArrayLike) -> np.ndarray:
    r"""Return the Kullback-Leibler divergence from each label row to each prediction row.

    Parameters
    ----------
    labels : array-like of shape (n_samples, n_classes)
        The true distribution :math:`p` of each sample, e.g. one-hot.
    probabilities : array-like of shape (n_samples, n_classes)
        The predicted distribution :math:`q` of each sample. Each row of both
        arguments must hold values in [0, 1] that sum to 1.

    Returns
    -------
    divergences : numpy.ndarray of shape (n_samples,)
        :math:`D_{\mathrm{KL}}(p \,\|\, q) \geq 0` in nats, float64; 0
        exactly where :math:`q = p`, and ``inf`` (without a warning) where a
        class has :math:`p_j > 0` but :math:`q_j = 0`.

    Raises
    ------
    ValueError
        If either argument is not 2-D, their shapes differ, or a row is not a
        probability distribution.

    See Also
    --------
    entropy : The other part of cross-entropy.
    cross_entropy : Equals entropy plus KL divergence.

    Notes
    -----
    .. math::

        D_{\mathrm{KL}}(p \,\|\, q) = \sum_j p_j \log \frac{p_j}{q_j}
        = H(p, q) - H(p), \qquad 0 \log \frac{0}{q} = 0 .

    So cross-entropy is entropy plus KL divergence. For a one-hot :math:`p`,
    :math:`H(p) = 0` and :math:`D_{\mathrm{KL}}(p \| q) = H(p, q)
    = -\log q_t`: minimizing cross-entropy minimizes the KL divergence.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> one_hot = np.array([[0.0, 1.0, 0.0]])
    >>> logits = np.array([[1.0, 3.0, 0.0]])
    >>> print(mt.kl_divergence(one_hot, mt.softmax(logits)).round(4),
    ...       mt.cross_entropy(one_hot, logits).round(4))
    [0.1698] [0.1698]
    """
    labels, probabilities = _as_distribution_pair(labels, probabilities)
    return (_x_log_y(labels, labels) - _x_log_y(labels, probabilities)).sum(axis=1)


def mean_squared_error(labels: ArrayLike, probabilities: ArrayLike) -> np.ndarray:
    r"""Return each sample's squared error, summed over the classes (not a mean: see Notes).

    The loss the blog compares cross-entropy with. Its mean over a batch,
    ``mean_squared_error(labels, probabilities).mean()``, is the loss that
    ``train(..., loss="mse")`` minimizes.

    Parameters
    ----------
    labels : array-like of shape (n_samples, n_classes)
        The true distribution of each sample, usually one-hot.
    probabilities : array-like of shape (n_samples, n_classes)
        The predicted distribution of each sample, e.g. ``softmax(logits)``.
        Each row of both arguments must hold values in [0, 1] that sum to 1.

    Returns
    -------
    losses : numpy.ndarray of shape (n_samples,)
        Float64 values from 0 to 2; the loss is bounded, unlike cross-entropy.

    Raises
    ------
    ValueError
        If either argument is not 2-D, their shapes differ, or a row is not a
        probability distribution.

    See Also
    --------
    cross_entropy : The loss this one is compared with.
    gradient_of_mean_squared_error : Its gradient with respect to the weights.

    Notes
    -----
    .. math::

        \mathrm{SE}(y, p) = \sum_j (p_j - y_j)^2 ,

    the "mean" being the mean over the samples, taken by the caller. Keras'
    ``tf.keras.losses.MeanSquaredError`` averages over the classes as well, so
    it returns this value divided by :math:`n_\mathrm{classes}`.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> labels = np.array([[1.0, 0.0], [1.0, 0.0]])
    >>> mt.mean_squared_error(labels, np.array([[0.5, 0.5], [0.0, 1.0]]))
    array([0.5, 2. ])
    """
    labels, probabilities = _as_distribution_pair(labels, probabilities)
    return ((probabilities - labels) ** 2).sum(axis=1)


# --------------------------------------------------------------------------------------
# Gradients of the batch-mean losses, by hand
# --------------------------------------------------------------------------------------


def gradient_of_cross_entropy(
    images: ArrayLike, labels: ArrayLike, logits: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    r"""Return the gradient of the mean cross-entropy with respect to the weights and bias.

    For the model ``logits = images @ weights + bias`` and the training loss
    ``cross_entropy(labels, logits).mean()``; this is what
    ``tf.GradientTape`` computes for the same model and loss.

    Parameters
    ----------
    images : array-like of shape (n_samples, n_features)
        The inputs of the batch, one flattened image per row.
    labels : array-like of shape (n_samples, n_classes)
        The true distribution of each sample, usually one-hot.
    logits : array-like of shape (n_samples, n_classes)
        The model's scores for the batch, ``images @ weights + bias``.

    Returns
    -------
    weights_gradient : numpy.ndarray of shape (n_features, n_classes)
        The gradient with respect to the weights, float64.
    bias_gradient : numpy.ndarray of shape (n_classes,)
        The gradient with respect to the bias, float64: the mean over the
        batch of the gradient with respect to the logits.

    Raises
    ------
    ValueError
        If an argument is not 2-D or holds NaN or infinite values, ``labels``
        and ``logits`` differ in shape, ``images`` has a different number of
        rows, or a row of ``labels`` is not a probability distribution.

    See Also
    --------
    cross_entropy : The loss.
    gradient_of_mean_squared_error : The same for the squared error.

    Notes
    -----
    The derivative of one sample's cross-entropy with respect to its logits is
    simply the prediction minus the label,
    :math:`\partial H / \partial z_k = \mathrm{softmax}(z)_k - y_k`, so for
    the mean over :math:`n` samples, with :math:`X` the images, :math:`Y` the
    labels and :math:`P = \mathrm{softmax}(Z)`,

    .. math::

        \frac{\partial L}{\partial W} = \frac{1}{n} X^\top (P - Y), \qquad
        \frac{\partial L}{\partial b} = \frac{1}{n} \sum_i (P_i - Y_i) .

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> images = np.array([[1.0, 0.0], [0.0, 2.0]])
    >>> labels = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> weights_gradient, bias_gradient = mt.gradient_of_cross_entropy(
    ...     images, labels, logits=np.zeros((2, 2)))
    >>> weights_gradient
    array([[-0.25,  0.25],
           [ 0.5 , -0.5 ]])
    >>> bias_gradient
    array([0., 0.])
    """
    images, labels, logits = _as_batch(images, labels, logits)
    logits_gradient = (softmax(logits, axis=1) - labels) / labels.shape[0]
    return images.T @ logits_gradient, logits_gradient.sum(axis=0)


def gradient_of_mean_squared_error(
    images: ArrayLike, labels: ArrayLike, logits: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    r"""Return the gradient of the mean squared error of the softmax, for weights and bias.

    For the model ``logits = images @ weights + bias`` and the training loss
    ``mean_squared_error(labels, softmax(logits)).mean()``. Its gradient
    carries the softmax's own derivative, which vanishes when the prediction
    is confident, right or wrong: that is why this loss learns slowly.

    Parameters
    ----------
    images : array-like of shape (n_samples, n_features)
        The inputs of the batch, one flattened image per row.
    labels : array-like of shape (n_samples, n_classes)
        The true distribution of each sample, usually one-hot.
    logits : array-like of shape (n_samples, n_classes)
        The model's scores for the batch, ``images @ weights + bias``.

    Returns
    -------
    weights_gradient : numpy.ndarray of shape (n_features, n_classes)
        The gradient with respect to the weights, float64.
    bias_gradient : numpy.ndarray of shape (n_classes,)
        The gradient with respect to the bias, float64: the mean over the
        batch of the gradient with respect to the logits.

    Raises
    ------
    ValueError
        If an argument is not 2-D or holds NaN or infinite values, ``labels``
        and ``logits`` differ in shape, ``images`` has a different number of
        rows, or a row of ``labels`` is not a probability distribution.

    See Also
    --------
    mean_squared_error : The loss.
    gradient_of_cross_entropy : The same for cross-entropy, without the vanishing factor.

    Notes
    -----
    With :math:`p = \mathrm{softmax}(z)`, the loss of one sample has
    :math:`g_j = \partial \mathrm{SE} / \partial p_j = 2 (p_j - y_j)`, and
    the softmax has :math:`\partial p_j / \partial z_k = p_j (\delta_{jk} - p_k)`,
    so by the chain rule

    .. math::

        \frac{\partial \mathrm{SE}}{\partial z_k}
        = \sum_j g_j \, p_j (\delta_{jk} - p_k)
        = p_k \Big( g_k - \sum_j g_j p_j \Big) .

    The factor :math:`p_k` goes to 0 for the true class when the prediction
    is confidently wrong, and the bracket goes to 0 when it is confidently
    right. With :math:`G` these derivatives for the batch, one row per sample,
    the weight and bias gradients follow as for cross-entropy,
    :math:`\frac{1}{n} X^\top G` and the mean of the rows of :math:`G`.

    Examples
    --------
    A confidently wrong prediction: cross-entropy pushes the logits hard,
    squared error hardly at all.

    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> images, labels = np.ones((1, 1)), np.array([[1.0, 0.0]])
    >>> wrong = np.array([[-5.0, 5.0]])
    >>> _, bias_gradient = mt.gradient_of_mean_squared_error(images, labels, wrong)
    >>> bias_gradient.round(4)
    array([-0.0002,  0.0002])
    >>> _, bias_gradient = mt.gradient_of_cross_entropy(images, labels, wrong)
    >>> bias_gradient.round(4)
    array([-1.,  1.])
    """
    images, labels, logits = _as_batch(images, labels, logits)
    probabilities = softmax(logits, axis=1)
    outer = 2 * (probabilities - labels) / labels.shape[0]
    logits_gradient = probabilities * (outer - (outer * probabilities).sum(axis=1, keepdims=True))
    return images.T @ logits_gradient, logits_gradient.sum(axis=0)
