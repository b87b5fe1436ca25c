"""The built site's command-line page lists every option with its default; every page shows
the version.

Reads the site that ``python -m sphinx -b html docs docs/_build/html`` builds; outside CI
the tests of the built pages skip when it is missing, and with ``$CI`` set they fail instead
(as tests/test_site.py does).
"""

from __future__ import annotations

import argparse
import html
import re
import tomllib
from pathlib import Path

import pytest

import mnist_tutorial
from mnist_tutorial.__main__ import BLOG_DEFAULTS, _parser
from mnist_tutorial._checks import DEEP_TRAINING  # mt.DEEP_TRAINING, without TensorFlow

ROOT = Path(__file__).resolve().parents[1]
#: What the program uses when an option is left out, as the page must say it: the blog's
#: settings from BLOG_DEFAULTS, deep's from train_deep_network's DEEP_TRAINING.
EXPECTED_DEFAULTS = {
    ("", "--seed"): "0",
    ("", "--steps"): str(BLOG_DEFAULTS["steps"]),
    ("", "--batch-size"): str(BLOG_DEFAULTS["batch_size"]),
    ("", "--learning-rate"): str(BLOG_DEFAULTS["learning_rate"]),
    ("", "--data-dir"): "$MNIST_TUTORIAL_DATA",
    ("deep", "--epochs"): str(DEEP_TRAINING["epochs"]),
    ("deep", "--batch-size"): str(DEEP_TRAINING["batch_size"]),
    ("deep", "--learning-rate"): str(DEEP_TRAINING["learning_rate"]),
    ("deep", "--max-examples"): "all",
    ("deep", "--seed"): "0",
    ("deep", "--data-dir"): "$MNIST_TUTORIAL_DATA",
    ("deep", "--quiet"): "show it",
}
EXPECTED_DEFAULTS |= {
    ("blog", option): default
    for (command, option), default in list(EXPECTED_DEFAULTS.items())
    if command == ""
}


def _options() -> list[tuple[str, str]]:
    """Every (command, option) the parser takes, the top level's command being ''."""
    parser = _parser()
    sub_commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    commands = {"": parser, **sub_commands.choices}
    return [
        (command, option)
        for command, command_parser in commands.items()
        for action in command_parser._actions
        if action.option_strings and action.dest != "help"
        for option in action.option_strings
    ]


def _option_line(page: str, command: str, option: str) -> str:
    """The text of ``option``'s line in ``command``'s list on the page ('' if missing)."""
    anchor = "python--m-mnist_tutorial" + (f"-{command}" if command else "") + f"-{option}"
    found = re.search(rf'<p id="{re.escape(anchor)}">(.*?)</p>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def test_every_option_has_an_expected_default():
    """The table of defaults above covers exactly the parser's options."""
    assert sorted(_options()) == sorted(EXPECTED_DEFAULTS)


@pytest.mark.parametrize(("command", "option"), sorted(EXPECTED_DEFAULTS))
def test_the_page_lists_the_option_with_its_default(command, option, built_page):
    """The command-line page lists every option of each command with its default."""
    line = _option_line(built_page("cli.html"), command, option)
    assert line.startswith(option), f"cli.html lacks {command or 'the top level'}'s {option}"
    assert f"(default: {EXPECTED_DEFAULTS[command, option]}" in line, line


def test_the_page_shows_the_examples_output(built_page):
    """The examples ran at build: the blog's test accuracy and the refusal of --steps 0."""
    page = html.unescape(re.sub(r"<[^>]+>", "", built_page("cli.html")))
    assert re.search(r"Test accuracy: \d+\.\d\d% \(seed 0\)", page)
    assert "error: argument --steps: must be at least 1; got 0" in page


def test_every_page_shows_the_version(built_site, site_pages):
    """Every page of the built site names the package's version in its header."""
    shown = re.compile(
        rf'class="navbar-version"[^>]*>v{re.escape(mnist_tutorial.__version__)}</a>'
    )
    pages = [built_site / page for page in site_pages]
    without = [
        str(path.relative_to(built_site))
        for path in pages
        if not shown.search(path.read_text(encoding="utf-8"))
    ]
    assert len(pages) > 10 and not without, without


def test_the_changelog_has_a_section_for_this_version():
    """docs/changelog.md opens a section for the version being prepared."""
    changelog = (ROOT / "docs" / "changelog.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(mnist_tutorial.__version__)}\b", changelog, re.M)


def test_the_version_is_the_one_pip_installs():
    """mnist_tutorial.__version__, which the pages show, is pyproject.toml's version."""
    with open(ROOT / "pyproject.toml", "rb") as file:
        assert tomllib.load(file)["project"]["version"] == mnist_tutorial.__version__
