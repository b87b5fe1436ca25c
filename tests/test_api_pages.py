"""The API reference: every public name documented as scikit-learn documents its own.

The first tests read the package's docstrings and the pages docs/_ext/api_pages.py
writes (they need the docs extra: Sphinx and numpydoc); the last ones read the
built site (``docs/_build/html``, as tests/test_site.py does). Both skip, or
fail under CI, when what they need is missing.
"""

from __future__ import annotations

import ast
import dataclasses
import doctest
import html
import importlib
import inspect
import os
import re
import sys
from pathlib import Path

import pytest

import mnist_tutorial as mt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
# Sphinx and numpydoc come with the docs extra; without them (the test extra alone) these
# tests skip, except under CI, which builds the site and must run them.
if not os.environ.get("CI"):
    pytest.importorskip("sphinx")
    pytest.importorskip("numpydoc")

import api_docstrings  # noqa: E402
import api_pages  # noqa: E402
from numpydoc.docscrape import NumpyDocString  # noqa: E402

#: The public names of each module, as the package's stub, ``__init__.pyi``, lists them.
LISTED = api_docstrings.public_names_by_module()
#: Every public name, with the module that exports it.
NAMES = [(f"mnist_tutorial.{module}", name) for module, names in LISTED.items() for name in names]
CLASSES = [name for _, name in NAMES if inspect.isclass(getattr(mt, name))]
CONSTANTS = [
    (module, name)
    for module, name in NAMES
    if api_pages._directive(getattr(mt, name)) == "autodata"
]


def _sections(docstring: str | None) -> NumpyDocString:
    """Parse a numpydoc docstring into its sections."""
    return NumpyDocString(inspect.cleandoc(docstring or ""))


def _fields(cls: type) -> list[str]:
    """The fields of a named tuple or dataclass, and the properties a class defines."""
    if dataclasses.is_dataclass(cls):
        fields = [field.name for field in dataclasses.fields(cls)]
    else:
        fields = list(getattr(cls, "_fields", ()))
    return fields + api_pages.class_members(cls)[1]


def _attribute_names(cls: type) -> list[str]:
    """The names the Attributes section of a class's docstring documents."""
    names = []
    for parameter in _sections(cls.__doc__)["Attributes"]:
        names += [name.strip() for name in parameter.name.split(",")]
    return names


@pytest.mark.parametrize(
    "name", [name for name in CLASSES if not issubclass(getattr(mt, name), Exception)]
)
def test_every_field_and_property_is_a_typed_attribute(name):
    """A class's Attributes list each field and property once, each with a type."""
    cls = getattr(mt, name)
    names = _attribute_names(cls)
    assert sorted(names) == sorted(set(names))
    assert set(_fields(cls)) <= set(names)
    assert all(parameter.type for parameter in _sections(cls.__doc__)["Attributes"])


@pytest.mark.parametrize("name", CLASSES)
def test_every_class_has_see_also_and_examples(name):
    """Every public class or exception points to related names and shows a doctest."""
    sections = _sections(getattr(mt, name).__doc__)
    assert sections["See Also"]
    assert ">>>" in "\n".join(sections["Examples"])


@pytest.mark.parametrize("name", CLASSES)
def test_every_method_has_parameters_and_returns(name):
    """Each public method states its parameters, and what it returns if it returns anything."""
    cls = getattr(mt, name)
    for method_name in api_pages.class_members(cls)[0]:
        method = getattr(cls, method_name)
        signature = inspect.signature(method)
        sections = _sections(method.__doc__)
        parameters = [parameter for parameter in signature.parameters if parameter != "self"]
        assert [item.name for item in sections["Parameters"]] == parameters, method_name
        if signature.return_annotation not in ("None", None):
            assert sections["Returns"], method_name


def test_exceptions_show_their_base_class():
    """The pages of the exceptions (and of LinearSoftmax, a tf.Module) show their base."""
    for name in ("IdxFormatError", "MNISTFileError", "WorkerError", "LinearSoftmax"):
        assert ":show-inheritance:" in api_pages._stub_text(
            f"mnist_tutorial.{name}", getattr(mt, name)
        )
    assert ":show-inheritance:" not in api_pages._stub_text("mnist_tutorial.DataSet", mt.DataSet)


def test_class_pages_have_a_methods_table_and_no_fields():
    """A class's page tables its methods and documents its properties, not its fields."""
    text = api_pages._stub_text("mnist_tutorial.DataSet", mt.DataSet)
    assert ".. rubric:: Methods" in text and "~DataSet.reseeded" in text
    assert ":members: next_batch, batch_indices, reseeded, images, digits" in text
    assert ":members:" not in api_pages._stub_text("mnist_tutorial.MNIST", mt.MNIST)


@pytest.mark.parametrize(("module_name", "name"), CONSTANTS)
def test_every_constant_has_its_own_comment_and_a_passing_example(module_name, name):
    """A constant's ``#:`` comment is found, even re-exported, and its example runs."""
    comment = api_docstrings.constant_comment(module_name, name)
    assert comment, f"{name} has no #: comment"
    assert comment[0] != inspect.getdoc(type(getattr(mt, name))).splitlines()[0]
    test = doctest.DocTestParser().get_doctest("\n".join(comment), {}, name, module_name, 0)
    assert test.examples, f"{name}'s comment has no Examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_the_index_lists_classes_and_functions_before_constants():
    """Each module's table puts its constants last."""
    for module_name in LISTED:
        kinds = [
            api_pages._directive(getattr(mt, path.rsplit(".", 1)[1]))
            for path in api_pages.table_order(f"mnist_tutorial.{module_name}")
        ]
        assert kinds == sorted(kinds, key=api_pages.KIND_ORDER.index)


def test_examples_are_listed_in_reading_order():
    """Lesson one's pages sort before going further's, each folder by file name."""
    paths = [
        "/site/gallery/going_further/plot_11_gradients_by_hand.py",
        "/site/gallery/lesson_one/plot_03_training.py",
        "/site/gallery/lesson_one/plot_01_the_data.py",
    ]
    ordered = sorted(paths, key=api_docstrings.reading_order)
    assert [Path(path).name[:7] for path in ordered] == ["plot_01", "plot_03", "plot_11"]


# --------------------------------------------------------------------------------------
# The built site
# --------------------------------------------------------------------------------------


def _rows(page: str) -> list[tuple[str, str]]:
    """The (name, summary) cells of every autosummary table of a page, as HTML."""
    rows = re.findall(r'<tr class="row-(?:odd|even)">(.*?)</tr>', page, re.S)
    return [tuple(re.findall(r"<td>(.*?)</td>", row, re.S)[:2]) for row in rows]


def _text(fragment: str) -> str:
    """The visible text of an HTML fragment."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def test_the_index_shows_short_names_and_links_its_references(built_page):
    """api.html names each object without the package prefix; every reference is a link."""
    rows = _rows(built_page("api.html"))
    assert len(rows) == len(NAMES)
    assert [_text(name) for name, _ in rows if _text(name).startswith("mnist_tutorial.")] == []
    unresolved = [
        _text(name)
        for name, summary in rows
        if 'class="xref py' in re.sub(r"<a [^>]*>.*?</a>", "", summary, flags=re.S)
    ]
    assert unresolved == []


def test_result_and_constant_pages_show_their_own_text(built_page):
    """No "Alias for field number", no docstring of int, and the fields are Attributes."""
    mnist = built_page("api/generated/mnist_tutorial.MNIST.html")
    assert "Alias for field number" not in mnist
    assert all(f"<strong>{field}</strong>" in mnist for field in ("train", "validation", "test"))
    constant = built_page("api/generated/mnist_tutorial.MAX_TRAINING_IMAGES.html")
    assert "int([x])" not in constant and "20000000" in constant
    dataset = built_page("api/generated/mnist_tutorial.DataSet.html")
    assert "<strong>images</strong>" in dataset and "<strong>digits</strong>" in dataset


def test_api_pages_read_more_and_list_lesson_one_first(built_page):
    """train's page says where to read more, and lists lesson one's pages before the others."""
    page = built_page("api/generated/mnist_tutorial.train.html")
    assert "Read more in" in page
    gallery = page[page.index("sphx-glr-thumbnails") :]
    links = re.findall(r'href="\.\./\.\./auto_examples/(\w+)/', gallery)
    assert links[0] == "lesson_one"
    assert links == sorted(links, key=api_docstrings.READING_ORDER.index)


def test_every_listed_public_name_is_defined_in_its_module():
    """Each name the stub lists comes from its module; mt.__all__ and dir(mt) list it."""
    for module, names in LISTED.items():
        defined = vars(importlib.import_module(f"mnist_tutorial.{module}"))
        assert [name for name in names if name not in defined] == [], module
        assert all(getattr(mt, name) is defined[name] for name in names), module
    public = {*LISTED, *(name for _, name in NAMES)}  # the modules, and their names
    assert sorted(mt.__all__) == sorted(public)
    assert set(mt.__all__) <= set(dir(mt))


def test_every_public_function_and_class_of_a_module_is_listed():
    """A module's functions and classes without a leading underscore are all in the stub."""
    for module, names in LISTED.items():
        defined_here = importlib.import_module(f"mnist_tutorial.{module}")
        public = [
            name
            for name, value in vars(defined_here).items()
            if not name.startswith("_")
            and (inspect.isfunction(value) or inspect.isclass(value))
            and value.__module__ == defined_here.__name__
        ]
        assert sorted(set(public) - set(names)) == [], module


def test_the_stub_exports_every_name_to_type_checkers():
    """Each import of __init__.pyi is ``name as name``, the form a stub exports, and is sorted.

    Without the redundant alias a type checker treats an import in a stub as private,
    and ``mt.train`` would be unknown to an editor.
    """
    stub = ast.parse((ROOT / "mnist_tutorial" / "__init__.pyi").read_text())
    imports = [node for node in stub.body if isinstance(node, ast.ImportFrom)]
    assert [node.module for node in imports] == [None, *sorted(LISTED)]
    for node in imports:
        assert all(alias.asname == alias.name for alias in node.names), node.module
    assert [alias.name for alias in imports[0].names] == sorted(LISTED)
