"""Formulas rendered once, at build, by KaTeX: HTML to see and MathML for screen readers.

Pages then run no script for their math. KaTeX runs on Node.js (``katex_render.js``) at
the version ``docs/_node/package-lock.json`` pins (``node_packages`` installs it); its
style sheet and fonts, from the same version, ship on the pages that hold a formula.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import node_packages
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

#: KaTeX as npm installs it.
KATEX = node_packages.MODULES / "katex" / "dist"
RENDERER = Path(__file__).with_name("katex_render.js")
#: One Node.js process per build process (parallel builds fork), keyed by process id.
_katex_processes: dict[int, subprocess.Popen] = {}


def katex_process() -> subprocess.Popen:
    """This build process's Node.js running KaTeX, started on its first formula."""
    process = _katex_processes.get(os.getpid())
    if process is None:
        if not KATEX.is_dir():
            raise ExtensionError(
                f"KaTeX is not installed: run `npm ci --prefix docs/_node` ({KATEX})"
            )
        command = [str(node_packages.NODE), str(RENDERER), str(KATEX)]
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
        )
        _katex_processes[os.getpid()] = process
    return process


def render(tex: str, display: bool) -> str:
    """KaTeX's HTML for one formula; ValueError with KaTeX's message if it cannot read it."""
    process = katex_process()
    process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
    process.stdin.flush()
    reply = json.loads(process.stdout.readline())
    if "error" in reply:
        raise ValueError(reply["error"])
    return reply["html"]


def render_or_warn(self, node: nodes.Element, tex: str, display: bool) -> str:
    """The formula rendered, or its TeX with a warning at its place (the build fails on it)."""
    try:
        return render(tex, display)
    except ValueError as error:
        logger.warning("KaTeX cannot render this formula: %s", error, location=node)
        return f'<span class="katex-error">{self.encode(tex)}</span>'


def display_tex(node: nodes.math_block) -> str:
    """A displayed formula's TeX, its parts aligned as Sphinx's MathJax support aligns them."""
    if node.get("no-wrap", node.get("nowrap", False)):
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]
    if len(parts) == 1:
        return parts[0]
    return r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}"


def visit_math(self, node: nodes.math) -> None:
    """An inline formula, rendered."""
    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(render_or_warn(self, node, node.astext(), display=False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    """A displayed formula, rendered, with its equation number if it has one.

    Its box scrolls sideways when the formula is wider than the page (math.css), so it is
    in the tab order: keyboard users can scroll it too (axe: scrollable-region-focusable).
    """
    self.body.append(self.starttag(node, "div", CLASS="math", tabindex="0"))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(render_or_warn(self, node, display_tex(node), display=True) + "</div>\n")
    raise nodes.SkipNode


def add_style_sheets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Load KaTeX's style sheet, and the site's for formulas, on the pages that hold one."""
    if context.get("has_maths_elements", False):
        app.builder.add_css_file("katex/katex.min.css")
        app.builder.add_css_file("math.css")


def katex_style_sheet(source: str) -> str:
    """KaTeX's style sheet with only its WOFF2 fonts, each shown in a fallback font meanwhile.

    Every browser that lays out the site reads WOFF2, so the WOFF and TrueType copies
    are left out of the site. ``font-display: swap`` shows a formula in the page's
    font until KaTeX's arrives, rather than no formula at all.
    """
    source = re.sub(r',url\([^)]*\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", source)
    return source.replace("@font-face{", "@font-face{font-display:swap;")


def stop_katex() -> None:
    """End this build's Node.js processes: each exits once its input is closed."""
    for process in _katex_processes.values():
        process.communicate()
    _katex_processes.clear()


def copy_katex(app: Sphinx, exception: Exception | None) -> None:
    """Stop KaTeX, and copy its style sheet and WOFF2 fonts into ``_static/katex``."""
    stop_katex()
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "katex"
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    style_sheet = katex_style_sheet((KATEX / "katex.min.css").read_text(encoding="utf-8"))
    (target / "katex.min.css").write_text(style_sheet, encoding="utf-8")
    for font in (KATEX / "fonts").glob("*.woff2"):
        (target / "fonts" / font.name).write_bytes(font.read_bytes())


def setup(app: Sphinx) -> dict:
    """Render the site's math with KaTeX at build."""
    app.add_html_math_renderer("katex", (visit_math, None), (visit_displaymath, None))
    app.setup_extension("node_packages")
    app.connect("html-page-context", add_style_sheets)
    app.connect("build-finished", copy_katex)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
