"""Tests of the experiments that train many models: the two losses compared, seed studies."""

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


@pytest.mark.parametrize("scale", [-1.0, float("nan"), float("inf"), 1e39, "1", True])
def test_random_start_rejects_bad_scales(scale):
    """A negative, NaN, huge, infinite or non-numeric scale raises ValueError naming scale."""
    with pytest.raises(ValueError, match=r"scale must be a number at least 0 and at most 1e\+06"):
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
    with pytest.raises(ValueError, match="one-hot rows .*dataset.labels"):
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
    return start, mt.compare_losses(
        mnist.train, mnist.test, start=start, steps=30, measure_every=10, probe_size=100
    )


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
        ({"start": np.zeros((784, 10))}, "start must be a mnist_tutorial.LinearSoftmax"),
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


# Seed studies ---------------------------------------------------------------------------


def _fake_study(seeds, correct_per_digit):
    """A SeedStudy of ten test images per digit and the given correct counts per seed."""
    correct = np.asarray(correct_per_digit)
    matrices = np.zeros((len(seeds), 10, 10), dtype=np.int64)
    for index, row in enumerate(correct):
        matrices[index] = np.diag(row)
        matrices[index, np.arange(10), (np.arange(10) + 1) % 10] = 10 - row
    n_seeds = len(seeds)
    return mt.SeedStudy(
        np.asarray(seeds), 5, np.zeros((n_seeds, 784, 10)), np.zeros((n_seeds, 10)), matrices
    )


def test_seed_study_statistics_from_confusions():
    """Accuracy and error rates, with their mean and sample spread, follow from the matrices."""
    study = _fake_study([0, 1], [np.full(10, 9), np.full(10, 7)])
    np.testing.assert_allclose(study.accuracy, [0.9, 0.7])
    assert study.accuracy_mean == pytest.approx(0.8)
    assert study.accuracy_std == pytest.approx(np.std([0.9, 0.7], ddof=1))
    np.testing.assert_allclose(study.error_rates_mean, 0.2)
    np.testing.assert_allclose(study.errors, [np.full(10, 1), np.full(10, 3)])


def test_seed_study_spread_nan_for_one_seed():
    """With one seed the spread is NaN, not a warning."""
    study = _fake_study([0], [np.full(10, 9)])
    assert np.isnan(study.accuracy_std) and np.all(np.isnan(study.error_rates_std))


def test_compare_seed_studies_pairs_by_seed():
    """The change is after minus before, seed by seed, per digit."""
    before = _fake_study([0, 1], [np.full(10, 8), np.full(10, 6)])
    after = _fake_study([0, 1], [np.full(10, 9), np.arange(10) % 2 + 8])
    change = mt.compare_seed_studies(before, after)
    np.testing.assert_allclose(change.error_rate_change[0], -0.1)
    rates_after = (10 - (np.arange(10) % 2 + 8)) / 10
    np.testing.assert_allclose(change.error_rate_change[1], rates_after - 0.4)
    np.testing.assert_allclose(change.accuracy_change, after.accuracy - before.accuracy)


def test_compare_seed_studies_rejects_other_seeds():
    """Studies of different seeds cannot be paired."""
    before, after = _fake_study([0], [np.full(10, 8)]), _fake_study([1], [np.full(10, 9)])
    with pytest.raises(ValueError, match="same seeds"):
        mt.compare_seed_studies(before, after)


def test_seed_study_select_keeps_chosen_seeds():
    """select returns the chosen seeds' rows, in the order asked for."""
    study = _fake_study([3, 4, 5], [np.full(10, 9), np.full(10, 8), np.full(10, 7)])
    chosen = study.select([5, 3])
    np.testing.assert_array_equal(chosen.seeds, [5, 3])
    np.testing.assert_allclose(chosen.accuracy, [0.7, 0.9])


def test_seed_study_select_rejects_unknown_seed():
    """Selecting a seed the study does not have raises ValueError."""
    study = _fake_study([0, 1], [np.full(10, 9), np.full(10, 8)])
    with pytest.raises(ValueError, match=r"\[7\] are not"):
        study.select([1, 7])


# seed_study on real data ----------------------------------------------------------------


def test_seed_study_reproducible(mnist):
    """The same seeds give the same models and the same scores."""
    first = mt.seed_study(mnist.train, mnist.test, seeds=[3, 7], steps=20)
    second = mt.seed_study(mnist.train, mnist.test, seeds=[3, 7], steps=20)
    np.testing.assert_array_equal(first.weights, second.weights)
    np.testing.assert_array_equal(first.confusion_matrices, second.confusion_matrices)


def test_seed_study_seeds_differ(mnist):
    """Different seeds give different models."""
    study = mt.seed_study(mnist.train, mnist.test, seeds=2, steps=20)
    np.testing.assert_array_equal(study.seeds, [0, 1])
    assert not np.array_equal(study.weights[0], study.weights[1])


def test_seed_study_matches_train(mnist):
    """Each model of the study is the one train gives for that seed, scored the same."""
    study = mt.seed_study(mnist.train, mnist.test, seeds=[5], steps=20)
    model = mt.LinearSoftmax()
    mt.train(model, mnist.train.reseeded(5), steps=20)
    np.testing.assert_allclose(study.weights[0], model.weights, atol=1e-5)
    assert study.accuracy[0] == pytest.approx(mt.accuracy(model, mnist.test))
    np.testing.assert_array_equal(
        study.confusion_matrices[0].sum(axis=1), np.bincount(mnist.test.digits, minlength=10)
    )


@pytest.mark.parametrize("seeds", [0, [], [1.5], "abc"])
def test_seed_study_rejects_bad_seeds(mnist, seeds):
    """Seeds that are not a positive count or a list of integers raise ValueError."""
    with pytest.raises(ValueError, match="seeds? .*must (be|hold)"):
        mt.seed_study(mnist.train, mnist.test, seeds=seeds, steps=1)


def test_compare_seed_studies_rejects_what_is_not_a_study():
    """compare_seed_studies(None, None) names the argument instead of an AttributeError."""
    with pytest.raises(ValueError, match="before must be a mnist_tutorial.SeedStudy"):
        mt.compare_seed_studies(None, None)


@pytest.mark.parametrize("value", [2.5, -1.0, 0.5])
def test_gradient_norm_refuses_labels_that_are_not_one_hot(batch, value):
    """Rows that are not one 1 and nine 0s are refused, whatever their shape."""
    images, labels = batch
    labels = labels.copy()
    labels[0, :2] = value
    with pytest.raises(ValueError, match="one-hot rows"):
        mt.gradient_norm(mt.LinearSoftmax(), images, labels)


def test_a_digit_without_test_images_has_a_nan_error_rate_and_no_warning():
    """A digit missing from the test set gets NaN rates (the conventions' rule), no warning."""
    study = _fake_study([0, 1], [np.full(10, 9), np.full(10, 7)])
    study.confusion_matrices[:, 3, :] = 0  # no test image of a 3
    assert np.all(np.isnan(study.error_rates[:, 3])) and np.isnan(study.error_rates_mean[3])
    np.testing.assert_allclose(np.delete(study.error_rates_mean, 3), 0.2)


def test_relative_change_of_a_digit_never_wrong_before_is_nan():
    """A digit with no errors before has no relative change: NaN, no division warning."""
    before = _fake_study([0, 1], [np.full(10, 10), np.full(10, 9)])
    before.confusion_matrices[:, 4, :] = np.diag(np.full(10, 10))[4]  # 4 never wrong
    after = _fake_study([0, 1], [np.full(10, 9), np.full(10, 8)])
    relative = mt.compare_seed_studies(before, after).relative_change
    assert np.isnan(relative[4]) and np.all(np.isfinite(np.delete(relative, 4)))


def test_seed_study_names_the_training_set_when_it_is_not_a_dataset(mnist):
    """A training split that is no DataSet is reported as training_set, before any training."""
    with pytest.raises(ValueError, match="^training_set must be"):
        mt.seed_study("x", mnist.test, seeds=1, steps=1)


def test_seed_study_refuses_an_empty_test_split(mnist):
    """A test split without images is named, not divided by."""
    empty = mt.load_mnist(validation_size=0).validation
    with pytest.raises(ValueError, match="test_set holds no images"):
        mt.seed_study(mnist.train, empty, seeds=1, steps=1)


def test_comparison_names_an_empty_evaluation_set(mnist):
    """An empty evaluation set is named as evaluation_set, not as dataset."""
    empty = mt.load_mnist(validation_size=0).validation
    with pytest.raises(ValueError, match="evaluation_set holds no images"):
        mt.compare_losses(mnist.train, empty, steps=2, measure_every=1)
