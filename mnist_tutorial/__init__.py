"""Softmax regression on MNIST, the first lesson of machine learning, as a teaching package.

Every public name is importable from the top level::

    import mnist_tutorial as mt

The names, and the module each comes from, are listed once, in ``__init__.pyi``
beside this file. Importing the package is quick: ``lazy_loader`` reads that list
and imports a module (and TensorFlow, which most of them use) the first time one
of its names is used, as PEP 562 allows, so ``python -m mnist_tutorial --help``
answers at once.
"""

import lazy_loader

__version__ = "0.1.0"

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
