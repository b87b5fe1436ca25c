"""Tests of the Deep MNIST convolutional network: its layers, training and predictions."""

import keras
import numpy as np
import pytest
import tensorflow as tf

import mnist_tutorial as mt


@pytest.fixture(scope="module")
def small_train(mnist):
    """The first 256 training images."""
    return mt.DataSet(mnist.train.images[:256], mnist.train.digits[:256])


def mean_cross_entropy(network, dataset):
    """The network's mean cross-entropy on a data set, dropout off."""
    logits = network.predict(dataset.images, verbose=0)
    return float(mt.cross_entropy(dataset.labels, logits).mean())


def constant_network(digit):
    """A network that gives every image the largest logit for ``digit``."""
    images = keras.Input(shape=(784,))
    layer = keras.layers.Dense(
        10,
        kernel_initializer="zeros",
        bias_initializer=keras.initializers.Constant(np.eye(10)[digit]),
    )
    return keras.Model(images, layer(images))


def test_network_maps_images_to_ten_logits():
    """A batch of n images gives logits of shape (n, 10)."""
    network = mt.build_deep_network()
    assert network(np.zeros((3, 784), dtype=np.float32)).shape == (3, 10)


def test_network_has_the_tutorial_layers():
    """Two 5x5 convolutions (32 and 64 filters), 1024 dense units and dropout, as in TF 1."""
    layers = {layer.name: layer for layer in mt.build_deep_network(dropout_rate=0.4).layers}
    assert (layers["convolution_1"].filters, layers["convolution_1"].kernel_size) == (32, (5, 5))
    assert (layers["convolution_2"].filters, layers["convolution_2"].kernel_size) == (64, (5, 5))
    assert layers["dense"].units == 1024
    assert layers["dropout"].rate == 0.4
    assert layers["pooling_2"].output.shape == (None, 7, 7, 64)


def test_same_seed_gives_the_same_initial_weights():
    """Two networks built with one seed are equal; another seed gives other weights."""
    first, again = mt.build_deep_network(seed=3), mt.build_deep_network(seed=3)
    other = mt.build_deep_network(seed=4)
    for a, b in zip(first.get_weights(), again.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first.get_weights()[0], other.get_weights()[0])


def test_layers_of_one_network_start_differently():
    """Two layers' kernels are not the same random draws rescaled (a seed reused)."""
    weights = mt.build_deep_network().get_weights()
    first, second = weights[0].ravel()[:500], weights[2].ravel()[:500]
    assert abs(np.corrcoef(first, second)[0, 1]) < 0.3


@pytest.mark.parametrize("dropout_rate", [1.0, -0.1, float("nan"), "0.5", True])
def test_bad_dropout_rate_is_rejected(dropout_rate):
    """A dropout rate outside [0, 1) or not a number raises ValueError naming it."""
    with pytest.raises(ValueError, match="dropout_rate must be a number at least 0 and below 1"):
        mt.build_deep_network(dropout_rate=dropout_rate)


def test_training_lowers_the_loss(small_train):
    """Two epochs on 256 images lower their cross-entropy."""
    network = mt.build_deep_network()
    before = mean_cross_entropy(network, small_train)
    mt.train_deep_network(network, small_train, epochs=2, batch_size=32)
    assert mean_cross_entropy(network, small_train) < before - 0.2


@pytest.mark.slow
def test_training_is_reproducible_with_a_seed(small_train):
    """The same seeds give exactly the same trained weights."""
    trained = []
    for _ in range(2):
        network = mt.build_deep_network(seed=1)
        mt.train_deep_network(
            network, small_train, epochs=1, max_examples=96, batch_size=32, seed=5
        )
        trained.append(network.get_weights())
    for first, second in zip(*trained, strict=True):
        np.testing.assert_array_equal(first, second)


def test_history_counts_examples_steps_and_epochs(small_train):
    """max_examples limits the images; an epoch is ceil(n / batch_size) steps."""
    history = mt.train_deep_network(
        mt.build_deep_network(), small_train, epochs=2, batch_size=32, max_examples=100
    )
    assert (history.n_examples, history.n_steps) == (100, 8)
    assert history.loss.shape == history.accuracy.shape == (2,)
    assert history.validation_accuracy is None
    assert history.seconds > 0


@pytest.mark.slow
def test_validation_accuracy_is_measured_each_epoch(small_train):
    """With a validation set, one accuracy in [0, 1] is recorded per epoch."""
    history = mt.train_deep_network(
        mt.build_deep_network(), small_train, epochs=2, batch_size=64, validation=small_train
    )
    assert history.validation_accuracy.shape == (2,)
    assert np.all((history.validation_accuracy >= 0) & (history.validation_accuracy <= 1))


def test_training_leaves_the_batching_of_the_dataset_alone(small_train):
    """Training draws its batches from a reseeded copy, not from the data set itself."""
    before = small_train.reseeded(small_train.seed).batch_indices(1, 16)
    mt.train_deep_network(
        mt.build_deep_network(), small_train, epochs=1, max_examples=32, batch_size=32
    )
    np.testing.assert_array_equal(small_train.batch_indices(1, 16), before)


@pytest.mark.parametrize(
    ("setting", "match"),
    [
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 257}, "batch_size"),
        ({"max_examples": 0}, "max_examples"),
        ({"max_examples": 64, "batch_size": 65}, "batch_size"),
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"learning_rate": float("nan")}, "learning_rate"),
        ({"learning_rate": True}, "learning_rate"),
        ({"learning_rate": 1e39}, "overflow float32"),
        ({"epochs": 1.5}, "epochs"),
        ({"epochs": 10**9}, "epochs=1000000000 of 256 images"),
        ({"seed": -1}, "seed"),
        ({"decay": "yes"}, "decay"),
        ({"progress": 1}, "progress"),
        ({"validation": "test"}, "validation"),
    ],
)
def test_bad_training_settings_are_rejected(small_train, setting, match):
    """Each out-of-range setting raises ValueError naming it, before any training."""
    with pytest.raises(ValueError, match=match):
        mt.train_deep_network(mt.build_deep_network(), small_train, **setting)


def test_training_needs_a_dataset():
    """Raw arrays instead of a DataSet raise ValueError saying what to pass."""
    with pytest.raises(ValueError, match="dataset must be a mnist_tutorial.DataSet"):
        mt.train_deep_network(mt.build_deep_network(), np.zeros((4, 784)))


def test_network_of_the_wrong_shape_is_rejected(small_train):
    """A model that does not map 784 pixels to 10 logits raises ValueError with both shapes."""
    images = keras.Input(shape=(28, 28))
    wrong = keras.Model(images, keras.layers.Dense(10)(keras.layers.Flatten()(images)))
    with pytest.raises(ValueError, match=r"it maps \(None, 28, 28\) to \(None, 10\)"):
        mt.train_deep_network(wrong, small_train)


@pytest.mark.parametrize("bad_value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("split", ["dataset", "validation"])
def test_training_refuses_non_finite_images(small_train, split, bad_value):
    """A NaN or infinite pixel in the training or validation images raises ValueError."""
    images = small_train.images.copy()
    images[3, 100] = bad_value
    with pytest.raises(ValueError, match="NaN or infinite"):
        poisoned = mt.DataSet(images, small_train.digits)
        sets = {"dataset": small_train, "validation": None, split: poisoned}
        mt.train_deep_network(
            mt.build_deep_network(), sets["dataset"], validation=sets["validation"]
        )


def test_training_refuses_unscaled_pixels(small_train):
    """Pixel values of 0-255 raise ValueError saying to divide by 255."""
    with pytest.raises(ValueError, match="Divide 0-255 pixels by 255"):  # DataSet refuses them
        unscaled = mt.DataSet(small_train.images * 255, small_train.digits)
        mt.train_deep_network(mt.build_deep_network(), unscaled)


def test_training_that_diverges_stops_with_an_error(small_train):
    """A learning rate far too large makes the loss NaN; training stops and says so."""
    with pytest.raises(ValueError, match=r"diverged.*epoch 1.*smaller"):
        mt.train_deep_network(
            mt.build_deep_network(),
            small_train,
            epochs=2,
            max_examples=64,
            batch_size=32,
            learning_rate=1e30,
        )


def test_predict_digits_is_the_argmax_of_the_logits(small_train):
    """The predicted digit is the position of the largest logit."""
    network = mt.build_deep_network(seed=2)
    logits = network.predict(small_train.images, verbose=0)
    np.testing.assert_array_equal(
        mt.predict_digits(network, small_train.images, batch_size=100), logits.argmax(axis=1)
    )


def test_predict_digits_of_no_images_is_empty():
    """Zero images give zero predictions."""
    assert mt.predict_digits(mt.build_deep_network(), np.zeros((0, 784))).shape == (0,)


@pytest.mark.parametrize(
    ("images", "match"),
    [
        (np.zeros((2, 28, 28)), r"reshape\(-1, 784\)"),
        (np.zeros((2, 783)), r"shape \(n_samples, 784\)"),
        ([[np.nan] * 784], "NaN or infinite"),
        (tf.fill((2, 784), np.nan), "NaN or infinite"),
        (tf.fill((2, 784), np.inf), "NaN or infinite"),
        (np.full((2, 784), 255.0), "Divide 0-255 pixels by 255"),
        (np.full((2, 784), -0.5), r"\[0, 1\]"),
        (np.zeros((2, 784), dtype=complex), "complex"),
        ([["a"] * 784], "real numbers"),
    ],
)
def test_predict_digits_rejects_bad_images(images, match):
    """Images that are not finite rows of 784 pixel values in [0, 1] raise ValueError."""
    with pytest.raises(ValueError, match=match):
        mt.predict_digits(mt.build_deep_network(), images)


def test_predict_digits_takes_a_tensor(small_train):
    """A tf.Tensor of images gives the same digits as the NumPy array."""
    network = mt.build_deep_network(seed=2)
    images = small_train.images[:8]
    np.testing.assert_array_equal(
        mt.predict_digits(network, tf.constant(images)), mt.predict_digits(network, images)
    )


def test_predict_digits_needs_a_keras_model():
    """A LinearSoftmax is not a Keras network; the message says what to pass."""
    with pytest.raises(ValueError, match="keras.Model"):
        mt.predict_digits(mt.LinearSoftmax(), np.zeros((1, 784)))


def test_accuracy_counts_correct_predictions(mnist):
    """A network that always answers 3 is right exactly on the 3s."""
    test = mnist.test
    assert mt.accuracy(constant_network(3), test) == pytest.approx(np.mean(test.digits == 3))


def test_accuracy_refuses_non_finite_images(mnist):
    """A test set with a NaN pixel raises ValueError naming dataset.images."""
    images = mnist.test.images[:10].copy()
    images[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        mt.accuracy(constant_network(0), mt.DataSet(images, mnist.test.digits[:10]))


def test_accuracy_of_no_images_is_refused():
    """An empty data set has no accuracy: ValueError instead of NaN."""
    empty = mt.DataSet(np.zeros((0, 784), dtype=np.float32), np.zeros(0, dtype=int))
    with pytest.raises(ValueError, match="no images"):
        mt.accuracy(constant_network(0), empty)


def test_accuracy_needs_a_dataset():
    """Arrays instead of a DataSet raise ValueError."""
    with pytest.raises(ValueError, match="dataset must be a mnist_tutorial.DataSet"):
        mt.accuracy(constant_network(0), np.zeros((2, 784)))


def test_accuracy_refuses_a_network_of_the_wrong_shape():
    """A Keras network that does not map 784 pixels to 10 logits is refused, naming model."""
    images = keras.Input(shape=(784,))
    three_logits = keras.Model(images, keras.layers.Dense(3)(images))
    blank = mt.DataSet(np.zeros((2, 784), dtype=np.float32), np.zeros(2, dtype=int))
    with pytest.raises(
        ValueError, match=r"model must map .* it maps \(None, 784\) to \(None, 3\)"
    ):
        mt.accuracy(three_logits, blank)


def test_accuracy_names_both_kinds_of_model():
    """Anything but a LinearSoftmax or a Keras network is refused; the message names both."""
    blank = mt.DataSet(np.zeros((2, 784), dtype=np.float32), np.zeros(2, dtype=int))
    expected = "model must be a mnist_tutorial.LinearSoftmax or a Keras network such as"
    with pytest.raises(ValueError, match=expected):
        mt.accuracy("a model", blank)


def test_command_rejects_bad_settings(capsys):
    """python -m mnist_tutorial deep --epochs 0 exits with status 2 and says why."""
    from mnist_tutorial.__main__ import main

    with pytest.raises(SystemExit) as stopped:
        main(["deep", "--epochs", "0", "--max-examples", "64"])
    assert stopped.value.code == 2
    assert "argument --epochs: must be at least 1" in capsys.readouterr().err


@pytest.mark.slow
def test_full_run_reaches_the_tutorial_accuracy(mnist):
    """The defaults, which python -m mnist_tutorial deep runs, reach TF1's Deep MNIST 99.2%."""
    network = mt.build_deep_network()
    mt.train_deep_network(network, mnist.train)
    accuracy = mt.accuracy(network, mnist.test)
    assert accuracy >= mt.DEEP_MNIST_ACCURACY, f"the full run reached only {accuracy:.2%}"


def test_a_seed_tensorflow_cannot_hold_is_refused_by_name():
    """A seed beyond 64 bits is a ValueError naming seed, not an error inside TensorFlow."""
    with pytest.raises(ValueError, match="seed must be from 0 to 9223372036854775807"):
        mt.build_deep_network(seed=2**64)
