"""The built site's notebooks, as a reader gets them: clean text, and they run in Jupyter.

The quick tests read the notebooks' text. The slow one runs every notebook the
site offers for download in a fresh Jupyter kernel (nbclient and ipykernel),
from a folder outside the checkout, in a virtual environment of its own where
the package is the wheel the docs build put in the site, never this checkout.
Where the site was built for a known address (``READTHEDOCS_CANONICAL_URL``),
the site is served on that address and the notebooks' first cell installs the
wheel from it, as it would from Read the Docs. Build the site first; outside CI
the tests skip when it is missing, with ``$CI`` set they fail.
"""

from __future__ import annotations

import json
import re
import site
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PACKAGE = "mnist_tutorial"
#: Lines TensorFlow writes to stderr at start-up that TF_CPP_MIN_LOG_LEVEL=2 cannot
#: silence: absl logs this notice before TensorFlow's log level is read (see absl's
#: "InitializeLog" documentation); it names no problem of the notebook.
ALLOWED_STDERR = (re.compile(r"^WARNING: All log messages before absl::InitializeLog\(\)"),)
#: Reference syntax that must not reach a notebook's Markdown.
SPHINX_MARKUP = re.compile(
    r"\{\.interpreted-text|:(?:func|class|meth|ref|doc|data|mod|attr|math):`"
    r"|^\s*\.\. [\w-]+::|\]\(sphinx:|^:::",
    re.M,
)
#: A notebook may take this long to run (the slowest trains several models).
NOTEBOOK_TIMEOUT = 900


def _wheel(built_site: Path, unavailable) -> Path:
    """Return the wheel the docs build put in the site."""
    wheels = sorted((built_site / "dist").glob(f"{PACKAGE}-*.whl"))
    if len(wheels) != 1:
        unavailable(f"expected one wheel in {built_site / 'dist'}, found {len(wheels)}")
    return wheels[0]


@pytest.fixture(scope="module")
def notebooks(built_site, unavailable) -> list[Path]:
    """The site's notebooks, one per example (skips, or fails under CI, when it has none)."""
    found = {path.name: path for path in sorted(built_site.glob("_downloads/*/*.ipynb"))}
    if not found:
        unavailable(f"the site in {built_site} offers no notebooks; build it first")
    return [found[name] for name in sorted(found)]


def _markdown(notebook: dict) -> list[str]:
    """Return the text of a notebook's Markdown cells."""
    cells = notebook["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"]


def _install_url(notebook: dict) -> str | None:
    """Return the wheel address the notebook's first cell installs from, if it names one."""
    match = re.search(r'wheel = "([^"]+)"', "".join(notebook["cells"][0]["source"]))
    return match.group(1) if match else None


def test_notebook_text_has_no_sphinx_markup(notebooks):
    """No notebook's Markdown shows a Sphinx role, a directive or an unresolved link."""
    offenders = {}
    for path in notebooks:
        for text in _markdown(json.loads(path.read_text())):
            for match in SPHINX_MARKUP.finditer(text):
                line = text[text.rfind("\n", 0, match.start()) + 1 :].split("\n", 1)[0]
                offenders.setdefault(path.name, []).append(line[:100])
    assert offenders == {}


def test_notebooks_start_with_an_install_cell(notebooks):
    """Every notebook opens with a code cell that checks for the package before anything else."""
    for path in notebooks:
        first = json.loads(path.read_text())["cells"][0]
        assert first["cell_type"] == "code", path.name
        assert f'find_spec("{PACKAGE}")' in "".join(first["source"]), path.name


def test_notebook_headings_sit_under_the_title(notebooks):
    """Each notebook has one level-1 heading, its title; sections are level 2 or deeper."""
    for path in notebooks:
        text = "\n".join(_markdown(json.loads(path.read_text())))
        text = re.sub(r"```.*?```", "", text, flags=re.S)
        assert len(re.findall(r"^# ", text, re.M)) == 1, path.name


@pytest.fixture(scope="module")
def served_site(notebooks, serve_site):
    """Serve the site on the address its notebooks install from, when it is on 127.0.0.1.

    Yields that address, or None when the site was built without one (the
    wheel is then installed into the kernel's environment by the test).
    """
    url = _install_url(json.loads(notebooks[0].read_text()))
    if url is None:
        yield None
        return
    address = urlsplit(url)
    if address.hostname != "127.0.0.1":
        pytest.fail(f"the notebooks install from {url}; build the site for 127.0.0.1 to test")
    # Up for as long as every notebook may take (tests/conftest.py stops it afterwards).
    with serve_site(address.port, lifetime=NOTEBOOK_TIMEOUT * (len(notebooks) + 1)):
        yield url


@pytest.fixture(scope="module")
def kernel_environment(tmp_path_factory, served_site, built_site, unavailable):
    """A virtual environment for the kernel: this environment's packages, but not this package.

    A ``.pth`` line puts this environment's site-packages on the kernel's path
    (TensorFlow, ipykernel: nothing is downloaded again). Such a path is only
    appended, its own ``.pth`` files are not run, so an editable install of the
    checkout there stays inactive; the kernel's own site-packages comes first.
    """
    folder = tmp_path_factory.mktemp("kernel-venv")
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(own, "zz_test_environment.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    if served_site is None:
        wheel = _wheel(built_site, unavailable)
        install = [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)]
        subprocess.run(install, check=True, capture_output=True)
    kernels = tmp_path_factory.mktemp("jupyter") / "kernels" / "tutorial-wheel"
    kernels.mkdir(parents=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "mnist_tutorial from its wheel",
        "language": "python",
    }
    (kernels / "kernel.json").write_text(json.dumps(spec))
    return folder, kernels.parent.parent


def _stderr_lines(notebook) -> list[str]:
    """Return the lines a run notebook wrote to stderr, less the allowed start-up lines."""
    lines = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                lines += [line for line in output["text"].splitlines() if line.strip()]
    return [line for line in lines if not any(p.match(line) for p in ALLOWED_STDERR)]


def _run(path: Path, kernel_environment, workdir: Path, monkeypatch):
    """Run one notebook to its end in a fresh kernel; return it with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    folder, jupyter_path = kernel_environment
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    # As in a reader's Jupyter: no path to this checkout, Matplotlib's inline backend.
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.delenv("MPLBACKEND", raising=False)
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "2")
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(
        nbformat.v4.new_code_cell(f"import {PACKAGE}\nprint({PACKAGE}.__file__)")
    )
    client = NotebookClient(
        notebook,
        kernel_name="tutorial-wheel",
        timeout=NOTEBOOK_TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    return notebook


@pytest.mark.slow
def test_every_notebook_runs_from_the_wheel(notebooks, kernel_environment, tmp_path, monkeypatch):
    """Each notebook runs to its end in a fresh kernel, with no stderr, importing the wheel."""
    problems = {}
    for path in notebooks:
        workdir = tmp_path / path.stem
        workdir.mkdir()
        try:
            notebook = _run(path, kernel_environment, workdir, monkeypatch)
        except Exception as error:  # noqa: BLE001 - report every notebook, then fail
            problems[path.name] = f"{type(error).__name__}: {str(error)[-2000:]}"
            continue
        stderr = _stderr_lines(notebook)
        if stderr:
            problems[path.name] = "stderr: " + "\n".join(stderr[:20])
        imported = notebook.cells[-1]["outputs"][0]["text"].strip()
        if not Path(imported).is_relative_to(kernel_environment[0]):
            problems[path.name] = f"imported {PACKAGE} from {imported}, not from the wheel"
    assert not problems, "\n\n".join(f"{name}: {problem}" for name, problem in problems.items())
