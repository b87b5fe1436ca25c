"""The tutorial's figures: digits, weight images, errors per digit, confusions, training curves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, PowerNorm
from matplotlib.figure import Figure

from . import _checks
from ._checks import N_CLASSES, N_PIXELS
from .analysis import misclassified
from .data import DataSet

if TYPE_CHECKING:  # only for the type hints; experiments imports TensorFlow
    from .experiments import LossRun

#: Width of every figure in inches: 720 px at 100 dpi, the width of the site's content column.
FIGURE_WIDTH = 7.2
#: Reversed RdBu: red for positive, blue for negative, as the blog described its figure.
WEIGHTS_COLORMAP = "RdBu_r"
#: The percentile of :math:`|W|` at which :func:`plot_weights` saturates its colours.
#:
#: A trained ``W`` has a few border pixels with extreme weights; scaling the colours
#: to them would wash the pictures out to near white.
#:
#: Examples
#: --------
#: >>> import mnist_tutorial as mt
#: >>> mt.WEIGHT_LIMIT_PERCENTILE
#: 99.0
WEIGHT_LIMIT_PERCENTILE = 99.0
#: The most image panels one figure draws (a 20 x 20 grid), and the most per row: more take
#: minutes to draw and are too small to see in a figure 7.2 inches wide.
MAX_PANELS, MAX_COLUMNS = 400, 40
#: How each loss is named and coloured in the figures.
_LOSS_STYLES = {"cross_entropy": ("cross-entropy", "C0"), "mse": ("squared error", "C3")}
#: How the count of each cell of a confusion matrix is written.
_CELL_TEXT = {"ha": "center", "va": "center", "fontsize": "small"}


# --------------------------------------------------------------------------------------
# Digits as images
# --------------------------------------------------------------------------------------


def show_digit(image, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Draw one flattened MNIST image as a 28x28 picture in shades of grey.

    Parameters
    ----------
    image : array-like of shape (784,) or (28, 28)
        Pixel intensities in [0, 1]; 0 is drawn white and 1 black (``Greys``),
        as the blog drew them.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created if omitted.
    title : str, optional
        The title; ``"An MNIST image"`` by default.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on; ``ax.images[0]`` is the picture.

    Raises
    ------
    ValueError
        If ``image`` does not hold 784 intensities in [0, 1], or ``ax`` is not an Axes.

    See Also
    --------
    show_digits : Several images in a grid.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> ax = mt.show_digit(np.linspace(0, 1, 784))
    >>> ax.images[0].get_array().shape
    (28, 28)
    """
    picture = _checks.as_float_array("image", image)
    if picture.shape not in ((N_PIXELS,), (28, 28)):
        raise ValueError(
            f"image must be one image of shape (784,) or (28, 28); got shape {picture.shape}. "
            "Pass one row of dataset.images, e.g. images[0]."
        )
    _checks.as_images("image", picture.reshape(1, N_PIXELS))  # intensities in [0, 1]
    ax = _axes(ax, (3.6, 3.6))
    ax.imshow(picture.reshape(28, 28), cmap="Greys", vmin=0.0, vmax=1.0)
    ax.set(title=title or "An MNIST image", xlabel="pixel column", ylabel="pixel row")
    ax.set(xticks=[0, 27], yticks=[0, 27])
    return ax


def show_digits(
    images,
    titles: Sequence[str] | None = None,
    *,
    n_columns: int = 8,
    title: str = "MNIST images",
    fig: Figure | None = None,
) -> np.ndarray:
    """Draw several flattened images in a grid, one small titled panel each.

    Parameters
    ----------
    images : array-like of shape (n_images, 784)
        Pixel intensities in [0, 1], one image per row.
    titles : sequence of str, optional
        One title per image.
    n_columns : int, default=8
        Panels per row, 1 to 40; the number of rows follows.
    title : str, default="MNIST images"
        The figure's title.
    fig : matplotlib.figure.Figure, optional
        An empty figure to draw in; a new one 7.2 inches wide is created if omitted.

    Returns
    -------
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (n_rows, n_columns)
        The panels; those left over after the last image are switched off.

    Raises
    ------
    ValueError
        If ``images`` is not (n_images, 784) with at most 400 images, ``titles``
        has another length, ``n_columns`` is out of range, or ``fig`` is not empty.

    See Also
    --------
    show_digit : One image, larger.
    plot_misclassified : The wrong images, titled with both digits.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> axes = mt.show_digits(np.zeros((3, 784)), ["a", "b", "c"], n_columns=2)
    >>> axes.shape, axes[0, 1].get_title()
    ((2, 2), 'b')
    """
    images = _checks.as_images("images", images)
    if titles is not None and (isinstance(titles, str) or len(titles) != len(images)):
        raise ValueError(
            f"titles must be a list of one title per image ({len(images)}); got {titles!r}."
        )
    _checks.check_count("n_columns", n_columns, 1, MAX_COLUMNS, example="8")
    if len(images) > MAX_PANELS:
        raise ValueError(
            f"images must be at most {MAX_PANELS} images, as many panels as a figure shows; "
            f"got {len(images):,}. Pass a slice, e.g. images[:64]."
        )
    n_rows = max(1, -(-len(images) // n_columns))
    axes = _image_grid(fig, n_rows, n_columns, title)
    for index, (ax, image) in enumerate(zip(axes.flat, images, strict=False)):
        ax.imshow(image.reshape(28, 28), cmap="Greys", vmin=0.0, vmax=1.0)
        if titles is not None:
            ax.set_title(titles[index], fontsize="medium")
    for ax in axes.flat[len(images) :]:
        ax.set_axis_off()
    return axes


def show_examples(
    dataset, *, n_per_digit: int = 10, title: str | None = None, fig: Figure | None = None
) -> np.ndarray:
    """Draw the first images of each digit in a split, one row per digit.

    Parameters
    ----------
    dataset : DataSet
        A split from :func:`load_mnist`, or a DataSet of your own.
    n_per_digit : int, default=10
        How many examples to show of each digit (the first ones in the split), 1 to 40.
    title : str, optional
        The figure's title; by default it says how many examples per digit.
    fig : matplotlib.figure.Figure, optional
        An empty figure to draw in; a new one 7.2 inches wide is created if omitted.

    Returns
    -------
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (10, n_per_digit)
        Row ``d`` holds examples of digit ``d``; a panel is switched off when
        the split has fewer examples of that digit.

    Raises
    ------
    ValueError
        If ``dataset`` is not a DataSet, ``n_per_digit`` is out of range, or ``fig``
        is not empty.

    See Also
    --------
    load_mnist : Loads the splits.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> tiny = mt.DataSet(np.zeros((20, 784), dtype=np.float32), np.arange(20) % 10)
    >>> mt.show_examples(tiny, n_per_digit=2).shape
    (10, 2)
    """
    _checks.check_instance("dataset", dataset, DataSet, "mt.load_mnist().train")
    _checks.check_count("n_per_digit", n_per_digit, 1, MAX_PANELS // N_CLASSES, example="10")
    title = title or f"The first {n_per_digit} examples of each digit"
    axes = _image_grid(fig, N_CLASSES, n_per_digit, title)
    for digit, row in enumerate(axes):
        examples = np.flatnonzero(dataset.digits == digit)[:n_per_digit]
        row[0].set_ylabel(str(digit), rotation=0, labelpad=10, fontsize="large")
        for ax, image in zip(row, dataset.images[examples], strict=False):
            ax.imshow(image.reshape(28, 28), cmap="Greys", vmin=0.0, vmax=1.0)
        for ax in row[len(examples) :]:
            ax.set_frame_on(False)
    axes[0, 0].figure.supylabel("true digit")
    return axes


def _image_grid(
    fig: Figure | None, n_rows: int, n_columns: int, title: str, height: float | None = None
) -> np.ndarray:
    """Return a grid of tickless image panels 7.2 inches wide (square by default), titled."""
    _checks.check_empty_figure(fig)
    height = height or FIGURE_WIDTH / n_columns * n_rows + 0.6
    fig = fig or plt.figure(figsize=(FIGURE_WIDTH, height), layout="constrained")
    axes = fig.subplots(n_rows, n_columns, squeeze=False, subplot_kw={"xticks": [], "yticks": []})
    fig.suptitle(title)
    return axes


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """Return ``ax`` once checked, or the Axes of a new figure of ``size`` inches."""
    if ax is not None:
        _checks.check_instance("ax", ax, Axes, "plt.subplots()[1], or None for a new figure")
    return ax or plt.figure(figsize=size, layout="constrained").add_subplot()


# --------------------------------------------------------------------------------------
# The weights
# --------------------------------------------------------------------------------------


def plot_weights(
    weights,
    *,
    cmap: str = WEIGHTS_COLORMAP,
    title: str = "The weights of each digit: red pushes towards it, blue away",
    limit: float | None = None,
    fig: Figure | None = None,
) -> np.ndarray:
    """Draw the ten columns of ``W`` as 28x28 images on one symmetric colour scale.

    Parameters
    ----------
    weights : array-like of shape (784, 10)
        The weight matrix ``W`` of ``y = xW + b``; column ``d`` holds the
        weight of each pixel for digit ``d``.
    cmap : str, default="RdBu_r"
        The colour map. The default, reversed RdBu, draws positive weights red
        and negative ones blue, as the blog described. Plain ``"RdBu"`` (what
        TensorFlow 1's own figure used) draws them the other way round.
    title : str, default="The weights of each digit: red pushes towards it, blue away"
        The figure's title.
    limit : float, optional
        The weight drawn in the fullest red (and its negative in the fullest
        blue); larger weights saturate. By default the 99th percentile of
        :math:`|W|` (``WEIGHT_LIMIT_PERCENTILE``), see Notes.
    fig : matplotlib.figure.Figure, optional
        An empty figure to draw in; a new one 7.2 inches wide is created if omitted.

    Returns
    -------
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (2, 5)
        Panel ``axes.flat[d]`` shows digit ``d``. The colour bar is drawn in an
        extra Axes of the same figure, ``axes[0, 0].images[0].colorbar``.

    Raises
    ------
    ValueError
        If ``weights`` is not (784, 10) or holds NaN or infinite values,
        ``limit`` is not a number above zero, or ``fig`` is not empty.

    See Also
    --------
    template_clarity : How much each weight image resembles its digit.

    Notes
    -----
    All ten images share the colour limits :math:`\\pm` ``limit``, so a
    colour means the same weight in every panel and zero is always the white
    midpoint of the map. The default limit is the 99th percentile of
    :math:`|W_{id}|` over all pixels and digits, not the largest weight: a
    trained ``W`` has a few border pixels with extreme weights, and scaling the
    colours to them would wash the other digits' templates out to near white.
    The one weight in a hundred beyond the limit is drawn in the full colour,
    and the colour bar then ends in arrows to say so.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> weights = np.linspace(-2, 1, 7840).reshape(784, 10)
    >>> axes = mt.plot_weights(weights)
    >>> axes.shape, [round(value, 2) for value in axes[0, 0].images[0].get_clim()]
    ((2, 5), [-1.97, 1.97])
    >>> mt.plot_weights(weights, limit=2.0)[0, 0].images[0].get_clim()
    (-2.0, 2.0)
    """
    weights = _checks.as_weights("weights", weights)
    if limit is None:  # a high percentile of |W|, or 1 for the all-zero model
        limit = float(np.percentile(np.abs(weights), WEIGHT_LIMIT_PERCENTILE)) or 1.0
    limit = _checks.check_number("limit", limit, above=0, example="1.0, or None")
    axes = _image_grid(fig, 2, 5, title, height=3.8)
    for digit, ax in enumerate(axes.flat):
        ax.imshow(weights[:, digit].reshape(28, 28), cmap=cmap, vmin=-limit, vmax=limit)
        ax.set_title(f"digit {digit}")
    first = axes[0, 0].images[0]
    saturated = "both" if np.abs(weights).max() > limit else "neither"  # arrows: values beyond
    colorbar = first.figure.colorbar(first, ax=axes, shrink=0.9, extend=saturated)
    red, _, blue, _ = first.to_rgba(first.norm.vmax)  # the colour the map gives to +limit
    colorbar.set_label("weight (red = positive)" if red > blue else "weight (blue = positive)")
    first.figure.supxlabel("each panel: one column of W shown as 28 x 28 pixels")
    return axes


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


def plot_errors_per_digit(
    errors,
    *,
    kind: Literal["count", "rate"] = "count",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw the misclassified test images per true digit as a bar chart, the blog's histogram.

    Parameters
    ----------
    errors : array-like of shape (10,) or (n_seeds, 10)
        Errors per digit, from :func:`errors_per_digit` or
        :func:`error_rate_per_digit`. With one row per seed (for example
        ``study.error_rates`` of a :class:`SeedStudy`), the bars show the mean
        over seeds and the error bars one standard deviation.
    kind : {"count", "rate"}, default="count"
        Whether ``errors`` are counts of images (whole numbers of at least 0)
        or fractions of each digit's test images, drawn as percentages (from
        -1 to 1, so that a change of rate, such as
        ``StudyComparison.error_rate_change``, can be drawn too).
    title : str, optional
        The title; by default it says what is drawn.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure 7.2 inches wide is created if omitted.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on; ``ax.containers[-1]`` holds the ten bars and, with
        one row per seed, ``ax.containers[-1].errorbar`` their error bars.

    Raises
    ------
    ValueError
        If ``errors`` does not have 10 columns, ``kind`` is unknown, counts are
        negative or not whole, rates lie outside [-1, 1], or ``ax`` is not an Axes.

    See Also
    --------
    errors_per_digit, error_rate_per_digit, seed_study

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> ax = mt.plot_errors_per_digit([3, 1, 4, 1, 5, 9, 2, 6, 5, 3])
    >>> [float(bar.get_height()) for bar in ax.containers[-1]][:3]
    [3.0, 1.0, 4.0]
    """
    values = _checks.as_float_array("errors", errors)
    if values.ndim not in (1, 2) or values.shape[-1] != N_CLASSES or not values.size:
        raise ValueError(
            f"errors must have shape (10,) or (n_seeds, 10), one value per digit; "
            f"got {values.shape}."
        )
    if kind not in ("count", "rate"):
        raise ValueError(f"kind must be 'count' or 'rate'; got {kind!r}.")
    if kind == "count" and (values.min() < 0 or np.any(values != np.round(values))):
        raise ValueError(
            f"errors must be counts (whole numbers of at least 0) with kind='count'; got values "
            f"from {values.min():g} to {values.max():g}. Pass rates with kind='rate'."
        )
    if kind == "rate" and np.abs(values).max() > 1:
        raise ValueError(
            f"errors must be rates (or changes of rates) from -1 to 1 with kind='rate'; got "
            f"values from {values.min():g} to {values.max():g}. Pass counts with kind='count'."
        )
    rows = np.atleast_2d(values) * (100.0 if kind == "rate" else 1.0)  # one row per seed
    spread = None  # error bars only for one row per seed
    if values.ndim == 2:
        spread = rows.std(axis=0, ddof=1) if len(rows) > 1 else np.zeros(N_CLASSES)
        title = title or f"Errors per digit: mean and standard deviation over {len(rows)} seeds"
    ax = _axes(ax, (FIGURE_WIDTH, 3.4))
    bars = ax.bar(np.arange(N_CLASSES), rows.mean(axis=0), yerr=spread, capsize=4, color="C0")
    # Each value just beyond its bar's end, or beyond its error bar; below a negative bar.
    form = "{:.1f}" if kind == "rate" or values.ndim == 2 else "{:.0f}"
    ax.bar_label(bars, fmt=form, padding=3, fontsize="small")
    ax.set(xticks=np.arange(N_CLASSES), xlabel="true digit")
    ax.set_title(title or "Misclassified test images per digit")
    ax.set_ylabel("error rate (%)" if kind == "rate" else "misclassified test images")
    ax.margins(y=0.15)
    return ax


def plot_confusion_matrix(
    matrix, *, title: str = "Confusion matrix of the test set", ax: Axes | None = None
) -> Axes:
    """Draw a 10x10 confusion matrix with counts written in every cell.

    Parameters
    ----------
    matrix : array-like of shape (10, 10)
        Counts from :func:`confusion_matrix`: row = true digit, column =
        predicted digit.
    title : str, default="Confusion matrix of the test set"
        The title.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure 7.2 inches wide is created if omitted.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on. ``ax.images[0]`` holds the diagonal (correct
        predictions, plain grey), ``ax.images[1]`` the off-diagonal errors on
        the colour scale of the colour bar.

    Raises
    ------
    ValueError
        If ``matrix`` is not 10x10 counts, or ``ax`` is not an Axes.

    See Also
    --------
    confusion_matrix, most_confused_pairs

    Notes
    -----
    The correct predictions dwarf the errors (about 950 against at most a few
    dozen), so they are drawn in grey with bold numbers and the errors get the
    whole colour scale to themselves, a square-root scale from white (none) to
    dark orange (the largest confusion), so that small confusions still show.
    Each number is written in black or white, whichever contrasts with its cell.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> ax = mt.plot_confusion_matrix(np.eye(10, dtype=int) * 9 + 1)
    >>> len(ax.texts), ax.texts[0].get_text()
    (100, '10')
    """
    matrix = _checks.as_confusion("matrix", matrix)
    diagonal = np.eye(N_CLASSES, dtype=bool)
    ax = _axes(ax, (FIGURE_WIDTH, 6.2))
    ax.imshow(np.ma.masked_where(~diagonal, matrix), cmap=ListedColormap(["0.82"]))
    largest = max(1.0, float(matrix[~diagonal].max()))
    errors = ax.imshow(
        np.ma.masked_where(diagonal, matrix), cmap="Oranges", norm=PowerNorm(0.5, 0, largest)
    )
    ax.figure.colorbar(errors, ax=ax, shrink=0.8, label="misclassified images (off-diagonal)")
    _annotate_cells(ax, matrix, errors, diagonal)
    ticks = np.arange(N_CLASSES)
    ax.set(xticks=ticks, yticks=ticks, xlabel="predicted digit", ylabel="true digit", title=title)
    return ax


def _annotate_cells(ax: Axes, matrix: np.ndarray, errors, diagonal: np.ndarray) -> None:
    """Write each count in its cell, bold on the diagonal, in the contrasting colour."""
    for (row, column), count in np.ndenumerate(matrix):
        if diagonal[row, column]:
            colour, weight = "black", "bold"
        else:
            # The luminance of the cell's colour: its red, green and blue weighted as the eye does.
            luminance = np.dot(errors.to_rgba(count)[:3], (0.2126, 0.7152, 0.0722))
            colour, weight = ("white" if luminance < 0.5 else "black"), "normal"
        ax.text(column, row, f"{count:d}", color=colour, fontweight=weight, **_CELL_TEXT)


def plot_misclassified(
    images,
    true_digits,
    predicted_digits,
    *,
    n_images: int = 24,
    n_columns: int = 8,
    fig: Figure | None = None,
) -> np.ndarray:
    """Draw the first misclassified images in a grid, each titled "true -> predicted".

    Parameters
    ----------
    images : array-like of shape (n_samples, 784)
        The test images.
    true_digits : array-like of shape (n_samples,)
        The true digit of each image.
    predicted_digits : array-like of shape (n_samples,)
        The digit the model predicted for each image.
    n_images : int, default=24
        At most this many wrong images are drawn (1 to 400), in the order of the test set.
    n_columns : int, default=8
        Panels per row, 1 to 40.
    fig : matplotlib.figure.Figure, optional
        An empty figure to draw in; a new one 7.2 inches wide is created if omitted.

    Returns
    -------
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (n_rows, n_columns)
        The panels, titled like ``"4 -> 9"`` (true 4, predicted 9).

    Raises
    ------
    ValueError
        If the shapes disagree, a digit is outside 0-9, a count is out of range,
        or ``fig`` is not empty.

    See Also
    --------
    misclassified : The indices of the wrong images.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> axes = mt.plot_misclassified(np.zeros((3, 784)), [1, 2, 3], [1, 7, 8])
    >>> [ax.get_title() for ax in axes.flat[:2]]
    ['2 -> 7', '3 -> 8']
    """
    images = _checks.as_images("images", images)
    _checks.as_digits("true_digits", true_digits, n_samples=len(images))
    _checks.check_count("n_images", n_images, 1, MAX_PANELS, example="24")
    wrong = misclassified(true_digits, predicted_digits)
    pairs = zip(wrong.true_digits[:n_images], wrong.predicted_digits[:n_images], strict=True)
    titles = [f"{true} -> {predicted}" for true, predicted in pairs]
    title = f"Misclassified test images, true -> predicted ({len(titles)} of {len(wrong)})"
    return show_digits(
        images[wrong.indices[:n_images]], titles, n_columns=n_columns, title=title, fig=fig
    )


# --------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------


def plot_training_curve(
    history, *, smoothing: int = 50, title: str | None = None, ax: Axes | None = None
) -> Axes:
    """Draw the loss of every training step, raw and smoothed, and the history's accuracy.

    Parameters
    ----------
    history : TrainingHistory or array-like of shape (n_steps,)
        The history returned by :func:`train`, or the loss of each step. A
        history's ``accuracy`` (fractions in [0, 1]), if not None, is drawn
        too, at its ``accuracy_steps``.
    smoothing : int, default=50
        Width, in steps, of the moving average drawn over the raw loss.
    title : str, optional
        Default: "Training: cross-entropy per step", or "squared error" for a
        history whose ``loss_name`` is ``"mse"``; the y label names the same loss.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure 7.2 inches wide is created if omitted.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes of the loss; ``ax.lines`` holds the raw and the smoothed loss.
        The accuracy, if drawn, is on a twin Axes of the same figure.

    Raises
    ------
    ValueError
        If the loss is not a non-empty 1-D array, ``smoothing`` is not a positive
        integer, the history's accuracy is not fractions in [0, 1] with one step
        in ``accuracy_steps`` per accuracy, or ``ax`` is not an Axes.

    See Also
    --------
    train : Returns the history.

    Notes
    -----
    The smoothed curve at step :math:`t` is the mean of the last :math:`w`
    losses, :math:`\\bar L_t = \\frac{1}{w} \\sum_{s=t-w+1}^{t} L_s`, drawn from
    step :math:`w` on.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> ax = mt.plot_training_curve(np.linspace(2.3, 0.3, 100), smoothing=10)
    >>> [len(line.get_xdata()) for line in ax.lines]
    [100, 91]
    >>> history = mt.TrainingHistory(np.linspace(2.3, 0.3, 100), "cross_entropy", 0.5, 100, 0,
    ...                              accuracy=np.array([0.1, 0.9]),
    ...                              accuracy_steps=np.array([50, 100]))
    >>> twin = mt.plot_training_curve(history).figure.axes[1]
    >>> twin.get_ylabel(), twin.lines[0].get_ydata().tolist()
    ('accuracy (%)', [10.0, 90.0])
    """
    loss = _checks.as_float_array("history.loss", getattr(history, "loss", history), ndim=1)
    if loss.size == 0:
        raise ValueError("history.loss is empty; train for at least one step before plotting.")
    _checks.check_count("smoothing", smoothing, 1, None)
    ax = _axes(ax, (FIGURE_WIDTH, 3.6))
    steps = np.arange(1, loss.size + 1)
    ax.plot(steps, loss, color="0.7", linewidth=0.8, label="loss of each batch")
    window = min(smoothing, loss.size)
    smoothed = np.convolve(loss, np.ones(window) / window, mode="valid")
    ax.plot(
        steps[window - 1 :], smoothed, color="C0", linewidth=2, label=f"mean of {window} steps"
    )
    name = _LOSS_STYLES[getattr(history, "loss_name", "cross_entropy")][0]
    ax.set(xlabel="training step", ylabel=name, title=title or f"Training: {name} per step")
    _draw_accuracy(ax, history)
    return ax


def _draw_accuracy(ax: Axes, history) -> None:
    """Draw the history's accuracies, if any, on a twin axis; one legend for both axes."""
    handles = [*ax.lines]
    if getattr(history, "accuracy", None) is not None:
        accuracy = _checks.as_float_array("history.accuracy", history.accuracy, ndim=1)
        if accuracy.size and (accuracy.min() < 0 or accuracy.max() > 1):
            raise ValueError(
                f"history.accuracy must hold fractions from 0 to 1 (0.92, not 92); got "
                f"values from {accuracy.min():g} to {accuracy.max():g}."
            )
        steps = getattr(history, "accuracy_steps", ())
        steps = _checks.as_float_array("history.accuracy_steps", steps, ndim=1)
        if steps.shape != accuracy.shape:
            raise ValueError(
                f"history.accuracy_steps must give one step per accuracy ({accuracy.size}); "
                f"got {steps.size}."
            )
        twin = ax.twinx()
        handles += twin.plot(steps, 100 * accuracy, "s--", color="C1", label="accuracy")
        twin.set_ylabel("accuracy (%)")
    ax.legend(handles=handles, loc="center right")


def plot_loss_comparison(
    runs: Mapping[str, LossRun],
    *,
    smoothing: int = 20,
    title: str | None = None,
    fig: Figure | None = None,
) -> np.ndarray:
    """Draw the runs of :func:`compare_losses`: loss, test accuracy and gradient size per step.

    Parameters
    ----------
    runs : mapping of str to LossRun
        The runs, as returned by :func:`compare_losses`.
    smoothing : int, default=20
        Width, in steps, of the moving average drawn over each batch loss.
    title : str, optional
        The figure's title.
    fig : matplotlib.figure.Figure, optional
        An empty figure to draw in; a new one 7.2 inches wide is made if omitted.

    Returns
    -------
    axes : numpy.ndarray of matplotlib.axes.Axes, shape (3,)
        The loss, the accuracy in percent, and the gradient norm (log scale),
        sharing the step axis; each holds one line per run.

    Raises
    ------
    ValueError
        If ``runs`` is empty or holds something other than :class:`LossRun`, or
        ``smoothing`` is not a positive integer, or ``fig`` is not empty.

    See Also
    --------
    compare_losses : Makes the runs.

    Notes
    -----
    The two losses measure different things (nats against a squared
    distance), so compare the shapes of their curves, not their heights.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> run = mt.LossRun("mse", np.linspace(1, 0.5, 40), np.array([0, 20, 40]),
    ...                  np.array([0.1, 0.5, 0.8]), np.array([0.3, 0.2, 0.1]), mt.LinearSoftmax())
    >>> axes = mt.plot_loss_comparison({"mse": run})
    >>> [ax.get_ylabel() for ax in axes]
    ['batch loss', 'test accuracy (%)', 'gradient norm']
    """
    fields = ("loss_name", "loss", "measured_steps", "accuracy", "gradient_norm")
    if not runs or not all(hasattr(run, field) for run in runs.values() for field in fields):
        raise ValueError("runs must map loss names to LossRun, as mt.compare_losses returns.")
    _checks.check_count("smoothing", smoothing, 1, None)
    _checks.check_empty_figure(fig)
    fig = fig or plt.figure(figsize=(FIGURE_WIDTH, 7.0), layout="constrained")
    axes = fig.subplots(3, 1, sharex=True)
    for run in runs.values():
        label, colour = _LOSS_STYLES.get(run.loss_name, (run.loss_name, None))
        window = min(smoothing, run.loss.size)
        smoothed = np.convolve(run.loss, np.ones(window) / window, mode="valid")
        axes[0].plot(np.arange(window, run.loss.size + 1), smoothed, color=colour, label=label)
        axes[1].plot(run.measured_steps, 100 * run.accuracy, color=colour, label=label)
        axes[2].plot(run.measured_steps, run.gradient_norm, color=colour, label=label)
    loss_title = f"Loss ({smoothing}-step moving average), each on its own measure"
    axes[0].set(ylabel="batch loss", title=loss_title)
    axes[1].set(ylabel="test accuracy (%)", title="Accuracy on the test set")
    axes[2].set(yscale="log", xlabel="training step", ylabel="gradient norm")
    axes[2].set_title("Size of the gradient with respect to W")
    axes[0].legend()
    if title:
        fig.suptitle(title)
    return axes
