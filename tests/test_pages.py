"""Every gallery page keeps the shape the brief promises: short, with its
assumptions, a summary, exercises with hidden answers, and a link onward."""

import re
from pathlib import Path

import pytest
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

GALLERY = Path(__file__).resolve().parents[1] / "gallery"
SCRIPTS = sorted(GALLERY.glob("*/plot_*.py"))
MAX_PROSE_WORDS = 1500

# Removed before counting: indented directive bodies of math and raw HTML,
# inline math and code, and reST markup that is not words.
_MATH_BLOCK = re.compile(r"^\.\. math::.*?(?=^\S|\Z)", re.MULTILINE | re.DOTALL)
_RAW_DIRECTIVE = re.compile(r"^\.\. raw:: html\s*$", re.MULTILINE)
_HTML_TAG = re.compile(r"<[^>]+>")
_INLINE_MATH = re.compile(r":math:`[^`]*`")
_INLINE_CODE = re.compile(r"``[^`]*``")
_UNDERLINE = re.compile(r"^[-=~^]{3,}\s*$", re.MULTILINE)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,%-]*")


def prose_words(script: Path) -> int:
    """Count the words of a page's text blocks, leaving out math and code."""
    _, blocks = split_code_and_text_blocks(str(script))
    words = 0
    for kind, text, _ in blocks:
        if kind != "text":
            continue
        text = _MATH_BLOCK.sub("", text)
        text = _RAW_DIRECTIVE.sub("", text)
        text = _HTML_TAG.sub(" ", text)
        text = _INLINE_MATH.sub(" ", text)
        text = _INLINE_CODE.sub(" ", text)
        text = _UNDERLINE.sub("", text)
        words += len(_WORD.findall(text))
    return words


def text_of(script: Path) -> str:
    """The page's text blocks, joined, with the docstring first."""
    _, blocks = split_code_and_text_blocks(str(script))
    return "\n".join(text for kind, text, _ in blocks if kind == "text")


def test_the_counter_leaves_out_math_and_code(tmp_path):
    """Math blocks, inline math and inline code are not counted as prose."""
    script = tmp_path / "plot_x.py"
    script.write_text(
        '"""\nTitle here\n==========\n\nOne two three.\n"""\n\n'
        "# %%\n# Four ``not counted`` five :math:`x + y`.\n#\n"
        "# .. math::\n#\n#    a = b + c\n#\n# Six.\n\nx = 1\n"
    )
    assert prose_words(script) == 8


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
    onward = tail[tail.rfind("</details>"):]
    assert re.search(r":ref:`|:doc:`", onward), f"{script.name}: no link onward"
