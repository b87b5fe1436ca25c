"""Input checks and constants shared by the modules; each message names the argument and fix."""

from __future__ import annotations

import contextlib
import decimal
import math
import numbers
import os
from collections.abc import Iterable
from operator import ge, gt, le, lt
from pathlib import Path

import numpy as np

#: Pixels of one flattened 28 x 28 image, and digits a model tells apart.
N_PIXELS = 28 * 28
N_CLASSES = 10
#: The most images (``steps * batch_size``) one call of :func:`train` takes.
#:
#: Its batch indices alone are 8 bytes per image, 160 MB at this limit. To train
#: further, call :func:`train` again: each call continues with the batches where
#: the last one stopped.
#:
#: See Also
#: --------
#: train : Refuses ``steps * batch_size`` above this.
#:
#: Examples
#: --------
#: >>> import mnist_tutorial as mt
#: >>> mt.MAX_TRAINING_IMAGES // 100  # steps of the blog's 100 images
#: 200000
MAX_TRAINING_IMAGES = 20_000_000
#: The largest seed TensorFlow takes (a signed 64-bit integer).
MAX_SEED = 2**63 - 1
#: The recipe of the deep network's full run, the defaults of ``train_deep_network`` (and so of
#: ``python -m mnist_tutorial deep``), here so that the command line checks without TensorFlow.
DEEP_TRAINING: dict[str, float | int] = {"epochs": 6, "batch_size": 128, "learning_rate": 1e-3}
#: What to do when a run asks for more images than that; the command line says its own.
GO_ON = "Train in several calls: each continues with the batches where the last one stopped."


def as_float_array(name: str, values, *, ndim: int | None = None) -> np.ndarray:
    """Return ``values`` as a finite float64 array, or raise ``ValueError`` naming ``name``."""
    array = _as_real_array(name, values, ndim).astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values; check the input for overflow.")
    return array


def as_images(name: str, images) -> np.ndarray:
    """Return images as a float32 (n_samples, 784) array of finite intensities in [0, 1]."""
    array = _as_real_array(name, images, None).astype(np.float32, copy=False)
    if array.ndim != 2 or array.shape[1] != N_PIXELS:
        raise ValueError(
            f"{name} must have shape (n_samples, 784), one flattened image per row; got "
            f"{array.shape}. Flatten 28x28 pictures with images.reshape(-1, 784)."
        )
    low, high = (array.min(), array.max()) if array.size else (0, 0)  # NaN shows in both
    if not (np.isfinite(low) and np.isfinite(high)):
        raise ValueError(f"{name} contains NaN or infinite values; pass intensities in [0, 1].")
    if low < 0 or high > 1:
        raise ValueError(
            f"{name} must hold pixel intensities in [0, 1]; got values from {low:.9g} to "
            f"{high:.9g}. Divide 0-255 pixels by 255 (a DataSet's images already are)."
        )
    return array


def _as_real_array(name: str, values, ndim: int | None) -> np.ndarray:
    """Return ``values`` as an array of booleans, integers or floats with ``ndim`` axes."""
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as error:  # e.g. rows of different lengths
        raise ValueError(f"{name} must be an array of real numbers; got {error}") from error
    if array.dtype.kind not in "biuf":
        raise ValueError(
            f"{name} must hold real numbers; got {type(values).__name__} of "
            f"{array.dtype} values. Pass a NumPy array of floats."
        )
    if ndim is not None and array.ndim != ndim:
        hint = " Pass one row per sample, e.g. values[None, :] for a single sample."
        raise ValueError(
            f"{name} must be {ndim}-D; got shape {array.shape}." + (hint if ndim == 2 else "")
        )
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


def as_digits(name: str, values, *, n_samples: int | None = None) -> np.ndarray:
    """Return ``values`` as a 1-D integer array of digits 0-9.

    With ``n_samples``, there must be that many digits: one per image.
    """
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of integer digits; got shape {array.shape}.")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        if array.dtype.kind != "f" or not np.all(np.equal(np.mod(array, 1), 0)):
            raise ValueError(
                f"{name} must hold whole numbers 0-{N_CLASSES - 1}; got {array.dtype} values."
            )
    array = array.astype(np.int64)
    if array.size and (array.min() < 0 or array.max() >= N_CLASSES):
        raise ValueError(
            f"{name} must hold digits 0-{N_CLASSES - 1}; "
            f"got values from {array.min()} to {array.max()}."
        )
    if n_samples is not None and array.size != n_samples:
        raise ValueError(f"{name} must hold one digit per image ({n_samples}); got {array.size}.")
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


def check_count(name: str, value: int, low: int, high: int | None, *, example: str = "") -> None:
    """Raise ``ValueError`` unless ``value`` is an integer in ``[low, high]``.

    ``high=None`` sets no upper bound; ``example``, a value that works, joins the message.
    """
    example = f", e.g. {example}" if example else ""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be an integer{example}; got {value!r}.")
    if value < low or (high is not None and value > high):
        allowed = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be {allowed}{example}; got {value}.")


#: The test each bound of :func:`check_number` makes, by the word its message uses.
_IN_BOUND = {"above": gt, "at least": ge, "below": lt, "at most": le}


def check_number(
    name: str,
    value: float,
    *,
    above: float | None = None,
    at_least: float | None = None,
    below: float | None = None,
    at_most: float | None = None,
    example: str = "",
    hint: str = "",
) -> float:
    """Return ``value`` as a float if it is a finite real number within the bounds given.

    NaN, infinity and booleans are always refused. The ``ValueError`` names ``name`` and
    the bounds, then gives ``example`` (a value that works), what came in, and ``hint``.
    """
    bounds = {"above": above, "at least": at_least, "below": below, "at most": at_most}
    bounds = {word: bound for word, bound in bounds.items() if bound is not None}
    # A plain int or float (a bool is an int): a Fraction or Decimal is a number, but
    # TensorFlow refuses it.
    plain = isinstance(value, int | float | np.integer | np.floating)
    within = plain and not isinstance(value, bool) and math.isfinite(value)
    if within and all(_IN_BOUND[word](value, bound) for word, bound in bounds.items()):
        return float(value)
    allowed = " and ".join(f"{word} {bound:.3g}" for word, bound in bounds.items())
    number = "a number" if below is not None or at_most is not None else "a finite number"
    example = f", e.g. {example}" if example else ""
    hint = f" {hint}" if hint else ""
    if not plain and isinstance(value, numbers.Real | decimal.Decimal):
        hint += f" Pass a plain float, float({value!r})."
    raise ValueError(f"{name} must be {number} {allowed}{example}; got {value!r}.{hint}")


def check_seconds(name: str, seconds: float) -> float:
    """Return ``seconds`` as a float if it is a finite number above zero, else raise."""
    return check_number(name, seconds, above=0, example="60 seconds")


def check_learning_rate(learning_rate: float, *, example: str = "0.5") -> None:
    """Raise ``ValueError`` unless ``learning_rate`` is above zero and finite in float32."""
    check_number(
        "learning_rate",
        learning_rate,
        above=0,
        at_most=float(np.finfo(np.float32).max),  # the largest float32
        example=example,
        hint="Larger ones overflow float32, the numbers TensorFlow trains with.",
    )


def check_instance(name: str, value, kind: type, example: str) -> None:
    """Raise ``ValueError`` unless ``value`` is a ``kind``, e.g. a DataSet or a keras.Model."""
    if not isinstance(value, kind):
        package = kind.__module__.partition(".")[0]  # mnist_tutorial.data.DataSet: mnist_tutorial
        raise ValueError(
            f"{name} must be a {package}.{kind.__name__}, e.g. {example}; "
            f"got {type(value).__name__}."
        )


def check_empty_figure(fig) -> None:
    """Raise ``ValueError`` unless ``fig`` is None or a matplotlib figure without Axes."""
    from matplotlib.figure import FigureBase

    if fig is not None:
        check_instance("fig", fig, FigureBase, "plt.figure(), or None for a new one")
        if fig.axes:
            raise ValueError(
                f"fig must be an empty figure; it already holds {len(fig.axes)} Axes, which the "
                "new panels would cover. Pass a new plt.figure(), or leave fig out."
            )


def check_finite_parameters(model) -> None:
    """Raise ``ValueError`` if a model's ``W`` or ``b`` holds NaN or infinite values."""
    for name in ("W", "b"):
        if bad := np.count_nonzero(~np.isfinite(getattr(model, name).numpy())):
            raise ValueError(
                f"the model's {name} holds {bad:,} NaN or infinite values, so nothing it predicts "
                f"or learns means anything; start again from mt.LinearSoftmax(), or assign "
                f"finite values with model.{name}.assign(...)."
            )


def diverged(when: str, learning_rate: float, kept: str) -> ValueError:
    """The error of a training whose loss or weights became NaN or infinite ``when``."""
    return ValueError(
        f"training diverged: the loss or the weights became infinite or NaN {when} with "
        f"learning_rate={learning_rate:g}, as each step overshot the minimum. Use a smaller "
        f"learning rate, e.g. {learning_rate / 10:g}; {kept}."
    )


def check_training_settings(
    steps: int,
    batch_size: int,
    learning_rate: float,
    n_examples: int | None,
    *,
    go_on: str = GO_ON,
) -> None:
    """Raise ``ValueError`` for a step count, batch size or learning rate out of range.

    ``n_examples`` bounds the batch size; ``None`` checks the rest before a split is known.
    ``go_on`` says what to do instead of a run too long for one call.
    """
    check_count("steps", steps, 1, None)
    check_not_empty(n_examples)
    check_count("batch_size", batch_size, 1, n_examples)
    check_learning_rate(learning_rate)
    check_batches_fit("steps", steps, batch_size, go_on)


def check_epochs(
    n_examples: int,
    epochs: int,
    batch_size: int,
    *,
    go_on: str = "Call train_deep_network again to go on training.",
) -> int:
    """Check the deep network's ``epochs`` and ``batch_size``; return its number of steps."""
    check_count("epochs", epochs, 1, None)
    check_not_empty(n_examples)
    check_count("batch_size", batch_size, 1, n_examples)
    n_steps = epochs * math.ceil(n_examples / batch_size)
    if n_steps * batch_size > MAX_TRAINING_IMAGES:  # batch indices take 8 bytes each
        raise ValueError(
            f"epochs={epochs} of {n_examples:,d} images would draw {n_steps * batch_size:,d} "
            f"images into batches, more than the {MAX_TRAINING_IMAGES:,d} whose indices fit in "
            f"memory; use fewer epochs. {go_on}"
        )
    return n_steps


def check_not_empty(
    n_examples: int | None, name: str = "dataset, the training split,", example: str = "train"
) -> None:
    """Refuse a split without images (by default the training split, before its batch size)."""
    if n_examples == 0:
        raise ValueError(
            f"{name} holds no images; pass one that does, e.g. mt.load_mnist().{example}."
        )


def as_seeds(seeds) -> list[int]:
    """Return the seeds as a non-empty list of integers >= 0; an int n means 0 to n - 1."""
    if isinstance(seeds, int | np.integer) and not isinstance(seeds, bool):
        check_count("seeds (a number of seeds)", seeds, 1, None)
        return list(range(seeds))
    if isinstance(seeds, str | bytes) or not isinstance(seeds, Iterable):
        raise ValueError(
            f"seeds must be a number of seeds or a list of seeds, e.g. 10 or range(10); "
            f"got {seeds!r}."
        )
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed, e.g. range(10); got none.")
    for seed in seeds:
        check_count("each seed", seed, 0, None)
    return [int(seed) for seed in seeds]


def as_confusion(name: str, matrix, *, stack: bool = False) -> np.ndarray:
    """Return (10, 10) non-negative whole counts, or with ``stack`` also (n_models, 10, 10)."""
    array = as_float_array(name, matrix)
    shaped = array.ndim in ((2, 3) if stack else (2,)) and array.shape[-2:] == (10, 10)
    if not (shaped and array.size):
        accepted = " or (n_models, 10, 10), at least one model" if stack else ""
        raise ValueError(
            f"{name} must have shape (10, 10){accepted}: rows true digits, columns predicted; "
            f"got {array.shape}."
        )
    if np.any(array < 0) or np.any(array != np.round(array)):
        raise ValueError(
            f"{name} must hold counts (non-negative whole numbers), as confusion_matrix returns."
        )
    return array.astype(np.int64)


def as_path(name: str, value) -> Path:
    """Return ``value`` as a Path (``~`` expanded), or raise ``ValueError`` naming ``name``."""
    with contextlib.suppress(TypeError, RuntimeError):  # what os.fspath refuses; "~nobody"
        if isinstance(value, str | os.PathLike) and isinstance(os.fspath(value), str) and value:
            return Path(value).expanduser()
    unknown_user = isinstance(value, str) and value.startswith("~")  # expanduser refused it
    raise ValueError(
        f"{name} must be a path (a non-empty str or os.PathLike); got {type(value).__name__} "
        f"{value!r}{', whose ~user does not exist' if unknown_user else ''}."
    )


def as_file_path(name: str, value) -> Path:
    """Return ``value`` as the Path of a file, not a folder, or raise ``ValueError`` naming it."""
    path = as_path(name, value)
    if path.is_dir():
        raise ValueError(f"{name} must be a file, not a folder; got {path}.")
    return path


def as_urls(name: str, urls) -> tuple[str, ...]:
    """Return ``urls`` as a non-empty tuple of URLs (with "://"), naming ``name`` if not."""
    if isinstance(urls, str | bytes) or not isinstance(urls, Iterable):
        fix = f" Pass [{urls!r}]." if isinstance(urls, str | bytes) else ""
        raise ValueError(f"mirrors must be a list of base URLs; got {urls!r}.{fix}")
    if not (urls := tuple(urls)):
        raise ValueError("mirrors must name at least one base URL; got an empty list.")
    for url in urls:
        if not isinstance(url, str) or "://" not in url:
            raise ValueError(f"{name} must hold URLs such as 'https://host/mnist/'; got {url!r}.")
    return urls


def as_pixels(pixels, images) -> np.ndarray:
    """Return ``pixels`` if they are uint8 intensities, one row of 784 per image, given alone."""
    if not isinstance(pixels, np.ndarray) or pixels.dtype != np.uint8:
        raise ValueError(
            "pixels must be a uint8 NumPy array of intensities 0-255; got "
            f"{getattr(pixels, 'dtype', type(pixels).__name__)}. Leave pixels out for images "
            "that were not made from 8-bit pixels."
        )
    if pixels.ndim != 2 or pixels.shape[1] != N_PIXELS:
        raise ValueError(f"pixels must have shape (n_samples, 784); got {pixels.shape}.")
    if images is not None:
        raise ValueError(
            "images must be None when pixels are given: the DataSet makes them, as "
            f"pixels * float32(1 / 255); got {type(images).__name__}. Pass one or the other."
        )
    return pixels


def download_limits(timeout, time_limit, minimum_speed, speed_window) -> tuple[float, ...]:
    """Return fetch_mnist's limits as floats: three durations above 0, a speed of at least 0."""
    return (
        check_seconds("timeout", timeout),
        check_seconds("time_limit", time_limit),
        check_number("minimum_speed", minimum_speed, at_least=0, example="1000 bytes per second"),
        check_seconds("speed_window", speed_window),
    )


def check_batches(n_batches: int, batch_size: int, n_examples: int) -> None:
    """Raise ``ValueError`` unless ``n_batches`` batches of ``batch_size`` can be drawn at once."""
    check_count("batch_size", batch_size, 1, n_examples)
    check_count("n_batches", n_batches, 0, None)
    check_batches_fit("n_batches", n_batches, batch_size, "Draw them in several calls.")


def check_batches_fit(name: str, n_batches: int, batch_size: int, go_on: str) -> None:
    """Raise ``ValueError`` if the indices of ``n_batches`` batches (``name``) would not fit."""
    if n_batches * batch_size > MAX_TRAINING_IMAGES:
        raise ValueError(
            f"{name} * batch_size must be at most {MAX_TRAINING_IMAGES:,} images in one run (the "
            f"batch indices alone take 8 bytes each); got {n_batches:,} * {batch_size:,}. {go_on}"
        )
