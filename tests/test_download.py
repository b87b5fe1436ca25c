"""Tests of downloading MNIST from mirrors: real HTTP servers on 127.0.0.1, real processes.

Each mirror is this file run as a script (``python tests/test_download.py FOLDER LOG ...``):
a server on 127.0.0.1 that serves one folder, logs the paths asked for, exits by itself
after ``--lifetime`` seconds, and is stopped by its process id at the end of the test.
"""

import argparse
import gzip
import http.server
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import mnist_tutorial as mt

TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
PACKAGE = Path(mt.__file__).parent

# Loads MNIST in a fresh process, importing only mnist_tutorial.data (the package's
# __init__ would import TensorFlow, seconds per process), and prints a digest of the arrays.
LOAD_IN_A_PROCESS = f"""
import sys, types, hashlib
package = types.ModuleType("mnist_tutorial")
package.__path__ = [{str(PACKAGE)!r}]
sys.modules["mnist_tutorial"] = package
import mnist_tutorial.data as data
mnist = data.load_mnist()
digest = hashlib.sha256()
for split in mnist:
    digest.update(split.pixels.tobytes())
    digest.update(split.digits.tobytes())
print(digest.hexdigest())
"""

# What tqdm.auto takes for a Jupyter kernel without ipywidgets (as the docs' notebook runs
# have), with every warning shown (as an error, tqdm.auto would swallow its own).
IN_A_NOTEBOOK_WITHOUT_IPYWIDGETS = """
import sys, warnings
import ipykernel.zmqshell
sys.modules["ipywidgets"] = None
warnings.simplefilter("always")
"""


# --- the mirror, as a script ---------------------------------------------------------


def _serve(folder: str, log: str, delay: float, byte_every: float, lifetime: float) -> None:
    """Serve ``folder`` on 127.0.0.1 until ``lifetime`` seconds have passed."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=folder, **kwargs)

        def do_GET(self):
            with open(log, "a") as record:
                record.write(self.path + "\n")
            time.sleep(delay)
            if byte_every:
                self._trickle(Path(folder) / self.path.lstrip("/"))
            else:
                super().do_GET()

        def _trickle(self, path: Path):
            content = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            for byte in content:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(byte_every)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Timer(lifetime, os._exit, (0,)).start()
    server.serve_forever()


class Mirror:
    """A mirror process serving ``folder``; ``requests()`` lists the paths it was asked for."""

    def __init__(self, folder: Path, log: Path, *, delay=0.0, byte_every=0.0, lifetime=120.0):
        self.log = log
        command = [sys.executable, __file__, str(folder), str(log), "--delay", str(delay)]
        command += ["--byte-every", str(byte_every), "--lifetime", str(lifetime)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        self.url = f"http://127.0.0.1:{int(self.process.stdout.readline())}/"

    def requests(self) -> list[str]:
        return self.log.read_text().split() if self.log.exists() else []

    def stop(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process.stdout.close()


@pytest.fixture
def start_mirror(tmp_path):
    """Start mirrors of a folder; every one is stopped by its process id after the test."""
    mirrors = []

    def start(folder: Path, **options) -> Mirror:
        mirror = Mirror(folder, tmp_path / f"requests-{len(mirrors)}.log", **options)
        mirrors.append(mirror)
        return mirror

    yield start
    for mirror in mirrors:
        mirror.stop()


@pytest.fixture
def served(tmp_path, mnist_folder):
    """A copy of the four MNIST files, to be served (and damaged) by a test."""
    folder = tmp_path / "served"
    shutil.copytree(mnist_folder, folder)
    return folder


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """No data folder, and an empty cache: load_mnist must download. Returns the cache."""
    monkeypatch.delenv("MNIST_TUTORIAL_DATA", raising=False)
    monkeypatch.delenv("MNIST_TUTORIAL_MIRRORS", raising=False)
    monkeypatch.setenv("MNIST_TUTORIAL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(mt.data, "_DECODED", {})  # as in a fresh process
    return tmp_path / "cache"


def _corrupt_content(path: Path) -> None:
    """Re-compress the file with one byte of its content changed (a valid gzip, wrong data)."""
    content = bytearray(gzip.decompress(path.read_bytes()))
    content[-1] = (content[-1] + 1) % 10
    path.write_bytes(gzip.compress(bytes(content)))


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name not in mt.MNIST_FILES)


# --- downloads that succeed ----------------------------------------------------------


def test_download_fetches_verifies_and_caches(served, offline, start_mirror, monkeypatch):
    """Missing files are downloaded into the cache, once, and load correctly."""
    mirror = start_mirror(served)
    monkeypatch.setenv("MNIST_TUTORIAL_MIRRORS", mirror.url)
    mnist = mt.load_mnist()
    assert sorted(mirror.requests()) == sorted("/" + name for name in mt.MNIST_FILES)
    assert np.bincount(mnist.test.digits).tolist() == TEST_COUNTS
    assert _leftovers(offline) == []
    monkeypatch.setattr(mt.data, "_DECODED", {})
    mt.load_mnist()
    assert len(mirror.requests()) == 4  # the second load, verified from the cache, asked nothing


def test_missing_on_server_tries_next_mirror(served, offline, start_mirror):
    """A mirror that lacks the files is skipped for the next one."""
    mirror = start_mirror(served)
    mt.fetch_mnist(mirrors=[mirror.url + "nowhere/", mirror.url], progressbar=False)
    assert mt.load_mnist().train.num_examples == 55000


@pytest.mark.parametrize("n_processes", [2, 4])
def test_processes_downloading_at_once_all_get_the_arrays(
    served, offline, start_mirror, mnist_folder, n_processes
):
    """Processes that download into one empty cache at the same time all load MNIST right."""
    mirror = start_mirror(served, delay=0.5)  # every process asks before any file arrives
    environment = {**os.environ, "MNIST_TUTORIAL_MIRRORS": mirror.url}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", LOAD_IN_A_PROCESS],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(n_processes)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    reference = subprocess.run(
        [sys.executable, "-c", LOAD_IN_A_PROCESS],
        env={**os.environ, "MNIST_TUTORIAL_DATA": str(mnist_folder)},
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert [process.returncode for process in processes] == [0] * n_processes, outputs
    assert [stdout for stdout, _ in outputs] == [reference] * n_processes
    assert mirror.requests().count("/train-images-idx3-ubyte.gz") >= 2  # they did overlap
    assert _leftovers(offline) == []


def test_a_download_in_a_notebook_without_ipywidgets_warns_nothing(served, offline, start_mirror):
    """pooch imports tqdm.auto, which warns in such a kernel; a download shows no warning."""
    environment = {**os.environ, "MNIST_TUTORIAL_MIRRORS": start_mirror(served).url}

    def run(code: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-c", IN_A_NOTEBOOK_WITHOUT_IPYWIDGETS + code]
        return subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=120
        )

    assert "TqdmWarning: IProgress not found" in run("import tqdm.auto").stderr  # a kernel
    result = run(LOAD_IN_A_PROCESS)
    assert result.returncode == 0, result.stderr
    assert not re.search(r"\w+Warning: ", result.stderr), result.stderr
    assert "train-images-idx3-ubyte.gz" in result.stderr  # the progress bar, on stderr


def test_an_interrupted_download_leaves_nothing_behind(served, offline, start_mirror, monkeypatch):
    """Ctrl-C in the middle of a download leaves no temporary file and no partial MNIST file."""
    mirror = start_mirror(served)

    def interrupted(response, output, *args):
        output.write(response.read1(1000))
        raise KeyboardInterrupt

    monkeypatch.setattr(mt.data, "_copy", interrupted)
    with pytest.raises(KeyboardInterrupt):
        mt.fetch_mnist(mirrors=[mirror.url], progressbar=False)
    assert os.listdir(offline) == []


# --- mirrors that serve the wrong thing ----------------------------------------------


def test_corrupted_download_is_rejected(served, offline, start_mirror):
    """A served file with wrong content is refused and nothing is left in the cache."""
    _corrupt_content(served / "train-labels-idx1-ubyte.gz")
    mirror = start_mirror(served)
    with pytest.raises(mt.MNISTFileError, match="train-labels-idx1-ubyte.gz") as caught:
        mt.fetch_mnist(mirrors=[mirror.url], progressbar=False)
    assert "SHA-256 of its decompressed content differs" in str(caught.value)
    assert "train-labels-idx1-ubyte.gz" not in os.listdir(offline)
    assert _leftovers(offline) == []


def test_truncated_download_is_rejected(served, offline, start_mirror):
    """A served file cut short is refused and nothing is left in the cache."""
    path = served / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:1000])
    mirror = start_mirror(served)
    with pytest.raises(mt.MNISTFileError, match="t10k-labels-idx1-ubyte.gz.*truncated gzip"):
        mt.fetch_mnist(mirrors=[mirror.url], progressbar=False)
    assert _leftovers(offline) == []


@pytest.fixture
def uncompressed(tmp_path, mnist_folder):
    """The four files' correct contents, served uncompressed under their .gz names."""
    folder = tmp_path / "uncompressed"
    folder.mkdir()
    for name in mt.MNIST_FILES:
        (folder / name).write_bytes(gzip.decompress((mnist_folder / name).read_bytes()))
    return folder


def test_uncompressed_files_are_never_cached(uncompressed, offline, start_mirror):
    """Right content without its gzip is refused before the move, so no later load fails on it."""
    mirror = start_mirror(uncompressed)
    with pytest.raises(mt.MNISTFileError, match="not gzip-compressed; it was not kept"):
        mt.fetch_mnist(mirrors=[mirror.url], progressbar=False)
    assert os.listdir(offline) == []


def test_a_good_mirror_after_an_uncompressed_one_is_used(
    uncompressed, served, offline, start_mirror, monkeypatch
):
    """After a mirror serving uncompressed files, the next, good mirror supplies them."""
    bad, good = start_mirror(uncompressed), start_mirror(served)
    monkeypatch.setenv("MNIST_TUTORIAL_MIRRORS", f"{bad.url},{good.url}")
    assert np.bincount(mt.load_mnist().test.digits).tolist() == TEST_COUNTS
    assert all(mt.read_idx(offline / name).size for name in mt.MNIST_FILES)


def test_a_mirror_that_sends_too_much_is_cut_off(served, offline, start_mirror):
    """A mirror sending more bytes than any gzip of the file is stopped at that size."""
    label = served / "t10k-labels-idx1-ubyte.gz"
    label.write_bytes(os.urandom(200_000))  # incompressible, far larger than 10,008 bytes
    mirror = start_mirror(served)
    with pytest.raises(mt.MNISTFileError, match="more than 11042 bytes, more than any gzip"):
        mt.fetch_mnist(mirrors=[mirror.url], progressbar=False)
    assert _leftovers(offline) == []


# --- slow mirrors --------------------------------------------------------------------


def test_a_trickling_mirror_is_abandoned_at_the_time_limit(served, offline, start_mirror):
    """A mirror sending a byte at a time is given up after time_limit; the next one is used."""
    slow, good = start_mirror(served, byte_every=0.2, lifetime=30), start_mirror(served)
    start = time.monotonic()
    mt.fetch_mnist(mirrors=[slow.url, good.url], progressbar=False, timeout=5, time_limit=1)
    assert time.monotonic() - start < 20
    assert len(good.requests()) == 4


def test_the_slow_mirror_is_named(served, offline, start_mirror):
    """When the only mirror is too slow, the message names it and the time limit."""
    slow = start_mirror(served, byte_every=0.2, lifetime=30)
    with pytest.raises(mt.MNISTFileError, match="too slow") as caught:
        mt.fetch_mnist(mirrors=[slow.url], progressbar=False, timeout=5, time_limit=1)
    assert f"{slow.url}train-images-idx3-ubyte.gz: this mirror is too slow" in str(caught.value)
    assert "time limit of 1 s" in str(caught.value)
    assert _leftovers(offline) == []


def test_a_mirror_below_the_minimum_speed_is_given_up_after_the_window(
    served, offline, start_mirror
):
    """5 bytes a second, under minimum_speed=1000 over speed_window=2 s, ends after 2 s."""
    slow = start_mirror(served, byte_every=0.2, lifetime=30)
    start = time.monotonic()
    with pytest.raises(mt.MNISTFileError, match="too slow") as caught:
        mt.fetch_mnist(mirrors=[slow.url], progressbar=False, minimum_speed=1000, speed_window=2)
    assert 2 <= time.monotonic() - start < 5
    assert re.search(r"\d+ bytes in 2\.\d s, under minimum_speed=1000 bytes/s", str(caught.value))
    assert _leftovers(offline) == []


def test_after_a_mirror_below_the_minimum_speed_the_next_is_used(served, offline, start_mirror):
    """Each file leaves the slow mirror after the window, and the next mirror supplies it."""
    slow, good = start_mirror(served, byte_every=0.2, lifetime=30), start_mirror(served)
    start = time.monotonic()
    mt.fetch_mnist(mirrors=[slow.url, good.url], progressbar=False, speed_window=1)
    assert time.monotonic() - start < 4 * 3
    assert len(slow.requests()) == len(good.requests()) == 4


def test_a_byte_every_20_seconds_hits_the_timeout(served, offline, start_mirror):
    """A mirror silent for longer than timeout is abandoned with a message saying so."""
    slow = start_mirror(served, byte_every=20, lifetime=30)
    start = time.monotonic()
    with pytest.raises(mt.MNISTFileError, match="sent nothing for 1 s"):
        mt.fetch_mnist(mirrors=[slow.url], progressbar=False, timeout=1, time_limit=60)
    assert time.monotonic() - start < 10


# --- a cache that was damaged --------------------------------------------------------


def test_a_bad_file_in_the_cache_is_fetched_again(served, offline, start_mirror, mnist_folder):
    """A cached file with wrong content is replaced by a good download, not reported forever."""
    offline.mkdir()
    for name in mt.MNIST_FILES:
        shutil.copy(mnist_folder / name, offline / name)
    _corrupt_content(offline / "t10k-labels-idx1-ubyte.gz")
    mirror = start_mirror(served)
    mt.fetch_mnist(mirrors=[mirror.url], progressbar=False)
    assert mirror.requests() == ["/t10k-labels-idx1-ubyte.gz"]
    assert np.bincount(mt.load_mnist().test.digits).tolist() == TEST_COUNTS


def test_bytes_flipped_in_a_cached_file_are_detected(served, offline, start_mirror, mnist_folder):
    """A byte changed inside a cached file, its time restored, is caught and the file fetched."""
    offline.mkdir()
    for name in mt.MNIST_FILES:
        shutil.copy(mnist_folder / name, offline / name)
    path = offline / "train-labels-idx1-ubyte.gz"
    status, content = path.stat(), bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0xFF
    path.write_bytes(bytes(content))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    mirror = start_mirror(served)
    mt.fetch_mnist(mirrors=[mirror.url], progressbar=False)
    assert mirror.requests() == ["/train-labels-idx1-ubyte.gz"]
    assert path.read_bytes() == (mnist_folder / path.name).read_bytes()


def test_a_killed_download_leaves_nothing_behind(served, offline, start_mirror, mnist_folder):
    """The temporary file of a killed process is deleted by a later fetch once it is stale."""
    slow = start_mirror(served, byte_every=0.05, lifetime=60)
    environment = {**os.environ, "MNIST_TUTORIAL_MIRRORS": slow.url}
    process = subprocess.Popen([sys.executable, "-c", LOAD_IN_A_PROCESS], env=environment)
    deadline = time.monotonic() + 60
    while not slow.requests() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)  # some 20 bytes into the first file
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    (partial,) = offline.glob("tmp*")  # pooch's temporary file
    mt.fetch_mnist(mirrors=[start_mirror(served).url], progressbar=False)
    assert partial.exists()  # young: it could be a download still running
    two_hours_ago = time.time() - 7200
    os.utime(partial, (two_hours_ago, two_hours_ago))
    mt.fetch_mnist(mirrors=[slow.url], progressbar=False)
    assert _leftovers(offline) == []


def test_a_folder_in_place_of_a_cached_file_is_named(offline):
    """A folder where a cached file should be gives a clear error, and nothing is written."""
    (offline / "train-images-idx3-ubyte.gz").mkdir(parents=True)
    with pytest.raises(mt.MNISTFileError, match="is a folder, not the MNIST file"):
        mt.fetch_mnist(mirrors=["http://127.0.0.1:9/"], progressbar=False)
    assert _leftovers(offline) == []


# --- bad arguments and no network ----------------------------------------------------


def test_a_cache_path_that_is_a_file_is_named(tmp_path):
    """A cache path that is a file says so, instead of a raw FileExistsError."""
    path = tmp_path / "cache"
    path.write_text("not a folder")
    with pytest.raises(mt.MNISTFileError, match="is a file, not a folder"):
        mt.fetch_mnist(path, mirrors=["http://127.0.0.1:9/"])


@pytest.mark.parametrize(
    ("mirrors", "message"),
    [
        ("http://host/", r"list of base URLs; got 'http://host/'. Pass \['http://host/'\]"),
        ([], "at least one base URL; got an empty list"),
        (["host/mnist"], "URLs such as 'https://host/mnist/'; got 'host/mnist'"),
        ([None], "URLs such as 'https://host/mnist/'; got None"),
        (123, "mirrors must be a list of base URLs; got 123"),
    ],
)
def test_bad_mirrors_are_refused(tmp_path, mirrors, message):
    """mirrors must be a non-empty list of URLs; the message shows what came in."""
    with pytest.raises(ValueError, match=message):
        mt.fetch_mnist(tmp_path, mirrors=mirrors)


def test_bad_mirrors_in_the_environment_are_named(tmp_path, monkeypatch):
    """A mirror in $MNIST_TUTORIAL_MIRRORS that is no URL names the variable."""
    monkeypatch.setenv("MNIST_TUTORIAL_MIRRORS", "127.0.0.1:8000")
    with pytest.raises(ValueError, match=r"\$MNIST_TUTORIAL_MIRRORS must hold URLs"):
        mt.fetch_mnist(tmp_path)


def test_numpy_numbers_are_accepted_as_time_limits(tmp_path):
    """A NumPy number of seconds is a number of seconds."""
    with pytest.raises(mt.MNISTFileError, match="Could not download"):
        mt.fetch_mnist(tmp_path, mirrors=["http://127.0.0.1:9/"], timeout=np.int64(5))


@pytest.mark.parametrize("name", ["timeout", "time_limit", "speed_window"])
@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf"), "10", True])
def test_bad_time_limits_are_refused(tmp_path, name, value):
    """timeout and time_limit must be finite numbers of seconds above zero."""
    with pytest.raises(ValueError, match=f"{name} must be a finite number above 0, e.g. 60 s"):
        mt.fetch_mnist(tmp_path, mirrors=["http://127.0.0.1:9/"], **{name: value})


@pytest.mark.parametrize("value", [-1, float("nan"), "1000"])
def test_a_bad_minimum_speed_is_refused(tmp_path, value):
    """minimum_speed must be a finite number of bytes per second, 0 or more."""
    with pytest.raises(ValueError, match="minimum_speed must be a finite number at least 0"):
        mt.fetch_mnist(tmp_path, mirrors=["http://127.0.0.1:9/"], minimum_speed=value)


def test_no_network_error_says_how_to_fix(offline, monkeypatch):
    """With no files and no reachable mirror, the error names the URL and both ways to fix it."""
    monkeypatch.setenv("MNIST_TUTORIAL_MIRRORS", "http://127.0.0.1:9/")
    with pytest.raises(mt.MNISTFileError, match="Could not download") as caught:
        mt.load_mnist()
    message = str(caught.value)
    assert "http://127.0.0.1:9/train-images-idx3-ubyte.gz" in message
    assert "MNIST_TUTORIAL_DATA" in message
    assert "pass data_dir, --data-dir on the command line" in message
    assert _leftovers(offline) == []


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="A mirror of one folder on 127.0.0.1.")
    parser.add_argument("folder")
    parser.add_argument("log")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--byte-every", type=float, default=0.0)
    parser.add_argument("--lifetime", type=float, default=120.0)
    options = parser.parse_args()
    _serve(options.folder, options.log, options.delay, options.byte_every, options.lifetime)
