"""The blog's model, softmax regression, trained by plain gradient descent in TensorFlow 2."""

from __future__ import annotations

import itertools
import os
import signal
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import tensorflow as tf

from . import _checks

# MAX_TRAINING_IMAGES is public as mt.MAX_TRAINING_IMAGES, the limit of train.
from ._checks import MAX_TRAINING_IMAGES, N_CLASSES, N_PIXELS  # noqa: F401
from .data import DataSet

#: The losses :func:`train` can minimise: cross-entropy and the squared error.
#:
#: Examples
#: --------
#: >>> import mnist_tutorial as mt
#: >>> mt.LOSS_NAMES
#: ('cross_entropy', 'mse')
LOSS_NAMES: tuple[str, ...] = ("cross_entropy", "mse")


class LinearSoftmax(tf.Module):
    """Softmax regression, the blog's model: ``logits = images @ W + b``.

    The :term:`model` of lesson one: its :term:`weights` ``W`` and :term:`bias`
    ``b`` turn each image into ten :term:`logits <logit>`, whose :term:`softmax`
    is the probability of each digit. A ``tf.Module``, so TensorFlow tracks its
    variables (``model.trainable_variables``) and can save it with
    ``tf.train.Checkpoint``.

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
    weights : numpy.ndarray of shape (784, 10)
        A float32 copy of ``W``.
    bias : numpy.ndarray of shape (10,)
        A float32 copy of ``b``.

    See Also
    --------
    train : Fits ``W`` and ``b`` by gradient descent.
    accuracy : The fraction of a split the model classifies correctly.
    build_deep_network : The convolutional network that goes further.

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
            Pixel intensities in [0, 1], one flattened image per row.

        Returns
        -------
        logits : tf.Tensor of shape (n_samples, 10)
            The unnormalised score of each digit for each image.

        Raises
        ------
        ValueError
            If ``images`` is not real numbers of shape (n_samples, 784), holds NaN or
            infinite values, or values outside [0, 1] (e.g. 0-255 pixels not yet
            divided by 255); a ``tf.Tensor`` is checked like an array, except
            inside a ``tf.function``, where only its shape can be checked.
        """
        if tf.is_symbolic_tensor(images):  # inside a tf.function: only the shape is known
            return tf.matmul(tf.ensure_shape(images, [None, N_PIXELS]), self.W) + self.b
        _checks.check_finite_parameters(self)
        return tf.matmul(_checks.as_images("images", images), self.W) + self.b

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
        images : array-like or tf.Tensor of shape (n_samples, 784)
            Pixel intensities in [0, 1], one flattened image per row.

        Returns
        -------
        probabilities : numpy.ndarray of shape (n_samples, 10)
            float32 rows that sum to 1.

        Raises
        ------
        ValueError
            If ``images`` is not real numbers of shape (n_samples, 784), holds NaN or
            infinite values, or values outside [0, 1] (e.g. 0-255 pixels not yet
            divided by 255); a ``tf.Tensor`` is checked like an array.
        """
        return tf.nn.softmax(self(images)).numpy()

    def predict(self, images) -> np.ndarray:
        """Return the most probable digit of each image (the ``argmax`` of the logits).

        Parameters
        ----------
        images : array-like or tf.Tensor of shape (n_samples, 784)
            Pixel intensities in [0, 1], one flattened image per row.

        Returns
        -------
        digits : numpy.ndarray of shape (n_samples,)
            int64 digits 0-9; a tie goes to the smallest digit.

        Raises
        ------
        ValueError
            If ``images`` is not real numbers of shape (n_samples, 784), holds NaN or
            infinite values, or values outside [0, 1] (e.g. 0-255 pixels not yet
            divided by 255); a ``tf.Tensor`` is checked like an array.

        See Also
        --------
        predict_digits : The same for the deep network of :func:`build_deep_network`.
        accuracy : The share of a split whose digits this gets right.
        """
        return tf.argmax(self(images), axis=1).numpy()


def accuracy(model: LinearSoftmax | tf.keras.Model, dataset: DataSet) -> float:
    """Return the fraction of a split's images whose digit the model predicts correctly.

    Parameters
    ----------
    model : LinearSoftmax or keras.Model
        The model to evaluate: the blog's, or a Keras network from images of
        shape (n_samples, 784) to 10 logits, such as :func:`build_deep_network`'s.
    dataset : DataSet
        The split, e.g. ``mt.load_mnist().test``.

    Returns
    -------
    accuracy : float
        A number in [0, 1].

    Raises
    ------
    ValueError
        If ``model`` is neither a :class:`LinearSoftmax` nor a Keras network from
        784 pixels to 10 logits, ``dataset`` is not a :class:`DataSet` or an empty
        one, or the images of ``dataset`` are not finite numbers in [0, 1].

    See Also
    --------
    LinearSoftmax.predict : The predicted digits compared here, for the blog's model.
    predict_digits : The predicted digits compared here, for a Keras network.

    Notes
    -----
    With :math:`\\hat y_i` the predicted and :math:`y_i` the true digit of
    image :math:`i` of :math:`n`,

    .. math::

        \\text{accuracy} = \\frac{1}{n} \\sum_{i=1}^{n} [\\hat y_i = y_i].

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> test = mt.load_mnist().test
    >>> round(mt.accuracy(mt.LinearSoftmax(), test), 4)  # all zero: always "0", right for every 0
    0.098

    An untrained deep network gives a blank image ten logits of 0, so it too says "0":

    >>> blank = mt.DataSet(np.zeros((4, 784), dtype=np.float32), np.array([0, 0, 7, 1]))
    >>> mt.accuracy(mt.build_deep_network(), blank)
    0.5
    """
    predict = model.predict if isinstance(model, LinearSoftmax) else _network_predict(model)
    _checks.check_instance("dataset", dataset, DataSet, "mt.load_mnist().test")
    if dataset.num_examples == 0:
        raise ValueError("dataset has no images, so it has no accuracy; pass a non-empty split.")
    return float(np.mean(predict(dataset.images) == dataset.digits))


def _network_predict(model) -> Callable:
    """``predict_digits`` of a Keras network from 784 pixels to 10 logits, for :func:`accuracy`."""
    from . import deep  # here: it imports Keras, slow, and the blog's model needs none

    if not isinstance(model, deep.keras.Model):
        kinds = "a mnist_tutorial.LinearSoftmax or a Keras network such as mt.build_deep_network()"
        raise ValueError(f"model must be {kinds}; got {type(model).__name__}.")
    deep._check_network(model, "model")
    return lambda images: deep.predict_digits(model, images)


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
    steps : int
        The number of gradient-descent steps taken.

    See Also
    --------
    train : Trains a model and returns its history.
    plot_training_curve : Draws the loss and accuracy of a history.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> tiny = mt.DataSet(np.zeros((4, 784), dtype=np.float32), np.array([3, 1, 4, 1]))
    >>> history = mt.train(mt.LinearSoftmax(), tiny, steps=3, batch_size=2,
    ...                    evaluate_every=2, evaluation_set=tiny)
    >>> history.steps, history.accuracy_steps
    (3, array([0, 2, 3]))
    >>> round(float(history.loss[0]), 4)  # ln 10: all ten digits equally likely at first
    2.3026
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
    callback: Callable[[LinearSoftmax], object] | None = None,
) -> TrainingHistory:
    """Fit the model by plain gradient descent on mini-batches, as the blog did.

    Each step is the one :ref:`sphx_glr_auto_examples_lesson_one_plot_03_training.py`
    writes and derives: :ref:`take_steps <train-step>`, in this function's body,
    takes the batch's loss under a ``tf.GradientTape``, its gradient, and moves
    ``W`` and ``b`` against it, :math:`W \\leftarrow W - \\eta \\, \\partial L / \\partial W`.

    Parameters
    ----------
    model : LinearSoftmax
        Trained in place, from its current ``W`` and ``b``.
    dataset : DataSet
        The training split. The batches are those of ``steps`` calls of
        ``dataset.next_batch(batch_size)``, and its batching advances as far.
    steps : int, default=1000
        Steps, one batch each; ``steps * batch_size`` at most
        ``mt.MAX_TRAINING_IMAGES`` (20 million). Another call goes on from there.
    batch_size : int, default=100
        Images per batch, from 1 to ``dataset.num_examples``.
    learning_rate : float, default=0.5
        The step size :math:`\\eta`, above zero.
    loss : {"cross_entropy", "mse"}, default="cross_entropy"
        Cross-entropy of the softmax (from the logits), or the squared distance
        between the softmax and the one-hot label.
    evaluate_every : int, optional
        Measure the accuracy on ``evaluation_set`` (then required) before the
        first step, every ``evaluate_every`` steps and after the last.
    evaluation_set : DataSet, optional
        The split to measure, e.g. ``mnist.validation``.
    callback : callable, optional
        Called as ``callback(model)`` after each of those measurements, to
        measure more (:func:`compare_losses` measures the gradient).

    Returns
    -------
    history : TrainingHistory
        The loss of every step, the settings, and the accuracies if measured
        (``accuracy`` at ``accuracy_steps``).

    Raises
    ------
    ValueError
        If an argument is of the wrong type or out of range (the message says
        which), ``W``, ``b`` or the images are not finite (images in [0, 1]), or
        the loss overflows: then the model keeps its weights from before the
        call, and the message names the step and suggests a smaller learning rate.
    KeyboardInterrupt
        On Ctrl-C, at the end of the stretch under way (a fraction of a second):
        the model and the dataset's batching keep the steps done (the message
        says how many), so another call goes on from there; the history is lost.

    See Also
    --------
    train_seeds : Trains one model per seed, several at a time.
    accuracy : Evaluates the trained model.
    train_deep_network : Trains the convolutional network instead, with Adam.
    train_multi_worker : Trains this model on several worker processes.
    run_blog_program : Trains it with the blog's own TensorFlow 1 program.

    Notes
    -----
    ``take_steps`` is traced once per call into a graph that loops over a
    stretch of about 100,000 images, after which Python checks for divergence,
    measures or stops. A split of :func:`load_mnist` goes into TensorFlow once per
    call, as its 8-bit pixels (a quarter of the memory), scaled per batch bit for bit
    as ``load_mnist`` scales them. On a CPU, runs on the same batches give
    identical weights, and those of the blog's TensorFlow 1 program
    (:func:`run_blog_program`) to within float32 round-off.

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
    _check_training(model, dataset, steps, batch_size, learning_rate, loss)
    batch_of, loss_function = _split_in_tensorflow(dataset), _LOSS_FUNCTIONS[loss]
    learning_rate = float(learning_rate)  # a Python float: a constant of the traced step

    @tf.function(input_signature=[tf.TensorSpec([None, batch_size], tf.int64)])
    def take_steps(batches):
        """Take one gradient-descent step per row of ``batches``; return each step's loss."""
        losses = tf.TensorArray(tf.float32, size=tf.shape(batches)[0])
        for step in tf.range(tf.shape(batches)[0]):
            batch_images, batch_labels = batch_of(batches[step])
            with tf.GradientTape() as tape:
                batch_loss = loss_function(batch_labels, model(batch_images))
            gradient_W, gradient_b = tape.gradient(batch_loss, [model.W, model.b])
            model.W.assign_sub(learning_rate * gradient_W)
            model.b.assign_sub(learning_rate * gradient_b)
            losses = losses.write(step, batch_loss)
        return losses.stack()

    evaluations = _evaluation_stops(steps, evaluate_every, evaluation_set, callback)
    before, losses, accuracies = (model.weights, model.bias), [], []

    def measure() -> None:
        accuracies.append(accuracy(model, evaluation_set))
        if callback is not None:
            callback(model)

    with _CtrlC() as ctrl_c:
        for start, stop in itertools.pairwise(_stretch_ends(steps, batch_size, evaluations)):
            if start in evaluations:
                measure()
            losses.append(take_steps(dataset.batch_indices(stop - start, batch_size)).numpy())
            _stop_if_diverged(model, before, np.concatenate(losses), learning_rate)
            ctrl_c.stop_if_pressed(stop, steps)
    if evaluations:
        measure()
    return TrainingHistory(
        loss=np.concatenate(losses),
        loss_name=loss,
        learning_rate=learning_rate,
        batch_size=batch_size,
        seed=dataset.seed,
        accuracy=np.array(accuracies) if evaluations else None,
        accuracy_steps=np.array([*evaluations, steps]) if evaluations else None,
    )


#: Images per traced stretch of :func:`train`, a fraction of a second, so Ctrl-C is seen soon.
_IMAGES_PER_STRETCH = 100_000


def _stretch_ends(steps: int, batch_size: int, evaluations: list[int]) -> list[int]:
    """Where :func:`train` leaves its traced loop: 0, each evaluation, each stretch, ``steps``."""
    stretch = max(1, _IMAGES_PER_STRETCH // batch_size)
    return sorted({0, *evaluations, *range(stretch, steps, stretch), steps})


class _CtrlC:
    """Hold Ctrl-C (SIGINT) until a stretch of steps ends, then stop ``train`` there.

    Only the main thread receives signals, so elsewhere (``train_seeds``'s pool) nothing is held.
    """

    def __enter__(self) -> _CtrlC:
        self.pressed, self.main = False, threading.current_thread() is threading.main_thread()
        if self.main:
            self.previous = signal.signal(signal.SIGINT, lambda *_: setattr(self, "pressed", True))
        return self

    def stop_if_pressed(self, done: int, steps: int) -> None:
        """Raise ``KeyboardInterrupt`` (saying how far training got) if Ctrl-C was pressed."""
        if self.pressed:
            raise KeyboardInterrupt(
                f"train stopped after {done:,} of {steps:,} steps; the model keeps their weights, "
                "and the dataset's batches go on from there."
            )

    def __exit__(self, *_) -> None:
        if self.main:  # None: a handler set outside Python; give back Python's own
            signal.signal(signal.SIGINT, self.previous or signal.default_int_handler)


def _split_in_tensorflow(dataset: DataSet):
    """Copy a split into TensorFlow; return ``batch_of(rows)``, its (images, labels) at rows.

    A split from :func:`load_mnist` keeps MNIST's 8-bit pixels, read-only, beside its
    float32 images. Copying those moves a quarter of the memory, and
    ``pixels * float32(1 / 255)`` gives the images bit for bit, since ``load_mnist``
    computes them so. Any other split is copied as its images, checked again, since
    writable images may have changed since the split was made.
    """
    labels, pixels = tf.constant(dataset.labels, tf.float32), dataset.pixels
    if pixels is not None and not (pixels.flags.writeable or dataset.images.flags.writeable):
        pixels = tf.constant(pixels)  # read-only: still the checked ones
        return lambda rows: (
            tf.cast(tf.gather(pixels, rows), tf.float32) * (1 / 255),
            tf.gather(labels, rows),
        )
    images = tf.constant(_checks.as_images("dataset.images", dataset.images))
    return lambda rows: (tf.gather(images, rows), tf.gather(labels, rows))


def _stop_if_diverged(model, before, losses: np.ndarray, learning_rate: float) -> None:
    """Restore ``before`` and raise ``ValueError`` if the loss or the weights overflowed."""
    if np.isfinite(losses).all() and np.isfinite(model.W.numpy()).all():
        return
    model.W.assign(before[0])
    model.b.assign(before[1])
    bad = np.flatnonzero(~np.isfinite(losses))
    when = f"at step {bad[0] + 1}" if bad.size else f"after step {losses.size}"
    raise _checks.diverged(when, learning_rate, "the model keeps its weights from before")


def _cross_entropy(labels: tf.Tensor, logits: tf.Tensor) -> tf.Tensor:
    """The blog's loss: the mean over the batch of the cross-entropy, from the logits."""
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))


def _mean_squared_error(labels: tf.Tensor, logits: tf.Tensor) -> tf.Tensor:
    """The mean over the batch of the squared distance between softmax and one-hot label."""
    return tf.reduce_mean(tf.reduce_sum(tf.square(tf.nn.softmax(logits) - labels), axis=1))


_LOSS_FUNCTIONS = {"cross_entropy": _cross_entropy, "mse": _mean_squared_error}


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
    seeds : int or iterable of int
        One seed per model, or how many: ``10`` means seeds 0 to 9.
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
        ``models[i]`` is trained with the i-th seed; its weights are exactly
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
    at that step. Each seed is one call of :func:`train`, with its own trace of
    the step and its own copy of the split in TensorFlow. The seeds are
    independent and TensorFlow releases Python's lock while it runs a traced
    loop, so a pool of threads, one per processor, trains several at a time;
    each model is still exactly the one its seed gives alone.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> train_split = mt.load_mnist().train
    >>> models = mt.train_seeds(train_split, [0, 1], steps=20)
    >>> len(models), bool((models[0].weights != models[1].weights).any())
    (2, True)
    """
    seeds = _checks.as_seeds(seeds)
    _checks.check_instance("dataset", dataset, DataSet, "mt.load_mnist().train")
    models = [LinearSoftmax() for _ in seeds]

    def train_one(model: LinearSoftmax, seed: int) -> None:  # train checks the settings
        settings = {"batch_size": batch_size, "learning_rate": learning_rate, "loss": loss}
        train(model, dataset.reseeded(seed), steps=steps, **settings)

    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        list(pool.map(train_one, models, seeds))  # list(): raises a seed's error here
    return models


def gradient_norm(model: LinearSoftmax, images, labels, *, loss: str = "cross_entropy") -> float:
    """Return the size of the gradient of the loss with respect to ``W`` (not ``b``) on a batch.

    Parameters
    ----------
    model : LinearSoftmax
        The model at its current weights.
    images : array-like of shape (n_samples, 784)
        A batch of images.
    labels : array-like of shape (n_samples, 10)
        Their one-hot labels: each row holds one 1 and nine 0s.
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
        If ``model`` is not a :class:`LinearSoftmax`, the shapes are wrong, the
        labels are not one-hot, or ``loss`` is unknown.

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
    _checks.check_instance("model", model, LinearSoftmax, "mt.LinearSoftmax()")
    _check_loss(loss)
    images, labels = _checks.as_images("images", images), _as_one_hot(labels)
    if len(images) != len(labels):
        raise ValueError(
            f"images and labels must have one row per sample each; got {len(images)} "
            f"images and {len(labels)} labels."
        )
    with tf.GradientTape() as tape:
        batch_loss = _LOSS_FUNCTIONS[loss](labels, model(images))
    return float(tf.norm(tape.gradient(batch_loss, model.W)))


# --------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------


def _check_loss(loss: str) -> None:
    """Raise ``ValueError`` unless ``loss`` is one of :data:`LOSS_NAMES`."""
    if loss not in LOSS_NAMES:
        raise ValueError(f"loss must be one of {', '.join(map(repr, LOSS_NAMES))}; got {loss!r}.")


def _as_one_hot(labels) -> np.ndarray:
    """Return ``labels`` as a float32 (n_samples, 10) array of one-hot rows."""
    array = _checks.as_float_array("labels", labels)
    shaped = array.ndim == 2 and array.shape[1] == N_CLASSES
    if not (shaped and np.isin(array, (0, 1)).all() and (array.sum(axis=1) == 1).all()):
        raise ValueError(
            f"labels must be one-hot rows of shape (n_samples, 10), one 1 and nine 0s; got "
            f"shape {array.shape} with values from {array.min(initial=0):g} to "
            f"{array.max(initial=0):g}. Use dataset.labels, not dataset.digits."
        )
    return array.astype(np.float32)


def _evaluation_stops(steps: int, evaluate_every, evaluation_set, callback) -> list[int]:
    """The step counts at which training pauses for an evaluation, besides the end: 0, k, 2k..."""
    if evaluate_every is None:
        if evaluation_set is not None or callback is not None:
            raise ValueError(
                "evaluation_set or callback is given but evaluate_every is not; pass "
                "evaluate_every too, since both act at each evaluation."
            )
        return []
    _checks.check_count("evaluate_every", evaluate_every, 1, None)
    required = "evaluation_set (required with evaluate_every)"
    _checks.check_instance(required, evaluation_set, DataSet, "mt.load_mnist().validation")
    if not (callback is None or callable(callback)):
        raise ValueError(f"callback must be a function of the model, or None; got {callback!r}.")
    return [*range(0, steps, evaluate_every)]


def _check_training(model, dataset, steps, batch_size, learning_rate, loss) -> None:
    """Raise ``ValueError`` for anything :func:`train` and :func:`train_seeds` cannot train."""
    _checks.check_instance("model", model, LinearSoftmax, "mt.LinearSoftmax()")
    _checks.check_finite_parameters(model)
    _checks.check_instance("dataset", dataset, DataSet, "mt.load_mnist().train")
    _checks.check_training_settings(steps, batch_size, learning_rate, dataset.num_examples)
    _check_loss(loss)
