"""A ``<meta name="description">`` on every page, from the page's first paragraph.

Search engines show it under the page's title in their results (Lighthouse's SEO
audit asks for one on every page). The first paragraph of the page's own text is
used, outside notes, field lists, tables and signatures; its formulas read as
their plain letters (``\\operatorname{softmax}(z)`` as ``softmax(z)``). It is cut to
the whole sentences that fit in ``LENGTH`` characters, or at a word with an
ellipsis when the first sentence is longer. Pages that Sphinx writes without a
source (search, index, highlighted source code) get a sentence from their title.
A page that sets its own description with the ``meta`` directive keeps it.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

#: Longest description, in characters: about what a search result shows.
LENGTH = 160
#: Paragraphs in these are not the page's own opening text.
_SKIPPED = (
    nodes.Admonition,
    nodes.field_list,
    nodes.table,
    nodes.title,
    nodes.caption,
    nodes.footnote,
    nodes.citation,
    addnodes.desc_signature,
    addnodes.toctree,
)
_LATEX_WRAPPER = re.compile(r"\\(?:operatorname|mathrm|mathbf|text|textrm|mathit)\{([^{}]*)\}")
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
_LATEX_SPACING = re.compile(r"\\[,;:!]|[{}]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(“\"‘'])")


def plain_math(latex: str) -> str:
    """A formula as plain letters: ``\\operatorname{softmax}(xW + b)`` as ``softmax(xW + b)``.

    >>> plain_math(r"p = \\operatorname{softmax}(z)")
    'p = softmax(z)'
    >>> plain_math(r"\\log p_{k}")
    'log p_k'
    """
    text = _LATEX_WRAPPER.sub(r"\1", latex)
    text = _LATEX_COMMAND.sub(r"\1 ", text)
    text = _LATEX_SPACING.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def paragraph_text(paragraph: nodes.paragraph) -> str:
    """The words of a paragraph as a reader sees them, formulas in plain letters."""
    parts = []
    for node in paragraph.findall(nodes.Text):
        parent = node.parent
        parts.append(plain_math(node.astext()) if isinstance(parent, nodes.math) else node)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def shorten(text: str, length: int = LENGTH) -> str:
    """The whole sentences of ``text`` that fit in ``length`` characters, else a cut at a word.

    >>> shorten("One. Two words. Three more words.", 16)
    'One. Two words.'
    >>> shorten("A sentence far too long to fit.", 14)
    'A sentence…'
    """
    if len(text) <= length:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        if len(kept) + len(sentence) + 1 > length:
            break
        kept = f"{kept} {sentence}".strip()
    if kept:
        return kept
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _skipped(node: nodes.Node) -> bool:
    """Whether a paragraph sits inside something that is not the page's opening text."""
    while node is not None:
        # Sphinx's object descriptions are admonitions too; their text is the page's.
        if isinstance(node, _SKIPPED) and not isinstance(node, addnodes.desc):
            return True
        node = node.parent
    return False


def first_paragraph(doctree: nodes.Node) -> str:
    """The text of the first paragraph of a page's own prose, or "" when it has none."""
    for paragraph in doctree.findall(nodes.paragraph):
        if not _skipped(paragraph):
            text = paragraph_text(paragraph)
            if text:
                return text
    return ""


def fallback(pagename: str, title: str, project: str) -> str:
    """A sentence for a page Sphinx writes without a source, from its name and title."""
    if pagename == "search":
        return f"Search the pages of {project}."
    if pagename == "genindex":
        return f"Every function, class and term documented in {project}, A to Z."
    if pagename.startswith("_modules/"):
        if pagename == "_modules/index":
            return f"The modules of {project} whose source code the site shows."
        return f"The source code of {title}, each name linked to its documentation."
    return f"{title}: a page of {project}."


def add_description(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Put the page's description in its ``<head>``, unless it states one itself."""
    metatags = context.get("metatags", "")
    if 'name="description"' in metatags:
        return
    text = first_paragraph(doctree) if doctree is not None else ""
    if not text:
        title = re.sub(r"<[^>]+>", "", context.get("title", "")) or app.config.project
        text = fallback(pagename, html.unescape(title), app.config.project)
    content = html.escape(shorten(text), quote=True)
    context["metatags"] = f'{metatags}\n    <meta name="description" content="{content}" />'


def setup(app: Sphinx) -> dict:
    """Register the handler that writes each page's description."""
    app.connect("html-page-context", add_description)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
