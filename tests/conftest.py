"""Shared test set-up: the offline MNIST folder, a headless matplotlib, closed figures."""

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("agg")
# TensorFlow's C++ information lines (e.g. "MLIR V1 optimization pass is not enabled") would
# reach the tests that check a function prints nothing; the library leaves this setting to
# its user, and here the user is the test suite.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

SHARED_MNIST = Path(__file__).resolve().parents[1].parent / "shared" / "mnist"
if "MNIST_TUTORIAL_DATA" not in os.environ and SHARED_MNIST.is_dir():
    os.environ["MNIST_TUTORIAL_DATA"] = str(SHARED_MNIST)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="session")
def mnist_folder() -> Path:
    """The folder holding the four real MNIST files (``$MNIST_TUTORIAL_DATA``)."""
    folder = os.environ.get("MNIST_TUTORIAL_DATA")
    if not folder:
        pytest.fail("Set MNIST_TUTORIAL_DATA to a folder holding the four MNIST .gz files.")
    return Path(folder)


@pytest.fixture(scope="module")
def mnist():
    """The three real MNIST splits, loaded once per test module.

    A module's tests share its batching state; a test that needs fresh batches
    draws them from ``mnist.train.reseeded(seed)``.
    """
    import mnist_tutorial as mt

    return mt.load_mnist()
