"""The convolutional network of TensorFlow's "Deep MNIST" tutorial, rebuilt in Keras."""

from __future__ import annotations

import time
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from . import _checks
from .data import DataSet

# (The dict itself lives in _checks, so that the command line checks without TensorFlow.)
#: The recipe of the deep network's full run: the defaults of :func:`train_deep_network`.
#:
#: Passes over the training images, images per step, and Adam's initial learning
#: rate, lowered along a cosine over the run; ``python -m mnist_tutorial deep``
#: takes the same defaults.
#:
#: See Also
#: --------
#: DEEP_MNIST_ACCURACY : What this run reaches at least, as the test suite checks.
#:
#: Examples
#: --------
#: >>> import mnist_tutorial as mt
#: >>> mt.DEEP_TRAINING
#: {'epochs': 6, 'batch_size': 128, 'learning_rate': 0.001}
DEEP_TRAINING: dict[str, float | int] = _checks.DEEP_TRAINING

#: The test accuracy TensorFlow 1's "Deep MNIST for Experts" tutorial reported.
#:
#: The test suite checks that the full run (:data:`DEEP_TRAINING`, seed 0)
#: reaches at least this.
#:
#: See Also
#: --------
#: accuracy : Measures a network's accuracy.
#:
#: Examples
#: --------
#: >>> import mnist_tutorial as mt
#: >>> f"{mt.DEEP_MNIST_ACCURACY:.1%}"
#: '99.2%'
DEEP_MNIST_ACCURACY = 0.992


def build_deep_network(*, dropout_rate: float = 0.5, seed: int = 0) -> keras.Model:
    """Build the convolutional network of TensorFlow's "Deep MNIST" tutorial.

    Two 5x5 convolutions (32 and 64 filters, each followed by ReLU and 2x2
    max-pooling), a dense layer of 1024 ReLU units, dropout, and a dense layer
    of ten logits, one per digit.

    Parameters
    ----------
    dropout_rate : float, default=0.5
        Fraction of the dense layer's units zeroed at each training step (the
        tutorial's ``keep_prob`` is ``1 - dropout_rate``). From 0 to below 1.
    seed : int, default=0
        Seed of the initial weights and of the dropout masks; the same seed
        gives the same network.

    Returns
    -------
    network : keras.Model
        Untrained; takes images of shape (n_samples, 784) and returns logits of
        shape (n_samples, 10). It is not compiled: :func:`train_deep_network`
        does that.

    Raises
    ------
    ValueError
        If ``dropout_rate`` is not a number in [0, 1) or ``seed`` is not a
        non-negative integer.

    See Also
    --------
    train_deep_network : Trains it.
    predict_digits : Classifies images with it.

    Notes
    -----
    A convolution computes, for each filter :math:`f` and each position
    :math:`(r, c)` of the image, the same small weighted sum of the 5x5 patch
    around that position,

    .. math::

        a_{f,r,c} = \\mathrm{ReLU}\\Big(b_f + \\sum_{i,j=-2}^{2} \\sum_{d}
        w_{f,i,j,d}\\, x_{r+i,\\,c+j,\\,d}\\Big),

    so one filter detects one local pattern (a stroke, an end, a curve)
    wherever it appears. Max-pooling keeps the largest of each 2x2 block,
    halving the picture (28 to 14 to 7) and tolerating small shifts.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> network = mt.build_deep_network()
    >>> network(np.zeros((2, 784), dtype=np.float32)).shape
    TensorShape([2, 10])
    >>> network.count_params()
    3274634
    """
    hint = "It is the fraction of units dropped; use 0 for no dropout."
    _checks.check_number("dropout_rate", dropout_rate, at_least=0, below=1, hint=hint)
    _checks.check_count("seed", seed, 0, _checks.MAX_SEED)
    layers = keras.layers
    seeds = keras.random.SeedGenerator(seed)  # one generator: each layer draws other weights
    initial = {"kernel_initializer": keras.initializers.GlorotUniform(seed=seeds)}
    images = keras.Input(shape=(_checks.N_PIXELS,), name="images")
    x = layers.Reshape((28, 28, 1), name="picture")(images)
    x = layers.Conv2D(32, 5, padding="same", activation="relu", name="convolution_1", **initial)(x)
    x = layers.MaxPooling2D(2, name="pooling_1")(x)
    x = layers.Conv2D(64, 5, padding="same", activation="relu", name="convolution_2", **initial)(x)
    x = layers.MaxPooling2D(2, name="pooling_2")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(1024, activation="relu", name="dense", **initial)(x)
    x = layers.Dropout(float(dropout_rate), seed=seed, name="dropout")(x)
    logits = layers.Dense(_checks.N_CLASSES, name="logits", **initial)(x)
    return keras.Model(images, logits, name="deep_mnist")


@dataclass(frozen=True)
class DeepTrainingHistory:
    """What :func:`train_deep_network` measured, one value per epoch.

    Attributes
    ----------
    loss : numpy.ndarray of shape (epochs,)
        Mean cross-entropy (nats) of the training batches of each epoch, with
        dropout on.
    accuracy : numpy.ndarray of shape (epochs,)
        Fraction of each epoch's training images classified correctly, with
        dropout on.
    validation_accuracy : numpy.ndarray of shape (epochs,) or None
        Accuracy on the validation set after each epoch, or None if none was
        given.
    n_examples : int
        How many images the network was trained on (``max_examples`` or all).
    n_steps : int
        Number of gradient steps taken in all.
    seconds : float
        Wall-clock seconds of training, including TensorFlow's tracing of the step.

    See Also
    --------
    train_deep_network : Trains a network and returns this.
    TrainingHistory : What :func:`train` records for the blog's model.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> tiny = mt.DataSet(np.zeros((8, 784), dtype=np.float32), np.arange(8))
    >>> history = mt.train_deep_network(mt.build_deep_network(), tiny, epochs=2, batch_size=4)
    >>> history.loss.shape, history.n_steps, history.validation_accuracy is None
    ((2,), 4, True)
    """

    loss: np.ndarray
    accuracy: np.ndarray
    validation_accuracy: np.ndarray | None
    n_examples: int
    n_steps: int
    seconds: float


def train_deep_network(
    network: keras.Model,
    dataset: DataSet,
    *,
    epochs: int = DEEP_TRAINING["epochs"],
    batch_size: int = DEEP_TRAINING["batch_size"],
    learning_rate: float = DEEP_TRAINING["learning_rate"],
    decay: bool = True,
    max_examples: int | None = None,
    validation: DataSet | None = None,
    seed: int = 0,
    progress: bool = False,
) -> DeepTrainingHistory:
    """Train a network from :func:`build_deep_network` with Adam and cross-entropy.

    The defaults are the full run of ``python -m mnist_tutorial deep``
    (:data:`DEEP_TRAINING`); the test suite checks that, on all of
    ``mnist.train`` with seed 0, it reaches a test accuracy of at least
    :data:`DEEP_MNIST_ACCURACY`.

    Parameters
    ----------
    network : keras.Model
        Takes images of shape (n_samples, 784) and returns 10 logits per image;
        trained in place. It is compiled anew, so each call starts with a fresh
        optimizer.
    dataset : DataSet
        The training images, e.g. ``mnist.train``, with pixel values in
        [0, 1]. Its own batch state is left untouched.
    epochs : int, default=DEEP_TRAINING["epochs"]
        Passes over the training images.
    batch_size : int, default=DEEP_TRAINING["batch_size"]
        Images per gradient step.
    learning_rate : float, default=DEEP_TRAINING["learning_rate"]
        Adam's initial step size.
    decay : bool, default=True
        Lower the learning rate along a cosine to 1% of ``learning_rate`` over
        the run; if False it stays constant.
    max_examples : int, optional
        Train on only the first ``max_examples`` images of ``dataset``, to fit
        a time budget. All of them if omitted.
    validation : DataSet, optional
        If given, the accuracy on it is measured after each epoch.
    seed : int, default=0
        Seed of the order in which the images are drawn into batches.
    progress : bool, default=False
        Show Keras' progress bar (one per epoch).

    Returns
    -------
    history : DeepTrainingHistory
        Loss and accuracy per epoch, the number of images and steps, and the
        training time in seconds.

    Raises
    ------
    ValueError
        If ``network`` is not a Keras model from 784 pixels to 10 logits;
        ``dataset`` or ``validation`` is not a :class:`DataSet` or holds pixel
        values that are NaN, infinite or outside [0, 1]; a setting is out of
        range (the message gives the allowed range); or the loss or the
        weights stop being finite during training (the message names the
        epoch and suggests a smaller learning rate).

    See Also
    --------
    build_deep_network : Builds the network.
    accuracy : Measures it on a test set.
    train : Trains the blog's one-layer model instead.

    Notes
    -----
    The batches follow TensorFlow 1's ``next_batch`` (see
    :meth:`DataSet.next_batch`): one epoch is
    :math:`\\lceil n / \\text{batch\\_size} \\rceil` steps. The loss is the
    mean cross-entropy of the batch computed from the logits,
    :math:`-\\frac{1}{m}\\sum_i \\log \\mathrm{softmax}(z_i)_{y_i}`. With
    ``decay``, step :math:`t` of :math:`T` uses the learning rate
    :math:`\\eta_t = \\eta \\big(0.01 + 0.99 \\cdot \\tfrac{1}{2}(1 + \\cos(\\pi t / T))\\big)`.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> tiny = mt.DataSet(np.zeros((8, 784), dtype=np.float32), np.arange(8))
    >>> history = mt.train_deep_network(mt.build_deep_network(), tiny, epochs=1, batch_size=4)
    >>> history.n_examples, history.n_steps, history.loss.shape
    (8, 2, (1,))
    """
    subset = _checked_training(network, dataset, validation, max_examples)
    n_steps = _checks.check_epochs(subset.num_examples, epochs, batch_size)
    _check_settings(learning_rate, decay, seed, progress)
    rate = float(learning_rate)
    if decay:  # a cosine from learning_rate down to 1% of it
        rate = keras.optimizers.schedules.CosineDecay(rate, n_steps, alpha=0.01)
    network.compile(
        optimizer=keras.optimizers.Adam(rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
    )
    started = time.perf_counter()
    fitted = network.fit(
        _batches(subset.reseeded(seed), n_steps, batch_size),
        epochs=epochs,
        steps_per_epoch=n_steps // epochs,
        validation_data=None if validation is None else (validation.images, validation.digits),
        validation_batch_size=1000,
        shuffle=False,  # the batches are already drawn in a shuffled order
        callbacks=[_stop_if_diverged(network, learning_rate)],
        verbose=1 if progress else 0,
    )
    seconds = time.perf_counter() - started
    logged = {name: np.asarray(values) for name, values in fitted.history.items()}
    per_epoch = (logged["loss"], logged["accuracy"], logged.get("val_accuracy"))
    return DeepTrainingHistory(*per_epoch, subset.num_examples, n_steps, seconds)


def _checked_training(network, dataset, validation, max_examples: int | None) -> DataSet:
    """Check the network and the data; return the images to train on."""
    _check_network(network)
    _checks.check_instance("dataset", dataset, DataSet, "mt.load_mnist().train")
    if validation is not None:
        _checks.check_instance("validation", validation, DataSet, "mt.load_mnist().validation")
    if max_examples is None:
        return dataset
    _checks.check_count("max_examples", max_examples, 1, dataset.num_examples)
    return DataSet(dataset.images[:max_examples], dataset.digits[:max_examples], seed=dataset.seed)


def _check_settings(learning_rate, decay, seed, progress) -> None:
    """Raise ``ValueError`` unless the remaining settings of the training are valid."""
    _checks.check_learning_rate(learning_rate, example="1e-3")
    _checks.check_count("seed", seed, 0, _checks.MAX_SEED)
    for name, value in (("decay", decay), ("progress", progress)):
        if not isinstance(value, bool | np.bool_):
            raise ValueError(f"{name} must be True or False; got {value!r}.")


def _stop_if_diverged(network: keras.Model, learning_rate: float) -> keras.callbacks.Callback:
    """A callback that raises ``ValueError`` once the loss or a weight is NaN or infinite."""

    def check(epoch: int, logs: dict) -> None:
        weights_finite = all(np.isfinite(weights).all() for weights in network.get_weights())
        if not (np.isfinite(logs.get("loss", 0.0)) and weights_finite):
            kept = "the network keeps the weights it diverged to"
            raise _checks.diverged(f"during epoch {epoch + 1}", learning_rate, kept)

    return keras.callbacks.LambdaCallback(on_epoch_end=check)


def _batches(dataset: DataSet, n_steps: int, batch_size: int) -> tf.data.Dataset:
    """The ``n_steps`` batches of (images, digits) that ``dataset.next_batch`` would give."""
    images, digits = tf.constant(dataset.images), tf.constant(dataset.digits)  # float32, int64
    rows = dataset.batch_indices(n_steps, batch_size)
    batches = tf.data.Dataset.from_tensor_slices(rows).map(
        lambda indices: (tf.gather(images, indices), tf.gather(digits, indices))
    )
    return batches.prefetch(tf.data.AUTOTUNE)


def predict_digits(network: keras.Model, images, *, batch_size: int = 1000) -> np.ndarray:
    """Return the digit a network predicts for each image: the class of its largest logit.

    Parameters
    ----------
    network : keras.Model
        Takes images of shape (n_samples, 784) and returns 10 logits per image,
        e.g. from :func:`build_deep_network`. Dropout is off while predicting.
    images : array-like of shape (n_samples, 784)
        Flattened images with pixel values in [0, 1]: a NumPy array, a
        ``tf.Tensor`` or nested lists.
    batch_size : int, default=1000
        Images per forward pass; only memory use depends on it.

    Returns
    -------
    digits : numpy.ndarray of shape (n_samples,)
        The predicted digits, int64.

    Raises
    ------
    ValueError
        If ``network`` is not a Keras model from 784 pixels to 10 logits,
        ``images`` is not an array of shape (n_samples, 784) of real pixel
        values in [0, 1] (NaN and infinity included), or ``batch_size`` is not
        a positive integer.

    See Also
    --------
    accuracy : The fraction of these predictions that are right.
    LinearSoftmax.predict : The same for the blog's model.

    Notes
    -----
    The prediction is :math:`\\hat y = \\arg\\max_k z_k`; the softmax is not
    needed because it does not change which logit is largest.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> mt.predict_digits(mt.build_deep_network(), np.zeros((3, 784))).shape
    (3,)
    """
    _check_network(network)
    images = _checks.as_images("images", images)
    _checks.check_count("batch_size", batch_size, 1, None)
    if images.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    logits = network.predict(images, batch_size=batch_size, verbose=0)
    return np.asarray(logits).argmax(axis=1).astype(np.int64)


def _check_network(network, name: str = "network") -> None:
    """Raise ``ValueError`` unless ``network`` (argument ``name``) maps 784 pixels to 10 logits."""
    _checks.check_instance(name, network, keras.Model, "mt.build_deep_network()")
    shapes = (tuple(network.input_shape), tuple(network.output_shape))
    if shapes != ((None, _checks.N_PIXELS), (None, _checks.N_CLASSES)):
        raise ValueError(
            f"{name} must map images of shape (n_samples, 784) to logits of shape "
            f"(n_samples, 10); it maps {shapes[0]} to {shapes[1]}."
        )
