"""The blog's original TensorFlow 1 program, run as written through ``tf.compat.v1``."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import NamedTuple

import numpy as np
import tensorflow.compat.v1 as tf

from ._checks import check_instance, check_training_settings
from .data import MNIST


class BlogRun(NamedTuple):
    """What the blog's program leaves behind: its trained variables and its test accuracy.

    A named tuple, as :func:`run_blog_program` returns it.

    Attributes
    ----------
    weights : numpy.ndarray of shape (784, 10)
        ``W`` after training, float32.
    bias : numpy.ndarray of shape (10,)
        ``b`` after training, float32.
    accuracy : float
        The fraction of test images classified correctly, as the blog printed it.

    See Also
    --------
    run_blog_program : Runs the program and returns this.
    LinearSoftmax : The same model in TensorFlow 2.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> run = mt.run_blog_program(mt.load_mnist(), steps=20)
    >>> run.weights.shape, run.bias.shape, 0.0 <= run.accuracy <= 1.0
    ((784, 10), (10,), True)
    """

    weights: np.ndarray
    bias: np.ndarray
    accuracy: float


def run_blog_program(
    mnist: MNIST, *, steps: int = 1000, batch_size: int = 100, learning_rate: float = 0.5
) -> BlogRun:
    """Run the blog's TensorFlow 1 program, line for line, in a graph of its own.

    Parameters
    ----------
    mnist : MNIST
        The three splits, as returned by :func:`load_mnist`. The program draws
        its batches with ``mnist.train.next_batch(batch_size)``, which advances
        ``mnist.train``, and measures its accuracy on ``mnist.test``.
    steps : int, default=1000
        Number of gradient-descent steps (the blog's ``range(1000)``).
    batch_size : int, default=100
        Images per step.
    learning_rate : float, default=0.5
        The step size given to ``GradientDescentOptimizer``.

    Returns
    -------
    run : BlogRun
        A named tuple: ``weights`` (784, 10), ``bias`` (10,) and the test
        ``accuracy`` in [0, 1].

    Raises
    ------
    ValueError
        If ``mnist`` is not an :class:`MNIST`, or ``steps``, ``batch_size`` or
        ``learning_rate`` is out of range.

    See Also
    --------
    train : The same training in TensorFlow 2.

    Notes
    -----
    The program builds a graph of placeholders and variables, then feeds it
    batch after batch in an ``InteractiveSession``. It runs inside a fresh
    ``tf.Graph`` and closes its session, so TensorFlow 2's eager mode is left
    as it was; TensorFlow's deprecation messages are silenced while it runs.
    With the same batches, :func:`train` reaches the same ``W`` and ``b`` to
    within float32 round-off.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> run = mt.run_blog_program(mt.load_mnist(), steps=20)
    >>> run.weights.shape, run.bias.shape, run.accuracy > 0.7
    ((784, 10), (10,), True)
    """
    check_instance("mnist", mnist, MNIST, "mt.load_mnist()")
    check_training_settings(steps, batch_size, learning_rate, mnist.train.num_examples)
    with tf.Graph().as_default(), _quiet_tensorflow():
        # Create the model
        x = tf.placeholder(tf.float32, [None, 784])
        W = tf.Variable(tf.zeros([784, 10]))
        b = tf.Variable(tf.zeros([10]))
        y = tf.matmul(x, W) + b

        # Define loss and optimizer
        y_ = tf.placeholder(tf.float32, [None, 10])
        cross_entropy = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y)
        )
        train_step = tf.train.GradientDescentOptimizer(learning_rate).minimize(cross_entropy)

        sess = tf.InteractiveSession()
        tf.global_variables_initializer().run()

        # Train
        for _ in range(steps):
            batch_xs, batch_ys = mnist.train.next_batch(batch_size)
            sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

        # Test trained model
        correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
        accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
        test_accuracy = sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels})
        weights, bias = sess.run([W, b])
        sess.close()
    return BlogRun(weights, bias, float(test_accuracy))


@contextlib.contextmanager
def _quiet_tensorflow() -> Iterator[None]:
    """Hide TensorFlow's deprecation messages (Python log records) while the old program runs."""
    logger = logging.getLogger("tensorflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
