"""What a reader downloads or copies from a gallery page runs, and never trips a build check.

The built site offers each page's code as a ``.py`` file: the page's visible code in
order, its text as comments, without the ignore blocks that hold the build's claim
checks. A reader who runs it gets what the page printed; a reader who makes an
exercise's change ("change ``OLD`` to ``NEW``") gets a run to the end. Build the
site first; outside CI these tests skip when it is missing, with ``$CI`` set they fail.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSON_ONE = sorted(path.stem for path in (ROOT / "gallery" / "lesson_one").glob("plot_*.py"))
ALL_PAGES = sorted(path.stem for path in (ROOT / "gallery").glob("*/plot_*.py"))
#: Each gallery page's built HTML, by its script's name: a folder of gallery/ is one of
#: auto_examples/.
PAGE_HTML = {
    path.stem: f"auto_examples/{path.parent.name}/{path.stem}.html"
    for path in (ROOT / "gallery").glob("*/plot_*.py")
}
#: A page's script may take this long (seconds) before the run counts as hung.
RUN_TIMEOUT = 900
#: The files a page offers for download, each also inside the page's zip.
PAGE_FILES = (".py", ".ipynb")
#: An exercise's change, as its text states it: change ``OLD`` to ``NEW``.
CHANGE = re.compile(r"\b[Cc]hange ``(?P<old>[^`]+)`` to ``(?P<new>[^`]*)``")
#: A duration in printed output, which differs from run to run.
DURATION = re.compile(r"\d+(?:\.\d+)?\s?(?:ms|s|seconds?|minutes?)\b")
OUTPUT = re.compile(
    r'<div class="sphx-glr-script-out[^"]*"><div class="highlight"><pre><span></span>(.*?)</pre>',
    re.S,
)
CODE_BOX = re.compile(
    r'<div class="highlight-Python notranslate"><div class="highlight"><pre>(?:<span></span>)?'
    r"(.*?)</pre>",
    re.S,
)


@pytest.fixture(scope="module")
def download(built_site, unavailable):
    """``download(page, suffix=".py")``: the file the built site offers for a gallery page."""

    def find(page: str, suffix: str = ".py") -> Path:
        found = sorted(built_site.glob(f"_downloads/*/{page}{suffix}"))
        if not found:
            unavailable(f"the site in {built_site} offers no {page}{suffix}; build it first")
        return found[0]

    return find


def exercises(script: str) -> list[str]:
    """Return the text of each numbered exercise of a downloaded script, answers left out.

    >>> exercises("# Exercises\\n# ---------\\n#\\n# 1. Change ``a = 1`` to ``a = 2``.\\n"
    ...           "#\\n# .. raw:: html\\n#\\n#    <details><summary>Answer</summary>\\n")
    ['Change ``a = 1`` to ``a = 2``.']
    """
    text = "\n".join(
        line[2:] if line.startswith("# ") else line.lstrip("#") for line in script.splitlines()
    )
    headings = list(re.finditer(r"^Exercises\n-{9}", text, flags=re.M))
    section = text[headings[-1].start() :] if headings else ""
    items = re.split(r"^(?=[1-9]\. )", section, flags=re.M)[1:]
    return [
        " ".join(item.split("<details>")[0].split(".. raw:: html")[0].split())[3:]
        for item in items
    ]


def changes(exercise: str) -> list[tuple[str, str]]:
    """Return the (old, new) pairs an exercise's text asks for.

    >>> changes("Change ``steps = 1000`` to ``steps = 5000`` and ``a`` stays.")
    [('steps = 1000', 'steps = 5000')]
    """
    return [(match["old"], match["new"]) for match in CHANGE.finditer(exercise)]


def _run(script: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run a script as a reader would, in a fresh Python, from an empty folder."""
    environment = {**os.environ, "MPLBACKEND": "agg", "TF_CPP_MIN_LOG_LEVEL": "2"}
    environment.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )


def _comparable(output: str) -> list[str]:
    """Return the output's non-blank lines, durations masked and trailing space gone."""
    return [
        DURATION.sub("<duration>", line).rstrip() for line in output.splitlines() if line.strip()
    ]


@pytest.mark.parametrize("page", ALL_PAGES)
def test_download_holds_no_build_check(page, download):
    """A page's .py, notebook and zip hold no ignore block, claim check or unfilled placeholder."""
    files = {suffix: download(page, suffix).read_text(encoding="utf-8") for suffix in PAGE_FILES}
    with zipfile.ZipFile(download(page, ".zip")) as archive:
        zipped = {f" zipped, {name}": archive.read(name).decode() for name in archive.namelist()}
    assert len(zipped) == len(PAGE_FILES), f"{page}.zip holds {sorted(zipped)}"
    for name, text in {**files, **zipped}.items():
        assert "sphinx_gallery_start_ignore" not in text, f"{page}{name} keeps an ignore block"
        assert "build_checks" not in text, f"{page}{name} imports the build's checks"
        assert not re.search(r"\{\{\w+\}\}", text), f"{page}{name} has an unfilled placeholder"


@pytest.mark.parametrize("page", ALL_PAGES)
def test_page_has_no_empty_code_box(page, built_page):
    """Every code box of a gallery page shows code."""
    boxes = CODE_BOX.findall(built_page(PAGE_HTML[page]))
    assert boxes, f"{page}: no code box found; has the page's markup changed?"
    empty = [box for box in boxes if not re.sub(r"<[^>]+>", "", box).strip()]
    assert not empty, f"{page}: {len(empty)} empty code box(es)"


@pytest.mark.slow
@pytest.mark.parametrize("page", LESSON_ONE)
def test_copied_code_prints_what_the_page_prints(page, tmp_path, download, built_page):
    """A lesson page's visible code, run as one script, prints what the page shows."""
    shown = "\n".join(
        html.unescape(re.sub(r"<[^>]+>", "", block))
        for block in OUTPUT.findall(built_page(PAGE_HTML[page]))
    )
    run = _run(download(page), tmp_path)
    assert run.returncode == 0, f"{page} failed:\n{run.stderr[-3000:]}"
    assert _comparable(run.stdout) == _comparable(shown), f"{page} printed something else"


def _exercise_cases() -> list[tuple[str, int]]:
    """Return (page, exercise number) for every gallery exercise that changes code."""
    cases = []
    for script in sorted((ROOT / "gallery").glob("*/plot_*.py"), key=lambda path: path.stem):
        for number, exercise in enumerate(exercises(script.read_text(encoding="utf-8")), 1):
            if changes(exercise):
                cases.append((script.stem, number))
    return cases


def test_every_lesson_page_has_an_exercise_that_changes_code():
    """Each lesson page has an exercise made by changing its code, which the test below runs."""
    pages = {page for page, _ in _exercise_cases()} & set(LESSON_ONE)
    assert pages == set(LESSON_ONE), f"no such exercise on {sorted(set(LESSON_ONE) - pages)}"


@pytest.mark.slow
@pytest.mark.parametrize(("page", "number"), _exercise_cases())
def test_exercise_runs_as_written(page, number, tmp_path, download):
    """An exercise's change, made to the downloaded .py as its text says, runs to the end."""
    script = download(page).read_text(encoding="utf-8")
    exercise = exercises(script)[number - 1]
    code = "\n".join(line for line in script.splitlines() if not line.startswith("#"))
    for old, new in changes(exercise):
        assert old in code, f"{page} exercise {number}: ``{old}`` is not in the page's code"
        script = "\n".join(
            line if line.startswith("#") else line.replace(old, new)
            for line in script.splitlines()
        )
    changed = tmp_path / f"{page}_exercise_{number}.py"
    changed.write_text(script, encoding="utf-8")
    run = _run(changed, tmp_path)
    assert run.returncode == 0, f"{page} exercise {number} failed:\n{run.stderr[-3000:]}"
