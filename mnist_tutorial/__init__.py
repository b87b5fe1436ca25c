"""Softmax regression on MNIST, the first lesson of machine learning, as a teaching package.

Every public function is importable from the top level::

    import mnist_tutorial as mt

TensorFlow's C++ log lines are quieted (``TF_CPP_MIN_LOG_LEVEL=2``) unless the
environment already sets that variable, because they would otherwise fill every
page of the tutorial.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from . import analysis, data, losses, model, plotting  # noqa: E402
from .analysis import *  # noqa: E402,F403
from .data import *  # noqa: E402,F403
from .losses import *  # noqa: E402,F403
from .model import *  # noqa: E402,F403
from .plotting import *  # noqa: E402,F403

__all__ = [*data.__all__, *losses.__all__, *model.__all__, *analysis.__all__, *plotting.__all__]
__version__ = "0.1.0"
