"""Experiments that train many models: seed studies, and the two losses side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import _checks
from ._checks import N_CLASSES, N_PIXELS
from .analysis import _EACH_DIGIT, _errors_and_counts, confusion_matrix, group_error_rates
from .data import DataSet
from .model import LOSS_NAMES, LinearSoftmax, gradient_norm, train, train_seeds

#: The largest ``scale`` :func:`random_start` accepts.
#:
#: Examples
#: --------
#: >>> import mnist_tutorial as mt
#: >>> mt.MAX_SCALE
#: 1000000.0
MAX_SCALE = 1e6


# --------------------------------------------------------------------------------------
# Several seeds
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SeedStudy:
    """The blog's model trained once per seed and scored on a test set.

    Attributes
    ----------
    seeds : numpy.ndarray of shape (n_seeds,)
        The seed of each model's batch sequence.
    steps : int
        Training steps of each model.
    weights : numpy.ndarray of shape (n_seeds, 784, 10)
        Each model's ``W``.
    bias : numpy.ndarray of shape (n_seeds, 10)
        Each model's ``b``.
    confusion_matrices : numpy.ndarray of shape (n_seeds, 10, 10)
        Each model's confusion matrix on the test set (row = true digit).
    n_seeds : int
        How many models were trained.
    accuracy : numpy.ndarray of shape (n_seeds,)
        Each model's test accuracy.
    accuracy_mean : float
        The mean test accuracy over seeds.
    accuracy_std : float
        The standard deviation of the test accuracy over seeds.
    errors : numpy.ndarray of shape (n_seeds, 10)
        Each model's misclassified test images per true digit.
    error_rates : numpy.ndarray of shape (n_seeds, 10)
        Each model's error rate per digit.
    error_rates_mean : numpy.ndarray of shape (10,)
        Each digit's mean error rate over seeds.
    error_rates_std : numpy.ndarray of shape (10,)
        The standard deviation of each digit's error rate over seeds.

    See Also
    --------
    seed_study : Makes one.
    compare_seed_studies : Pairs two, seed by seed.

    Notes
    -----
    Everything after ``confusion_matrices`` is derived from the confusion
    matrices. Standard deviations are sample standard deviations over seeds
    (``ddof=1``), NaN for a single seed.

    Examples
    --------
    A study made by hand from three tiny confusion matrices (:func:`seed_study`
    trains the models and makes the matrices from the test set):

    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> matrices = np.stack([np.eye(10, dtype=int) for _ in range(3)])
    >>> matrices[2, 4, 9] = 1  # the third model reads one 4 as a 9
    >>> study = mt.SeedStudy(np.array([0, 1, 2]), 1000, np.zeros((3, 784, 10)),
    ...                      np.zeros((3, 10)), matrices)
    >>> study.accuracy.round(3), study.error_rates[:, 4]
    (array([1.   , 1.   , 0.909]), array([0. , 0. , 0.5]))
    """

    seeds: np.ndarray
    steps: int
    weights: np.ndarray
    bias: np.ndarray
    confusion_matrices: np.ndarray

    @property
    def n_seeds(self) -> int:
        """How many models were trained."""
        return len(self.seeds)

    @property
    def accuracy(self) -> np.ndarray:
        """Test accuracy of each model, shape (n_seeds,)."""
        correct = np.trace(self.confusion_matrices, axis1=1, axis2=2)
        return correct / self.confusion_matrices.sum(axis=(1, 2))

    @property
    def accuracy_mean(self) -> float:
        """Mean test accuracy over seeds."""
        return float(self.accuracy.mean())

    @property
    def accuracy_std(self) -> float:
        """Standard deviation of the test accuracy over seeds."""
        return float(_std_over_seeds(self.accuracy))

    @property
    def errors(self) -> np.ndarray:
        """Misclassified test images per true digit, shape (n_seeds, 10)."""
        return _errors_and_counts(self.confusion_matrices)[0]

    @property
    def error_rates(self) -> np.ndarray:
        """Misclassified fraction of each digit's test images, shape (n_seeds, 10).

        A digit with no test images has no error rate: NaN (see the conventions page).
        """
        return group_error_rates(self.confusion_matrices, _EACH_DIGIT)

    @property
    def error_rates_mean(self) -> np.ndarray:
        """Mean error rate of each digit over seeds, shape (10,)."""
        return self.error_rates.mean(axis=0)

    @property
    def error_rates_std(self) -> np.ndarray:
        """Standard deviation of each digit's error rate over seeds, shape (10,)."""
        return _std_over_seeds(self.error_rates)

    def select(self, seeds: Sequence[int]) -> SeedStudy:
        """Return the study of only the given seeds, in the given order.

        Parameters
        ----------
        seeds : sequence of int
            Seeds of this study, for example those of a smaller study to compare with.

        Returns
        -------
        study : SeedStudy
            The same models, restricted to ``seeds``.

        Raises
        ------
        ValueError
            If a seed is not in this study.

        Examples
        --------
        >>> import numpy as np
        >>> import mnist_tutorial as mt
        >>> matrices = np.stack([np.eye(10, dtype=int) * n for n in (1, 2, 3)])
        >>> study = mt.SeedStudy(np.array([4, 5, 6]), 1, np.zeros((3, 784, 10)),
        ...                      np.zeros((3, 10)), matrices)
        >>> study.select([6, 4]).confusion_matrices[:, 0, 0]
        array([3, 1])
        """
        wanted = np.array(_checks.as_seeds(seeds))
        missing = np.setdiff1d(wanted, self.seeds)
        if missing.size:
            raise ValueError(
                f"seeds must be seeds of this study ({self.seeds.tolist()}); "
                f"{missing.tolist()} are not."
            )
        rows = [self.seeds.tolist().index(seed) for seed in wanted]
        matrices = self.confusion_matrices[rows]
        return SeedStudy(wanted, self.steps, self.weights[rows], self.bias[rows], matrices)

    def __repr__(self) -> str:
        return (
            f"SeedStudy(n_seeds={self.n_seeds}, steps={self.steps}, "
            f"accuracy={self.accuracy_mean:.4f} +/- {self.accuracy_std:.4f})"
        )


def seed_study(
    training_set: DataSet, test_set: DataSet, seeds: int | Sequence[int] = 10, *, steps: int = 1000
) -> SeedStudy:
    """Train the blog's model once per seed and score each on the test set.

    Parameters
    ----------
    training_set : DataSet
        The training split; each model draws its batches from
        ``training_set.reseeded(seed)``.
    test_set : DataSet
        The split to score on.
    seeds : int or sequence of int, default=10
        The seeds, or how many: ``10`` means seeds 0 to 9.
    steps : int, default=1000
        Gradient-descent steps per model, each on a batch of 100 images with
        learning rate 0.5 and the cross-entropy loss, the blog's settings.

    Returns
    -------
    study : SeedStudy
        The seeds, each model's weights and test confusion matrix, and the
        accuracies and error rates per digit derived from them, with their mean
        and spread over seeds.

    Raises
    ------
    ValueError
        If ``seeds`` is empty or not integers, or ``steps`` is out of range.

    See Also
    --------
    train_seeds : Trains the models.
    compare_seed_studies : Compares two studies on the same seeds.

    Notes
    -----
    The only randomness in the blog's model is the order of the batches (the
    weights start at zero), so the seed sets which images each step sees. The
    model of seed ``s`` is the one
    ``train(LinearSoftmax(), training_set.reseeded(s))`` returns;
    :func:`train_seeds` trains all of them together.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mnist = mt.load_mnist()
    >>> study = mt.seed_study(mnist.train, mnist.test, seeds=2, steps=50)
    >>> study.weights.shape, study.error_rates.shape
    ((2, 784, 10), (2, 10))
    """
    seeds = np.array(_checks.as_seeds(seeds))
    _checks.check_instance("training_set", training_set, DataSet, "mt.load_mnist().train")
    _checks.check_instance("test_set", test_set, DataSet, "mt.load_mnist().test")
    _checks.check_not_empty(test_set.num_examples, "test_set", "test")
    models = train_seeds(training_set, seeds.tolist(), steps=steps)
    matrices = [
        confusion_matrix(test_set.digits, model.predict(test_set.images)) for model in models
    ]
    weights, bias = [model.weights for model in models], [model.bias for model in models]
    return SeedStudy(seeds, steps, np.stack(weights), np.stack(bias), np.stack(matrices))


@dataclass(frozen=True, eq=False)
class StudyComparison:
    """Two seed studies of the same seeds, for example 1,000 steps against 10,000.

    Attributes
    ----------
    before, after : SeedStudy
        The two studies; differences are ``after - before``, seed by seed.
    accuracy_change : numpy.ndarray of shape (n_seeds,)
        Change of each seed's test accuracy.
    error_rate_change : numpy.ndarray of shape (n_seeds, 10)
        Change of each seed's error rate per digit; negative is better.
    error_rate_change_mean : numpy.ndarray of shape (10,)
        Mean change of each digit's error rate over seeds.
    relative_change : numpy.ndarray of shape (10,)
        Mean change of each digit's error rate over its mean rate before; NaN
        for a digit whose rate before was 0.

    See Also
    --------
    compare_seed_studies : Pairs two studies and returns this.
    SeedStudy : What each study holds.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> def study(correct):  # one seed; ten test images per digit, ``correct`` of them right
    ...     matrix = np.diag(np.full(10, correct)) + (10 - correct) * np.eye(10, k=1, dtype=int)
    ...     matrix[9, 0] = 10 - correct
    ...     return mt.SeedStudy(np.array([0]), 1, np.zeros((1, 784, 10)), np.zeros((1, 10)),
    ...                         matrix[None])
    >>> comparison = mt.compare_seed_studies(study(8), study(9))
    >>> comparison.accuracy_change.round(2), comparison.relative_change[:3].round(2)
    (array([0.1]), array([-0.5, -0.5, -0.5]))
    """

    before: SeedStudy
    after: SeedStudy

    @property
    def accuracy_change(self) -> np.ndarray:
        """Change of each seed's test accuracy, shape (n_seeds,)."""
        return self.after.accuracy - self.before.accuracy

    @property
    def error_rate_change(self) -> np.ndarray:
        """Change of each seed's error rate per digit, shape (n_seeds, 10); negative is better."""
        return self.after.error_rates - self.before.error_rates

    @property
    def error_rate_change_mean(self) -> np.ndarray:
        """Mean change of each digit's error rate over seeds, shape (10,)."""
        return self.error_rate_change.mean(axis=0)

    @property
    def relative_change(self) -> np.ndarray:
        """Mean change of each digit's error rate over its mean rate before, shape (10,).

        NaN for a digit whose rate before was 0 (or undefined): no change is relative to it.
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            relative = self.error_rate_change_mean / self.before.error_rates_mean
        return np.where(self.before.error_rates_mean > 0, relative, np.nan)


def compare_seed_studies(before: SeedStudy, after: SeedStudy) -> StudyComparison:
    """Pair two seed studies seed by seed, to see which digits' error rates change.

    Parameters
    ----------
    before : SeedStudy
        The reference, for example the blog's 1,000 steps.
    after : SeedStudy
        The same seeds trained differently, for example for 10,000 steps.

    Returns
    -------
    comparison : StudyComparison
        The change of accuracy and of each digit's error rate, seed by seed,
        and each digit's mean change.

    Raises
    ------
    ValueError
        If ``before`` or ``after`` is not a :class:`SeedStudy`, or the two have
        different seeds or were scored on different test sets.

    See Also
    --------
    seed_study

    Notes
    -----
    Pairing by seed removes the part of the spread that comes from the batch
    order: :math:`\\Delta r_{s,d} = r^{\\text{after}}_{s,d} - r^{\\text{before}}_{s,d}`.
    With the same seeds, the longer run sees the same first batches, so it is
    the shorter run continued.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> def study(correct):  # ten test images per digit, ``correct`` of them right
    ...     matrix = np.diag(np.full(10, correct)) + (10 - correct) * np.eye(10, k=1, dtype=int)
    ...     matrix[9, 0] = 10 - correct
    ...     return mt.SeedStudy(np.array([0]), 1, np.zeros((1, 784, 10)), np.zeros((1, 10)),
    ...                         matrix[None])
    >>> mt.compare_seed_studies(study(8), study(9)).error_rate_change_mean[:3]
    array([-0.1, -0.1, -0.1])
    """
    _checks.check_instance("before", before, SeedStudy, "mt.seed_study(mnist.train, mnist.test)")
    _checks.check_instance("after", after, SeedStudy, "mt.seed_study(mnist.train, mnist.test)")
    if not np.array_equal(before.seeds, after.seeds):
        raise ValueError(
            f"before and after must be studies of the same seeds, to compare them seed by seed; "
            f"got {before.seeds.tolist()} and {after.seeds.tolist()}."
        )
    before_counts = before.confusion_matrices.sum(axis=2)
    if not np.array_equal(before_counts, after.confusion_matrices.sum(axis=2)):
        raise ValueError(
            "before and after were scored on different test sets; score both on the same."
        )
    return StudyComparison(before, after)


def _std_over_seeds(values: np.ndarray) -> np.ndarray:
    """Sample standard deviation over the first axis; NaN for a single seed."""
    if len(values) < 2:
        return np.full(values.shape[1:], np.nan)
    return values.std(axis=0, ddof=1)


# --------------------------------------------------------------------------------------
# Cross-entropy against squared error
# --------------------------------------------------------------------------------------


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
        If ``scale`` is not a number from 0 to ``MAX_SCALE`` (1e6), or ``seed``
        is not a non-negative integer.

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
    hint = (
        "It is the standard deviation of W; from about 10 on, the softmax of "
        "every image is already one-hot in float32, and larger scales only overflow."
    )
    _checks.check_number("scale", scale, at_least=0, at_most=MAX_SCALE, hint=hint)
    _checks.check_count("seed", seed, 0, None)
    model = LinearSoftmax()
    weights = np.random.default_rng(seed).normal(0.0, scale, size=(N_PIXELS, N_CLASSES))
    model.W.assign(weights.astype(np.float32))
    return model


@dataclass(frozen=True, eq=False)
class LossRun:
    """One training run of :func:`compare_losses`, measured every few steps.

    Attributes
    ----------
    loss_name : {"cross_entropy", "mse"}
        The loss minimised.
    loss : numpy.ndarray of shape (steps,)
        The batch loss of every step, as :func:`train` records it.
    measured_steps : numpy.ndarray of shape (n_measurements,)
        The steps taken at each measurement, 0 (the start) to ``steps``.
    accuracy : numpy.ndarray of shape (n_measurements,)
        Accuracy on the evaluation set at each measurement.
    gradient_norm : numpy.ndarray of shape (n_measurements,)
        :func:`gradient_norm` on the probe images at each measurement.
    model : LinearSoftmax
        The trained model.

    See Also
    --------
    compare_losses : Makes one run per loss.
    plot_loss_comparison : Draws the runs side by side.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> tiny = mt.DataSet(np.zeros((4, 784), dtype=np.float32), np.array([3, 1, 4, 1]))
    >>> runs = mt.compare_losses(tiny, tiny, steps=2, measure_every=2, batch_size=2, probe_size=4)
    >>> run = runs["mse"]
    >>> run.loss_name, run.measured_steps, run.loss.shape
    ('mse', array([0, 2]), (2,))
    """

    loss_name: str
    loss: np.ndarray
    measured_steps: np.ndarray
    accuracy: np.ndarray
    gradient_norm: np.ndarray
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
    train : The training used, once per loss, measuring every ``measure_every`` steps.
    gradient_norm : The size of the gradient measured.

    Notes
    -----
    Each run is one call of :func:`train` with ``evaluate_every=measure_every``:
    at each evaluation it measures the accuracy, then its ``callback`` measures
    the gradient, so measuring changes no weight.

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
    _checks.check_instance("dataset", dataset, DataSet, "mt.load_mnist().train")
    _checks.check_instance("evaluation_set", evaluation_set, DataSet, "mt.load_mnist().test")
    _checks.check_not_empty(dataset.num_examples)
    _checks.check_not_empty(evaluation_set.num_examples, "evaluation_set", "test")
    start = LinearSoftmax() if start is None else start  # the blog's all-zero start
    _checks.check_instance("start", start, LinearSoftmax, "mt.random_start()")
    _checks.check_count("measure_every", measure_every, 1, None)
    _checks.check_count("probe_size", probe_size, 1, dataset.num_examples)  # train checks the rest
    probe = (dataset.images[:probe_size], dataset.labels[:probe_size])
    settings = {"steps": steps, "batch_size": batch_size, "learning_rate": learning_rate}
    return {
        loss: _run(loss, start, dataset, evaluation_set, probe, measure_every, settings)
        for loss in LOSS_NAMES
    }


def _run(loss, start, dataset, evaluation_set, probe, measure_every, settings) -> LossRun:
    """Train a copy of ``start`` with ``loss``, measuring it every ``measure_every`` steps."""
    model, norms = LinearSoftmax(), []
    model.W.assign(start.W)
    model.b.assign(start.b)
    history = train(
        model,
        dataset.reseeded(dataset.seed),  # every loss sees the same batches
        loss=loss,
        evaluate_every=measure_every,
        evaluation_set=evaluation_set,
        callback=lambda trained: norms.append(gradient_norm(trained, *probe, loss=loss)),
        **settings,
    )
    # LossRun's fields, in order: loss_name, loss, measured_steps, accuracy, gradient_norm, model.
    return LossRun(
        loss, history.loss, history.accuracy_steps, history.accuracy, np.array(norms), model
    )
