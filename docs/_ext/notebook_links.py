"""The gallery's notebooks: their text converted by pandoc, their links pointed at the site.

sphinx-gallery converts each text block of an example to Markdown with pandoc
(:func:`pypandoc_options`, given to it in conf.py), through the filter
``notebook_markdown.lua``, which turns Sphinx's cross-references into
placeholder links. Once Sphinx has read every page, this extension replaces
each placeholder with the address of its target on the site, in the notebooks
and in sphinx-gallery's zip files, and moves the headings one level down.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from sphinx.application import Sphinx

#: The package whose objects the notebooks' ``py`` links may name without its prefix.
PACKAGE = "mnist_tutorial"
#: The pandoc filter that turns Sphinx markup into Markdown for the notebooks.
NOTEBOOK_FILTER = Path(__file__).with_name("notebook_markdown.lua")
#: pandoc's Markdown, less what Jupyter does not render (fenced divs, attributes, grid tables).
NOTEBOOK_MARKDOWN = (
    "markdown-fenced_divs-native_divs-raw_attribute-simple_tables-multiline_tables"
    "-grid_tables-fenced_code_attributes-header_attributes-link_attributes"
    "-inline_code_attributes-bracketed_spans-native_spans-smart"
)
# A link the filter left for Sphinx to resolve: [text](sphinx:kind:target).
_NOTEBOOK_LINK = re.compile(
    r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(sphinx:(?P<kind>py|ref|doc):(?P<target>[^)\s]+)\)"
)


def pypandoc_options() -> dict:
    """Return sphinx-gallery's ``pypandoc`` setting: our filter, our Markdown, no line wrapping."""
    return {
        "extra_args": [f"--to={NOTEBOOK_MARKDOWN}", "--wrap=none"],
        "filters": [str(NOTEBOOK_FILTER)],
    }


def _resolve(app: Sphinx, kind: str, target: str, docname: str) -> tuple[str, str] | None:
    """Return the address (from the site's root) and title of a notebook link, or None."""
    env, builder = app.env, app.builder
    if kind == "py":
        objects = env.get_domain("py").objects
        for name in (target, f"{PACKAGE}.{target}"):
            if name in objects:
                entry = objects[name]
                return f"{builder.get_target_uri(entry.docname)}#{entry.node_id}", ""
        return None
    if kind == "term":
        objects = env.domaindata["std"]["objects"]
        found = objects.get(("term", target)) or objects.get(("term", target.lower()))
        return None if found is None else (f"{builder.get_target_uri(found[0])}#{found[1]}", "")
    if kind == "ref":
        found = env.domaindata["std"]["labels"].get(target.lower())
        if found is None:
            return None
        page, anchor, title = found
        return builder.get_target_uri(page) + (f"#{anchor}" if anchor else ""), title
    page = target[1:] if target.startswith("/") else str(Path(docname).parent / target)
    if page not in env.titles:
        return None
    return builder.get_target_uri(page), env.titles[page].astext()


def _resolve_links(app: Sphinx, markdown: str, docname: str) -> str:
    """Replace the filter's placeholder links by links to the site, or by their text alone."""
    site_url = app.config.html_baseurl.rstrip("/")

    def replace(match: re.Match) -> str:
        found = _resolve(app, match["kind"], match["target"], docname)
        text = match["text"] or (found[1] if found else "") or match["target"]
        if found is None or not site_url:
            return text
        return f"[{text}]({site_url}/{found[0]})"

    return _NOTEBOOK_LINK.sub(replace, markdown)


def _demote_headings(markdown: str) -> str:
    """Move every heading outside code one level down (``#`` becomes ``##``).

    pandoc converts each text block on its own, so the first section heading of a
    block comes out at level 1, the level of the page's title; the gallery's
    sections are all one level below the title.
    """
    lines, in_code = [], False
    for line in markdown.splitlines(keepends=True):
        if line.startswith("```"):
            in_code = not in_code
        lines.append(line if in_code or not re.match(r"#{1,5} ", line) else "#" + line)
    return "".join(lines)


def _resolve_notebook(app: Sphinx, text: str, docname: str) -> str:
    """Return a notebook's JSON text with its links resolved and its headings levelled.

    A notebook already done (sphinx-gallery leaves an unchanged example's
    notebook as it was) is returned as it is.
    """
    notebook = json.loads(text)
    if notebook["metadata"].get(PACKAGE, {}).get("links_resolved"):
        return text
    markdown_cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    for number, cell in enumerate(markdown_cells):
        source = _resolve_links(app, "".join(cell["source"]), docname)
        source = source if number == 0 else _demote_headings(source)
        cell["source"] = source.splitlines(keepends=True)
    notebook["metadata"][PACKAGE] = {"links_resolved": True}
    return json.dumps(notebook, indent=2)


def resolve_notebook_links(app: Sphinx, env) -> None:
    """Resolve the links in the gallery's notebooks and their zip files, once all pages are read.

    sphinx-gallery writes the notebooks before Sphinx reads any page; the links
    can only be resolved now, before the notebooks are copied into the site.
    """
    gallery = Path(app.srcdir) / app.config.sphinx_gallery_conf["gallery_dirs"]
    for path in gallery.rglob("*.ipynb"):
        docname = path.relative_to(app.srcdir).with_suffix("").as_posix()
        text = path.read_text(encoding="utf-8")
        resolved = _resolve_notebook(app, text, docname)
        if resolved != text:
            path.write_text(resolved, encoding="utf-8")
    for archive in gallery.rglob("*.zip"):
        _resolve_archive(app, archive, gallery)


def _resolve_archive(app: Sphinx, archive: Path, gallery: Path) -> None:
    """Resolve the links of the notebooks inside one of sphinx-gallery's zip files."""
    with zipfile.ZipFile(archive) as old:
        members = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in members:
            if info.filename.endswith(".ipynb"):
                docname = (Path(gallery.name) / info.filename).with_suffix("").as_posix()
                data = _resolve_notebook(app, data.decode("utf-8"), docname).encode("utf-8")
            new.writestr(info, data)


def setup(app: Sphinx) -> dict:
    """Resolve the notebooks' links once every page has been read."""
    app.connect("env-updated", resolve_notebook_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
