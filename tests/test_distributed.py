"""Tests of training on worker processes over 127.0.0.1 with MultiWorkerMirroredStrategy.

TensorFlow's server listens on every network interface, whatever address TF_CONFIG
gives, so the tests start their workers inside a network namespace of their own that
has only loopback (``ip netns``, which needs root). Where that namespace cannot be
made, the tests that start workers are skipped, except under CI (``CI`` set), where
they fail.
"""

import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import mnist_tutorial as mt
from mnist_tutorial import distributed


@pytest.fixture(scope="module")
def loopback_only(unavailable):
    """Run every worker in a network namespace holding only loopback; yield the command prefix.

    The prefix goes before each worker's command line through the module's private
    ``_COMMAND_PREFIX``, which readers never set.
    """
    name = f"mnist-tutorial-test-{os.getpid()}"
    made = subprocess.run(["ip", "netns", "add", name], capture_output=True, check=False)
    if made.returncode != 0:
        unavailable(f"cannot make a network namespace: {made.stderr.decode().strip()}")
    try:
        subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True, timeout=10)
        prefix = ["ip", "netns", "exec", name]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(distributed, "_COMMAND_PREFIX", prefix)
            yield prefix
    finally:
        subprocess.run(["ip", "netns", "delete", name], check=False, timeout=10)


def _listening_ports() -> set[int]:
    """The TCP ports listening in this process's network namespace, IPv4 and IPv6."""
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # the state LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


@pytest.fixture(scope="module")
def train_split():
    """The training split."""
    return mt.load_mnist().train


#: Steps of the multi-worker runs: long enough to kill a worker part-way through.
WORKER_STEPS = 300


@pytest.fixture(scope="module", autouse=True)
def _no_worker_left_behind():
    """After this module's tests, no process they started is still running (Linux's /proc)."""
    yield
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            children.append(int(stat.parent.name))
    assert not children, f"processes left running: {children}"


def _assert_all_ended(pids):
    """Every process id is gone: no worker was left running."""
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


@pytest.fixture(scope="module")
def single_process(train_split):
    """The blog's model after WORKER_STEPS steps of mt.train on seed 3's batches."""
    model = mt.LinearSoftmax()
    history = mt.train(model, train_split.reseeded(3), steps=WORKER_STEPS)
    return model, history


@pytest.fixture(scope="module")
def two_workers(train_split, loopback_only):
    """Two worker processes trained without interruption on seed 3's batches, and their pids."""
    with mt.WorkerJob(train_split.reseeded(3), n_workers=2, steps=WORKER_STEPS) as job:
        job.start()
        run = job.wait(timeout=240)
        pids = job.pids
    return run, pids


@pytest.mark.slow  # starts TensorFlow afresh in worker processes
def test_worker_ports_listen_only_inside_their_namespace(train_split, loopback_only):
    """While two workers train, none of their servers listens in this machine's namespace."""
    before = _listening_ports()
    with mt.WorkerJob(train_split, n_workers=2, steps=400, checkpoint_every=100) as job:
        job.start()
        job.wait_for_checkpoint(100, timeout=240)  # the servers are up and talking
        inside = subprocess.run(
            [*loopback_only, "cat", "/proc/net/tcp", "/proc/net/tcp6"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        during = _listening_ports()
        job.wait(timeout=240)
    assert " 0A " in inside, "the workers' servers should listen inside the namespace"
    assert during <= before | _listening_ports(), f"new ports here: {during - before}"


@pytest.mark.slow  # starts TensorFlow afresh in worker processes
def test_two_workers_reproduce_train(two_workers, single_process):
    """Two workers on the same global batches give mt.train's weights to float32 round-off."""
    run, pids = two_workers
    model, history = single_process
    assert run.n_workers == 2 and run.first_step == 0 and run.loss.size == WORKER_STEPS
    np.testing.assert_allclose(run.weights, model.weights, rtol=0, atol=1e-5)
    np.testing.assert_allclose(run.bias, model.bias, rtol=0, atol=1e-5)
    np.testing.assert_allclose(run.loss, history.loss, rtol=1e-5)
    assert run.largest_gap_between_workers == 0.0
    assert run.seconds_per_step > 0
    _assert_all_ended(pids)


@pytest.mark.slow  # starts TensorFlow afresh in worker processes
def test_killed_worker_is_reported_and_a_restart_resumes_to_the_same_weights(
    train_split, two_workers, tmp_path, loopback_only
):
    """Killing a worker fails the job quickly; restarting resumes from the checkpoint."""
    uninterrupted, _ = two_workers
    with mt.WorkerJob(
        train_split.reseeded(3),
        n_workers=2,
        steps=WORKER_STEPS,
        checkpoint_every=50,
        checkpoint_dir=tmp_path,
    ) as job:
        job.start()
        checkpointed = job.wait_for_checkpoint(100, timeout=240)
        os.kill(job.pids[1], signal.SIGKILL)
        killed_at = time.monotonic()
        killed = r"Worker 1 \(pid \d+\) was killed by signal SIGKILL"
        with pytest.raises(mt.WorkerError, match=killed):
            job.wait(timeout=240)
        assert time.monotonic() - killed_at < 5
        _assert_all_ended(job.pids)
        assert 100 <= checkpointed < WORKER_STEPS
        resume_from = job.checkpointed_step()
        job.start()
        resumed = job.wait(timeout=240)
        _assert_all_ended(job.pids)
    assert resumed.first_step == resume_from and resume_from >= checkpointed
    assert resumed.loss.size == WORKER_STEPS - resume_from
    np.testing.assert_allclose(resumed.weights, uninterrupted.weights, rtol=0, atol=1e-6)
    np.testing.assert_allclose(resumed.loss, uninterrupted.loss[resume_from:], rtol=1e-6)


@pytest.mark.slow  # starts TensorFlow afresh in worker processes
def test_a_worker_that_never_comes_up_ends_the_job_within_bounded_time(
    train_split, monkeypatch, loopback_only
):
    """If worker 1 never comes up, the job raises WorkerError naming it after start_timeout."""
    start_worker = distributed._start_worker

    def sleeper_for_worker_1(folder, addresses, index):
        if index == 0:
            return start_worker(folder, addresses, index)
        return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])

    monkeypatch.setattr(distributed, "_start_worker", sleeper_for_worker_1)
    started = time.monotonic()
    with mt.WorkerJob(train_split, n_workers=2, steps=5, start_timeout=45) as job:
        job.start()
        with pytest.raises(mt.WorkerError, match=r"worker\(s\) \[1\] never even came up"):
            job.wait(timeout=200)
        pids = job.pids
    assert time.monotonic() - started < 60
    _assert_all_ended(pids)


@pytest.mark.slow  # starts TensorFlow afresh in worker processes
def test_a_job_that_overruns_its_timeout_is_stopped(train_split, loopback_only):
    """wait(timeout=...) stops the workers and raises WorkerError saying what to change."""
    with mt.WorkerJob(train_split, n_workers=2, steps=5) as job:
        job.start()
        with pytest.raises(mt.WorkerError, match="larger timeout"):
            job.wait(timeout=0.5)
        _assert_all_ended(job.pids)


@pytest.mark.slow
def test_three_workers_split_an_uneven_batch_and_still_reproduce_train(
    train_split, single_process, loopback_only
):
    """100 images shared 34 + 33 + 33 by three workers give mt.train's weights."""
    model, _ = single_process
    run = mt.train_multi_worker(train_split.reseeded(3), n_workers=3, steps=WORKER_STEPS)
    np.testing.assert_allclose(run.weights, model.weights, rtol=0, atol=1e-5)


def test_free_ports_are_distinct_ports_of_loopback():
    """_free_ports returns distinct port numbers that 127.0.0.1 can bind."""
    ports = distributed._free_ports(3)
    assert len(set(ports)) == 3 and all(0 < port < 65536 for port in ports)


@pytest.mark.parametrize(
    ("setting", "match"),
    [
        ({"n_workers": 0}, "n_workers"),
        ({"n_workers": 101}, "n_workers"),
        ({"checkpoint_every": 0}, "checkpoint_every"),
        ({"collective_timeout": -1.0}, "collective_timeout"),
        ({"start_timeout": 0}, "start_timeout"),
        ({"steps": 0}, "steps"),
    ],
)
def test_bad_job_settings_are_rejected_before_starting_a_process(train_split, setting, match):
    """Each bad setting of a WorkerJob raises ValueError naming it."""
    with pytest.raises(ValueError, match=match):
        mt.WorkerJob(train_split, **setting)


def test_wait_rejects_a_timeout_that_is_not_a_number_of_seconds(train_split):
    """A NaN timeout raises ValueError naming timeout."""
    message = "timeout must be a finite number above 0, e.g. 60 seconds; got nan"
    with mt.WorkerJob(train_split, steps=1) as job, pytest.raises(ValueError, match=message):
        job.wait(timeout=float("nan"))


def test_waiting_for_a_job_never_started_says_to_start_it(train_split):
    """wait() before start() raises RuntimeError saying to call start()."""
    with mt.WorkerJob(train_split, steps=1) as job, pytest.raises(RuntimeError, match="start"):
        job.wait()


def test_page_15_shows_the_workers_own_lines():
    """Every line of page 15's outline of a worker's step is a line of distributed.py."""
    page = Path(__file__).resolve().parents[1] / "gallery" / "going_further"
    text = (page / "plot_15_scaling_out.py").read_text()
    after = text.split("# .. code-block:: python\n#\n", 1)[1].splitlines()
    outline = itertools.takewhile(lambda line: line == "#" or line.startswith("#    "), after)

    def code(line):  # a line without its indentation and comment
        return line.split("  #")[0].strip()

    source = {code(line) for line in Path(distributed.__file__).read_text().splitlines()}
    shown = [code(line.removeprefix("#")) for line in outline]
    assert len(shown) > 10
    assert [line for line in shown if line and line not in source] == []
