"""Train the blog's model with cross-entropy and with squared error, side by side."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from matplotlib.figure import Figure

from ._checks import check_count
from .data import DataSet
from .model import LOSS_NAMES, LinearSoftmax, accuracy, train

__all__ = ["LossRun", "compare_losses", "gradient_norm", "plot_loss_comparison", "random_start"]

N_PIXELS = 784
N_CLASSES = 10
#: How each loss is named and coloured in the figures.
_LOSS_STYLES = {"cross_entropy": ("cross-entropy", "C0"), "mse": ("squared error", "C3")}


def random_start(*, scale: float = 1.0, seed: int = 0) -> LinearSoftmax:
    """Return a model with random weights: a deliberately bad place to start training.

    Parameters
    ----------
    scale : float, default=1.0
        Standard deviation of the weights; 0 gives the blog's all-zero start.
        With ``scale`` around 1 the logits of a typical image spread over tens
        of units, so the softmax is nearly one-hot on a random digit: the model
        is confidently wrong about nine images in ten.
    seed : int, default=0
        Seed of the NumPy generator that draws the weights.

    Returns
    -------
    model : LinearSoftmax
        ``W`` drawn from :math:`\\mathcal{N}(0, \\mathrm{scale}^2)`, ``b`` zero.

    Raises
    ------
    ValueError
        If ``scale`` is negative or not a finite number, or ``seed`` is not a
        non-negative integer.

    See Also
    --------
    compare_losses : Trains copies of a start with each loss.

    Notes
    -----
    An image with :math:`m` inked pixels of intensity near 1 gets logits
    :math:`z_k = \\sum_j x_j W_{jk}` with standard deviation about
    :math:`\\mathrm{scale} \\sqrt{m}`; MNIST digits have about 150 inked pixels.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> model = mt.random_start(scale=0.5, seed=0)
    >>> round(float(model.W.numpy().std()), 1), float(abs(model.b.numpy()).max())
    (0.5, 0.0)
    """
    if isinstance(scale, bool) or not isinstance(scale, int | float | np.floating):
        raise ValueError(f"scale must be a number, the standard deviation of W; got {scale!r}.")
    if not np.isfinite(scale) or scale < 0:
        raise ValueError(f"scale must be a finite number of at least 0; got {scale}.")
    check_count("seed", seed, 0, None)
    model = LinearSoftmax()
    weights = np.random.default_rng(seed).normal(0.0, scale, size=(N_PIXELS, N_CLASSES))
    model.W.assign(weights.astype(np.float32))
    return model


def gradient_norm(model: LinearSoftmax, images, labels, *, loss: str = "cross_entropy") -> float:
    """Return the size of the gradient that :func:`train` would follow on these images.

    Parameters
    ----------
    model : LinearSoftmax
        The model at its current weights.
    images : array-like of shape (n_samples, 784)
        A batch of images.
    labels : array-like of shape (n_samples, 10)
        Their one-hot labels.
    loss : {"cross_entropy", "mse"}, default="cross_entropy"
        The loss, as :func:`train` defines it.

    Returns
    -------
    norm : float
        The Frobenius norm :math:`\\lVert \\partial L / \\partial W \\rVert`
        of the gradient of the batch-mean loss with respect to the weights.

    Raises
    ------
    ValueError
        If ``model`` is not a :class:`LinearSoftmax`, the shapes are wrong, or
        ``loss`` is unknown.

    See Also
    --------
    gradient_of_cross_entropy, gradient_of_mean_squared_error : The same gradients by hand.

    Notes
    -----
    With :math:`P = \\mathrm{softmax}(XW + b)` and :math:`n` images, the
    gradient is :math:`\\frac{1}{n} X^\\top G`, where :math:`G = P - Y` for
    cross-entropy and, for the squared error
    :math:`\\sum_k (P_{ik} - Y_{ik})^2`, with :math:`D = 2 (P - Y)`,

    .. math::

        G_{ik} = P_{ik} \\Big( D_{ik} - \\sum_j D_{ij} P_{ij} \\Big),

    which carries the softmax's derivative :math:`p_k (\\delta_{kj} - p_j)`.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> images = np.ones((1, 784), dtype=np.float32)
    >>> labels = np.eye(10, dtype=np.float32)[[3]]
    >>> round(mt.gradient_norm(mt.LinearSoftmax(), images, labels), 3)  # sqrt(784 * 0.9)
    26.563
    """
    if not isinstance(model, LinearSoftmax):
        raise ValueError(
            f"model must be a mnist_tutorial.LinearSoftmax; got {type(model).__name__}."
        )
    if loss not in LOSS_NAMES:
        raise ValueError(f"loss must be one of {', '.join(map(repr, LOSS_NAMES))}; got {loss!r}.")
    labels = tf.convert_to_tensor(_as_labels(labels), tf.float32)
    with tf.GradientTape() as tape:
        logits = model(images)
        if logits.shape[0] != labels.shape[0]:
            raise ValueError(
                f"images and labels must have one row per sample each; got {logits.shape[0]} "
                f"images and {labels.shape[0]} labels."
            )
        batch_loss = tf.reduce_mean(_per_image_loss(labels, logits, loss))
    return float(tf.norm(tape.gradient(batch_loss, model.W)))


def _as_labels(labels) -> np.ndarray:
    """Return ``labels`` as a float32 array of shape (n_samples, 10), or raise ``ValueError``."""
    array = np.asarray(labels, dtype=np.float32)
    if array.ndim != 2 or array.shape[1] != N_CLASSES:
        raise ValueError(
            f"labels must have shape (n_samples, 10), one-hot rows; got {array.shape}. "
            "Use dataset.labels, not dataset.digits."
        )
    return array


def _per_image_loss(labels: tf.Tensor, logits: tf.Tensor, loss: str) -> tf.Tensor:
    """Each image's loss, as :func:`train` defines it."""
    if loss == "cross_entropy":
        return tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return tf.reduce_sum(tf.square(tf.nn.softmax(logits) - labels), axis=1)


@dataclass(frozen=True, eq=False)
class LossRun:
    """One training run of :func:`compare_losses`, measured every few steps."""

    #: ``"cross_entropy"`` or ``"mse"``.
    loss_name: str
    #: The batch loss of every step, shape (steps,), as :func:`train` records it.
    loss: np.ndarray
    #: The steps taken at each measurement, 0 (the start) to ``steps``.
    measured_steps: np.ndarray
    #: Accuracy on the evaluation set at each measurement.
    accuracy: np.ndarray
    #: :func:`gradient_norm` on the probe images at each measurement.
    gradient_norm: np.ndarray
    #: The trained model.
    model: LinearSoftmax


def compare_losses(
    dataset: DataSet,
    evaluation_set: DataSet,
    *,
    start: LinearSoftmax | None = None,
    steps: int = 1000,
    measure_every: int = 20,
    batch_size: int = 100,
    learning_rate: float = 0.5,
    probe_size: int = 1000,
) -> dict[str, LossRun]:
    """Train one copy of a start with each loss, on the same batches, measuring as it goes.

    Parameters
    ----------
    dataset : DataSet
        The training split. Every run draws its batches from
        ``dataset.reseeded(dataset.seed)``, so all runs see the same batches
        and ``dataset`` itself is not advanced.
    evaluation_set : DataSet
        The split whose accuracy is measured, e.g. ``mnist.test``.
    start : LinearSoftmax, optional
        The weights every run starts from (copied, not changed); the blog's
        all-zero model if omitted, or e.g. :func:`random_start`.
    steps : int, default=1000
        Gradient-descent steps per run.
    measure_every : int, default=20
        Steps between two measurements of accuracy and gradient.
    batch_size : int, default=100
        Images per step.
    learning_rate : float, default=0.5
        The step size, the same for both losses.
    probe_size : int, default=1000
        The gradient is measured on the first ``probe_size`` images of
        ``dataset``, the same images at every measurement.

    Returns
    -------
    runs : dict of str to LossRun
        One run per loss, keyed ``"cross_entropy"`` and ``"mse"``.

    Raises
    ------
    ValueError
        If a split is not a :class:`DataSet`, ``start`` is not a
        :class:`LinearSoftmax`, or a number is out of range.

    See Also
    --------
    train : The training used, called every ``measure_every`` steps.
    gradient_norm : The size of the gradient measured.

    Notes
    -----
    Training in pieces of ``measure_every`` steps gives the same weights as one
    call of :func:`train`, since the batches continue where they stopped.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mnist = mt.load_mnist()
    >>> runs = mt.compare_losses(mnist.train, mnist.test, steps=40, measure_every=20)
    >>> runs["mse"].measured_steps
    array([ 0, 20, 40])
    >>> bool(runs["cross_entropy"].accuracy[-1] > runs["mse"].accuracy[-1])
    True
    """
    _check_comparison(dataset, evaluation_set, start)
    check_count("measure_every", measure_every, 1, None)
    check_count("probe_size", probe_size, 1, dataset.num_examples)
    check_count("steps", steps, 1, None)
    probe = (dataset.images[:probe_size], dataset.labels[:probe_size])
    settings = {"batch_size": batch_size, "learning_rate": learning_rate}
    stops = [*range(measure_every, steps, measure_every), steps]
    runs = {}
    for loss in LOSS_NAMES:
        batches = dataset.reseeded(dataset.seed)
        runs[loss] = _run(loss, start, batches, evaluation_set, probe, stops, settings)
    return runs


def _run(loss, start, batches, evaluation_set, probe, stops, settings) -> LossRun:
    """Train a copy of ``start`` with ``loss``, pausing at each stop to measure it."""
    model = LinearSoftmax()
    if start is not None:
        model.W.assign(start.W)
        model.b.assign(start.b)
    losses, accuracies, norms, done = [], [], [], 0
    for stop in [0, *stops]:
        if stop > done:
            losses.append(train(model, batches, steps=stop - done, loss=loss, **settings).loss)
            done = stop
        accuracies.append(accuracy(model, evaluation_set))
        norms.append(gradient_norm(model, *probe, loss=loss))
    return LossRun(
        loss_name=loss,
        loss=np.concatenate(losses),
        measured_steps=np.array([0, *stops]),
        accuracy=np.array(accuracies),
        gradient_norm=np.array(norms),
        model=model,
    )


def _check_comparison(dataset, evaluation_set, start) -> None:
    """Raise ``ValueError`` unless the splits are DataSets and ``start`` a model or None."""
    for name, split in (("dataset", dataset), ("evaluation_set", evaluation_set)):
        if not isinstance(split, DataSet):
            raise ValueError(
                f"{name} must be a mnist_tutorial.DataSet, e.g. mt.load_mnist().test; "
                f"got {type(split).__name__}."
            )
    if start is not None and not isinstance(start, LinearSoftmax):
        raise ValueError(
            f"start must be a LinearSoftmax (e.g. mt.random_start()) or None; "
            f"got {type(start).__name__}."
        )


def plot_loss_comparison(
    runs: Mapping[str, LossRun], *, smoothing: int = 20, title: str | None = None,
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
        ``smoothing`` is not a positive integer.

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
    if not runs or not all(isinstance(run, LossRun) for run in runs.values()):
        raise ValueError("runs must map loss names to LossRun, as mt.compare_losses returns.")
    check_count("smoothing", smoothing, 1, None)
    fig = fig or plt.figure(figsize=(7.2, 7.0), layout="constrained")
    axes = fig.subplots(3, 1, sharex=True)
    for run in runs.values():
        label, colour = _LOSS_STYLES.get(run.loss_name, (run.loss_name, None))
        window = min(smoothing, run.loss.size)
        smoothed = np.convolve(run.loss, np.ones(window) / window, mode="valid")
        axes[0].plot(np.arange(window, run.loss.size + 1), smoothed, color=colour, label=label)
        axes[1].plot(run.measured_steps, 100 * run.accuracy, color=colour, label=label)
        axes[2].plot(run.measured_steps, run.gradient_norm, color=colour, label=label)
    axes[0].set(ylabel="batch loss",
                title=f"Loss ({smoothing}-step moving average), each on its own measure")
    axes[1].set(ylabel="test accuracy (%)", title="Accuracy on the test set")
    axes[2].set(yscale="log", xlabel="training step", ylabel="gradient norm",
                title="Size of the gradient with respect to W")
    axes[0].legend()
    if title:
        fig.suptitle(title)
    return axes
