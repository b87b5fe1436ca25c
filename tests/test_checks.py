"""Tests of mnist_tutorial._checks, the one home of the input checks."""

import decimal
import fractions

import pytest

from mnist_tutorial._checks import check_epochs, check_learning_rate, check_training_settings


@pytest.mark.parametrize("rate", [fractions.Fraction(1, 2), decimal.Decimal("0.5")])
def test_a_fraction_or_decimal_is_refused_with_the_fix(rate):
    """A Fraction is a number that TensorFlow refuses later: refused here, naming float()."""
    with pytest.raises(ValueError, match=r"learning_rate must be .*Pass a plain float, float\("):
        check_learning_rate(rate)


def test_a_plain_number_out_of_range_gets_no_float_hint():
    """The float() hint is for other kinds of number only, not for a float out of range."""
    with pytest.raises(ValueError) as refused:
        check_learning_rate(-1.0)
    assert "float(" not in str(refused.value)


def test_an_empty_training_split_is_named_as_such():
    """No training images is said in those words, not as a batch size "from 1 to 0"."""
    with pytest.raises(ValueError, match="dataset, the training split, holds no images"):
        check_training_settings(10, 100, 0.5, 0)
    with pytest.raises(ValueError, match="dataset, the training split, holds no images"):
        check_epochs(0, 1, 128)
