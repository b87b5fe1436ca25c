"""Anchors on chosen lines of the [source] pages, so that a lesson can link to a line.

sphinx.ext.viewcode writes each module's code as one highlighted block with an
anchor per documented function, at its ``def``: a link to ``train`` lands on its
signature and docstring, a screen above the step the lesson means. conf.py's
``source_anchors`` names, for each anchor, the module, the function and how the
line starts; this extension makes the anchor a label, so pages link to it with
``:ref:`` (and notebooks, through notebook_links), and once the pages are
written puts it on that line. A line that is no longer there fails the build:
the link cannot go stale.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

_TAG = re.compile(r"<[^>]+>")


def _page(module: str) -> str:
    """The page name viewcode gives a module's source: ``_modules/package/module``."""
    return "_modules/" + module.replace(".", "/")


def add_labels(app: Sphinx, env, docnames) -> None:
    """Make each anchor a label of its source page, for ``:ref:``, titled as conf.py says."""
    domain = env.get_domain("std")
    for label, (module, _function, _line, title) in app.config.source_anchors.items():
        domain.labels[label] = (_page(module), label, title)
        domain.anonlabels[label] = (_page(module), label)


def anchored(page: str, label: str, function: str, line_start: str) -> str:
    """Return a source page's HTML with ``<span id=label>`` opening the line of ``function``.

    The line is the first in ``function``'s block whose text, without the
    highlighting's tags, starts with ``line_start`` after its indentation.
    """
    block = page.find(f'<div class="viewcode-block" id="{function}">')
    lines = page[block:].split("\n") if block >= 0 else []
    for number, line in enumerate(lines):
        if html.unescape(_TAG.sub("", line)).strip().startswith(line_start):
            lines[number] = f'<span id="{label}"></span>' + line
            return page[:block] + "\n".join(lines)
        if "</div>" in line:  # viewcode closes the block at the end of its last line
            break
    raise ExtensionError(
        f"source_anchors: no line starting {line_start!r} in the code of {function} on its "
        f"source page; the anchor {label!r} would point at nothing. Update source_anchors "
        "in docs/conf.py, and the pages that link to it."
    )


def add_anchors(app: Sphinx, exception) -> None:
    """Put each anchor on its line of the written source page, moving it if it was elsewhere.

    viewcode writes a module's page only when the module is newer than the page,
    so the anchors go into the page as written, whichever build wrote it.
    """
    if exception is not None or app.builder.format != "html":
        return
    for label, (module, function, line_start, _title) in app.config.source_anchors.items():
        path = Path(app.outdir) / (_page(module) + ".html")
        page = path.read_text(encoding="utf-8").replace(f'<span id="{label}"></span>', "")
        path.write_text(anchored(page, label, function, line_start), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    """Register ``source_anchors`` (label: (module, function, line start, link title))."""
    app.add_config_value("source_anchors", {}, "env", types=frozenset({dict}))
    app.connect("env-before-read-docs", add_labels)
    app.connect("build-finished", add_anchors)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
