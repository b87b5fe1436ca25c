"""Train the blog's model on several worker processes with ``MultiWorkerMirroredStrategy``."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tensorflow as tf

from ._checks import check_count, check_instance, check_seconds, check_training_settings
from .data import DataSet
from .model import LinearSoftmax

# Words put before each worker's command line: none, except in the test suite, which puts
# ["ip", "netns", "exec", NAME] to run its workers where only loopback exists (the Notes of
# train_multi_worker say why).
_COMMAND_PREFIX: list[str] = []


class WorkerError(RuntimeError):
    """A worker process failed, or the job did not finish in time; its workers were stopped.

    Raised by :func:`train_multi_worker`, :meth:`WorkerJob.wait` and
    :meth:`WorkerJob.wait_for_checkpoint`. The message names the worker that
    failed and quotes the last lines of its standard error, or says what the
    job was waiting for when time ran out. A ``RuntimeError``, so
    ``except RuntimeError`` catches it too.

    See Also
    --------
    WorkerJob : A job that can be restarted after this error, from its checkpoint.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> issubclass(mt.WorkerError, RuntimeError)
    True
    >>> try:  # what a script that restarts a failed job catches
    ...     raise mt.WorkerError("Worker 1 ended with exit code -9.")
    ... except mt.WorkerError as error:
    ...     print(error)
    Worker 1 ended with exit code -9.
    """


@dataclass(frozen=True, eq=False)
class MultiWorkerRun:
    """The result of training the blog's model on several worker processes.

    What :func:`train_multi_worker` and :meth:`WorkerJob.wait` return.

    Attributes
    ----------
    n_workers : int
        How many worker processes trained together.
    weights : numpy.ndarray of shape (784, 10)
        ``W`` after training, float32, as the chief (worker 0) holds it.
    bias : numpy.ndarray of shape (10,)
        ``b`` after training, float32, as the chief holds it.
    loss : numpy.ndarray of shape (n_steps,)
        The mean cross-entropy of each global batch trained in the last start,
        before its update.
    first_step : int
        The step the last start resumed from: 0 for a fresh start, else its
        checkpoint's step.
    seconds : float
        Wall-clock seconds of the steps of the last start but its first (which
        includes tracing), checkpoint saving excluded, as the chief measured them.
    largest_gap_between_workers : float
        The largest difference between any worker's final ``W`` and the chief's.
    seconds_per_step : float
        The mean time of one step, tracing excluded.

    See Also
    --------
    train_multi_worker : Trains on several processes and returns this.
    TrainingHistory : What :func:`train` returns for one process.

    Examples
    --------
    A run made by hand (a real one comes from :func:`train_multi_worker`):

    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> run = mt.MultiWorkerRun(
    ...     n_workers=2, weights=np.zeros((784, 10), np.float32), bias=np.zeros(10, np.float32),
    ...     loss=np.array([2.3, 0.9, 0.7]), first_step=0, seconds=0.5,
    ...     largest_gap_between_workers=0.0)
    >>> run.seconds_per_step  # two steps after the first
    0.25
    >>> run.model().predict(np.zeros((1, 784), np.float32))
    array([0])
    """

    n_workers: int
    weights: np.ndarray
    bias: np.ndarray
    loss: np.ndarray
    first_step: int
    seconds: float
    largest_gap_between_workers: float

    @property
    def seconds_per_step(self) -> float:
        """The mean time of one step, tracing excluded."""
        return self.seconds / max(self.loss.size - 1, 1)

    def model(self) -> LinearSoftmax:
        """Return a :class:`LinearSoftmax` holding the trained weights and bias.

        Returns
        -------
        model : LinearSoftmax
            A new model whose ``W`` and ``b`` are copies of ``weights``
            and ``bias``, ready for :func:`accuracy` or
            :meth:`LinearSoftmax.predict`.
        """
        model = LinearSoftmax()
        model.W.assign(self.weights)
        model.b.assign(self.bias)
        return model


class WorkerJob(contextlib.AbstractContextManager):
    """A training job of ``n_workers`` processes on this machine, started and stopped by pid.

    The job draws its global batches once, when it is made, exactly as
    :func:`train` would draw them, so that every start of the job (the first,
    and any restart after a failure) trains on the same batches. Use it as a
    context manager, or call :meth:`close` when done: either kills any worker
    still running and deletes the job's files (not a ``checkpoint_dir`` you
    passed).

    Parameters
    ----------
    dataset : DataSet
        The training split; its batching advances by ``steps`` batches.
    n_workers : int, default=2
        How many worker processes to start, at least 1, at most ``batch_size``.
    steps : int, default=1000
        Number of gradient-descent steps.
    batch_size : int, default=100
        The global batch: images per step, shared out among the workers.
    learning_rate : float, default=0.5
        The step size.
    checkpoint_every : int, optional
        If given, the workers save a checkpoint every ``checkpoint_every``
        steps, and a start resumes from the latest one.
    checkpoint_dir : str or Path, optional
        Where the chief writes its checkpoints; by default a folder of the job.
    start_timeout : float, default=120.0
        Seconds every worker has, from :meth:`start`, to join the others and
        finish its first step; a worker that never comes up ends the job with
        ``WorkerError`` after that long.
    collective_timeout : float, default=30.0
        Seconds a worker waits in one all-reduce after the first before it
        gives up with ``DeadlineExceededError``, e.g. when a peer hangs.

    Raises
    ------
    ValueError
        If an argument is of the wrong type or out of range.

    Attributes
    ----------
    n_workers : int
        How many worker processes each start launches.
    steps : int
        The number of steps the job trains in all.
    checkpoint_dir : pathlib.Path
        Where the chief writes its checkpoints.
    start_timeout : float
        Seconds the workers have to come up, from :meth:`start`.
    pids : list of int
        The process ids of the workers of the latest start, worker 0 first.

    See Also
    --------
    train_multi_worker : Starts a job, waits for it and returns its result.
    train : The same training in one process.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> with mt.WorkerJob(mt.load_mnist().train, n_workers=2, steps=20) as job:
    ...     job.pids, job.checkpointed_step()  # job.start() would start the two workers
    ([], 0)
    """

    def __init__(
        self,
        dataset: DataSet,
        *,
        n_workers: int = 2,
        steps: int = 1000,
        batch_size: int = 100,
        learning_rate: float = 0.5,
        checkpoint_every: int | None = None,
        checkpoint_dir: str | os.PathLike | None = None,
        start_timeout: float = 120.0,
        collective_timeout: float = 30.0,
    ):
        check_instance("dataset", dataset, DataSet, "mt.load_mnist().train")
        check_training_settings(steps, batch_size, learning_rate, dataset.num_examples)
        check_count("n_workers", n_workers, 1, batch_size)
        if checkpoint_every is not None:
            check_count("checkpoint_every", checkpoint_every, 1, steps)
        self.start_timeout = check_seconds("start_timeout", start_timeout)
        check_seconds("collective_timeout", collective_timeout)
        self.n_workers, self.steps = int(n_workers), int(steps)
        self._folder = tempfile.TemporaryDirectory(prefix="mnist_tutorial_workers_")
        folder = self._files = Path(self._folder.name)
        self._outputs = folder / "outputs"  # what the workers write: logs, marks, results
        self._outputs.mkdir()
        self.checkpoint_dir = Path(checkpoint_dir or folder / "checkpoints")
        np.save(folder / "images.npy", dataset.images)
        np.save(folder / "labels.npy", dataset.labels)
        np.save(folder / "indices.npy", dataset.batch_indices(steps, batch_size))
        settings = {
            "learning_rate": float(learning_rate),
            "checkpoint_every": checkpoint_every,
            "checkpoint_dir": str(self.checkpoint_dir),
            "collective_timeout": float(collective_timeout),
        }
        (folder / "settings.json").write_text(json.dumps(settings))
        self._processes: list[subprocess.Popen] = []

    @property
    def pids(self) -> list[int]:
        """The process ids of the workers of the latest start, worker 0 (the chief) first."""
        return [process.pid for process in self._processes]

    def start(self) -> None:
        """Start the workers on free ports of 127.0.0.1, each told its place by ``TF_CONFIG``."""
        if any(process.poll() is None for process in self._processes):
            raise RuntimeError("The job's workers are still running; call wait() or stop() first.")
        for old in self._outputs.iterdir():  # the last start's
            old.unlink()
        addresses = [f"127.0.0.1:{port}" for port in _free_ports(self.n_workers)]
        self._started = time.monotonic()
        self._processes = [
            _start_worker(self._files, addresses, index) for index in range(self.n_workers)
        ]

    def checkpointed_step(self) -> int:
        """Return the step of the chief's latest checkpoint, 0 if it has written none.

        Returns
        -------
        step : int
            The step of the newest checkpoint in ``checkpoint_dir``, from 0 to
            ``steps``; it does not wait for one.
        """
        latest = tf.train.latest_checkpoint(str(self.checkpoint_dir))
        return int(latest.rsplit("-", 1)[1]) if latest else 0

    def wait_for_checkpoint(self, step: int, *, timeout: float = 120.0) -> int:
        """Wait until the latest checkpoint is of ``step`` or later; return its step.

        Parameters
        ----------
        step : int
            The step to wait for, from 1 to ``steps``; checkpoints are written
            every ``checkpoint_every`` steps.
        timeout : float, default=120.0
            Seconds to wait at most.

        Returns
        -------
        step : int
            The step of the latest checkpoint, ``step`` or later.

        Raises
        ------
        ValueError
            If ``step`` or ``timeout`` is out of range.
        RuntimeError
            If the job was never started.
        WorkerError
            If a worker fails, the job ends without that checkpoint, or
            ``timeout`` seconds pass first; the workers are stopped.
        """
        check_count("step", step, 1, self.steps)
        deadline = time.monotonic() + check_seconds("timeout", timeout)
        self._check_started()
        ended = False  # seen before the checkpoint was last read: then no later one can come
        while self.checkpointed_step() < step:
            if ended:
                raise WorkerError(
                    f"The job ended without a checkpoint of step {step}; give "
                    "checkpoint_every a value that divides it, e.g. 100."
                )
            self._raise_if_failed(deadline, f"a checkpoint of step {step}")
            ended = all(process.poll() == 0 for process in self._processes)
            time.sleep(0.02)
        return self.checkpointed_step()

    def wait(self, *, timeout: float = 300.0) -> MultiWorkerRun:
        """Wait for every worker to finish, and return the chief's result.

        Parameters
        ----------
        timeout : float, default=300.0
            Seconds to wait at most, from this call.

        Returns
        -------
        run : MultiWorkerRun
            The trained weights and bias as the chief holds them, the loss of
            every step of the last start, and its timing.

        Raises
        ------
        ValueError
            If ``timeout`` is not a number of seconds above zero.
        RuntimeError
            If the job was never started.
        WorkerError
            As soon as a worker ends with an error or is killed, or when
            ``timeout`` seconds pass; every worker still running is stopped
            first, and the message names the worker and quotes its last
            lines of standard error.
        """
        deadline = time.monotonic() + check_seconds("timeout", timeout)
        self._check_started()
        while not all(process.poll() == 0 for process in self._processes):
            self._raise_if_failed(deadline, "the end of training")
            time.sleep(0.02)
        return _collect_results(self._outputs, self.n_workers)

    def stop(self) -> None:
        """Kill every worker still running (by its pid) and reap it."""
        for process in self._processes:
            process.kill()  # SIGKILL to its pid, unless it has already ended
            process.wait(timeout=30)

    def _check_started(self) -> None:
        """Raise ``RuntimeError`` if the job was never started."""
        if not self._processes:
            raise RuntimeError("The job has not been started; call start() first.")

    def _raise_if_failed(self, deadline: float, waiting_for: str) -> None:
        """Stop the job and raise ``WorkerError`` if a worker failed or time is up."""
        # poll() is None while a worker runs, 0 once it has succeeded, else its failure
        failed = [index for index, worker in enumerate(self._processes) if worker.poll()]
        if failed:
            message = _failure_message(failed[0], self._processes[failed[0]], self._outputs)
        elif not_joined := self._not_joined_in_time():
            message = not_joined
        elif time.monotonic() > deadline:
            message = (
                f"The job did not reach {waiting_for} in time; its workers were stopped. "
                "Pass a larger timeout, or fewer steps."
            )
        else:
            return
        self.stop()
        raise WorkerError(message)

    def _not_joined_in_time(self) -> str:
        """Past the start timeout, say which workers have not finished a first step; else ''."""
        # The marks each worker leaves: worker-{index}.up once Python and TensorFlow run,
        # worker-{index}.joined once it has finished a first step with the others.
        marks = {path.name for path in self._outputs.iterdir()}
        late = [index for index in range(self.n_workers) if f"worker-{index}.joined" not in marks]
        if not late or time.monotonic() - self._started < self.start_timeout:
            return ""
        never_up = [index for index in late if f"worker-{index}.up" not in marks]
        return (
            f"Worker(s) {late} did not finish a first step within {self.start_timeout} s "
            f"of start; worker(s) {never_up} never even came up (got Python and TensorFlow "
            "running), and the others waited for them. The job was stopped; "
            "check the missing workers, or pass a larger start_timeout."
        )

    def close(self) -> None:
        """Stop the workers and delete the job's files (not a ``checkpoint_dir`` you passed)."""
        self.stop()
        self._folder.cleanup()

    def __exit__(self, *exception) -> None:
        self.close()


def train_multi_worker(
    dataset: DataSet,
    *,
    n_workers: int = 2,
    steps: int = 1000,
    batch_size: int = 100,
    learning_rate: float = 0.5,
    checkpoint_every: int | None = None,
    timeout: float = 300.0,
) -> MultiWorkerRun:
    """Train the blog's model on ``n_workers`` processes with MultiWorkerMirroredStrategy.

    The model starts from zero. Each worker is a fresh Python process on this
    machine. The workers find each other on free ports of 127.0.0.1, each told
    its place by the ``TF_CONFIG`` environment variable; each reads its own share of every
    global batch, computes the gradient of its share of the batch's mean loss,
    and the shares are summed across the workers (an all-reduce) before every
    worker applies the same update.

    Parameters
    ----------
    dataset : DataSet
        The training split; the global batches are drawn exactly as
        :func:`train` draws them, and ``dataset``'s batching advances as far.
    n_workers : int, default=2
        How many worker processes, from 1 to ``batch_size``.
    steps : int, default=1000
        Number of gradient-descent steps.
    batch_size : int, default=100
        The global batch, shared out among the workers as evenly as it goes.
    learning_rate : float, default=0.5
        The step size.
    checkpoint_every : int, optional
        If given, the workers save a checkpoint every ``checkpoint_every`` steps.
    timeout : float, default=300.0
        Seconds to wait for the workers, starting them included.

    Returns
    -------
    run : MultiWorkerRun
        The chief's trained weights and bias, the loss of each step and the time taken.

    Raises
    ------
    ValueError
        If an argument is of the wrong type or out of range.
    WorkerError
        If a worker fails or the job times out; every worker has been stopped.

    See Also
    --------
    WorkerJob : The same job, step by step, with restarts from checkpoints.
    train : The single-process training it reproduces.

    Notes
    -----
    Worker :math:`r` of :math:`R` holds the share :math:`S_r` of the global
    batch of :math:`n` images and scales its loss by :math:`1/n`, not by
    :math:`1/|S_r|`, so that the all-reduced sum is the gradient of the mean
    over the whole batch:

    .. math::

        \\frac{\\partial L}{\\partial W}
        = \\sum_{r=1}^{R} \\frac{\\partial}{\\partial W}
          \\Big(\\frac{1}{n} \\sum_{i \\in S_r} H(y_i, \\mathrm{softmax}(x_i W + b))\\Big).

    TensorFlow's gRPC server listens on every network interface of the
    machine, whatever host name ``TF_CONFIG`` gives; the workers talk over
    127.0.0.1.

    Examples
    --------
    The test suite does not run this example: it starts workers only inside a
    network namespace with nothing but loopback (tests/test_distributed.py).

    >>> import mnist_tutorial as mt
    >>> run = mt.train_multi_worker(mt.load_mnist().train, n_workers=2, steps=20)  # doctest: +SKIP
    >>> run.n_workers, run.loss.size, round(float(run.loss[0]), 4)  # doctest: +SKIP
    (2, 20, 2.3026)
    """
    with WorkerJob(
        dataset,
        n_workers=n_workers,
        steps=steps,
        batch_size=batch_size,
        learning_rate=learning_rate,
        checkpoint_every=checkpoint_every,
    ) as job:
        job.start()
        return job.wait(timeout=timeout)


def _free_ports(count: int) -> list[int]:
    """Ask the system for ``count`` ports of 127.0.0.1 that are free now."""
    with contextlib.ExitStack() as open_sockets:  # all open at once, so the ports differ
        sockets = [
            open_sockets.enter_context(socket.create_server(("127.0.0.1", 0)))
            for _ in range(count)
        ]
        return [each.getsockname()[1] for each in sockets]


def _start_worker(folder: Path, addresses: list[str], index: int) -> subprocess.Popen:
    """Start worker ``index`` of the cluster ``addresses``; its output goes to the job's logs."""
    package_parent = str(Path(__file__).resolve().parents[1])  # the worker imports this copy
    python_path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
    cluster = {"cluster": {"worker": addresses}, "task": {"type": "worker", "index": index}}
    environment = {**os.environ, "PYTHONPATH": python_path, "TF_CONFIG": json.dumps(cluster)}
    command = [*_COMMAND_PREFIX, sys.executable, "-m", "mnist_tutorial.distributed", str(folder)]
    log = folder / "outputs" / f"worker-{index}"
    with open(f"{log}.out", "wb") as out, open(f"{log}.err", "wb") as err:
        # The worker writes to its own copies of these files; ours close here.
        return subprocess.Popen(command, env=environment, stdout=out, stderr=err)


def _failure_message(index: int, process: subprocess.Popen, outputs: Path) -> str:
    """Say which worker failed and how, quoting the end of its standard error."""
    status = process.returncode  # minus the signal's number if a signal killed it
    killed_by = signal.Signals(-status).name if status < 0 else None
    how = f"was killed by signal {killed_by}" if killed_by else f"ended with exit status {status}"
    errors = (outputs / f"worker-{index}.err").read_text(errors="replace").strip().splitlines()
    tail = "\n".join(errors[-12:]) or "(nothing)"
    return (
        f"Worker {index} (pid {process.pid}) {how}; the job's other workers were stopped. "
        f"Start the job again to resume from its latest checkpoint, if it saves any. "
        f"The worker's standard error ends with:\n{tail}"
    )


def _collect_results(folder: Path, n_workers: int) -> MultiWorkerRun:
    """Read the chief's result, and how far the other workers' weights are from it."""
    with np.load(folder / "worker-0.npz") as chief:
        weights, bias, loss = chief["weights"], chief["bias"], chief["loss"]
        first_step, seconds = int(chief["first_step"]), float(chief["seconds"])
    gap = 0.0
    for index in range(1, n_workers):
        with np.load(folder / f"worker-{index}.npz") as other:
            gap = max(gap, float(np.abs(other["weights"] - weights).max()))
    return MultiWorkerRun(n_workers, weights, bias, loss, first_step, seconds, gap)


def _work_as_worker(folder: Path) -> None:
    """In a worker process: join the cluster, train from the latest checkpoint, save the result."""
    cluster = json.loads(os.environ["TF_CONFIG"])
    index, n_workers = cluster["task"]["index"], len(cluster["cluster"]["worker"])
    (folder / "outputs" / f"worker-{index}.up").touch()  # seen by the job: Python and TF run
    settings = json.loads((folder / "settings.json").read_text())
    timeout = settings["collective_timeout"]  # seconds an all-reduce waits for the others
    options = tf.distribute.experimental.CommunicationOptions(timeout_seconds=timeout)
    strategy = tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
    images = np.load(folder / "images.npy", mmap_mode="r")
    labels = np.load(folder / "labels.npy", mmap_mode="r")
    indices = np.load(folder / "indices.npy")
    # This worker's columns of every global batch: 50 + 50 for two workers, 34 + 33 + 33 for three.
    share = np.array_split(np.arange(indices.shape[1]), n_workers)[index]
    with strategy.scope():
        model = LinearSoftmax()
        step = tf.Variable(0, dtype=tf.int64, name="step")
    checkpoints = _checkpoint_manager(model, step, settings["checkpoint_dir"], index)
    train_step = _worker_step(strategy, model, indices.shape[1], settings["learning_rate"])
    first_step, losses, durations = int(step.numpy()), [], []
    for rows in indices[first_step:, share]:
        started = time.perf_counter()
        losses.append(float(train_step(images[rows], labels[rows])))
        durations.append(time.perf_counter() - started)
        if len(losses) == 1:  # seen by the job: every worker is in the cluster
            (folder / "outputs" / f"worker-{index}.joined").touch()
        step.assign_add(1)
        if settings["checkpoint_every"] and int(step.numpy()) % settings["checkpoint_every"] == 0:
            checkpoints.save(checkpoint_number=int(step.numpy()))
    np.savez(
        folder / "outputs" / f"worker-{index}.npz",
        weights=model.weights,
        bias=model.bias,
        loss=np.array(losses, dtype=np.float32),
        first_step=first_step,
        seconds=sum(durations[1:]),  # the first step also traces train_step
    )


def _checkpoint_manager(model, step, checkpoint_dir: str, index: int):
    """Restore the chief's latest checkpoint, if any; return the manager this worker saves with.

    Every worker takes part in saving, as TensorFlow asks of
    MultiWorkerMirroredStrategy; only the chief's folder is ever read, the
    others' are each worker's own.
    """
    checkpoint = tf.train.Checkpoint(model=model, step=step)
    latest = tf.train.latest_checkpoint(checkpoint_dir)
    if latest:
        checkpoint.restore(latest).assert_consumed()
    directory = checkpoint_dir if index == 0 else os.path.join(checkpoint_dir, f"worker-{index}")
    return tf.train.CheckpointManager(checkpoint, directory, max_to_keep=2)


def _worker_step(strategy, model: LinearSoftmax, batch_size: int, learning_rate: float):
    """One traced step: this worker's gradient, the all-reduce, the same update on every worker."""

    def summed_gradient(images, labels):
        with tf.GradientTape() as tape:
            losses = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=model(images))
            # Divide by the global batch (100), not by this worker's 50: the shares then add up
            # to the batch's mean loss, and their gradients to the gradient of that mean.
            share = tf.nn.compute_average_loss(losses, global_batch_size=batch_size)
        gradient = tape.gradient(share, [model.W, model.b])
        # The all-reduce: every worker sends its share and receives the sum over all workers.
        return tf.distribute.get_replica_context().all_reduce("sum", [share, *gradient])

    @tf.function
    def train_step(images, labels):
        summed = strategy.run(summed_gradient, args=(images, labels))
        loss, gradient_W, gradient_b = strategy.experimental_local_results(summed)[0]
        model.W.assign_sub(learning_rate * gradient_W)  # the same update on every worker
        model.b.assign_sub(learning_rate * gradient_b)
        return loss

    return train_step


if __name__ == "__main__":  # a worker process, started by WorkerJob.start
    _work_as_worker(Path(sys.argv[1]))
