"""Train the blog's model with ``tf.distribute.MirroredStrategy`` on several logical CPUs."""

from __future__ import annotations

import math
import numbers
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tensorflow as tf

from ._checks import check_count
from .data import DataSet
from .model import LinearSoftmax

__all__ = ["MirroredRun", "configure_logical_cpus", "train_mirrored", "train_on_logical_cpus"]

#: The command a fresh Python process runs for :func:`train_on_logical_cpus`.
_WORKER = "import sys; from mnist_tutorial.distributed import _work; _work(*sys.argv[1:])"


def configure_logical_cpus(n_devices: int) -> list[str]:
    """Split this process's CPU into ``n_devices`` logical devices for ``tf.distribute``.

    Parameters
    ----------
    n_devices : int
        How many logical CPU devices to make, at least 1.

    Returns
    -------
    devices : list of str
        The names of ``n_devices`` logical CPU devices, e.g.
        ``["/device:CPU:0", "/device:CPU:1"]``, to give to
        ``tf.distribute.MirroredStrategy``.

    Raises
    ------
    ValueError
        If ``n_devices`` is not a positive integer.
    RuntimeError
        If TensorFlow has already set up its devices in this process (it does
        so at the first operation it runs) with fewer than ``n_devices`` CPUs.
        Call this first thing in a fresh process, or use
        :func:`train_on_logical_cpus`, which starts one.

    See Also
    --------
    train_mirrored : Trains on the devices with ``MirroredStrategy``.

    Notes
    -----
    The logical devices share the same processor cores: they let one machine
    rehearse the bookkeeping of several devices, not run faster.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mt.configure_logical_cpus(1)  # in a process that has already run TensorFlow
    ['/device:CPU:0']
    """
    check_count("n_devices", n_devices, 1, None)
    cpu = tf.config.list_physical_devices("CPU")[0]
    try:
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(n_devices)]
        )
    except RuntimeError as error:
        existing = [device.name for device in tf.config.list_logical_devices("CPU")]
        if len(existing) < n_devices:
            raise RuntimeError(
                f"TensorFlow has already set up {len(existing)} CPU device(s) in this process, "
                f"and that cannot change once it has run an operation; {n_devices} were asked "
                "for. Call configure_logical_cpus first thing in a fresh process, or use "
                "mt.train_on_logical_cpus, which trains in a process of its own."
            ) from error
        return existing[:n_devices]
    return [device.name for device in tf.config.list_logical_devices("CPU")]


@dataclass(frozen=True, eq=False)
class MirroredRun:
    """The result of training the blog's model under ``MirroredStrategy``."""

    #: The devices the model was mirrored on, one replica each.
    devices: tuple[str, ...]
    #: ``W`` after training, float32 of shape (784, 10).
    weights: np.ndarray
    #: ``b`` after training, float32 of shape (10,).
    bias: np.ndarray
    #: The mean cross-entropy of each step's whole batch, before its update.
    loss: np.ndarray
    #: Wall-clock seconds of all steps but the first (which includes tracing).
    seconds: float

    @property
    def n_devices(self) -> int:
        """The number of replicas."""
        return len(self.devices)

    def model(self) -> LinearSoftmax:
        """Return a :class:`LinearSoftmax` holding the trained weights and bias."""
        model = LinearSoftmax()
        model.W.assign(self.weights)
        model.b.assign(self.bias)
        return model


def train_mirrored(
    strategy: tf.distribute.Strategy,
    dataset: DataSet,
    *,
    steps: int = 1000,
    batch_size: int = 100,
    learning_rate: float = 0.5,
) -> MirroredRun:
    """Train the blog's model from zero, in this process, with each batch split across replicas.

    Parameters
    ----------
    strategy : tf.distribute.Strategy
        Usually ``tf.distribute.MirroredStrategy(devices)`` with devices from
        :func:`configure_logical_cpus`; the model is created in its scope, so
        each device holds a copy (a replica) of ``W`` and ``b``.
    dataset : DataSet
        The training split; batches are drawn exactly as :func:`train` draws
        them, and ``dataset``'s batching advances just as far.
    steps : int, default=1000
        Number of gradient-descent steps.
    batch_size : int, default=100
        The global batch: images per step, shared out among the replicas.
    learning_rate : float, default=0.5
        The step size.

    Returns
    -------
    run : MirroredRun
        The trained weights and bias, the loss of each step and the time taken.

    Raises
    ------
    ValueError
        If ``strategy`` is not a ``tf.distribute.Strategy``, ``dataset`` not a
        :class:`DataSet`, or a number out of range.

    See Also
    --------
    train_on_logical_cpus : The same, for several device counts, in a fresh process.
    train : The single-device training it reproduces.

    Notes
    -----
    With the global batch of :math:`n` images split into replica shares
    :math:`S_1, \\dots, S_R`, each replica computes the gradient of its share
    of the mean loss, and the shares are summed across replicas (an
    all-reduce):

    .. math::

        \\frac{\\partial L}{\\partial W}
        = \\sum_{r=1}^{R} \\frac{\\partial}{\\partial W}
          \\Big(\\frac{1}{n} \\sum_{i \\in S_r} H(y_i, \\mathrm{softmax}(x_i W + b))\\Big),

    which is exactly the single-device gradient. Every replica then applies
    the same update, so the copies stay identical.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> train_split = mt.load_mnist().train
    >>> run = mt.train_mirrored(tf.distribute.get_strategy(), train_split, steps=10)
    >>> run.n_devices, run.weights.shape, round(float(run.loss[0]), 4)
    (1, (784, 10), 2.3026)
    """
    if not isinstance(strategy, tf.distribute.Strategy):
        raise ValueError(
            "strategy must be a tf.distribute.Strategy, e.g. tf.distribute.MirroredStrategy(); "
            f"got {type(strategy).__name__}."
        )
    _check_settings(dataset, steps, batch_size, learning_rate)
    indices = dataset.batch_indices(steps, batch_size)
    return _train_on_batches(strategy, dataset.images, dataset.labels, indices, learning_rate)


def _train_on_batches(strategy, images, labels, indices, learning_rate) -> MirroredRun:
    """Train a zero model on the batches ``indices``, each split across the replicas."""
    with strategy.scope():
        model = LinearSoftmax()
    batch_size = indices.shape[1]
    images, labels = tf.constant(images), tf.constant(labels)
    batches = tf.data.Dataset.from_tensor_slices(indices.reshape(-1)).batch(batch_size)
    batches = batches.map(lambda rows: (tf.gather(images, rows), tf.gather(labels, rows)))
    iterator = iter(strategy.experimental_distribute_dataset(batches))
    loop = _training_loop(strategy, model, batch_size, learning_rate)
    first = loop(iterator, tf.constant(1)).numpy()  # traces the loop
    started = time.perf_counter()
    rest = loop(iterator, tf.constant(indices.shape[0] - 1)).numpy()
    seconds = time.perf_counter() - started
    return MirroredRun(
        devices=_devices_of(strategy),
        weights=model.W.numpy(),
        bias=model.b.numpy(),
        loss=np.concatenate([first, rest]),
        seconds=seconds,
    )


def _devices_of(strategy: tf.distribute.Strategy) -> tuple[str, ...]:
    """The names of the strategy's devices; ``("default",)`` for the default strategy."""
    try:
        return tuple(strategy.extended.worker_devices)
    except RuntimeError:  # the default strategy places everything on the default device
        return ("default",)


def _training_loop(strategy, model: LinearSoftmax, batch_size: int, learning_rate: float):
    """A traced loop of ``n_steps`` distributed gradient-descent steps, giving each step's loss."""

    def replica_gradient(images, labels):
        with tf.GradientTape() as tape:
            losses = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=model(images))
            # This replica's share of the batch mean: the sum of its losses over the global batch.
            share = tf.nn.compute_average_loss(losses, global_batch_size=batch_size)
        return share, tape.gradient(share, [model.W, model.b])

    @tf.function
    def loop(iterator, n_steps):
        losses = tf.TensorArray(tf.float32, size=n_steps)
        for step in tf.range(n_steps):
            shares, gradients = strategy.run(replica_gradient, args=next(iterator))
            summed = strategy.reduce(tf.distribute.ReduceOp.SUM, gradients, axis=None)
            model.W.assign_sub(learning_rate * summed[0])
            model.b.assign_sub(learning_rate * summed[1])
            losses = losses.write(step, strategy.reduce(tf.distribute.ReduceOp.SUM, shares, None))
        return losses.stack()

    return loop


def train_on_logical_cpus(
    dataset: DataSet,
    *,
    device_counts: Sequence[int] = (1, 2, 4),
    steps: int = 1000,
    batch_size: int = 100,
    learning_rate: float = 0.5,
    timeout: float = 600.0,
) -> list[MirroredRun]:
    """Train the blog's model under ``MirroredStrategy`` once per device count, in a fresh process.

    TensorFlow fixes its devices when it first runs an operation, so a process
    that has already trained something cannot be split into logical CPUs.
    This function starts a new Python process, gives it
    ``max(device_counts)`` logical CPUs (:func:`configure_logical_cpus`), and
    there runs :func:`train_mirrored` on the first ``n`` of them for each
    ``n``, all on the same batches.

    Parameters
    ----------
    dataset : DataSet
        The training split; the batches are drawn exactly as :func:`train`
        draws them, and ``dataset``'s batching advances just as far (once, not
        once per device count).
    device_counts : sequence of int, default=(1, 2, 4)
        The numbers of replicas to train with, each at least 1.
    steps : int, default=1000
        Number of gradient-descent steps per run.
    batch_size : int, default=100
        The global batch, shared out among the replicas.
    learning_rate : float, default=0.5
        The step size.
    timeout : float, default=600.0
        Seconds to wait for the process.

    Returns
    -------
    runs : list of MirroredRun
        One per device count, in the order given.

    Raises
    ------
    ValueError
        If an argument is out of range.
    RuntimeError
        If the process fails or times out; the message ends with what it wrote
        to its standard error.

    See Also
    --------
    train_mirrored : The training run in the new process.

    Notes
    -----
    The training set and the batches go to the process through a temporary
    ``.npz`` file, and the results come back the same way; the process imports
    TensorFlow anew, which takes a few seconds.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> train_split = mt.load_mnist().train
    >>> runs = mt.train_on_logical_cpus(train_split, device_counts=[2], steps=5)
    >>> [device.split("/")[-1] for device in runs[0].devices]
    ['device:CPU:0', 'device:CPU:1']
    """
    _check_settings(dataset, steps, batch_size, learning_rate)
    counts = _check_device_counts(device_counts)
    indices = dataset.batch_indices(steps, batch_size)
    with tempfile.TemporaryDirectory(prefix="mnist_tutorial_") as folder:
        inputs, outputs = Path(folder) / "inputs.npz", Path(folder) / "outputs.npz"
        np.savez(inputs, images=dataset.images, labels=dataset.labels, indices=indices,
                 device_counts=np.array(counts), learning_rate=np.float64(learning_rate))
        _run_worker(inputs, outputs, timeout)
        with np.load(outputs) as results:
            return [
                MirroredRun(tuple(str(name) for name in results[f"devices_{i}"]),
                            results["weights"][i], results["bias"][i], results["loss"][i],
                            float(results["seconds"][i]))
                for i in range(len(counts))
            ]


def _run_worker(inputs: Path, outputs: Path, timeout: float) -> None:
    """Run :func:`_work` in a fresh Python process; raise ``RuntimeError`` if it fails."""
    environment = dict(os.environ)
    package_parent = str(Path(__file__).resolve().parents[1])
    environment["PYTHONPATH"] = os.pathsep.join(
        [package_parent, *filter(None, [environment.get("PYTHONPATH")])]
    )
    command = [sys.executable, "-c", _WORKER, str(inputs), str(outputs)]
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        raise RuntimeError(f"The training process took more than {timeout} s; it was stopped. "
                           "Pass fewer steps or a larger timeout.") from error
    if done.returncode != 0:
        raise RuntimeError(
            f"The training process failed (exit status {done.returncode}). "
            f"Its standard error ends with:\n{done.stderr[-3000:]}"
        )
    if done.stderr.strip():
        sys.stderr.write(done.stderr)


def _work(inputs: str, outputs: str) -> None:
    """In the fresh process: make the logical CPUs, train once per device count, save results."""
    with np.load(inputs) as data:
        images, labels, indices = data["images"], data["labels"], data["indices"]
        counts = [int(count) for count in data["device_counts"]]
        learning_rate = float(data["learning_rate"])
    devices = configure_logical_cpus(max(counts))
    runs = [
        _train_on_batches(tf.distribute.MirroredStrategy(devices[:n]), images, labels, indices,
                          learning_rate)
        for n in counts
    ]
    np.savez(
        outputs,
        weights=np.stack([run.weights for run in runs]),
        bias=np.stack([run.bias for run in runs]),
        loss=np.stack([run.loss for run in runs]),
        seconds=np.array([run.seconds for run in runs]),
        **{f"devices_{i}": np.array(run.devices) for i, run in enumerate(runs)},
    )


def _check_settings(dataset, steps, batch_size, learning_rate) -> None:
    """Raise ``ValueError`` unless the data set and the training settings are usable."""
    if not isinstance(dataset, DataSet):
        raise ValueError(
            f"dataset must be a mnist_tutorial.DataSet, e.g. mt.load_mnist().train; "
            f"got {type(dataset).__name__}."
        )
    check_count("steps", steps, 1, None)
    check_count("batch_size", batch_size, 1, dataset.num_examples)
    if (
        isinstance(learning_rate, bool)
        or not isinstance(learning_rate, numbers.Real)
        or not math.isfinite(learning_rate)
        or learning_rate <= 0
    ):
        raise ValueError(f"learning_rate must be a finite number above zero, e.g. 0.5; "
                         f"got {learning_rate!r}.")


def _check_device_counts(device_counts) -> list[int]:
    """Return the device counts as a non-empty list of positive integers, else raise."""
    if isinstance(device_counts, int | np.integer):
        raise ValueError(f"device_counts must be a sequence, e.g. [{device_counts}]; "
                         f"got the single number {device_counts}.")
    counts = list(device_counts)
    if not counts:
        raise ValueError("device_counts must hold at least one count, e.g. (1, 2, 4); got none.")
    for count in counts:
        check_count("each device count", count, 1, None)
    return [int(count) for count in counts]
