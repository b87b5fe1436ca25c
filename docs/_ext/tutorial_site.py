"""Sphinx helpers for the site: API pages, reading times, notebooks, the wheel, MathJax."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import json
import math
import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
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
#: The reading speed behind the reading times: 200 words a minute, a common figure
#: for careful reading of technical prose (code, math and output are not counted).
WORDS_PER_MINUTE = 200
#: Where the docs build puts the package's wheel and sdist, inside the built site.
DIST_FOLDER = "dist"


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


class TutorialOutline(Directive):
    """``.. tutorial-outline:: ../gallery/lesson_one``: a numbered list of a folder's pages.

    Each item links to a page and gives its reading time and the goal its script
    states under its title, so the list stays true as pages are added, renamed
    or rewritten.
    """

    required_arguments = 1
    has_content = False

    def run(self):
        env = self.state.document.settings.env
        folder = (Path(env.srcdir) / self.arguments[0]).resolve()
        conf = env.config.sphinx_gallery_conf
        examples_dir = Path(conf["examples_dirs"]).resolve()
        lines = []
        for script in sorted(folder.glob("plot_*.py")):
            env.note_dependency(str(script))
            title, goal = _title_and_goal(script)
            relative = script.relative_to(examples_dir).as_posix()
            label = f"sphx_glr_{conf['gallery_dirs']}_{relative}".replace("/", "_")
            time = reading_time(prose_words(script))
            lines += [f"#. :ref:`{title} <{label}>` ({time}): {goal}", ""]
        outline = nodes.container(classes=["tutorial-outline"])
        content = StringList(lines, source=str(folder))
        self.state.nested_parse(content, self.content_offset, outline)
        return [outline]


def _title_and_goal(script: Path) -> tuple[str, str]:
    """Return a gallery script's title and the paragraph under it, as one line of reST."""
    docstring = ast.get_docstring(ast.parse(script.read_text()), clean=True) or ""
    lines = docstring.splitlines()
    if len(lines) < 3 or set(lines[1].strip()) != {"="}:
        raise ValueError(f"{script} must open with a title underlined with '='.")
    goal = []
    for line in lines[2:]:
        if not line.strip() and goal:
            break
        goal.append(line.strip())
    return lines[0].strip(), " ".join(part for part in goal if part)


# -- Reading times ---------------------------------------------------------------------

# Directives whose whole body is not prose: math, code, raw HTML, pictures.
_NOT_PROSE_DIRECTIVE = re.compile(
    r"^(?P<indent>\s*)\.\. (?:math|code-block|code|sourcecode|raw|image|figure|highlight"
    r"|literalinclude|only)::"
)
# Any other directive, a comment or a target: the marker line is not prose, its body may be.
_MARKUP_LINE = re.compile(r"^\s*(?:\.\. |:[\w -]+: ?\S*$)")
_SECTION_ADORNMENT = re.compile(r"^\s*([=\-~^\"'`#*+:.])\1{2,}\s*$")
_MATH_ROLE = re.compile(r":math:`[^`]*`")
_ROLE = re.compile(r":[\w:+-]+:`(?P<text>[^`]*)`")
_FIELD_NAME = re.compile(r"^\s*:[\w -]+:\s")


def _role_text(match: re.Match) -> str:
    """Return the text a reader sees for a role: its title, or the last part of a ``~`` path."""
    text = match["text"]
    titled = re.match(r"^(?P<title>.*?)\s*<[^<>]+>$", text, re.S)
    if titled:
        return titled["title"]
    if text.startswith("~"):
        return text.rsplit(".", 1)[-1]
    return text


def _prose_lines(text: str) -> list[str]:
    """Return the lines of reST that a reader reads as prose, with block markup removed."""
    kept, skip_indent = [], None
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if skip_indent is not None:
            if not line.strip() or indent > skip_indent:
                continue
            skip_indent = None
        directive = _NOT_PROSE_DIRECTIVE.match(line)
        if directive:
            skip_indent = len(directive["indent"])
        elif _SECTION_ADORNMENT.match(line) or _MARKUP_LINE.match(line):
            continue
        elif line.rstrip().endswith("::"):  # a literal block follows: code, not prose
            kept.append(line.rstrip()[:-1])
            skip_indent = indent
        else:
            kept.append(_FIELD_NAME.sub(" ", line))
    return kept


def prose_text(text: str) -> str:
    """Return the prose of a reST text: no code, math, raw HTML, markup or role syntax.

    >>> prose_text("A :math:`x^2` term, see :func:`~mnist_tutorial.train`.")
    'A  term, see train.'
    """
    prose = "\n".join(_prose_lines(text))
    prose = _MATH_ROLE.sub("", prose)
    return _ROLE.sub(_role_text, prose)


def prose_words(script: str | Path) -> int:
    """Count the words of prose in a gallery script: its text blocks, less code, math and output.

    The docstring and every ``# %%`` comment block count; code cells, display
    math (``.. math::``), inline math, literal blocks and raw HTML do not. A
    word is a run of characters between spaces that holds a letter or a digit.
    """
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    blocks = split_code_and_text_blocks(str(script))[1]
    text = "\n\n".join(content for label, content, _ in blocks if label == "text")
    return sum(1 for word in prose_text(text).split() if re.search(r"\w", word))


def reading_time(words: int) -> str:
    """Say how long ``words`` of prose take to read at :data:`WORDS_PER_MINUTE`, rounded up.

    >>> reading_time(430)
    'about 3 minutes'
    """
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    return f"about {minutes} minute{'s' if minutes > 1 else ''}"


def _gallery_script(app: Sphinx, docname: str) -> Path | None:
    """Return the gallery script a page was generated from, or None for any other page."""
    conf = app.config.sphinx_gallery_conf
    prefix = conf["gallery_dirs"] + "/"
    if not docname.startswith(prefix):
        return None
    script = Path(conf["examples_dirs"]) / f"{docname.removeprefix(prefix)}.py"
    return script if script.is_file() else None


def _field(name: str, text: str) -> nodes.field:
    """Return one field of a field list, as ``:name: text`` would give it."""
    return nodes.field(
        "", nodes.field_name("", name), nodes.field_body("", nodes.paragraph("", text))
    )


def add_reading_time(app: Sphinx, doctree: nodes.document) -> None:
    """Show a gallery page's reading time beside its ``:Assumes:`` line (or under its goal)."""
    script = _gallery_script(app, app.env.docname)
    if script is None:
        return
    words = prose_words(script)
    field = _field("Reading time", f"{reading_time(words)} ({words} words of prose)")
    for field_list in doctree.findall(nodes.field_list):
        names = [name.astext() for name in field_list.findall(nodes.field_name)]
        if "Assumes" in names:
            field_list.insert(names.index("Assumes") + 1, field)
            return
    section = next(iter(doctree.findall(nodes.section)), None)
    paragraph = next(iter(section.findall(nodes.paragraph)), None) if section else None
    if paragraph is not None:
        paragraph.parent.insert(paragraph.parent.index(paragraph) + 1, nodes.field_list("", field))


# -- Notebooks -----------------------------------------------------------------------------

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


def wheel_name(version: str) -> str:
    """Return the file name of the package's wheel (pure Python, any platform)."""
    return f"{PACKAGE}-{version}-py3-none-any.whl"


def sdist_name(version: str) -> str:
    """Return the file name of the package's source distribution."""
    return f"{PACKAGE}-{version}.tar.gz"


def install_cell(site_url: str, version: str) -> str:
    """Return the code of every notebook's first cell: install the package when it is missing.

    Where the site's address is known, the cell installs the site's own wheel
    with pip; otherwise it says how to install the package and stops.
    """
    lines = [
        f"# This notebook needs the {PACKAGE} package (with NumPy, Matplotlib and TensorFlow).",
    ]
    if site_url:
        wheel = f"{site_url.rstrip('/')}/{DIST_FOLDER}/{wheel_name(version)}"
        lines += [
            "# If it is not installed, this cell installs it with pip from the tutorial's site;",
            "# if it is, the cell does nothing.",
            "import importlib.util",
            "import subprocess",
            "import sys",
            "",
            f'if importlib.util.find_spec("{PACKAGE}") is None:',
            f'    wheel = "{wheel}"',
            '    command = [sys.executable, "-m", "pip", "install", wheel]',
            "    result = subprocess.run(command, capture_output=True, text=True)",
            "    if result.returncode != 0:",
            '        raise RuntimeError(f"pip could not install {wheel}:\\n{result.stderr}")',
            "    importlib.invalidate_caches()",
            f'    print("Installed {PACKAGE} from", wheel)',
        ]
    else:
        lines += [
            "# If it is not installed, install it first (from a clone of the source, or from the",
            "# wheel offered on the site's Getting started page), then run this cell again.",
            "import importlib.util",
            "",
            f'if importlib.util.find_spec("{PACKAGE}") is None:',
            "    raise ModuleNotFoundError(",
            f'        "{PACKAGE} is not installed: see the Getting started page of the tutorial."',
            "    )",
        ]
    return "\n".join(lines)


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


# -- The package's wheel, and MathJax --------------------------------------------------------


def build_distributions(app: Sphinx) -> None:
    """Build the package's wheel and sdist from this checkout into the site's ``dist`` folder.

    The notebooks' first cell and the getting started page point readers at them.
    """
    if app.builder.format != "html":
        return
    root = Path(app.confdir).parent
    folder = Path(app.outdir) / DIST_FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    command = [sys.executable, "-m", "build", "--outdir", str(folder), str(root)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"python -m build failed:\n{result.stdout}\n{result.stderr}")
    expected = {wheel_name(app.config.release), sdist_name(app.config.release)}
    built = {path.name for path in folder.iterdir()}
    if built != expected:
        raise RuntimeError(f"python -m build wrote {sorted(built)}, expected {sorted(expected)}")


def dist_file_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{dist-file}`wheel``` (or ``sdist``): a link to that file of the package in the site."""
    env = inliner.document.settings.env
    names = {"wheel": wheel_name(env.config.release), "sdist": sdist_name(env.config.release)}
    if text not in names:
        message = inliner.reporter.error(f"dist-file expects 'wheel' or 'sdist', got {text!r}")
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    up = "../" * env.docname.count("/")
    uri = f"{up}{DIST_FOLDER}/{names[text]}"
    return [nodes.reference(rawtext, "", nodes.literal("", names[text]), refuri=uri)], []


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


def reset_seeds(gallery_conf: dict, file_name: str) -> None:
    """Seed Python, NumPy and (when already imported) TensorFlow before each gallery example.

    Examples seed their own generators; this makes any global randomness they
    touch start from the same state whatever ran before them.
    """
    random.seed(0)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(0)
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(0)


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
    """Register the directives, the role and the build steps."""
    app.add_config_value("api_modules", [], "env", types=[list])
    app.add_directive("module-summary", ModuleSummary)
    app.add_directive("tutorial-outline", TutorialOutline)
    app.connect("builder-inited", write_stub_pages)
    app.connect("autodoc-process-docstring", document_from_comments)
    app.connect("env-get-outdated", reread_summaries)
    app.connect("env-purge-doc", forget_summary)
    app.connect("env-merge-info", merge_summaries)
    app.connect("doctree-read", add_reading_time)
    app.connect("env-updated", resolve_notebook_links)
    app.connect("builder-inited", build_distributions)
    app.connect("build-finished", copy_mathjax)
    app.connect("build-finished", remove_source_maps)
    app.add_role("dist-file", dist_file_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
