"""Checks that keep the gallery's sentences true, run by the site's build and by no reader.

A gallery script states a claim that depends on its results, then checks it in an
ignore block, which sphinx-gallery runs but does not show::

    # sphinx_gallery_start_ignore
    from build_checks import answer, claim
    claim(0.90 < accuracy < 0.94, "it reaches the blog's about 92%", f"{accuracy:.2%}")
    answer("small_rate_accuracy", f"{small_rate_accuracy:.1%}")
    # sphinx_gallery_end_ignore

``claim`` fails the build when its sentence is false. ``answer`` gives the text of a
placeholder, ``{{small_rate_accuracy}}``, that the page's prose (an exercise's answer,
say) uses. Once the examples have run, this extension writes the answers into the
page, its notebook and its downloadable script, and takes the ignore blocks out of
that script: a reader who changes a line and runs the download is experimenting,
and no check of ours stands in the way. It also drops the empty code boxes and
notebook cells that a cell holding only an ignore block would leave.
"""

from __future__ import annotations

import inspect
import json
import re
import zipfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

#: A placeholder in a page's text: ``{{name}}``, a Python identifier in double braces.
PLACEHOLDER = re.compile(r"\{\{(?P<name>[A-Za-z_]\w*)\}\}")
#: An ignore block of a gallery script, flags included.
IGNORE_BLOCK = re.compile(
    r"^[ \t]*# sphinx_gallery_start_ignore\n.*?^[ \t]*# sphinx_gallery_end_ignore[ \t]*\n",
    re.M | re.S,
)
#: A code block of sphinx-gallery's rst with nothing but blank lines in it.
EMPTY_CODE_BLOCK = re.compile(
    r"^\.\. GENERATED FROM PYTHON SOURCE LINES \d+-\d+\n\n"
    r"\.\. code-block:: Python\n(?:[ \t]+:\w+:.*\n)*(?:[ \t]*\n)*(?=\.\. GENERATED|\Z)",
    re.M,
)
#: Where the answers of a page are kept beside its script, for builds that do not re-run it.
ANSWERS_SUFFIX = ".answers.json"

#: The answers each page gave in this build: page name -> placeholder name -> text.
ANSWERS: dict[str, dict[str, str]] = {}


class FalseClaimError(RuntimeError):
    """A sentence of a gallery page is false for the results the page computed."""


def _calling_page() -> str:
    """Return the name of the gallery script that called this module's function."""
    caller = inspect.currentframe().f_back.f_back
    return Path(caller.f_code.co_filename).stem


def claim(condition: bool, sentence: str, detail: str = "") -> None:
    """Fail the build when ``condition`` is false, naming the page and its sentence.

    >>> claim(1 + 1 == 2, "one and one make two")
    >>> try:
    ...     claim(1 + 1 == 3, "one and one make three", "1 + 1 = 2")
    ... except FalseClaimError as error:
    ...     print(str(error).split(": ", 1)[1])
    'one and one make three' is false: 1 + 1 = 2
    """
    if not condition:
        message = f"{_calling_page()}: {sentence!r} is false"
        raise FalseClaimError(f"{message}: {detail}" if detail else message)


def answer(name: str, text: object) -> None:
    """Give the text that replaces ``{{name}}`` in the calling page's prose.

    >>> answer("one_and_one", 1 + 1)
    >>> answer("one and one", 2)
    Traceback (most recent call last):
    ValueError: answer name 'one and one' must be a Python identifier, such as 'accuracy'.
    """
    if not PLACEHOLDER.fullmatch("{{" + name + "}}"):
        raise ValueError(f"answer name {name!r} must be a Python identifier, such as 'accuracy'.")
    ANSWERS.setdefault(_calling_page(), {})[name] = str(text)


def strip_ignore_blocks(script: str) -> str:
    """Return a gallery script without its ignore blocks, and no run of blank lines left.

    >>> print(strip_ignore_blocks("a = 1\\n# sphinx_gallery_start_ignore\\n"
    ...                           "claim(a == 1, 'a is one')\\n# sphinx_gallery_end_ignore\\n"))
    a = 1
    <BLANKLINE>
    """
    stripped = IGNORE_BLOCK.sub("", script)
    return re.sub(r"\n{4,}", "\n\n\n", stripped)


#: What a placeholder shows in a quick build that did not run its page.
NOT_RUN = "(not computed: this build did not run the page)"


def fill_placeholders(text: str, answers: dict[str, str], where: str, ran: bool = True) -> str:
    """Replace every ``{{name}}`` of ``text`` by its answer.

    An unknown name fails the build, unless the page did not run (``ran=False``: a
    quick build narrowed by ``MNIST_TUTORIAL_GALLERY_PATTERN``), where it says so.

    >>> fill_placeholders("It is {{share}}.", {"share": "11.3%"}, "plot_01")
    'It is 11.3%.'
    """

    def replace(match: re.Match) -> str:
        name = match["name"]
        if name not in answers and not ran:
            return NOT_RUN
        if name not in answers:
            raise ExtensionError(
                f"{where} uses the placeholder {{{{{name}}}}}, but its script never calls "
                f"answer({name!r}, ...) in an ignore block; add that call (a clean build "
                "re-runs every example)."
            )
        return answers[name]

    return PLACEHOLDER.sub(replace, text)


def _answers_of(script: Path) -> dict[str, str]:
    """Return a page's answers: this build's if it ran, else those its last run kept."""
    kept = script.with_name(script.stem + ANSWERS_SUFFIX)
    if script.stem in ANSWERS:
        kept.write_text(json.dumps(ANSWERS[script.stem], indent=1, sort_keys=True))
        return ANSWERS[script.stem]
    return json.loads(kept.read_text()) if kept.is_file() else {}


def _finish_notebook(path: Path, answers: dict[str, str], ran: bool) -> None:
    """Fill a notebook's placeholders and drop the code cells left empty by ignore blocks."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and not source.strip():
            continue
        filled = fill_placeholders(source, answers, str(path), ran)
        cell["source"] = filled.splitlines(keepends=True)
        cells.append(cell)
    notebook["cells"] = cells
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")


def finish_gallery_pages(app: Sphinx) -> None:
    """Fill in every gallery page's answers, strip its download, drop its empty code boxes.

    Runs at builder-inited after sphinx-gallery has run the examples and written
    each page's rst, notebook and script copy, and before Sphinx reads the pages.
    """
    conf = app.config.sphinx_gallery_conf
    gallery = Path(app.srcdir) / conf["gallery_dirs"]
    for script in sorted(gallery.rglob("plot_*.py")):
        answers = _answers_of(script)
        source = Path(conf["examples_dirs"]) / script.relative_to(gallery)
        ran = bool(re.search(conf["filename_pattern"], str(source)))  # as sphinx-gallery asks
        text = strip_ignore_blocks(script.read_text(encoding="utf-8"))
        script.write_text(fill_placeholders(text, answers, str(script), ran), encoding="utf-8")
        page = script.with_suffix(".rst")
        if page.is_file():
            rst = EMPTY_CODE_BLOCK.sub("", page.read_text(encoding="utf-8"))
            page.write_text(fill_placeholders(rst, answers, str(page), ran), encoding="utf-8")
        notebook = script.with_suffix(".ipynb")
        if notebook.is_file():
            _finish_notebook(notebook, answers, ran)
        _rezip(script.with_suffix(".zip"))


def _rezip(archive: Path) -> None:
    """Put the finished script and notebook in the page's zip, which sphinx-gallery made before."""
    if not archive.is_file():
        return
    with zipfile.ZipFile(archive) as old:
        names = old.namelist()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as new:
        for name in names:
            new.write(archive.with_name(Path(name).name), name)


def setup(app: Sphinx) -> dict:
    """Register the finishing step, after sphinx-gallery's own builder-inited handler."""
    app.connect("builder-inited", finish_gallery_pages, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
