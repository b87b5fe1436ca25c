"""Tests of training under tf.distribute.MirroredStrategy, in this process and in a fresh one."""

import numpy as np
import pytest
import tensorflow as tf

import mnist_tutorial as mt
from mnist_tutorial import distributed


@pytest.fixture(scope="module")
def train_split():
    """The training split."""
    return mt.load_mnist().train


@pytest.fixture(scope="module")
def single_device(train_split):
    """The blog's model after 30 steps of mt.train on seed 5's batches."""
    model = mt.LinearSoftmax()
    history = mt.train(model, train_split.reseeded(5), steps=30)
    return model, history


def test_default_strategy_reproduces_train_exactly(train_split, single_device):
    """On the default strategy the weights, bias and losses equal those of mt.train."""
    model, history = single_device
    run = mt.train_mirrored(tf.distribute.get_strategy(), train_split.reseeded(5), steps=30)
    np.testing.assert_array_equal(run.weights, model.weights)
    np.testing.assert_array_equal(run.bias, model.bias)
    np.testing.assert_allclose(run.loss, history.loss, rtol=1e-6)
    assert run.devices == ("default",)


def test_mirrored_strategy_on_one_device_reproduces_train(train_split, single_device):
    """MirroredStrategy with a single replica gives the weights of mt.train."""
    model, _ = single_device
    strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
    run = mt.train_mirrored(strategy, train_split.reseeded(5), steps=30)
    assert run.n_devices == 1
    np.testing.assert_allclose(run.weights, model.weights, atol=1e-6)


def test_training_advances_the_batching_like_train(train_split):
    """After training, the split's next batch is the one mt.train would leave next."""
    used, fresh = train_split.reseeded(9), train_split.reseeded(9)
    mt.train_mirrored(tf.distribute.get_strategy(), used, steps=3, batch_size=50)
    fresh.batch_indices(3, 50)
    np.testing.assert_array_equal(used.batch_indices(1, 50), fresh.batch_indices(1, 50))


def test_mirrored_run_gives_back_a_model(train_split):
    """run.model() holds the trained weights and bias."""
    run = mt.train_mirrored(tf.distribute.get_strategy(), train_split.reseeded(1), steps=2)
    model = run.model()
    np.testing.assert_array_equal(model.weights, run.weights)
    np.testing.assert_array_equal(model.bias, run.bias)


def test_several_logical_cpus_reproduce_train(train_split, single_device):
    """In a fresh process, 1 and 3 replicas give mt.train's weights to float32 round-off."""
    model, history = single_device
    runs = mt.train_on_logical_cpus(train_split.reseeded(5), device_counts=(1, 3), steps=30)
    assert [run.n_devices for run in runs] == [1, 3]
    assert runs[1].devices[2].endswith("device:CPU:2")
    for run in runs:
        np.testing.assert_allclose(run.weights, model.weights, atol=1e-5)
        np.testing.assert_allclose(run.bias, model.bias, atol=1e-5)
        np.testing.assert_allclose(run.loss, history.loss, rtol=1e-5)
        assert run.seconds > 0


def test_a_failing_process_raises_with_its_error(train_split, monkeypatch):
    """If the training process fails, RuntimeError quotes its standard error."""
    monkeypatch.setattr(distributed, "_WORKER", "import sys; sys.exit('no devices here')")
    with pytest.raises(RuntimeError, match="no devices here"):
        mt.train_on_logical_cpus(train_split, steps=1)


def test_devices_cannot_be_added_once_tensorflow_has_started():
    """Asking for more logical CPUs after TensorFlow ran raises RuntimeError with the way out."""
    tf.constant(0.0) + 1.0  # makes sure TensorFlow has set up its devices
    with pytest.raises(RuntimeError, match="train_on_logical_cpus"):
        mt.configure_logical_cpus(len(tf.config.list_logical_devices("CPU")) + 1)


def test_existing_devices_are_returned_when_enough():
    """Asking for no more CPUs than exist returns their names."""
    tf.constant(0.0) + 1.0
    assert mt.configure_logical_cpus(1) == [tf.config.list_logical_devices("CPU")[0].name]


@pytest.mark.parametrize(
    ("setting", "match"),
    [
        ({"device_counts": ()}, "at least one count"),
        ({"device_counts": 2}, r"e.g. \[2\]"),
        ({"device_counts": (2, 0)}, "each device count"),
        ({"steps": 0}, "steps"),
        ({"batch_size": 0}, "batch_size"),
        ({"learning_rate": float("inf")}, "learning_rate"),
    ],
)
def test_bad_settings_are_rejected_before_starting_a_process(train_split, setting, match):
    """Each bad setting raises ValueError naming it."""
    with pytest.raises(ValueError, match=match):
        mt.train_on_logical_cpus(train_split, **setting)


def test_strategy_must_be_a_strategy(train_split):
    """A device name instead of a strategy raises ValueError saying what to pass."""
    with pytest.raises(ValueError, match="MirroredStrategy"):
        mt.train_mirrored("/cpu:0", train_split)


def test_configure_rejects_zero_devices():
    """Zero devices raise ValueError naming n_devices."""
    with pytest.raises(ValueError, match="n_devices"):
        mt.configure_logical_cpus(0)
