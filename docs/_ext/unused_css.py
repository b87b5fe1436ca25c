"""The theme's style sheet cut down to the rules the site's pages and scripts can use.

``pydata-sphinx-theme.css`` (378 kB, 65 kB gzipped) holds all of Bootstrap and all of
Font Awesome's icon classes. Every page must fetch it before it shows anything, so on
a phone its size is time before the first paint. Once the site is written, PurgeCSS
(pinned in ``docs/_node``, run by ``unused_css.js``) drops each rule whose selector
names a class, id or element no page or script of the site holds: about two thirds.
``benchmarks/compare_screenshots.py`` took 112 screenshots (16 pages in seven states:
light, dark, phone, the phone's menu open, the search dialog open...) with the whole
and with the cut sheet: 111 were the same pixels; in the last, a lazy figure had not
yet loaded in one of the two.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import node_packages
from icon_font import THEME_STYLE_SHEET
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

SCRIPT = Path(__file__).with_name("unused_css.js")


def drop_unused_rules(app: Sphinx, exception: Exception | None) -> None:
    """Rewrite the site's copy of the theme's style sheet without its unused rules."""
    if exception is not None or app.builder.format != "html":
        return
    style_sheet = Path(app.outdir) / THEME_STYLE_SHEET
    before = style_sheet.stat().st_size
    command = [node_packages.NODE, SCRIPT, node_packages.MODULES, app.outdir, style_sheet]
    result = subprocess.run(list(map(str, command)), capture_output=True, text=True)
    if result.returncode != 0:
        raise ExtensionError(f"PurgeCSS failed on {style_sheet}: {result.stderr.strip()}")
    logger.info("%s: %d -> %d bytes", THEME_STYLE_SHEET, before, style_sheet.stat().st_size)


def setup(app: Sphinx) -> dict:
    """Cut the theme's style sheet once the site is written (after the icon fonts)."""
    app.setup_extension("node_packages")
    app.connect("build-finished", drop_unused_rules, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
