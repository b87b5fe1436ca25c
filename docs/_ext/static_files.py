"""The site's static files: only the MathJax files the pages load, and no source maps.

Both keep the site small enough to host (tests/test_site.py holds it under 12 MB).
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from sphinx.application import Sphinx

#: The MathJax files the pages load: the TeX-to-HTML component, its fonts, and the TeX
#: extensions it loads by itself when a formula uses their macros. The rest of the
#: distribution (other components, the speech engine: about 20 MB) is never requested,
#: since the MathJax menu, which could ask for the accessibility explorer, is off.
MATHJAX_FILES = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")


def copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    """Copy only the MathJax files the pages load into ``_static/mathjax``."""
    if exception is not None or app.builder.format != "html":
        return
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    source = Path(spec.submodule_search_locations[0]) / "static" / "mathjax"
    target = Path(app.outdir) / "_static" / "mathjax"
    shutil.rmtree(target, ignore_errors=True)
    for name in MATHJAX_FILES:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)


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
    app.connect("build-finished", copy_mathjax)
    app.connect("build-finished", remove_source_maps)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
