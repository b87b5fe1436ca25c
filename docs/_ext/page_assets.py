"""Each page loads only the style sheets and scripts it uses, and no script delays its text.

A script in the page's ``<head>`` without ``defer`` stops the browser from
showing anything until it has been fetched and run. Every script file the
extensions add is deferred here: it still runs in the same order, once the page
is read and before ``DOMContentLoaded``, which is when they all start their work.
``documentation_options.js`` stays as it is, as the inline lines after it fill
in the object it defines.

The style sheets and scripts that sphinx-gallery and sphinx-copybutton add to
every page are dropped from the pages that hold nothing they style or drive
(``UNUSED_WITHOUT``): each one a page loads delays its first paint. The theme's
own search scripts are handled in ``docs/_templates/layout.html``.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: The scripts that must run where they stand: inline scripts after them use them.
KEEP_IN_PLACE = {"_static/documentation_options.js"}
#: Files added to every page, and the text of a page's body that shows it uses them.
UNUSED_WITHOUT = {
    "_static/sg_gallery.css": "sphx-glr",
    "_static/sg_gallery-binder.css": "binder-badge",
    "_static/sg_gallery-dataframe.css": "dataframe",
    "_static/sg_gallery-rendered-html.css": "rendered_html",
    "_static/sg-tags.js": "data-sgtags",
    "_static/copybutton.css": "<pre",
    "_static/copybutton.js": "<pre",
    "_static/clipboard.min.js": "<pre",
    "_static/api_reference.css": "autosummary",
    "_static/sphinx_argparse_cli.css": "sphinx-argparse-cli",
}


def _name(asset) -> str:
    """A style sheet's or script's path under the output folder ("" for an inline script)."""
    filename = str(asset.filename or "")
    return filename if filename.startswith("_static/") else f"_static/{filename}"


def used(asset, body: str) -> bool:
    """Whether the page's body holds what ``asset`` styles or drives (True if unknown)."""
    marker = UNUSED_WITHOUT.get(_name(asset))
    return marker is None or marker in body


def deferred(script):
    """``script`` with ``defer``, unless it is inline, asynchronous or must stay in place."""
    attributes = script.attributes
    if not script.filename or _name(script) in KEEP_IN_PLACE:
        return script
    if {"async", "defer"} & set(attributes) or attributes.get("type") == "module":
        return script
    return type(script)(script.filename, priority=script.priority, **attributes, defer="defer")


def trim_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Drop the page's unused style sheets and scripts, and defer the others.

    Pages without a body of text (the general index) keep all their files; the search
    page keeps its scripts in place, as its template's searchtools.js needs doctools.js.
    """
    body = context.get("body")
    if body is not None:
        context["css_files"] = [sheet for sheet in context["css_files"] if used(sheet, body)]
    keep = pagename == "search"
    context["script_files"] = [
        script if keep else deferred(script)
        for script in context["script_files"]
        if body is None or used(script, body)
    ]


def setup(app: Sphinx) -> dict:
    """Trim each page's assets after the other extensions have added theirs."""
    app.connect("html-page-context", trim_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
