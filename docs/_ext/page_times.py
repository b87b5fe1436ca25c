"""How long a gallery page takes: to read, as the page is built, and to run, as measured.

A page's reading time counts what the built page shows, from its doctree once
Sphinx has read the reST that sphinx-gallery generated (text, code, outputs
and figures of the run):

    minutes = prose words / 200 + visible code lines / 10 + figures / 2

Prose is every word a reader sees outside code, outputs and math: titles,
text, field lists, the words of hidden answers (a reader opens them) and of
raw HTML outside its scripts. Visible code lines are the non-blank lines of
the page's Python code blocks outside ``<details>`` answers. Figures are
sphinx-gallery's images. The run time is the one sphinx-gallery measured and
printed at the foot of the page; a page the build did not run has none.

The count is of the page's own content: the theme's frame around it (the path
to the page, the links to the previous and next pages, the list of its
sections beside it) adds 50 to 100 words, under half a minute, to what
tests/test_site.py measures on the built HTML, as issue 21 measures lesson one.

Each page shows its reading time beside its ``:Assumes:`` line; the times are
kept in the environment for the ``tutorial-outline`` directive.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx_gallery.directives import imgsgnode

#: Reading speed of careful technical prose, in words a minute.
WORDS_PER_MINUTE = 200
#: Lines of code a reader reads, and understands, in a minute.
CODE_LINES_PER_MINUTE = 10
#: Minutes a reader spends on one figure.
MINUTES_PER_FIGURE = 0.5
#: The code blocks counted as code to read: the gallery's Python cells.
CODE_LANGUAGES = {"python", "python3"}
#: The classes sphinx-gallery gives the figures of a run.
FIGURE_CLASSES = {"sphx-glr-single-img", "sphx-glr-multi-img"}
#: The name of the field that states a page's reading time.
FIELD_NAME = "Reading time"

# Nodes whose text a reader does not read as prose (code, output, math, comments).
_NOT_PROSE = (
    nodes.literal_block,
    nodes.math,
    nodes.math_block,
    nodes.Invisible,
    nodes.system_message,
    nodes.raw,
)
_HTML_NOT_PROSE = re.compile(
    r"<(script|style|pre)\b.*?</\1>|<(span|div) class=\"math.*?</\2>", re.S
)
_RUN_TIME = re.compile(r"Total running time of the script:\s*\((\d+) minutes ([\d.]+) seconds\)")


@dataclass(frozen=True)
class PageTime:
    """What a built gallery page shows, the minutes it takes to read, and its run time."""

    words: int
    code_lines: int
    figures: int
    #: Exercises of the page: items of the numbered lists of its Exercises section.
    exercises: int = 0
    #: Seconds sphinx-gallery measured running the page's code; None if this build did not run it.
    run_seconds: float | None = None

    @property
    def minutes(self) -> float:
        """Minutes to read the page: words / 200 + code lines / 10 + figures / 2."""
        return (
            self.words / WORDS_PER_MINUTE
            + self.code_lines / CODE_LINES_PER_MINUTE
            + self.figures * MINUTES_PER_FIGURE
        )


def say_minutes(minutes: float) -> str:
    """Say a number of minutes, rounded to the nearest minute.

    >>> say_minutes(8.49), say_minutes(0.2), say_minutes(0.5), say_minutes(75)
    ('about 8 minutes', 'under a minute', 'about 1 minute', 'about 1 hour 15 minutes')
    """
    whole = int(minutes + 0.5)
    if whole == 0:
        return "under a minute"
    hours, rest = divmod(whole, 60)
    said = [f"{hours} hour{'s' * (hours > 1)}"] * bool(hours)
    said += [f"{rest} minute{'s' * (rest != 1)}"] * bool(rest)
    return "about " + " ".join(said)


def _html_words(raw: str) -> int:
    """Count the words of raw HTML a reader sees: no scripts, styles, code or math."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", _HTML_NOT_PROSE.sub(" ", raw)))
    return len(text.split())


def _is_prose(node: nodes.Text) -> bool:
    """Whether a text node is read as prose: not in code, math, comments or non-HTML output."""
    for parent in _ancestors(node):
        if isinstance(parent, _NOT_PROSE):
            return False
        if isinstance(parent, addnodes.only) and parent["expr"] != "html":
            return False
    return True


def _ancestors(node: nodes.Node):
    """Yield a node's parents, nearest first."""
    while node.parent is not None:
        node = node.parent
        yield node


def _is_figure(node: nodes.Node) -> bool:
    """Whether a node is one of sphinx-gallery's figures."""
    if isinstance(node, imgsgnode):
        return bool(FIGURE_CLASSES & set(node["class"] or ()))
    return isinstance(node, nodes.image) and bool(FIGURE_CLASSES & set(node["classes"]))


def count_shown(doctree: nodes.Node) -> PageTime:
    """Count a page's prose words, visible code lines and figures, in reading order."""
    words = code_lines = figures = answers_open = 0
    for node in doctree.findall():
        if isinstance(node, nodes.raw) and "html" in node.get("format", "").split():
            text = node.astext()
            answers_open += text.count("<details") - text.count("</details>")
            words += _html_words(text)
        elif isinstance(node, nodes.Text) and _is_prose(node):
            words += len(node.split())
        elif isinstance(node, nodes.literal_block) and not answers_open:
            # Sphinx names a block's language in "language", docutils alone in its classes.
            if CODE_LANGUAGES & {node.get("language", "").lower(), *node["classes"]}:
                code_lines += sum(1 for line in node.astext().splitlines() if line.strip())
        elif _is_figure(node):
            figures += 1
    return PageTime(words, code_lines, figures, _count_exercises(doctree), _run_seconds(doctree))


def _count_exercises(doctree: nodes.Node) -> int:
    """Count the items of the numbered lists directly in the page's Exercises section."""
    for section in doctree.findall(nodes.section):
        if section[0].astext() == "Exercises":
            return sum(
                len(child)
                for child in section.children
                if isinstance(child, nodes.enumerated_list)
            )
    return 0


def _run_seconds(doctree: nodes.Node) -> float | None:
    """The run time sphinx-gallery printed on the page; None if it did not run the page."""
    found = _RUN_TIME.search(doctree.astext())
    seconds = 60 * int(found[1]) + float(found[2]) if found else 0.0
    return seconds or None


def reading_time_text(time: PageTime) -> str:
    """The text of a page's reading-time field, which itself counts among the page's words."""
    return (
        f"{say_minutes(time.minutes)} ({_count(time.words, 'word')} of prose at "
        f"{WORDS_PER_MINUTE} a minute, {_count(time.code_lines, 'line')} of code at "
        f"{CODE_LINES_PER_MINUTE} a minute, {_count(time.figures, 'figure')} at "
        f"{MINUTES_PER_FIGURE * 60:.0f} seconds each)"
    )


def _count(number: int, noun: str) -> str:
    """Say a count of things: ``1 figure``, ``2 figures``, ``1,234 words``."""
    return f"{number:,} {noun}{'s' * (number != 1)}"


def _with_field_words(time: PageTime) -> PageTime:
    """The page's count with the words of its own reading-time field added."""
    field_words = len(f"{FIELD_NAME} {reading_time_text(time)}".split())
    return PageTime(
        time.words + field_words, time.code_lines, time.figures, time.exercises, time.run_seconds
    )


def _gallery_docname(app: Sphinx, docname: str) -> bool:
    """Whether a page is one of the gallery's example pages."""
    prefix = app.config.sphinx_gallery_conf["gallery_dirs"] + "/"
    return docname.startswith(prefix) and docname.rsplit("/", 1)[-1].startswith("plot_")


def add_reading_time(app: Sphinx, doctree: nodes.document) -> None:
    """Count a gallery page as built, keep its time, and show it beside ``:Assumes:``."""
    docname = app.env.docname
    if not _gallery_docname(app, docname):
        return
    time = _with_field_words(count_shown(doctree))
    app.env.gallery_page_times = getattr(app.env, "gallery_page_times", {})
    app.env.gallery_page_times[docname] = time
    field = nodes.field(
        "",
        nodes.field_name("", FIELD_NAME),
        nodes.field_body("", nodes.paragraph("", reading_time_text(time))),
    )
    for field_list in doctree.findall(nodes.field_list):
        names = [name.astext() for name in field_list.findall(nodes.field_name)]
        if "Assumes" in names:
            field_list.insert(names.index("Assumes") + 1, field)
            return
    section = next(iter(doctree.findall(nodes.section)), None)
    paragraph = next(iter(section.findall(nodes.paragraph)), None) if section else None
    if paragraph is not None:
        paragraph.parent.insert(paragraph.parent.index(paragraph) + 1, nodes.field_list("", field))


def forget_page(app: Sphinx, env, docname: str) -> None:
    """Forget a page's time before it is read again."""
    getattr(env, "gallery_page_times", {}).pop(docname, None)


def merge_pages(app: Sphinx, env, docnames, other) -> None:
    """Collect the times of the pages a parallel reader read."""
    env.gallery_page_times = getattr(env, "gallery_page_times", {})
    env.gallery_page_times.update(getattr(other, "gallery_page_times", {}))


def setup(app: Sphinx) -> dict:
    """Count each gallery page once it is read; keep the counts across parallel readers."""
    app.connect("doctree-read", add_reading_time)
    app.connect("env-purge-doc", forget_page)
    app.connect("env-merge-info", merge_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
