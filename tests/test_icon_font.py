"""The build's icon-font subsetting (docs/_ext/icon_font.py): which icons the site keeps.

The browser check in tests/test_site.py checks the built site itself: every icon a
page draws is in the font the site ships.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

import icon_font  # noqa: E402

#: Three rules in the shape of the theme's style sheet: an alias pair, an unused icon and
#: an icon variable of the theme's own, written as the character itself.
STYLE_SHEET = (
    '.fa-magnifying-glass,.fa-search{--fa:"\\f002"}.fa-heart{--fa:"\\f004"}'
    ':root{--pst-icon-download:"\uf019";--pst-color-text-base:#222832}'
)
#: Icons Font Awesome writes as characters: an escaped one, a hexadecimal escape ended by
#: a space, and a plain letter.
CHARACTER_ICONS = '.fa-add,.fa-plus{--fa:"\\+"}.fa-0{--fa:"\\30 "}.fa-a{--fa:"A"}'


def test_each_icon_class_and_its_aliases_give_the_code_point():
    """``.fa-a,.fa-b{--fa:"\\f002"}`` maps both names to U+F002."""
    assert icon_font.icon_code_points(STYLE_SHEET) == {
        "fa-magnifying-glass": 0xF002,
        "fa-search": 0xF002,
        "fa-heart": 0xF004,
    }


def test_icons_written_as_characters_give_their_code_points():
    """``"\\+"``, ``"\\30 "`` and ``"A"`` are the characters +, 0 and A (the player's + button)."""
    assert icon_font.icon_code_points(CHARACTER_ICONS) == {
        "fa-add": ord("+"),
        "fa-plus": ord("+"),
        "fa-0": ord("0"),
        "fa-a": ord("A"),
    }


def test_kept_icons_are_the_themes_own_and_those_the_site_names():
    """The theme's icon variables are kept; of the fa-NAME icons, only those named."""
    used = icon_font.used_code_points(STYLE_SHEET, {"fa-search", "fa-lg", "fa-unknown"})
    assert used == {0xF019, 0xF002}


def test_icon_names_are_read_from_pages_and_scripts(tmp_path):
    """Names in .html and .js files count; other files do not."""
    (tmp_path / "page.html").write_text('<i class="fa-solid fa-house"></i>')
    (tmp_path / "theme.js").write_text('icon.className = "fa-sun";')
    (tmp_path / "notes.txt").write_text("fa-heart")
    assert icon_font.site_icon_names(tmp_path) == {"fa-solid", "fa-house", "fa-sun"}
