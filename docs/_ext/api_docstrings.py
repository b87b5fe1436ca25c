"""What the API pages add to the package's docstrings as Sphinx reads them.

Constants get the ``#:`` comment written above them, wherever it lives (a name
re-exported from ``_checks`` included); each page's own object gets a line
"Read more in ..." naming the first tutorial page that uses it, in reading
order; a TensorFlow base class is named ``tf.Module``; and mini-galleries list
lesson one before going further.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import inspect
import json
import pkgutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer

#: The package whose public names the API reference lists.
PACKAGE = "mnist_tutorial"
#: The gallery's folders in reading order: lesson one, then going further.
READING_ORDER = ("lesson_one", "going_further")
#: The first tutorial page (a docname) using each public path; filled at builder-inited.
FIRST_USE: dict[str, str] = {}


@functools.cache
def public_names_by_module() -> dict[str, list[str]]:
    """The public names of each module of the package, as ``__init__.pyi`` lists them.

    The stub is the package's one list of its API: ``lazy_loader`` reads the same
    imports when the package is imported. Submodules (``from . import data``) are left out.
    """
    stub = Path(importlib.util.find_spec(PACKAGE).origin).with_suffix(".pyi")
    return {
        statement.module: [alias.name for alias in statement.names]
        for statement in ast.parse(stub.read_text()).body
        if isinstance(statement, ast.ImportFrom) and statement.module
    }


def reading_order(path: str) -> tuple[int, str]:
    """Sort key of a gallery script: its folder's place in ``READING_ORDER``, then its name.

    sphinx-gallery's ``minigallery_sort_order`` calls it with each script's full path;
    by default it sorts the paths alphabetically, going_further before lesson_one.
    """
    script = Path(path)
    folder = script.parent.name
    place = READING_ORDER.index(folder) if folder in READING_ORDER else len(READING_ORDER)
    return place, script.name


def constant_comment(module_name: str, name: str) -> list[str] | None:
    """Return the ``#:`` comment of a module-level constant of the package, if it has one.

    The comment is looked for in ``module_name`` first, then in any module of the
    package that holds the same object under the same name (where it was imported from).
    """
    value = getattr(importlib.import_module(module_name), name)
    package = importlib.import_module(PACKAGE)
    others = [f"{PACKAGE}.{info.name}" for info in pkgutil.iter_modules(package.__path__)]
    for candidate in [module_name, *sorted(set(others) - {module_name})]:
        module = importlib.import_module(candidate)
        if getattr(module, name, None) is not value:
            continue
        docs = ModuleAnalyzer.for_module(candidate).find_attr_docs()
        if ("", name) in docs:
            return list(docs["", name])
    return None


def _home(name: str) -> str | None:
    """The module of the package that exports a top-level name, as ``__init__.pyi`` says."""
    for module, names in public_names_by_module().items():
        if name in names:
            return f"{PACKAGE}.{module}"
    return None


def document_constants(app: Sphinx, what: str, name: str, obj, options, lines) -> None:
    """Give a public constant its ``#:`` comment instead of its type's docstring."""
    if what != "data" or not name.startswith(f"{PACKAGE}."):
        return
    module_name = _home(name.rsplit(".", 1)[1]) or name.rsplit(".", 1)[0]
    try:
        comment = constant_comment(module_name, name.rsplit(".", 1)[1])
    except (ImportError, AttributeError):
        comment = None
    if comment is not None:
        lines[:] = comment
    elif "\n".join(lines).strip() == inspect.getdoc(type(obj)):
        lines[:] = []


def find_first_uses(app: Sphinx) -> None:
    """Read sphinx-gallery's backreferences: the first page, in reading order, using each name."""
    conf = app.config.sphinx_gallery_conf
    index = Path(app.srcdir, conf["backreferences_dir"], "backreferences_all.json")
    FIRST_USE.clear()
    if not index.is_file():
        return
    for path, examples in json.loads(index.read_text()).items():
        first = min(examples, key=lambda example: reading_order(str(Path(example[1], example[0]))))
        target = Path(first[2], Path(first[0]).stem).relative_to(app.srcdir)
        FIRST_USE[path] = "/" + target.as_posix()


def add_read_more(app: Sphinx, what: str, name: str, obj, options, lines) -> None:
    """Put "Read more in <the first page using it>" after the summary, as scikit-learn does."""
    if what not in ("class", "exception", "function", "data") or name not in FIRST_USE:
        return
    line = f"Read more in :doc:`{FIRST_USE[name]}`, the first page of the tutorial using it."
    sections = [
        index
        for index in range(len(lines) - 1)
        if lines[index].strip() and set(lines[index + 1].strip()) == {"-"}
    ]
    at = sections[0] if sections else len(lines)
    block = [line, ""]
    if at > 0 and lines[at - 1].strip():
        block.insert(0, "")
    lines[at:at] = block


def name_tensorflow_bases(app: Sphinx, name: str, obj, options, bases: list) -> None:
    """Show a TensorFlow base class as its users write it: ``tf.Module``, not ``Module``."""
    for index, base in enumerate(bases):
        if getattr(base, "__module__", "").startswith("tensorflow."):
            bases[index] = f"``tf.{base.__qualname__}``"


def setup(app: Sphinx) -> None:
    """Connect the docstring hooks ahead of numpydoc's, so it formats what they add."""
    app.connect("builder-inited", find_first_uses)
    app.connect("autodoc-process-docstring", document_constants, priority=400)
    app.connect("autodoc-process-docstring", add_read_more, priority=410)
    app.connect("autodoc-process-bases", name_tensorflow_bases)
