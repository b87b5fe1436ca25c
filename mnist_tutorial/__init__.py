"""Softmax regression on MNIST, the first lesson of machine learning, as a teaching package.

Every public name is importable from the top level::

    import mnist_tutorial as mt

Importing the package is quick: each module (and TensorFlow, which most of
them use) is imported the first time one of its names is used, as PEP 562
allows, so ``python -m mnist_tutorial --help`` answers at once.
"""

import importlib

#: The public names of each module: the one list of the package's API. The modules keep no
#: ``__all__`` of their own; the API reference is generated from this table.
MODULES = {
    "data": [
        "DataSet",
        "IdxFormatError",
        "MNIST",
        "MNISTFile",
        "MNISTFileError",
        "MNIST_FILES",
        "MNIST_MIRRORS",
        "cache_folder",
        "fetch_mnist",
        "load_mnist",
        "locate_mnist",
        "read_idx",
    ],
    "losses": [
        "cross_entropy",
        "entropy",
        "gradient_of_cross_entropy",
        "gradient_of_mean_squared_error",
        "kl_divergence",
        "log_softmax",
        "mean_squared_error",
        "naive_cross_entropy",
        "naive_softmax",
        "softmax",
    ],
    "model": [
        "LOSS_NAMES",
        "MAX_TRAINING_IMAGES",
        "LinearSoftmax",
        "TrainingHistory",
        "accuracy",
        "gradient_norm",
        "train",
        "train_seeds",
    ],
    "analysis": [
        "ConfusedPair",
        "Misclassified",
        "confusion_matrix",
        "digit_variability",
        "error_rate_per_digit",
        "errors_per_digit",
        "mean_images",
        "misclassified",
        "most_confused_pairs",
        "rank_correlation",
        "template_clarity",
        "group_error_rates",
        "rank_correlation_p_value",
    ],
    "experiments": [
        "MAX_SCALE",
        "LossRun",
        "SeedStudy",
        "StudyComparison",
        "compare_losses",
        "compare_seed_studies",
        "random_start",
        "seed_study",
    ],
    "plotting": [
        "WEIGHT_LIMIT_PERCENTILE",
        "plot_confusion_matrix",
        "plot_errors_per_digit",
        "plot_loss_comparison",
        "plot_misclassified",
        "plot_training_curve",
        "plot_weights",
        "show_digit",
        "show_digits",
        "show_examples",
    ],
    "deep": [
        "DEEP_MNIST_ACCURACY",
        "DEEP_TRAINING",
        "DeepTrainingHistory",
        "build_deep_network",
        "predict_digits",
        "train_deep_network",
    ],
    "distributed": ["MultiWorkerRun", "WorkerError", "WorkerJob", "train_multi_worker"],
    "tf1_blog": ["BlogRun", "run_blog_program"],
}
_HOME = {name: module for module, names in MODULES.items() for name in names}

__all__ = list(_HOME)
__version__ = "0.1.0"


def __getattr__(name: str):
    """Import the module that defines ``name`` on first use, and keep what it gives."""
    if name in _HOME:
        value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    elif name in MODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names and modules, as if they had all been imported."""
    return sorted({*globals(), *__all__, *MODULES})
