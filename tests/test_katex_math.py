"""The docs build's KaTeX extension (docs/_ext/katex_math.py): formulas rendered at build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from docutils import nodes

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

import katex_math  # noqa: E402


@pytest.fixture
def katex(unavailable):
    """The extension, with KaTeX installed; its Node.js process is stopped after the test."""
    if not katex_math.KATEX.is_dir():
        unavailable("KaTeX is not installed (a docs build installs it)")
    yield katex_math
    katex_math.stop_katex()


def test_a_formula_is_rendered_with_its_mathml(katex):
    """A formula comes back as KaTeX's HTML holding MathML, with its TeX as annotation."""
    html = katex.render(r"\operatorname{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}", True)
    assert html.startswith('<span class="katex-display">')
    assert "<math" in html and "<mfrac>" in html
    assert r'<annotation encoding="application/x-tex">\operatorname{softmax}' in html


def test_a_formula_katex_cannot_read_raises_value_error(katex):
    """Unbalanced braces give a ValueError with KaTeX's message, and KaTeX keeps running."""
    with pytest.raises(ValueError, match="KaTeX parse error"):
        katex.render(r"\frac{1", False)
    assert "<math" in katex.render("x", False)


def test_display_tex_aligns_the_parts_of_a_formula():
    """Parts separated by a blank line are aligned; a part with a line break is split."""
    node = nodes.math_block("a = b\n\nc = d \\\\ e", "a = b\n\nc = d \\\\ e")
    assert katex_math.display_tex(node) == (
        r"\begin{aligned}a = b\\\begin{split}c = d \\ e\end{split}\end{aligned}"
    )
    assert katex_math.display_tex(nodes.math_block("x", "x")) == "x"


def test_style_sheet_keeps_only_woff2_fonts_and_swaps():
    """The shipped style sheet names WOFF2 fonts only, each with font-display: swap."""
    source = (
        "@font-face{font-family:KaTeX_Main;src:url(fonts/KaTeX_Main-Regular.woff2) "
        'format("woff2"),url(fonts/KaTeX_Main-Regular.woff) format("woff"),'
        'url(fonts/KaTeX_Main-Regular.ttf) format("truetype")}'
    )
    assert katex_math.katex_style_sheet(source) == (
        "@font-face{font-display:swap;font-family:KaTeX_Main;"
        'src:url(fonts/KaTeX_Main-Regular.woff2) format("woff2")}'
    )
