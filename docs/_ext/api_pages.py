"""The API reference: one page per public name of the package, listed by module.

``.. module-summary:: mnist_tutorial.data`` draws a table of a module's public
names (as the package's stub, ``__init__.pyi``, lists them), by their short names, classes
and functions before exceptions and constants. At the start of every build the
extension writes the page of each name into ``api/generated``: a class's page
shows its base class, a table of its methods, then each method and property
(its fields are the Attributes of its docstring); api_docstrings fills in the
constants' comments and the "Read more" lines.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import api_docstrings
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.ext.autosummary import Autosummary
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The package whose public names the API reference lists.
PACKAGE = "mnist_tutorial"
#: Where the one-page-per-name stubs are written, relative to the source folder.
STUB_FOLDER = "api/generated"
#: Reprs longer than this are left out of a constant's page (``:no-value:``).
LONGEST_SHOWN_VALUE = 200
#: The order of the kinds of names in a module's table: what users call first, constants last.
KIND_ORDER = ("autoclass", "autofunction", "autoexception", "autodata")


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
    """Return the public names of one of the package's modules, as ``__init__.pyi`` lists them."""
    return api_docstrings.public_names_by_module()[module_name.removeprefix(f"{PACKAGE}.")]


def public_paths(module_name: str) -> list[str]:
    """Return the public paths of the names a module exports, in the order of ``__init__.pyi``."""
    return [public_path(module_name, name) for name in public_names(module_name)]


def table_order(module_name: str) -> list[str]:
    """Return a module's public paths for its table: classes, functions, exceptions, constants.

    Within each kind, the names keep the order of ``__init__.pyi``.
    """
    module = importlib.import_module(module_name)
    paths = dict(zip(public_names(module_name), public_paths(module_name), strict=True))
    kind = {name: KIND_ORDER.index(_directive(getattr(module, name))) for name in paths}
    return [paths[name] for name in sorted(paths, key=kind.__getitem__)]


class ModuleSummary(Autosummary):
    """``.. module-summary:: mnist_tutorial.data``: an autosummary table of a module's names.

    Each row links to the stub page that :func:`write_stub_pages` writes, so a
    name added to the package's ``__init__.pyi`` appears in the reference without
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
        paths = table_order(module_name)
        if not paths:
            return []
        # Short names (load_mnist): relative to the page's current module if it is the
        # package, else behind "~"; the links still go to the full paths.
        prefix = f"{self.env.ref_context.get('py:module')}."
        names = [
            path.removeprefix(prefix) if path.startswith(prefix) else f"~{path}" for path in paths
        ]
        self.content = StringList(names, source="__init__.pyi")
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


def class_members(cls: type) -> tuple[list[str], list[str]]:
    """Return the methods and the properties a class defines itself, in source order.

    ``__call__`` counts as a method; named-tuple and dataclass fields are neither: the
    class's docstring documents them, typed, under Attributes.
    """
    methods, properties = [], []
    for name, member in vars(cls).items():
        if name.startswith("_") and name != "__call__":
            continue
        if isinstance(member, property):
            properties.append(name)
        elif inspect.isfunction(member) or isinstance(member, (staticmethod, classmethod)):
            methods.append(name)
    return methods, properties


def _class_lines(name: str, value: type) -> list[str]:
    """The options and content of a class's directive: its base, members and Methods table."""
    lines = []
    if value.__bases__ != (object,):
        lines.append("   :show-inheritance:")
    methods, properties = class_members(value)
    if methods or properties:
        lines.append(f"   :members: {', '.join(methods + properties)}")
    if methods:
        lines += [
            "",
            "   .. rubric:: Methods",
            "",
            "   .. autosummary::",
            "      :nosignatures:",
            "",
        ]
        lines += [f"      ~{name}.{method}" for method in methods]
    return lines


def _stub_text(path: str, value: object) -> str:
    """Return the reST page of one public name, with its gallery examples at the end."""
    directive = _directive(value)
    module_name, name = path.rsplit(".", 1)
    # Titled by the short name (the signature below gives the full path), so that no
    # title, sidebar entry or previous/next link breaks mid-word.
    lines = [name, "=" * len(name), "", f".. currentmodule:: {module_name}", ""]
    lines.append(f".. {directive}:: {name}")
    if directive in ("autoclass", "autoexception"):
        lines += _class_lines(name, value)
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
    names = [name for names in api_docstrings.public_names_by_module().values() for name in names]
    unlisted = [name for name in names if f"{PACKAGE}.{name}.rst" not in wanted]
    if unlisted:
        logger.warning(
            "%s/__init__.pyi lists names from modules missing from api_modules in conf.py: %s; "
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


def reread_summaries(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-read the pages with module summaries at every build: the stub may have changed."""
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
    api_docstrings.setup(app)
    app.add_css_file("api_reference.css")
    app.connect("env-get-outdated", reread_summaries)
    app.connect("env-purge-doc", forget_summary)
    app.connect("env-merge-info", merge_summaries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
