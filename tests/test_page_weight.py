"""What the built pages load: a description each, sized and lazy images, no blocking script.

Reads the HTML of ``docs/_build/html`` (build it first:
``python -m sphinx -W --keep-going -b html docs docs/_build/html``); outside CI the
tests of the built site skip when it is missing, with ``$CI`` set they fail. The
helpers of docs/_ext/meta_descriptions.py are tested on their own, without a build.
Lighthouse's scores of the same pages are timings: benchmarks/bench_pages.py.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import meta_descriptions  # noqa: E402

#: The text of a page between <article> and </article>: its own content.
ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
IMAGE = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""")
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
HEAD = re.compile(r"<head>.*?</head>", re.S)
#: A script element with a src and neither defer nor async: it blocks the first paint.
BLOCKING_SCRIPT = re.compile(r"<script\b(?![^>]*\b(?:defer|async)\b)[^>]*\bsrc=\"([^\"]+)\"")
#: Folders of the built site that hold files, not pages (the theme ships HTML templates).
NOT_PAGES = {"_static", "_sources", "_downloads", "_images"}
#: The one script file left in place: the inline lines after it use what it defines.
ALLOWED_BLOCKING = ("_static/documentation_options.js",)


@pytest.fixture(scope="module")
def pages(built_site, built_page) -> dict[str, str]:
    """The HTML of every page of the built site, by path (skips or fails when not built)."""
    paths = [path.relative_to(built_site) for path in sorted(built_site.rglob("*.html"))]
    return {
        path.as_posix(): built_page(path.as_posix())
        for path in paths
        if path.parts[0] not in NOT_PAGES
    }


def test_every_page_has_a_description(pages):
    """Every page, generated ones included, names a non-empty description of 160 characters."""
    problems = {}
    for path, text in pages.items():
        found = DESCRIPTION.findall(text)
        if len(found) != 1 or not html.unescape(found[0]).strip():
            problems[path] = found
        elif len(html.unescape(found[0])) > meta_descriptions.LENGTH:
            problems[path] = found
    assert not problems, problems


def test_a_lesson_page_is_described_by_its_first_paragraph(pages):
    """Page 01's description is the start of its docstring's goal, not the download note."""
    text = pages["auto_examples/lesson_one/plot_01_the_data.html"]
    description = html.unescape(DESCRIPTION.search(text).group(1))
    assert description.startswith("After this page you can")


def test_images_are_sized_and_all_but_the_first_lazy(pages):
    """Each image of a page's text has a width and height; those after the first load lazily."""
    problems = {}
    for path, text in pages.items():
        article = ARTICLE.search(text)
        for number, tag in enumerate(IMAGE.findall(article.group(0) if article else "")):
            unsized = not ('width="' in tag and 'height="' in tag) and ".svg" not in tag
            eager = number > 0 and 'loading="lazy"' not in tag
            if unsized or eager:
                problems.setdefault(path, []).append(tag[:120])
    assert not problems, problems


def test_no_page_embeds_animation_frames(pages):
    """Animation frames are files fetched when shown, not base64 inside the page."""
    embedded = [path for path, text in pages.items() if "data:image/png;base64" in text]
    assert not embedded


def test_no_script_blocks_the_first_paint(pages):
    """Every script file in a page's head is deferred or asynchronous, but the one allowed."""
    problems = {}
    for path, text in pages.items():
        head = HEAD.search(text).group(0)
        blocking = [
            source
            for source in BLOCKING_SCRIPT.findall(head)
            if not source.split("?")[0].endswith(ALLOWED_BLOCKING)
        ]
        if blocking and not path.endswith("search.html"):
            problems[path] = blocking
    assert not problems, problems


def test_shorten_keeps_whole_sentences():
    """A long paragraph is cut after its last sentence that fits."""
    text = "First sentence here. Second one is a little longer. " + "Third. " * 30
    assert (
        meta_descriptions.shorten(text, 55)
        == "First sentence here. Second one is a little longer."
    )


def test_shorten_cuts_a_long_first_sentence_at_a_word():
    """A first sentence longer than the limit is cut at a word, with an ellipsis."""
    text = "word " * 50
    shortened = meta_descriptions.shorten(text.strip(), 30)
    assert shortened.endswith("word…") and len(shortened) <= 30


def test_formulas_read_as_plain_letters():
    """A formula's LaTeX becomes the letters a reader sees."""
    assert meta_descriptions.plain_math(r"p = \operatorname{softmax}(xW + b)") == (
        "p = softmax(xW + b)"
    )


def test_the_theme_style_sheet_keeps_only_the_rules_the_site_uses(built_site):
    """The theme's sheet is cut (docs/_ext/unused_css.py): dark mode kept, unused icons gone."""
    style_sheet = (built_site / "_static/styles/pydata-sphinx-theme.css").read_text()
    assert len(style_sheet.encode()) < 200_000  # the whole sheet is 377,931 bytes
    assert ".bd-header" in style_sheet and "html[data-theme=dark]" in style_sheet
    assert ".fa-heart" not in style_sheet


def test_the_icon_fonts_hold_only_the_sites_icons(built_site):
    """Font Awesome's solid font is cut to the site's icons (docs/_ext/icon_font.py)."""
    fonts = built_site / "_static/vendor/fontawesome/webfonts"
    assert (fonts / "fa-solid-900.woff2").stat().st_size < 10_000  # the whole font: 114,740
