"""The docs build's KaTeX extension (docs/_ext/katex_math.py): formulas rendered at build."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.errors import ExtensionError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

import katex_math  # noqa: E402

needs_katex = pytest.mark.skipif(
    not katex_math.KATEX.is_dir(),
    reason="KaTeX is not installed (a docs build or `npm ci --prefix docs/_katex` installs it)",
)


@pytest.fixture
def katex():
    """Stop the extension's Node.js process after the test."""
    yield katex_math
    katex_math.stop_katex()


@needs_katex
def test_a_formula_is_rendered_with_its_mathml(katex):
    """A formula comes back as KaTeX's HTML holding MathML, with its TeX as annotation."""
    html = katex.render(r"\operatorname{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}", True)
    assert html.startswith('<span class="katex-display">')
    assert "<math" in html and "<mfrac>" in html
    assert r'<annotation encoding="application/x-tex">\operatorname{softmax}' in html


@needs_katex
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


def katex_project(folder: Path, version: str) -> Path:
    """A copy of docs/_katex's package.json and lock file in ``folder``, pinning ``version``."""
    for name in ("package.json", "package-lock.json"):
        (folder / name).write_text((katex_math.KATEX_PROJECT / name).read_text())
    lock = json.loads((folder / "package-lock.json").read_text())
    lock["packages"]["node_modules/katex"]["version"] = version
    (folder / "package-lock.json").write_text(json.dumps(lock))
    return folder


def test_the_pinned_katex_is_not_installed_again(tmp_path, monkeypatch):
    """With the pinned version in node_modules, the build's first step runs no npm."""
    project = katex_project(tmp_path, "0.16.22")
    (project / "node_modules" / "katex").mkdir(parents=True)
    (project / "node_modules" / "katex" / "package.json").write_text('{"version": "0.16.22"}')
    monkeypatch.setattr(katex_math, "KATEX_PROJECT", project)
    monkeypatch.setattr(katex_math, "KATEX", project / "node_modules" / "katex" / "dist")
    monkeypatch.setattr(katex_math.nodejs, "npm", lambda *args, **kwargs: pytest.fail("npm ran"))
    katex_math.install_katex(None)


def test_an_unreachable_registry_fails_the_build_naming_the_fix(tmp_path, monkeypatch):
    """npm's failure stops the build with its exit status and the registry it needs."""
    project = katex_project(tmp_path, "0.16.22")
    monkeypatch.setattr(katex_math, "KATEX_PROJECT", project)
    monkeypatch.setattr(katex_math, "KATEX", project / "node_modules" / "katex" / "dist")
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))
    with pytest.raises(ExtensionError, match=r"npm could not install KaTeX \(exit status \d+\)"):
        katex_math.install_katex(None)
