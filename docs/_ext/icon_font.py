"""The theme's icon fonts cut down to the icons the site shows.

pydata-sphinx-theme ships Font Awesome's whole solid, regular and brands fonts
(the solid one is 115 kB) for about twenty icons drawn by its style sheet: the
admonition and download icons, the breadcrumb divider, the external-link arrow.
A phone fetches the solid font on every page with one of them, at the priority of
a render-blocking file, so Lighthouse counts it against the first paint. After the
build, each font in the site keeps only the glyphs of

* the theme's ``--pst-...`` icon variables, which its style sheet draws, and
* the ``fa-NAME`` icons the site's pages and scripts name,

and is written back in place, as WOFF2, under the same name (fontTools subsets it;
``brotli`` compresses it). The theme's style sheet is not touched. A browser test
(``tests/test_site.py``) checks that every icon a page draws with these fonts is
in them.
"""

from __future__ import annotations

import logging as standard_logging
import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The theme's style sheet and its Font Awesome fonts, in the built site's folder.
THEME_STYLE_SHEET = Path("_static/styles/pydata-sphinx-theme.css")
ICON_FONTS = Path("_static/vendor/fontawesome/webfonts")
#: ``.fa-house{--fa:"\\f015"}``, also as ``.fa-a,.fa-b{--fa:...}`` for aliases.
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+,?)+)\{--fa:"([^"]+)"')
#: A character in CSS as a hexadecimal escape (``\\f015``, ``\\30`` and a space).
HEX_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")
#: ``--pst-icon-download:"<character>"`` (the theme writes the character itself).
THEME_ICON = re.compile(r'--pst-[a-z-]+:"(.)"')
#: An ``fa-NAME`` class as a page or script names it.
ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+\b")


def icon_code_points(style_sheet: str) -> dict[str, int]:
    """Each ``fa-NAME`` class of the theme's style sheet and its character's code point."""
    return {
        name.lstrip("."): css_code_point(character)
        for names, character in ICON_RULE.findall(style_sheet)
        for name in names.rstrip(",").split(",")
    }


def css_code_point(character: str) -> int:
    """The code point of one character as a CSS string writes it: ``\\f015``, ``\\+`` or ``A``."""
    escape = HEX_ESCAPE.fullmatch(character)
    return int(escape.group(1), 16) if escape else ord(character[-1])


def site_icon_names(site: Path) -> set[str]:
    """The ``fa-NAME`` classes named in the site's pages and scripts."""
    names = set()
    for path in [*site.rglob("*.html"), *site.rglob("*.js")]:
        names.update(ICON_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def used_code_points(style_sheet: str, icon_names: set[str]) -> set[int]:
    """The code points of the theme's own icons and of the icons the site names."""
    theme_icons = {ord(character) for character in THEME_ICON.findall(style_sheet)}
    code_points = icon_code_points(style_sheet)
    return theme_icons | {code_points[name] for name in icon_names if name in code_points}


def subset_font(path: Path, code_points: set[int]) -> tuple[int, int]:
    """Keep only ``code_points`` in the WOFF2 font at ``path``; its size before and after."""
    before = path.stat().st_size
    standard_logging.getLogger("fontTools").setLevel(standard_logging.WARNING)  # no "pruned"
    font = TTFont(path)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=code_points & set(font.getBestCmap()))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(path)
    return before, path.stat().st_size


def subset_icon_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Cut the site's Font Awesome fonts down to the icons its pages show."""
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    style_sheet = (site / THEME_STYLE_SHEET).read_text(encoding="utf-8")
    code_points = used_code_points(style_sheet, site_icon_names(site))
    for path in sorted((site / ICON_FONTS).glob("*.woff2")):
        before, after = subset_font(path, code_points)
        logger.info("icon font %s: %d -> %d bytes", path.name, before, after)


def setup(app: Sphinx) -> dict:
    """Subset the icon fonts once the site is written."""
    app.connect("build-finished", subset_icon_fonts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
