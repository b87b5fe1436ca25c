"""Tests of the functions that answer the blog's question on the which-digits-fail page."""

import numpy as np
import pytest

import mnist_tutorial as mt


def _matrix():
    matrix = 90 * np.eye(10, dtype=np.int64)
    matrix[4, 9] = 10
    matrix[0, 6] = 30
    return matrix


def test_group_error_rates_pool_the_images():
    """A group's rate is its misclassified images over all its images."""
    rates = mt.group_error_rates(_matrix(), [[4, 9], [0, 1], [0]])
    np.testing.assert_allclose(rates, [10 / 190, 30 / 210, 30 / 120])


def test_group_error_rates_one_row_per_model():
    """A stack of matrices gives one row of group rates per model."""
    stack = np.stack([_matrix(), 100 * np.eye(10, dtype=np.int64)])
    rates = mt.group_error_rates(stack, [[4, 9]])
    np.testing.assert_allclose(rates, [[10 / 190], [0.0]])


def test_group_error_rates_match_the_per_digit_rates():
    """A group of one digit has that digit's error rate."""
    rng = np.random.default_rng(0)
    true_digits, predicted = rng.integers(0, 10, 500), rng.integers(0, 10, 500)
    matrix = mt.confusion_matrix(true_digits, predicted)
    rates = mt.group_error_rates(matrix, [[digit] for digit in range(10)])
    np.testing.assert_allclose(rates, mt.error_rate_per_digit(true_digits, predicted))


@pytest.mark.parametrize("group", [[], [10], [4, 4], [1.5]])
def test_group_error_rates_reject_bad_groups(group):
    """A group that is not distinct digits 0-9 is refused, naming the fix."""
    with pytest.raises(ValueError, match="distinct digits 0 to 9"):
        mt.group_error_rates(_matrix(), [group])


def test_group_error_rates_reject_a_bad_matrix():
    """A matrix that is not 10 x 10 is refused."""
    with pytest.raises(ValueError, match=r"shape \(10, 10\)"):
        mt.group_error_rates(np.eye(9), [[0]])


def test_p_value_is_small_for_a_perfect_order():
    """Ten values in the same order are very unlikely under shuffling."""
    p_value = mt.rank_correlation_p_value(np.arange(10), np.arange(10) ** 2)
    assert p_value < 0.001


def test_p_value_is_large_for_unrelated_values():
    """Values with rho near 0 give a p-value near 1."""
    first = np.arange(10)
    second = np.array([4, 9, 0, 7, 2, 5, 8, 1, 6, 3])
    assert abs(mt.rank_correlation(first, second)) < 0.2
    assert mt.rank_correlation_p_value(first, second) > 0.5


def test_p_value_matches_the_exact_count_for_four_values():
    """For four values the estimate approaches the exact share of the 24 orders."""
    first, second = [1, 2, 3, 4], [1, 3, 2, 4]  # rho = 0.8
    orders = [np.array(p) for p in __import__("itertools").permutations(second)]
    exact = np.mean([abs(mt.rank_correlation(first, o)) >= 0.8 - 1e-12 for o in orders])
    estimate = mt.rank_correlation_p_value(first, second, n_permutations=20_000)
    assert estimate == pytest.approx(exact, abs=0.01)


def test_p_value_is_repeatable():
    """The same seed gives the same p-value."""
    first, second = np.arange(10), np.array([1, 0, 3, 2, 5, 4, 7, 6, 9, 8])
    assert mt.rank_correlation_p_value(first, second, seed=3) == mt.rank_correlation_p_value(
        first, second, seed=3
    )


@pytest.mark.parametrize(
    ("n_permutations", "message"),
    [
        (0, "n_permutations must be at least 1; got 0"),
        (-5, "n_permutations must be at least 1; got -5"),
        (2.5, "n_permutations must be an integer; got 2.5"),
        (True, "n_permutations must be an integer; got True"),
    ],
)
def test_p_value_rejects_bad_counts(n_permutations, message):
    """n_permutations must be a positive integer."""
    with pytest.raises(ValueError, match=message):
        mt.rank_correlation_p_value(range(5), range(5), n_permutations=n_permutations)


def test_p_value_rejects_mismatched_inputs():
    """The two sets must be 1-D of one length."""
    with pytest.raises(ValueError, match="same length"):
        mt.rank_correlation_p_value(range(5), range(6))
