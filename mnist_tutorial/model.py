"""The blog's model, softmax regression, trained by plain gradient descent in TensorFlow 2."""

from __future__ import annotations

import itertools
import math
import numbers
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import tensorflow as tf

from . import _shared_memory
from ._checks import check_count
from .data import DataSet

__all__ = ["LOSS_NAMES", "LinearSoftmax", "TrainingHistory", "accuracy", "train", "train_seeds"]

N_PIXELS = 784
N_CLASSES = 10
#: The losses :func:`train` can minimise.
LOSS_NAMES: tuple[str, ...] = ("cross_entropy", "mse")
# load_mnist's scaling of a uint8 pixel to [0, 1]: float32(pixel) * float32(1 / 255).
_PIXEL_SCALE = np.float32(1.0 / 255.0)


class LinearSoftmax(tf.Module):
    """Softmax regression, the blog's model: ``logits = images @ W + b``.

    Parameters
    ----------
    name : str, optional
        Name of the module (TensorFlow's name scope for its variables).

    Attributes
    ----------
    W : tf.Variable of shape (784, 10)
        The weights, one column per digit, initialised to zero as in the blog.
    b : tf.Variable of shape (10,)
        The bias, one entry per digit, initialised to zero.

    See Also
    --------
    train : Fits ``W`` and ``b`` by gradient descent.
    accuracy : The fraction of a split the model classifies correctly.

    Notes
    -----
    For an image :math:`x` (a row of 784 pixel intensities) the model gives
    ten logits and their softmax, the probability of each digit:

    .. math::

        z = x W + b, \\qquad p_k = \\frac{e^{z_k}}{\\sum_{j=0}^{9} e^{z_j}}.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> model = mt.LinearSoftmax()
    >>> model.W.shape, model.b.shape
    (TensorShape([784, 10]), TensorShape([10]))
    >>> images = np.zeros((2, 784), dtype=np.float32)
    >>> model(images).shape
    TensorShape([2, 10])
    >>> model.predict_proba(images)[0].round(2)  # all weights zero: every digit equally likely
    array([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], dtype=float32)
    """

    def __init__(self, name: str | None = None):
        super().__init__(name=name)
        self.W = tf.Variable(tf.zeros([N_PIXELS, N_CLASSES]), name="W")
        self.b = tf.Variable(tf.zeros([N_CLASSES]), name="b")

    def __call__(self, images) -> tf.Tensor:
        """Return the logits ``images @ W + b``, a tensor of shape (n_samples, 10).

        Parameters
        ----------
        images : array-like or tf.Tensor of shape (n_samples, 784)
            Pixel intensities, one flattened image per row.

        Returns
        -------
        logits : tf.Tensor of shape (n_samples, 10)
            The unnormalised score of each digit for each image.

        Raises
        ------
        ValueError
            If ``images`` is not numeric, not of shape (n_samples, 784), or not finite.
        """
        return tf.matmul(_as_images(images), self.W) + self.b

    @property
    def weights(self) -> np.ndarray:
        """A copy of ``W`` as a float32 NumPy array of shape (784, 10)."""
        return self.W.numpy()

    @property
    def bias(self) -> np.ndarray:
        """A copy of ``b`` as a float32 NumPy array of shape (10,)."""
        return self.b.numpy()

    def predict_proba(self, images) -> np.ndarray:
        """Return the softmax of the logits: the probability of each digit for each image.

        Parameters
        ----------
        images : array-like of shape (n_samples, 784)
            Pixel intensities, one flattened image per row.

        Returns
        -------
        probabilities : numpy.ndarray of shape (n_samples, 10)
            float32 rows that sum to 1.

        Raises
        ------
        ValueError
            If ``images`` is not numeric, not of shape (n_samples, 784), or not finite.
        """
        return tf.nn.softmax(self(images)).numpy()

    def predict(self, images) -> np.ndarray:
        """Return the most probable digit of each image (the ``argmax`` of the logits).

        Parameters
        ----------
        images : array-like of shape (n_samples, 784)
            Pixel intensities, one flattened image per row.

        Returns
        -------
        digits : numpy.ndarray of shape (n_samples,)
            int64 digits 0-9; a tie goes to the smallest digit.

        Raises
        ------
        ValueError
            If ``images`` is not numeric, not of shape (n_samples, 784), or not finite.
        """
        return tf.argmax(self(images), axis=1).numpy()


def _as_images(images) -> tf.Tensor:
    """Return ``images`` as a float32 tensor of shape (n, 784), or raise a ``ValueError``."""
    if isinstance(images, tf.Tensor | tf.Variable):
        if images.shape.rank != 2 or images.shape[1] not in (None, N_PIXELS):
            raise ValueError(f"images must have shape (n_samples, 784); got {images.shape}.")
        return tf.cast(images, tf.float32)
    try:
        array = np.asarray(images, dtype=np.float32)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"images must be an array of numbers; got {type(images).__name__}."
        ) from error
    if array.ndim != 2 or array.shape[1] != N_PIXELS:
        raise ValueError(
            f"images must have shape (n_samples, 784), one flattened image per row; got "
            f"{array.shape}. Flatten 28x28 pictures with images.reshape(-1, 784)."
        )
    if not np.isfinite(array).all():
        raise ValueError(
            "images contains NaN or infinite values; pass pixel intensities in [0, 1]."
        )
    return tf.convert_to_tensor(array)


def accuracy(model: LinearSoftmax, dataset: DataSet) -> float:
    """Return the fraction of a split's images whose digit the model predicts correctly.

    Parameters
    ----------
    model : LinearSoftmax
        The model to evaluate.
    dataset : DataSet
        The split, e.g. ``mt.load_mnist().test``.

    Returns
    -------
    accuracy : float
        A number in [0, 1].

    Raises
    ------
    ValueError
        If ``model`` is not a :class:`LinearSoftmax`, ``dataset`` not a :class:`DataSet`,
        or the images of ``dataset`` hold NaN or infinite values.

    See Also
    --------
    LinearSoftmax.predict : The predicted digits compared here.

    Notes
    -----
    With :math:`\\hat y_i` the predicted and :math:`y_i` the true digit of
    image :math:`i` of :math:`n`,

    .. math::

        \\text{accuracy} = \\frac{1}{n} \\sum_{i=1}^{n} [\\hat y_i = y_i].

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> test = mt.load_mnist().test
    >>> round(mt.accuracy(mt.LinearSoftmax(), test), 4)  # all zero: always "0", right for every 0
    0.098
    """
    _check_model(model)
    _check_dataset("dataset", dataset)
    return _evaluator(dataset)(model.W, model.b)


# --------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TrainingHistory:
    """What :func:`train` records: the loss of every step, and accuracies if asked for.

    Attributes
    ----------
    loss : numpy.ndarray of shape (steps,)
        The mean loss of each step's batch, computed with the weights *before*
        that step's update (so ``loss[0]`` is the loss of the initial model).
    loss_name : str
        ``"cross_entropy"`` or ``"mse"``.
    learning_rate : float
        The step size.
    batch_size : int
        Images per step.
    seed : int
        The seed of the split whose batches were drawn.
    accuracy : numpy.ndarray of shape (n_evaluations,) or None
        The accuracy on the evaluation split, if ``evaluate_every`` was given.
    accuracy_steps : numpy.ndarray of shape (n_evaluations,) or None
        How many steps had been taken at each evaluation: 0, k, 2k, ... and
        always the last step.
    """

    loss: np.ndarray
    loss_name: str
    learning_rate: float
    batch_size: int
    seed: int
    accuracy: np.ndarray | None = None
    accuracy_steps: np.ndarray | None = None

    @property
    def steps(self) -> int:
        """The number of gradient-descent steps taken."""
        return self.loss.shape[0]


def train(
    model: LinearSoftmax,
    dataset: DataSet,
    *,
    steps: int = 1000,
    batch_size: int = 100,
    learning_rate: float = 0.5,
    loss: str = "cross_entropy",
    evaluate_every: int | None = None,
    evaluation_set: DataSet | None = None,
) -> TrainingHistory:
    """Fit the model by plain gradient descent on mini-batches, as the blog did.

    Parameters
    ----------
    model : LinearSoftmax
        The model to train; its ``W`` and ``b`` are updated in place, starting
        from their current values.
    dataset : DataSet
        The training split. Batches are drawn exactly as ``steps`` calls of
        ``dataset.next_batch(batch_size)`` would draw them, and the dataset's
        batching advances just as far.
    steps : int, default=1000
        Number of gradient-descent steps, one batch each.
    batch_size : int, default=100
        Images per batch, from 1 to ``dataset.num_examples``.
    learning_rate : float, default=0.5
        The step size, a finite number above zero.
    loss : {"cross_entropy", "mse"}, default="cross_entropy"
        The loss to minimise: cross-entropy of the softmax (from the logits), or
        the squared distance between the softmax and the one-hot label.
    evaluate_every : int, optional
        If given, measure the accuracy on ``evaluation_set`` before training,
        every ``evaluate_every`` steps, and after the last step.
    evaluation_set : DataSet, optional
        The split to evaluate on (e.g. ``mnist.validation``); required with
        ``evaluate_every``.

    Returns
    -------
    history : TrainingHistory
        The loss of every step (``history.loss``), the settings, and the
        accuracies if asked for (``history.accuracy`` at ``history.accuracy_steps``).

    Raises
    ------
    ValueError
        If an argument is of the wrong type or out of range; the message says which.

    See Also
    --------
    train_seeds : Trains one model per seed, all at once.
    accuracy : Evaluates the trained model.

    Notes
    -----
    Each step takes a batch of :math:`n` images :math:`X` with one-hot labels
    :math:`Y`, computes the softmax :math:`P` of the logits :math:`XW + b`, and
    moves the parameters against the gradient of the mean loss :math:`L`:

    .. math::

        L = -\\frac{1}{n} \\sum_{i=1}^{n} \\sum_{k=0}^{9} Y_{ik} \\log P_{ik}, \\qquad
        W \\leftarrow W - \\eta \\frac{\\partial L}{\\partial W}, \\qquad
        b \\leftarrow b - \\eta \\frac{\\partial L}{\\partial b},

    with :math:`\\eta` the learning rate. With ``loss="mse"``,
    :math:`L = \\frac{1}{n} \\sum_i \\sum_k (P_{ik} - Y_{ik})^2`. For the
    cross-entropy the gradient with respect to the logits is :math:`(P - Y) / n`,
    so that

    .. math::

        \\frac{\\partial L}{\\partial W} = \\frac{1}{n} X^\\top (P - Y), \\qquad
        \\frac{\\partial L}{\\partial b} = \\frac{1}{n} \\sum_{i=1}^{n} (P_i - Y_i).

    The whole run is one call of a traced ``tf.function`` that loops over the
    steps (one call per stretch between evaluations), and it takes these
    gradients as written: one TensorFlow kernel returns the loss together with
    :math:`P - Y`, the kernel through which the blog's ``minimize`` took them
    (for ``"mse"`` a ``tf.GradientTape`` gives the gradient with respect to the
    logits). The loop gathers each batch from the whole split, from its uint8
    ``pixels`` when it has them (a quarter of the memory of float32 images),
    and scales it to [0, 1] exactly as :func:`load_mnist` scales it. TensorFlow
    reads the arrays of :func:`load_mnist` where they lie; other arrays are
    copied into TensorFlow at each call. On a CPU every operation of the loop
    is deterministic, so two runs on the same batches give bitwise identical
    weights. On the same batches they are the weights of the same step written
    with ``tf.GradientTape``, and of the blog's TensorFlow 1 program (see
    :mod:`mnist_tutorial.tf1_blog`), to within float32 round-off.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mnist = mt.load_mnist()
    >>> model = mt.LinearSoftmax()
    >>> history = mt.train(model, mnist.train, steps=50)
    >>> history.steps, round(float(history.loss[0]), 4)  # ln 10 for the all-zero model
    (50, 2.3026)
    >>> bool(history.loss[-10:].mean() < 0.6)
    True
    """
    _check_model(model)
    _check_dataset("dataset", dataset)
    _check_training_settings(steps, batch_size, learning_rate, loss, dataset.num_examples)
    stops = _evaluation_stops(steps, evaluate_every, evaluation_set)
    indices = dataset.batch_indices(steps, batch_size)
    pixels, labels = _stored_images(dataset), tf.convert_to_tensor(dataset.labels)
    loop = _training_loop(loss, pixels.dtype)
    step_size = _step_size(learning_rate, batch_size)
    weights, bias = model.W.value(), model.b.value()
    evaluate = _evaluator(evaluation_set)
    step_losses, accuracies = [], []
    for start, stop in itertools.pairwise([0, *stops]):
        if evaluate is not None:
            accuracies.append(evaluate(weights, bias))
        weights, bias, losses = loop(pixels, labels, indices[start:stop], weights, bias, step_size)
        step_losses.append(losses.numpy())
    model.W.assign(weights)
    model.b.assign(bias)
    if evaluate is not None:
        accuracies.append(evaluate(weights, bias))
    return _history(step_losses, accuracies, stops, dataset, batch_size, learning_rate, loss)


def train_seeds(
    dataset: DataSet,
    seeds: Iterable[int],
    *,
    steps: int = 1000,
    batch_size: int = 100,
    learning_rate: float = 0.5,
    loss: str = "cross_entropy",
) -> list[LinearSoftmax]:
    """Train one fresh model per seed, as :func:`train` would: the seed changes only the batches.

    Parameters
    ----------
    dataset : DataSet
        The training split; each model draws its batches from
        ``dataset.reseeded(seed)``, so ``dataset`` itself is not advanced.
    seeds : iterable of int
        One seed per model.
    steps : int, default=1000
        Number of gradient-descent steps per model.
    batch_size : int, default=100
        Images per batch.
    learning_rate : float, default=0.5
        The step size.
    loss : {"cross_entropy", "mse"}, default="cross_entropy"
        The loss to minimise.

    Returns
    -------
    models : list of LinearSoftmax
        ``models[i]`` is trained with ``seeds[i]``; its weights are exactly
        those of ``train(LinearSoftmax(), dataset.reseeded(seeds[i]), ...)``.

    Raises
    ------
    ValueError
        If ``seeds`` is empty or holds a non-integer, or another argument is
        out of range.

    See Also
    --------
    train : Trains one model.

    Notes
    -----
    Every model starts from zero and takes the steps of :func:`train`,

    .. math::

        W_s \\leftarrow W_s - \\eta \\frac{\\partial L_s}{\\partial W_s}, \\qquad
        b_s \\leftarrow b_s - \\eta \\frac{\\partial L_s}{\\partial b_s},

    where :math:`L_s` is the mean loss of the batch that seed :math:`s` draws
    at that step. The models share the traced loop of :func:`train` and the
    split's memory, and train in parallel threads, one per CPU core; each
    model's arithmetic is that of :func:`train` whatever the threads do, so
    the result is too.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> train_split = mt.load_mnist().train
    >>> models = mt.train_seeds(train_split, [0, 1], steps=20)
    >>> len(models), bool((models[0].weights != models[1].weights).any())
    (2, True)
    """
    _check_dataset("dataset", dataset)
    _check_training_settings(steps, batch_size, learning_rate, loss, dataset.num_examples)
    seeds = _check_seeds(seeds)
    pixels, labels = _stored_images(dataset), tf.convert_to_tensor(dataset.labels)
    loop = _training_loop(loss, pixels.dtype)
    step_size = _step_size(learning_rate, batch_size)

    def train_one(seed: int) -> LinearSoftmax:
        model = LinearSoftmax()
        indices = dataset.reseeded(seed).batch_indices(steps, batch_size)
        weights, bias, _ = loop(
            pixels, labels, indices, model.W.value(), model.b.value(), step_size
        )
        model.W.assign(weights)
        model.b.assign(bias)
        return model

    loop.get_concrete_function()  # trace once, before the threads share it
    with ThreadPoolExecutor(max_workers=min(len(seeds), os.cpu_count() or 1)) as pool:
        return list(pool.map(train_one, seeds))


# --------------------------------------------------------------------------------------
# The reference step, and the compiled loop that takes it fast
# --------------------------------------------------------------------------------------


def _cross_entropy(labels: tf.Tensor, logits: tf.Tensor) -> tf.Tensor:
    """The blog's loss: the mean over the batch of the cross-entropy, from the logits."""
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))


def _mean_squared_error(labels: tf.Tensor, logits: tf.Tensor) -> tf.Tensor:
    """The mean over the batch of the squared distance between softmax and one-hot label."""
    return tf.reduce_mean(tf.reduce_sum(tf.square(tf.nn.softmax(logits) - labels), axis=1))


_LOSS_FUNCTIONS: dict[str, Callable[[tf.Tensor, tf.Tensor], tf.Tensor]] = {
    "cross_entropy": _cross_entropy,
    "mse": _mean_squared_error,
}


def _gradient_descent_step(images, labels, weights, bias, learning_rate, loss_function):
    """One step of the blog's training: the gradient from a tape, then a step against it.

    The reference for the faster loop of ``train``; the tests compare the two.
    """
    with tf.GradientTape() as tape:
        tape.watch([weights, bias])
        logits = tf.matmul(images, weights) + bias
        loss = loss_function(labels, logits)
    gradient_weights, gradient_bias = tape.gradient(loss, [weights, bias])
    return weights - learning_rate * gradient_weights, bias - learning_rate * gradient_bias, loss


def _fast_step(images, labels, transposed_weights, bias, step_size, loss):
    """The step of :func:`_gradient_descent_step`, with the gradient written out.

    ``transposed_weights`` is ``W`` transposed, (10, 784); ``step_size`` is the
    learning rate over the batch size. Returns the new transposed weights, the
    new bias and the loss of each image.
    """
    logits = tf.matmul(images, transposed_weights, transpose_b=True) + bias
    losses, logit_gradients = _losses_and_logit_gradients(loss, labels, logits)
    moves = step_size * logit_gradients  # the learning rate times dL/dlogits, image by image
    return (
        transposed_weights - tf.matmul(moves, images, transpose_a=True),
        bias - tf.reduce_sum(moves, axis=0),
        losses,
    )


def _losses_and_logit_gradients(loss: str, labels: tf.Tensor, logits: tf.Tensor):
    """The loss of each image and its gradient with respect to that image's logits."""
    if loss == "cross_entropy":
        # One kernel gives both the loss and its gradient, softmax(logits) - labels; it is
        # the kernel through which TensorFlow 1's minimize took the gradient.
        return tf.raw_ops.SoftmaxCrossEntropyWithLogits(features=logits, labels=labels)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        losses = tf.reduce_sum(tf.square(tf.nn.softmax(logits) - labels), axis=1)
    return losses, tape.gradient(losses, logits)


def _descend(pixels, labels, indices, weights, bias, step_size, loss):
    """Take one step per row of ``indices``, on the images and labels that the row picks.

    ``pixels`` and ``labels`` are the whole split, ``indices`` is (steps, batch).
    Returns the final weights and bias and the mean loss of every step. ``W``
    is kept transposed, (10, 784), so that both products of a step read the
    images and the weights row by row, which is a third faster on a CPU.
    """

    def take_step(step, transposed_weights, bias, losses):
        rows = tf.gather(indices, step)
        images = _as_float_images(tf.gather(pixels, rows))
        transposed_weights, bias, batch_losses = _fast_step(
            images, tf.gather(labels, rows), transposed_weights, bias, step_size, loss
        )
        return step + 1, transposed_weights, bias, losses.write(step, tf.reduce_mean(batch_losses))

    n_steps = tf.shape(indices)[0]
    losses = tf.TensorArray(tf.float32, size=n_steps)
    _, transposed_weights, bias, losses = tf.while_loop(
        lambda step, *_: step < n_steps, take_step, (0, tf.transpose(weights), bias, losses)
    )
    return tf.transpose(transposed_weights), bias, losses.stack()


_TRAINING_LOOPS: dict[tuple[str, tf.DType], Callable] = {}


def _training_loop(loss: str, pixel_type: tf.DType) -> Callable:
    """:func:`_descend` traced for one loss and one type of stored images.

    Traced once per process, whatever the split or the number of steps.
    """
    if (loss, pixel_type) not in _TRAINING_LOOPS:
        signature = [
            tf.TensorSpec([None, N_PIXELS], pixel_type),
            tf.TensorSpec([None, N_CLASSES], tf.float32),
            tf.TensorSpec([None, None], tf.int64),
            tf.TensorSpec([N_PIXELS, N_CLASSES], tf.float32),
            tf.TensorSpec([N_CLASSES], tf.float32),
            tf.TensorSpec([], tf.float32),
        ]

        def loop(pixels, labels, indices, weights, bias, step_size):
            return _descend(pixels, labels, indices, weights, bias, step_size, loss)

        _TRAINING_LOOPS[loss, pixel_type] = tf.function(
            loop, input_signature=signature, autograph=False
        )
    return _TRAINING_LOOPS[loss, pixel_type]


def _step_size(learning_rate: float, batch_size: int) -> tf.Tensor:
    """The learning rate over the batch size, by which each image's gradient is scaled."""
    return tf.constant(np.float32(learning_rate) / np.float32(batch_size))


# --------------------------------------------------------------------------------------
# The splits as TensorFlow holds them
# --------------------------------------------------------------------------------------


def _stored_images(dataset: DataSet) -> tf.Tensor:
    """The split's images in TensorFlow: its uint8 pixels if known, else float32 images.

    The arrays of :func:`load_mnist` are read in place; others are copied.
    """
    if dataset.pixels is not None:
        return _shared_memory.as_tensor(dataset.pixels)
    return _shared_memory.as_tensor(np.asarray(dataset.images, dtype=np.float32))


def _as_float_images(stored: tf.Tensor) -> tf.Tensor:
    """Stored images as float32 in [0, 1]; uint8 pixels are scaled exactly as load_mnist does."""
    if stored.dtype == tf.uint8:
        return tf.cast(stored, tf.float32) * _PIXEL_SCALE
    return stored


def _evaluator(dataset: DataSet | None) -> Callable[[tf.Tensor, tf.Tensor], float] | None:
    """A function giving the accuracy on ``dataset`` of given weights and bias.

    It computes the logits exactly as :meth:`LinearSoftmax.predict` does, from
    the float32 images, which stay in TensorFlow while the split lives.
    """
    if dataset is None:
        return None
    images = _shared_memory.as_tensor(np.asarray(dataset.images, dtype=np.float32))

    def evaluate(weights: tf.Tensor, bias: tf.Tensor) -> float:
        logits = (tf.matmul(images, weights) + bias).numpy()
        if not np.isfinite(logits).all() and not np.isfinite(dataset.images).all():
            raise ValueError(
                "images contains NaN or infinite values; pass pixel intensities in [0, 1]."
            )
        return float(np.mean(np.argmax(logits, axis=1) == dataset.digits))

    return evaluate


# --------------------------------------------------------------------------------------
# Checks and bookkeeping
# --------------------------------------------------------------------------------------


def _check_model(model) -> None:
    """Raise ``ValueError`` unless ``model`` is a :class:`LinearSoftmax`."""
    if not isinstance(model, LinearSoftmax):
        raise ValueError(
            f"model must be a mnist_tutorial.LinearSoftmax; got {type(model).__name__}. "
            "Create one with mt.LinearSoftmax()."
        )


def _check_dataset(name: str, dataset) -> None:
    """Raise ``ValueError`` unless ``dataset`` is a :class:`DataSet`."""
    if not isinstance(dataset, DataSet):
        raise ValueError(
            f"{name} must be a mnist_tutorial.DataSet, e.g. mt.load_mnist().train; "
            f"got {type(dataset).__name__}."
        )


def _check_training_settings(
    steps: int, batch_size: int, learning_rate: float, loss: str, n_examples: int
) -> None:
    """Raise ``ValueError`` for a step count, batch size, learning rate or loss out of range."""
    check_count("steps", steps, 1, None)
    check_count("batch_size", batch_size, 1, n_examples)
    if (
        isinstance(learning_rate, bool)
        or not isinstance(learning_rate, numbers.Real)
        or not math.isfinite(learning_rate)
        or learning_rate <= 0
    ):
        raise ValueError(
            f"learning_rate must be a finite number above zero, e.g. 0.5; got {learning_rate!r}."
        )
    if loss not in LOSS_NAMES:
        raise ValueError(f"loss must be one of {', '.join(map(repr, LOSS_NAMES))}; got {loss!r}.")


def _check_seeds(seeds: Iterable[int]) -> list[int]:
    """Return the seeds as a non-empty list of integers, or raise ``ValueError``."""
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed, e.g. range(10); got none.")
    for seed in seeds:
        check_count("each seed", seed, 0, None)
    return [int(seed) for seed in seeds]


def _evaluation_stops(steps: int, evaluate_every: int | None, evaluation_set) -> list[int]:
    """The step counts at which training pauses for an evaluation; the last is ``steps``."""
    if evaluate_every is None:
        if evaluation_set is not None:
            raise ValueError("evaluation_set is given but evaluate_every is not; pass both.")
        return [steps]
    check_count("evaluate_every", evaluate_every, 1, None)
    _check_dataset("evaluation_set (required with evaluate_every)", evaluation_set)
    return [*range(evaluate_every, steps, evaluate_every), steps]


def _history(step_losses, accuracies, stops, dataset, batch_size, learning_rate, loss):
    """Assemble the :class:`TrainingHistory` of one run of :func:`train`."""
    measured = bool(accuracies)
    return TrainingHistory(
        loss=np.concatenate(step_losses),
        loss_name=loss,
        learning_rate=float(learning_rate),
        batch_size=batch_size,
        seed=dataset.seed,
        accuracy=np.array(accuracies) if measured else None,
        accuracy_steps=np.array([0, *stops]) if measured else None,
    )
