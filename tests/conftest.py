"""Shared test set-up: the offline MNIST folder, a headless matplotlib, closed figures,
and for the browser checks of the built site, its local server and a headless Chromium."""

import contextlib
import functools
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
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


# -- The built site, served on 127.0.0.1, and the browser that checks it -----------------

ROOT = Path(__file__).resolve().parents[1]
#: The built site, which the tests of built pages read and the browser checks serve.
SITE = ROOT / "docs" / "_build" / "html"
#: The README's command that builds it.
BUILD_COMMAND = "python -m sphinx -W --keep-going -b html docs docs/_build/html"
CHROMIUM_ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
#: Seconds after which the site's server is killed even if a test run hangs; test_site's
#: visit of every page, twice, is the longest use.
SERVER_LIFETIME = 1800


def _unavailable(reason: str) -> None:
    """Skip, or fail under CI, where a skipped check would hide a broken site or setup."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this check may not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def unavailable():
    """``unavailable(reason)``: skip, or fail under ``$CI``, for want of what a test needs."""
    return _unavailable


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The built site's folder (skips, or fails under CI, when the site is not built)."""
    if not (SITE / "index.html").is_file():
        _unavailable(f"the site is not built in {SITE}; build it first: {BUILD_COMMAND}")
    return SITE


@pytest.fixture(scope="session")
def built_page(built_site):
    """``built_page(path)``: the HTML of one page of the built site, by its path in the site.

    A page the build did not make skips, or fails under CI, as a site not built does.
    """

    def read(path: str) -> str:
        page = built_site / path
        if not page.is_file():
            _unavailable(f"{page} is not built; build the site first: {BUILD_COMMAND}")
        return page.read_text(encoding="utf-8")

    return read


@pytest.fixture(scope="session")
def site_pages(built_site) -> list[str]:
    """Every HTML page of the built site (none under a ``_`` folder), landing page first."""
    pages = sorted(
        path.relative_to(built_site).as_posix()
        for path in built_site.rglob("*.html")
        if not any(part.startswith("_") for part in path.relative_to(built_site).parts)
    )
    pages.remove("index.html")
    return ["index.html", *pages]


@contextlib.contextmanager
def _serve(folder: Path, port: int = 0, lifetime: int = SERVER_LIFETIME) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 from a child process; yield its base URL.

    ``port`` 0 takes any free port. ``timeout`` kills the server after ``lifetime``
    seconds if a run hangs; otherwise it is stopped by its process id on leaving.
    """
    command = ["timeout", str(lifetime), sys.executable, "-u", "-m", "http.server"]
    command += ["--bind", "127.0.0.1", "--directory", str(folder), str(port)]
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        line = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port 43567 (...) ..."
        served = re.search(r"port (\d+)", line)
        if served is None:
            raise RuntimeError(f"http.server did not say its port (is {port} taken?): {line!r}")
        yield f"http://127.0.0.1:{served.group(1)}/"
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        server.stdout.close()


@pytest.fixture(scope="session")
def serve_site(built_site):
    """``with serve_site(port=0, lifetime=SERVER_LIFETIME) as url:`` serves the built site."""
    return functools.partial(_serve, built_site)


@pytest.fixture(scope="module")
def site_url(serve_site):
    """The built site's base URL on 127.0.0.1, served while the module's tests run."""
    with serve_site() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, driven by Playwright, once per module.

    Playwright hides scrollbars in headless Chromium; they are shown, as a reader's
    browser shows them, so that test_site's phone check sees whether a wide block
    shows that it scrolls.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install playwright)")
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        _unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=CHROMIUM_ARGUMENTS,
            ignore_default_args=["--hide-scrollbars"],
        )
        yield browser
        browser.close()
