"""The API reference: one page per public name of the package, listed by module.

``.. module-summary:: mnist_tutorial.data`` draws a table of a module's public
names (as the package's ``MODULES`` lists them); at the start of every build the
extension writes the page of each name into ``api/generated``, and gives
constants and named-tuple fields the ``#:`` comment written above them.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.ext.autosummary import Autosummary
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The package whose public names the API reference lists.
PACKAGE = "mnist_tutorial"
#: Where the one-page-per-name stubs are written, relative to the source folder.
STUB_FOLDER = "api/generated"
#: Reprs longer than this are left out of a constant's page (``:no-value:``).
LONGEST_SHOWN_VALUE = 200


def public_path(module_name: str, name: str) -> str:
    """Return the shortest import path of a public name: the package's, if it re-exports it.

    It is also the path sphinx-gallery records for the examples that use the name.
    """
    package = importlib.import_module(PACKAGE)
    value = getattr(importlib.import_module(module_name), name)
    if name in package.__all__ and getattr(package, name) is value:
        return f"{PACKAGE}.{name}"
    return f"{module_name}.{name}"


def public_names(module_name: str) -> list[str]:
    """Return the public names of one of the package's modules, as ``MODULES`` lists them."""
    package = importlib.import_module(PACKAGE)
    return package.MODULES[module_name.removeprefix(f"{PACKAGE}.")]


def public_paths(module_name: str) -> list[str]:
    """Return the public paths of the names a module exports, in the order of ``MODULES``."""
    return [public_path(module_name, name) for name in public_names(module_name)]


class ModuleSummary(Autosummary):
    """``.. module-summary:: mnist_tutorial.data``: an autosummary table of a module's names.

    Each row links to the stub page that :func:`write_stub_pages` writes, so a
    name added to the package's ``MODULES`` appears in the reference without
    editing any page. The module must be listed in the ``api_modules`` setting.
    """

    required_arguments = 1
    has_content = False

    def run(self):
        module_name = self.arguments[0]
        if module_name not in self.config.api_modules:
            raise self.error(f"{module_name} is not in api_modules in conf.py; add it there.")
        self.env.api_summary_docs = getattr(self.env, "api_summary_docs", set())
        self.env.api_summary_docs.add(self.env.docname)
        paths = public_paths(module_name)
        if not paths:
            return []
        self.content = StringList(paths, source="MODULES")
        self.options.setdefault("toctree", STUB_FOLDER)
        self.options.setdefault("nosignatures", None)
        return super().run()


def _directive(value: object) -> str:
    """Name the autodoc directive that documents a public object."""
    if inspect.isclass(value) and issubclass(value, BaseException):
        return "autoexception"
    if inspect.isclass(value):
        return "autoclass"
    if callable(value):
        return "autofunction"
    return "autodata"


def _stub_text(path: str, value: object) -> str:
    """Return the reST page of one public name, with its gallery examples at the end."""
    directive = _directive(value)
    module_name, name = path.rsplit(".", 1)
    lines = [path, "=" * len(path), "", f".. currentmodule:: {module_name}", ""]
    lines.append(f".. {directive}:: {name}")
    if directive == "autoclass":
        lines.append("   :members:")
    if directive == "autodata" and len(repr(value)) > LONGEST_SHOWN_VALUE:
        lines.append("   :no-value:")
    lines += [
        "",
        f".. minigallery:: {path}",
        f"   :add-heading: Gallery examples using ``{name}``",
        "   :heading-level: -",
        "",
    ]
    return "\n".join(lines)


def write_stub_pages(app: Sphinx) -> None:
    """Write one page per public name of the ``api_modules`` into ``api/generated``.

    Only pages whose text changed are rewritten, and pages of names that are no
    longer public are removed, so the reference never shows a stale name.
    """
    folder = Path(app.srcdir) / STUB_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {}
    for module_name in app.config.api_modules:
        module = importlib.import_module(module_name)
        for name, path in zip(public_names(module_name), public_paths(module_name), strict=True):
            wanted[f"{path}.rst"] = _stub_text(path, getattr(module, name))
    package = importlib.import_module(PACKAGE)
    unlisted = [name for name in package.__all__ if f"{PACKAGE}.{name}.rst" not in wanted]
    if unlisted:
        logger.warning(
            "%s.__all__ has names from modules missing from api_modules in conf.py: %s; "
            "add their modules there and a module-summary for each to api.rst.",
            PACKAGE,
            ", ".join(unlisted),
        )
    for stale in {path.name for path in folder.glob("*.rst")} - set(wanted):
        (folder / stale).unlink()
    for file_name, text in wanted.items():
        path = folder / file_name
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)


def _comment_docs(app: Sphinx, owner: str, attribute: str) -> list[str] | None:
    """Return the ``#:`` comment documenting ``owner.attribute`` in an API module, if any.

    ``owner`` is "" for a module-level constant, or a class name.
    """
    for module_name in app.config.api_modules:
        if (owner or attribute) not in public_names(module_name):
            continue
        docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        if (owner, attribute) in docs:
            return list(docs[owner, attribute])
    return None


def document_from_comments(app: Sphinx, what: str, name: str, obj, options, lines) -> None:
    """Give constants and named-tuple fields the ``#:`` comment written above them.

    Re-exported at the top level, a constant would otherwise show the docstring
    of its type (``tuple``, ``dict``), and a field "Alias for field number 0".
    """
    if what not in ("data", "attribute"):
        return
    parts = name.split(".")
    owner = "" if what == "data" else parts[-2]
    comment = _comment_docs(app, owner, parts[-1])
    if comment is not None:
        lines[:] = comment
    elif what == "data" and "\n".join(lines).strip() == inspect.getdoc(type(obj)):
        lines[:] = []


def reread_summaries(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-read the pages with module summaries at every build: ``MODULES`` may have changed."""
    return sorted(getattr(env, "api_summary_docs", set()))


def forget_summary(app: Sphinx, env, docname: str) -> None:
    """Forget that a page has module summaries before it is read again."""
    getattr(env, "api_summary_docs", set()).discard(docname)


def merge_summaries(app: Sphinx, env, docnames, other) -> None:
    """Collect the pages with module summaries from a parallel reader."""
    env.api_summary_docs = getattr(env, "api_summary_docs", set()) | getattr(
        other, "api_summary_docs", set()
    )


def setup(app: Sphinx) -> dict:
    """Register the module-summary directive and the steps that write and fill the API pages."""
    app.add_config_value("api_modules", [], "env", types=[list])
    app.add_directive("module-summary", ModuleSummary)
    app.connect("builder-inited", write_stub_pages)
    app.connect("autodoc-process-docstring", document_from_comments)
    app.connect("env-get-outdated", reread_summaries)
    app.connect("env-purge-doc", forget_summary)
    app.connect("env-merge-info", merge_summaries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
