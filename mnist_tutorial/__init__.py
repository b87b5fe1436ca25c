"""Softmax regression on MNIST, the first lesson of machine learning, as a teaching package.

Every public function is importable from the top level::

    import mnist_tutorial as mt

TensorFlow's C++ log lines are quieted (``TF_CPP_MIN_LOG_LEVEL=2``) unless the
environment already sets that variable, because they would otherwise fill every
page of the tutorial. The few lines TensorFlow prints while it starts, before
that setting takes effect, are filtered out; any other message still shows.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from ._quiet import startup_messages_filtered  # noqa: E402

with startup_messages_filtered():
    import tensorflow as _tensorflow

    _tensorflow.config.list_physical_devices("GPU")  # the CUDA probe, which logs on CPU machines

from . import analysis, compare, data, deep, distributed, losses, model, plotting  # noqa: E402
from .analysis import *  # noqa: E402,F403
from .compare import *  # noqa: E402,F403
from .data import *  # noqa: E402,F403
from .deep import *  # noqa: E402,F403
from .distributed import *  # noqa: E402,F403
from .losses import *  # noqa: E402,F403
from .model import *  # noqa: E402,F403
from .plotting import *  # noqa: E402,F403

__all__ = [
    *data.__all__,
    *losses.__all__,
    *model.__all__,
    *analysis.__all__,
    *plotting.__all__,
    *compare.__all__,
    *deep.__all__,
    *distributed.__all__,
]
__version__ = "0.1.0"
