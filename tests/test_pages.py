"""Every gallery page keeps the shape the brief promises: short, with its
assumptions, a summary, exercises with hidden answers, and a link onward."""

import re
import sys
from pathlib import Path

import pytest
from docutils.core import publish_doctree
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

# The counter that gives each built page its reading time, tested in test_site.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
from page_times import count_shown  # noqa: E402

GALLERY = Path(__file__).resolve().parents[1] / "gallery"
SCRIPTS = sorted(GALLERY.glob("*/plot_*.py"))
MAX_PROSE_WORDS = 1500


def text_of(script: Path) -> str:
    """The page's text blocks, joined, with the docstring first."""
    _, blocks = split_code_and_text_blocks(str(script))
    return "\n".join(text for kind, text, _ in blocks if kind == "text")


def prose_words(script: Path) -> int:
    """The words of prose of a page's text, counted as the build counts the page it becomes.

    docutils alone parses the text here, without Sphinx: a role it does not know
    (``:ref:``, ``:term:``) counts as one word, which Sphinx would show as its title.
    """
    quiet = {"report_level": 5, "halt_level": 5}
    return count_shown(publish_doctree(text_of(script), settings_overrides=quiet)).words


def test_there_are_pages():
    """The gallery has both parts' pages to check."""
    assert {script.parent.name for script in SCRIPTS} == {"lesson_one", "going_further"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_page_is_short(script):
    """A page has at most about 1,500 words of prose."""
    words = prose_words(script)
    assert words <= MAX_PROSE_WORDS, f"{script.name}: {words} words of prose"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_docstring_says_what_it_assumes(script):
    """The docstring has an `:Assumes:` field line."""
    _, blocks = split_code_and_text_blocks(str(script))
    assert re.search(r"^:Assumes: \S", blocks[0][1], re.MULTILINE), script.name


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_page_ends_with_summary_exercises_and_next(script):
    """Summary, then Exercises each followed by a hidden answer, then a link onward."""
    text = text_of(script)
    summary = text.rfind("\nSummary\n-------")
    exercises = text.rfind("\nExercises\n---------")
    assert 0 < summary < exercises, f"{script.name}: no Summary before Exercises"
    tail = text[exercises:]
    questions = re.findall(r"^[1-9]\. ", tail, re.MULTILINE)
    answers = re.findall(r"<details><summary>Answer</summary>", tail)
    assert 2 <= len(questions) <= 3, f"{script.name}: {len(questions)} exercises"
    assert len(answers) == len(questions), f"{script.name}: {len(answers)} answers"
    for question in re.split(r"^(?=[1-9]\. )", tail, flags=re.MULTILINE)[1:]:
        assert "<details><summary>Answer</summary>" in question, (
            f"{script.name}: an exercise without its answer: {question[:60]!r}"
        )
        assert "</details>" in question, f"{script.name}: an answer left open"
    onward = tail[tail.rfind("</details>") :]
    assert re.search(r":ref:`|:doc:`", onward), f"{script.name}: no link onward"
