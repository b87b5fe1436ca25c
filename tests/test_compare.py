"""Tests of the cross-entropy versus squared-error comparison: starts, gradients, runs."""

import numpy as np
import pytest

import mnist_tutorial as mt


@pytest.fixture(scope="module")
def batch(mnist):
    """The first 200 training images and their one-hot labels."""
    return mnist.train.images[:200], mnist.train.labels[:200]


def confidently_wrong_model():
    """A model that gives every image a softmax of nearly 1 for digit 0."""
    model = mt.LinearSoftmax()
    model.b.assign(np.eye(10, dtype=np.float32)[0] * 30)
    return model


def test_random_start_draws_weights_of_the_given_scale():
    """The weights have the requested standard deviation and the bias is zero."""
    model = mt.random_start(scale=2.0, seed=1)
    assert model.weights.std() == pytest.approx(2.0, rel=0.02)
    np.testing.assert_array_equal(model.bias, np.zeros(10))


def test_random_start_is_fixed_by_its_seed():
    """One seed gives the same weights; another gives different ones."""
    first, again, other = (mt.random_start(seed=seed) for seed in (3, 3, 4))
    np.testing.assert_array_equal(first.weights, again.weights)
    assert not np.array_equal(first.weights, other.weights)


def test_random_start_of_scale_zero_is_the_blogs_start():
    """Scale 0 gives the all-zero model."""
    np.testing.assert_array_equal(mt.random_start(scale=0.0).weights, np.zeros((784, 10)))


@pytest.mark.parametrize("scale", [-1.0, float("inf"), "1", True])
def test_random_start_rejects_bad_scales(scale):
    """A negative, infinite or non-numeric scale raises ValueError naming scale."""
    with pytest.raises(ValueError, match="scale"):
        mt.random_start(scale=scale)


def test_cross_entropy_gradient_matches_the_formula(batch):
    """The taped gradient equals X^T (P - Y) / n from the losses module."""
    images, labels = batch
    model = mt.random_start(scale=0.05, seed=2)
    by_hand, _ = mt.gradient_of_cross_entropy(images, labels, model(images).numpy())
    assert mt.gradient_norm(model, images, labels) == pytest.approx(
        np.linalg.norm(by_hand), rel=1e-5
    )


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_gradient_norm_is_the_step_that_train_takes(mnist, loss):
    """One step of train moves W by the learning rate times the gradient measured here."""
    dataset = mnist.train.reseeded(7)
    images, labels = dataset.reseeded(7).next_batch(100)
    model = mt.random_start(scale=0.05, seed=3)
    before = model.weights
    norm = mt.gradient_norm(model, images, labels, loss=loss)
    mt.train(model, dataset, steps=1, learning_rate=0.5, loss=loss)
    assert np.linalg.norm(model.weights - before) / 0.5 == pytest.approx(norm, rel=1e-4)


def test_squared_error_gradient_vanishes_when_confidently_wrong(batch):
    """A saturated softmax on the wrong digit stalls squared error but not cross-entropy."""
    images, labels = batch
    wrong = labels[:, 0] == 0
    model = confidently_wrong_model()
    assert mt.gradient_norm(model, images[wrong], labels[wrong], loss="mse") < 1e-9
    assert mt.gradient_norm(model, images[wrong], labels[wrong]) > 1.0


def test_gradient_norm_needs_one_hot_labels(batch):
    """Integer digits instead of one-hot labels raise ValueError saying which to use."""
    images, _ = batch
    with pytest.raises(ValueError, match="dataset.labels"):
        mt.gradient_norm(mt.LinearSoftmax(), images, np.zeros(200))


def test_gradient_norm_needs_as_many_labels_as_images(batch):
    """Mismatched row counts raise ValueError with both counts."""
    images, labels = batch
    with pytest.raises(ValueError, match="200 images and 199 labels"):
        mt.gradient_norm(mt.LinearSoftmax(), images, labels[:199])


def test_gradient_norm_rejects_unknown_losses(batch):
    """A loss name other than the two train knows raises ValueError listing them."""
    with pytest.raises(ValueError, match="'cross_entropy', 'mse'"):
        mt.gradient_norm(mt.LinearSoftmax(), *batch, loss="hinge")


@pytest.fixture(scope="module")
def runs(mnist):
    """A short comparison from a random start: 30 steps, measured every 10."""
    start = mt.random_start(scale=0.5, seed=0)
    return start, mt.compare_losses(mnist.train, mnist.test, start=start, steps=30,
                                     measure_every=10, probe_size=100)


def test_comparison_has_one_run_per_loss(runs):
    """Both losses are run, each measured at steps 0, 10, 20 and 30."""
    _, comparison = runs
    assert list(comparison) == ["cross_entropy", "mse"]
    for name, run in comparison.items():
        assert run.loss_name == name
        np.testing.assert_array_equal(run.measured_steps, [0, 10, 20, 30])
        assert run.loss.shape == (30,)
        assert run.accuracy.shape == run.gradient_norm.shape == (4,)


def test_comparison_starts_both_losses_from_the_same_model(runs, mnist):
    """Before any step both runs have the start's accuracy."""
    start, comparison = runs
    expected = mt.accuracy(start, mnist.test)
    assert [run.accuracy[0] for run in comparison.values()] == [expected, expected]


def test_comparison_in_pieces_equals_one_training_run(runs, mnist):
    """Training in pieces of 10 steps gives the weights of one 30-step call of train."""
    start, comparison = runs
    model = mt.random_start(scale=0.5, seed=0)
    mt.train(model, mnist.train.reseeded(mnist.train.seed), steps=30, loss="mse")
    np.testing.assert_allclose(comparison["mse"].model.weights, model.weights, atol=1e-6)


def test_comparison_leaves_the_start_and_the_dataset_alone(runs, mnist):
    """The start keeps its weights and the training split's batching does not advance."""
    start, _ = runs
    np.testing.assert_array_equal(start.weights, mt.random_start(scale=0.5, seed=0).weights)
    np.testing.assert_array_equal(
        mnist.train.batch_indices(1, 5), mnist.train.reseeded(mnist.train.seed).batch_indices(1, 5)
    )


@pytest.mark.parametrize(
    ("setting", "match"),
    [
        ({"start": np.zeros((784, 10))}, "start must be a LinearSoftmax"),
        ({"measure_every": 0}, "measure_every"),
        ({"probe_size": 0}, "probe_size"),
        ({"steps": 0}, "steps"),
        ({"learning_rate": -1.0}, "learning_rate"),
    ],
)
def test_comparison_rejects_bad_settings(mnist, setting, match):
    """Each bad setting raises ValueError naming it."""
    with pytest.raises(ValueError, match=match):
        mt.compare_losses(mnist.train, mnist.test, **setting)


def test_comparison_needs_datasets(mnist):
    """An array as evaluation set raises ValueError naming evaluation_set."""
    with pytest.raises(ValueError, match="evaluation_set"):
        mt.compare_losses(mnist.train, mnist.test.images)


def test_plot_draws_one_line_per_run_in_each_panel(runs):
    """Three panels (loss, accuracy, gradient), each with a line per loss."""
    _, comparison = runs
    axes = mt.plot_loss_comparison(comparison, smoothing=5, title="Two losses")
    assert [len(ax.lines) for ax in axes] == [2, 2, 2]
    np.testing.assert_array_equal(axes[2].lines[1].get_xdata(), [0, 10, 20, 30])
    assert axes[0].figure.get_suptitle() == "Two losses"


def test_plot_needs_runs():
    """An empty mapping raises ValueError saying what to pass."""
    with pytest.raises(ValueError, match="compare_losses"):
        mt.plot_loss_comparison({})
