"""Tests of mnist_tutorial.analysis: errors, confusions, weight images, seed studies."""

import numpy as np
import pytest

import mnist_tutorial as mt


@pytest.fixture
def rng():
    """A fresh, seeded random generator for each test."""
    return np.random.default_rng(0)


@pytest.fixture
def digits(rng):
    """Three hundred true digits, every digit present, unevenly many of each."""
    return np.concatenate([np.arange(10), rng.choice(10, size=290, p=np.arange(1, 11) / 55)])


@pytest.fixture
def predicted(rng, digits):
    """Predictions with about one in four wrong."""
    wrong = rng.random(digits.size) < 0.25
    return np.where(wrong, (digits + rng.integers(1, 10, size=digits.size)) % 10, digits)


@pytest.fixture
def images(rng, digits):
    """Random images whose digit's pixel block is brighter, so each digit has its own mean."""
    images = rng.random((digits.size, 784)) * 0.5
    for digit in range(10):
        images[digits == digit, 70 * digit : 70 * digit + 70] += 0.5
    return images


# errors, rates, confusion ---------------------------------------------------------------


def test_errors_per_digit_counts_wrong_by_true_digit(digits, predicted):
    """errors[d] is the number of images of digit d predicted as something else."""
    errors = mt.errors_per_digit(digits, predicted)
    for digit in range(10):
        assert errors[digit] == np.sum((digits == digit) & (predicted != digit))


def test_error_rates_divide_by_digit_counts(digits, predicted):
    """The rates are the counts divided by how many images each digit has."""
    rates = mt.error_rate_per_digit(digits, predicted)
    counts = np.bincount(digits, minlength=10)
    np.testing.assert_allclose(rates, mt.errors_per_digit(digits, predicted) / counts)


def test_error_rate_nan_for_absent_digit():
    """A digit without images has a NaN rate, not a division warning."""
    rates = mt.error_rate_per_digit([1, 1, 2], [1, 2, 2])
    assert np.isnan(rates[0]) and rates[1] == 0.5


def test_confusion_rows_sum_to_digit_counts(digits, predicted):
    """Row t of the confusion matrix sums to the number of images of digit t."""
    matrix = mt.confusion_matrix(digits, predicted)
    np.testing.assert_array_equal(matrix.sum(axis=1), np.bincount(digits, minlength=10))


def test_confusion_columns_sum_to_predictions(digits, predicted):
    """Column p sums to how often p was predicted."""
    matrix = mt.confusion_matrix(digits, predicted)
    np.testing.assert_array_equal(matrix.sum(axis=0), np.bincount(predicted, minlength=10))


def test_confusion_off_diagonal_rows_are_errors(digits, predicted):
    """Each row's off-diagonal sum is that digit's error count."""
    matrix = mt.confusion_matrix(digits, predicted)
    off_diagonal = matrix.sum(axis=1) - np.diag(matrix)
    np.testing.assert_array_equal(off_diagonal, mt.errors_per_digit(digits, predicted))


@pytest.mark.parametrize(
    "function",
    [mt.errors_per_digit, mt.error_rate_per_digit, mt.confusion_matrix, mt.misclassified],
)
def test_digit_functions_reject_out_of_range(function):
    """Digits outside 0-9 raise ValueError naming the argument."""
    with pytest.raises(ValueError, match="predicted_digits must hold digits 0-9"):
        function([1, 2], [1, 10])


@pytest.mark.parametrize(
    "function",
    [mt.errors_per_digit, mt.error_rate_per_digit, mt.confusion_matrix, mt.misclassified],
)
def test_digit_functions_reject_mismatched_shapes(function):
    """True and predicted digits of different lengths raise ValueError."""
    with pytest.raises(ValueError, match="same shape"):
        function([1, 2, 3], [1, 2])


def test_digit_functions_reject_fractions():
    """Non-integer digits raise ValueError."""
    with pytest.raises(ValueError, match="whole numbers"):
        mt.confusion_matrix([1.5, 2.0], [1, 2])


# most_confused_pairs, misclassified -----------------------------------------------------


def test_most_confused_pairs_largest_off_diagonal_first(digits, predicted):
    """The pairs are the largest off-diagonal cells, in decreasing order."""
    matrix = mt.confusion_matrix(digits, predicted)
    pairs = mt.most_confused_pairs(matrix, k=5)
    off_diagonal = np.sort((matrix - np.diag(np.diag(matrix))).ravel())[::-1]
    assert [pair.count for pair in pairs] == off_diagonal[:5].tolist()
    assert all(matrix[p.true_digit, p.predicted_digit] == p.count for p in pairs)
    assert all(p.true_digit != p.predicted_digit for p in pairs)


def test_most_confused_pairs_skips_empty_cells():
    """Only non-zero confusions are returned, even if k asks for more."""
    matrix = np.diag(np.full(10, 5))
    matrix[2, 7] = 1
    assert mt.most_confused_pairs(matrix, k=3) == [(2, 7, 1)]


@pytest.mark.parametrize(
    ("k", "message"),
    [
        (0, "k must be at least 1; got 0"),
        (-1, "k must be at least 1; got -1"),
        (2.5, "k must be an integer; got 2.5"),
        (True, "k must be an integer; got True"),
    ],
)
def test_most_confused_pairs_rejects_bad_k(k, message):
    """A k that is not a positive integer raises ValueError saying what k must be."""
    with pytest.raises(ValueError, match=message):
        mt.most_confused_pairs(np.eye(10), k=k)


def test_most_confused_pairs_rejects_wrong_shape():
    """A matrix that is not 10x10 raises ValueError."""
    with pytest.raises(ValueError, match=r"matrix must have shape \(10, 10\)"):
        mt.most_confused_pairs(np.eye(9))


def test_misclassified_lists_exactly_the_wrong_images(digits, predicted):
    """misclassified returns the indices where prediction and truth differ, with both digits."""
    wrong = mt.misclassified(digits, predicted)
    np.testing.assert_array_equal(wrong.indices, np.flatnonzero(digits != predicted))
    np.testing.assert_array_equal(wrong.true_digits, digits[wrong.indices])
    np.testing.assert_array_equal(wrong.predicted_digits, predicted[wrong.indices])
    assert len(wrong) == mt.errors_per_digit(digits, predicted).sum()


# mean_images, template_clarity, digit_variability ---------------------------------------


def test_mean_images_are_class_means(images, digits):
    """Row d of mean_images is the mean of the images of digit d."""
    means = mt.mean_images(images, digits)
    for digit in range(10):
        np.testing.assert_allclose(means[digit], images[digits == digit].mean(axis=0))


def test_mean_images_rejects_one_digit_too_few(images, digits):
    """One digit fewer than images raises ValueError with both counts."""
    message = rf"digits must hold one digit per image \({len(images)}\); got {len(images) - 1}"
    with pytest.raises(ValueError, match=message):
        mt.mean_images(images, digits[:-1])


def test_mean_images_nan_for_missing_digit(images, digits):
    """A digit without images has an undefined mean image: a row of NaN, the others kept."""
    means = mt.mean_images(images[digits != 0], digits[digits != 0])
    assert np.isnan(means[0]).all() and not np.isnan(means[1:]).any()


def test_template_clarity_maximal_for_mean_images(images, digits, rng):
    """The class means themselves have clarity 1, and other weights less."""
    means = mt.mean_images(images, digits).T
    np.testing.assert_allclose(mt.template_clarity(means, images, digits), 1.0)
    noisy = means + rng.normal(scale=0.2, size=means.shape)
    assert np.all(mt.template_clarity(noisy, images, digits) < 1.0 - 1e-6)


def test_template_clarity_ignores_scale_and_offset(images, digits):
    """Scaling the weights or shifting a column changes nothing."""
    means = mt.mean_images(images, digits).T
    shifted = 3.0 * means - 0.7
    np.testing.assert_allclose(mt.template_clarity(shifted, images, digits), 1.0)


def test_template_clarity_of_a_stack_is_row_by_row(images, digits, rng):
    """A stack of weight matrices gives one row of clarities per matrix."""
    stack = rng.normal(size=(3, 784, 10))
    clarity = mt.template_clarity(stack, images, digits)
    assert clarity.shape == (3, 10)
    np.testing.assert_allclose(clarity[1], mt.template_clarity(stack[1], images, digits))


@pytest.mark.parametrize("shape", [(10, 784), (784, 9), (784,), (2, 10, 784)])
def test_template_clarity_rejects_wrong_shape(images, digits, shape):
    """A W that is not 784x10 raises ValueError naming the expected shape."""
    with pytest.raises(ValueError, match=r"weights must have shape \(784, 10\)"):
        mt.template_clarity(np.zeros(shape), images, digits)


def test_template_clarity_rejects_wrong_images(digits):
    """Images that are not 784 pixels wide raise ValueError."""
    with pytest.raises(ValueError, match=r"images must have shape \(n_samples, 784\)"):
        mt.template_clarity(np.eye(784, 10), np.zeros((digits.size, 28)), digits)


def test_template_clarity_nan_for_a_constant_column(images, digits, rng):
    """A constant weight column (the untrained model's) has no correlation: NaN, the rest kept."""
    weights = rng.normal(size=(784, 10))
    weights[:, 3] = 0.0
    clarity = mt.template_clarity(weights, images, digits)
    assert np.isnan(clarity[3]) and not np.isnan(np.delete(clarity, 3)).any()


def test_digit_variability_zero_when_images_match_mean(rng):
    """Images that are scaled copies of one template per digit have variability 0."""
    templates = rng.random((10, 784))
    digits = np.arange(40) % 10
    images = templates[digits] * rng.uniform(0.25, 1.0, size=(40, 1))
    np.testing.assert_allclose(mt.digit_variability(images, digits), 0.0, atol=1e-12)


def test_digit_variability_larger_for_two_styles(rng):
    """A digit written in two unrelated styles is more varied than one written in one."""
    styles = rng.random((3, 784))
    digits = np.arange(40) % 10
    images = np.tile(0.9 * styles[0], (40, 1)) + 0.05 * rng.random((40, 784))
    images[np.flatnonzero(digits == 7)[::2]] = styles[1]
    variability = mt.digit_variability(images, digits)
    assert variability[7] > 2 * np.delete(variability, 7).max()


# rank_correlation -----------------------------------------------------------------------


def test_rank_correlation_matches_pearson_of_ranks(rng):
    """Without ties, Spearman's rho is the Pearson correlation of the ranks."""
    first, second = rng.random(10), rng.random(10)
    ranks = [np.argsort(np.argsort(values)) for values in (first, second)]
    expected = np.corrcoef(*ranks)[0, 1]
    assert mt.rank_correlation(first, second) == pytest.approx(expected)


def test_rank_correlation_monotone_is_one(rng):
    """Any increasing transform gives +1, any decreasing one -1."""
    values = rng.random(10)
    assert mt.rank_correlation(values, np.exp(values)) == pytest.approx(1.0)
    assert mt.rank_correlation(values, -(values**3)) == pytest.approx(-1.0)


def test_rank_correlation_average_ranks_for_ties():
    """Ties get average ranks: [1, 1, 2] ranks as [1.5, 1.5, 3]."""
    expected = np.corrcoef([1.5, 1.5, 3.0], [1.0, 2.0, 3.0])[0, 1]
    assert mt.rank_correlation([1, 1, 2], [1, 2, 3]) == pytest.approx(expected)


def test_rank_correlation_broadcasts_over_seeds(rng):
    """One row against a stack gives one correlation per row of the stack."""
    clarity, rates = rng.random(10), rng.random((4, 10))
    rho = mt.rank_correlation(clarity, rates)
    assert rho.shape == (4,)
    assert rho[2] == pytest.approx(mt.rank_correlation(clarity, rates[2]))


def test_rank_correlation_nan_for_constant():
    """A constant side has no order: the correlation is NaN, without a warning."""
    assert np.isnan(mt.rank_correlation([1, 1, 1], [1, 2, 3]))


def test_rank_correlation_rejects_mismatch():
    """Sets of different lengths raise ValueError."""
    with pytest.raises(ValueError, match="same number of values"):
        mt.rank_correlation([1, 2, 3], [1, 2])


def test_digit_variability_leaves_out_blank_images(rng):
    """A blank image has no correlation with the mean: it is left out, not counted as 0."""
    templates = rng.random((10, 784))
    digits = np.arange(20) % 10
    images = templates[digits]
    images[0] = 0.0  # one blank 0
    np.testing.assert_allclose(mt.digit_variability(images, digits), 0.0, atol=1e-12)


def test_digit_variability_nan_without_a_defined_correlation():
    """Blank images only, or a digit without images, give NaN, not a made-up variability."""
    assert np.isnan(mt.digit_variability(np.zeros((20, 784)), np.arange(20) % 10)).all()


def test_digit_functions_reject_booleans():
    """Booleans are not digits: a ValueError naming the argument."""
    with pytest.raises(ValueError, match="true_digits must hold whole numbers"):
        mt.errors_per_digit([True, False], [1, 0])


def test_p_value_nan_for_a_constant_side():
    """A constant side has no correlation, so no p-value: NaN, not a tiny number."""
    assert np.isnan(mt.rank_correlation_p_value([1, 1, 1, 1], [1, 2, 3, 4]))
    assert np.isnan(mt.rank_correlation_p_value(range(5), [2, 2, 2, 2, 2]))


def test_p_value_refuses_too_many_permutations():
    """10**12 permutations are refused at once, with the most it takes."""
    with pytest.raises(ValueError, match="n_permutations must be at most 1,000,000 for 10 values"):
        mt.rank_correlation_p_value(range(10), range(10), n_permutations=10**12)


@pytest.mark.parametrize("seed", [-1, 1.5, "a", None])
def test_p_value_refuses_a_bad_seed(seed):
    """A seed that is not an integer >= 0 is a ValueError naming seed, not NumPy's TypeError."""
    with pytest.raises(ValueError, match="seed must be"):
        mt.rank_correlation_p_value(range(10), range(10), seed=seed)


def test_group_error_rates_nan_for_a_group_without_images():
    """A group whose digits have no image has no error rate: NaN, without a warning."""
    matrix = np.diag([5, 5, 5, 5, 0, 5, 5, 5, 5, 5])
    rates = mt.group_error_rates(matrix, [[4], [1]])
    assert np.isnan(rates[0]) and rates[1] == 0


@pytest.mark.parametrize("groups", [[], 5, "45"])
def test_group_error_rates_refuse_no_groups(groups):
    """No groups, or something that is not a list of groups, is a ValueError naming groups."""
    with pytest.raises(ValueError, match="groups must be a non-empty list"):
        mt.group_error_rates(np.eye(10), groups)


def test_group_error_rates_refuse_no_matrices():
    """An empty stack of matrices is a ValueError naming matrices."""
    with pytest.raises(ValueError, match="matrices must have shape"):
        mt.group_error_rates(np.zeros((0, 10, 10)), [[1]])


# SeedStudy, compare_seed_studies --------------------------------------------------------
