"""The site's static files: no source maps, which keeps the site small enough to host.

tests/test_site.py holds the site under 14 MB.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def remove_source_maps(app: Sphinx, exception: Exception | None) -> None:
    """Remove the theme's source maps (``*.map``, 1.7 MB) from the site.

    Only a browser's developer tools ask for them, to show the unminified
    sources of the theme's scripts and styles; no page loads them.
    """
    if exception is not None or app.builder.format != "html":
        return
    for path in (Path(app.outdir) / "_static").rglob("*.map"):
        path.unlink()


def setup(app: Sphinx) -> dict:
    """Trim the site's static files once the HTML build has finished."""
    app.connect("build-finished", remove_source_maps)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
