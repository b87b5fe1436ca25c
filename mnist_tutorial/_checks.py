"""Input checks shared by the modules; every message names the argument and the fix."""

from __future__ import annotations

import numpy as np

#: Pixels of one flattened 28 x 28 image, and digits a model tells apart.
N_PIXELS = 28 * 28
N_CLASSES = 10



def as_float_array(name: str, values, *, ndim: int | None = None) -> np.ndarray:
    """Return ``values`` as a finite float array, or raise ``ValueError`` naming ``name``."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"{name} must be an array of numbers; got {type(values).__name__}."
        ) from error
    if ndim is not None and array.ndim != ndim:
        raise ValueError(
            f"{name} must be {ndim}-D; got shape {array.shape}."
            + (
                " Pass one row per sample, e.g. values[None, :] for a single sample."
                if ndim == 2
                else ""
            )
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values; check the input for overflow.")
    return array


def check_same_shape(
    first_name: str, first: np.ndarray, second_name: str, second: np.ndarray
) -> None:
    """Raise ``ValueError`` unless the two arrays have the same shape."""
    if first.shape != second.shape:
        raise ValueError(
            f"{first_name} and {second_name} must have the same shape; "
            f"got {first.shape} and {second.shape}."
        )


def as_digits(name: str, values, *, n_classes: int = 10) -> np.ndarray:
    """Return ``values`` as a 1-D integer array of digits in ``[0, n_classes)``."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of integer digits; got shape {array.shape}.")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        if not np.all(np.equal(np.mod(array, 1), 0)):
            raise ValueError(
                f"{name} must hold whole numbers 0-{n_classes - 1}; got {array.dtype} values."
            )
    array = array.astype(np.int64)
    if array.size and (array.min() < 0 or array.max() >= n_classes):
        raise ValueError(
            f"{name} must hold digits 0-{n_classes - 1}; "
            f"got values from {array.min()} to {array.max()}."
        )
    return array


def as_weights(name: str, weights, *, stack: bool = False) -> np.ndarray:
    """Return ``weights`` as a (784, 10) array, or with ``stack`` also (n_models, 784, 10)."""
    array = as_float_array(name, weights)
    if array.shape[-2:] != (784, 10) or array.ndim not in ((2, 3) if stack else (2,)):
        hint = " It looks transposed: pass W, not W.T." if array.shape[-2:] == (10, 784) else ""
        accepted = ", or a stack (n_models, 784, 10)" if stack else ""
        raise ValueError(
            f"{name} must have shape (784, 10), one column per digit{accepted}; "
            f"got {array.shape}.{hint}"
        )
    return array


def check_count(name: str, value: int, low: int, high: int | None) -> None:
    """Raise ``ValueError`` unless ``value`` is an integer in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be an integer; got {value!r}.")
    if value < low or (high is not None and value > high):
        allowed = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be {allowed}; got {value}.")
