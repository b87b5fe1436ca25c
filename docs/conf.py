"""Sphinx configuration of the mnist_tutorial site (builds offline, warnings are errors)."""

import os
import sys
from pathlib import Path

# Quiet TensorFlow's C++ logging before anything imports it: the gallery runs in
# this process, and its log lines would otherwise land on the pages.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# Document the checkout being built, and find the site's own helpers.
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "_ext"))

import gallery_seeds  # noqa: E402
import notebook_links  # noqa: E402
import package_downloads  # noqa: E402

import mnist_tutorial  # noqa: E402

# Find MNIST (downloading it where $MNIST_TUTORIAL_DATA is unset, as on Read the Docs)
# and warm the cache of decoded arrays before the gallery runs, so that no example's
# output shows a download's progress bar.
mnist_tutorial.load_mnist()

# -- Project -----------------------------------------------------------------------

project = "mnist_tutorial"
author = "The mnist_tutorial developers"
copyright = "The mnist_tutorial developers"
release = version = mnist_tutorial.__version__
# The site's public address where the build knows it (Read the Docs sets it): pages name
# it as their canonical address, and the notebooks link to the site and install its wheel.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# -- Extensions ----------------------------------------------------------------------

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    # [source] links on the API pages: the lesson's pages send readers to train's own code.
    "sphinx.ext.viewcode",
    "sphinx_copybutton",
    "sphinx_gallery.gen_gallery",
    # The command-line page's options, read from the parser itself, as --help prints them.
    "sphinx_argparse_cli",
    # The site's own extensions, in docs/_ext, one for each job:
    "api_pages",  # one API page per public name the package's __init__.pyi lists
    "source_anchors",  # anchors on lines of the [source] pages, for links to a line
    "page_times",  # each gallery page's reading time, counted on the page as built
    "tutorial_outline",  # the landing page's lists of pages, with their times and a time plan
    "notebook_links",  # the notebooks' links to the site, resolved once every page is read
    "package_downloads",  # the package's wheel and sdist, built into the site
    "static_files",  # no source maps
    # Formulas rendered at build by KaTeX on Node.js: HTML to see, MathML for screen
    # readers, and no script on the page (docs/_node pins KaTeX's version).
    "katex_math",
    "gallery_seeds",  # every example starts from the same seeds
    # The page "Draw a digit": ships the model its code exports, loads draw_digit.js/.css.
    "draw_digit",
    # The "train it here" panel (``.. train-panel::``): ships a subset of MNIST, loads
    # train_panel.js/.css on the pages that hold one.
    "train_panel",
    # The gallery's claim checks and computed answers: run at build, kept out of downloads.
    "build_checks",
    # The command-line page's examples (``command-output``), run at build as a reader would.
    "command_output",
    "meta_descriptions",  # each page's <meta name="description">, from its first paragraph
    "light_images",  # figures as lossless WebP, sized, lazy; animation frames as files
    "page_assets",  # scripts deferred, and no style sheet or script a page does not use
    "icon_font",  # the theme's icon fonts cut down to the icons the site shows
    "unused_css",  # the theme's style sheet without the rules no page can use
]

# Lines of the [source] pages that pages link to, as :ref:`label` (source_anchors.py):
# label -> (module, function, how the line starts, the link's text). train-step opens
# train's body, so that its first screen holds the whole body, the step included.
source_anchors = {
    "train-step": ("mnist_tutorial.model", "train", "_check_training", "the step inside mt.train"),
}

# Copy buttons copy code without the prompts (>>> and ... of doctests, $ of shell
# sessions) and, in blocks with prompts, without the output lines.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_node"]
# No intersphinx (the build has no network), so references to NumPy, TensorFlow or
# Matplotlib objects cannot resolve: not nitpicky. Links within the site still work.
nitpicky = False

# -- MyST ------------------------------------------------------------------------------

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# -- API reference -------------------------------------------------------------------

# The modules whose public names the API reference lists (docs/api.rst has one table each).
# api_pages writes one page per public name into api/generated; autosummary only
# draws the tables.
api_modules = [
    "mnist_tutorial.data",
    "mnist_tutorial.losses",
    "mnist_tutorial.model",
    "mnist_tutorial.analysis",
    "mnist_tutorial.plotting",
    "mnist_tutorial.experiments",
    "mnist_tutorial.deep",
    "mnist_tutorial.distributed",
    "mnist_tutorial.tf1_blog",
]
autosummary_generate = False
autodoc_typehints = "none"  # numpydoc already states the types in prose
autodoc_member_order = "bysource"
autodoc_default_options = {"inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- Gallery ---------------------------------------------------------------------------

# Examples whose path matches filename_pattern are run; the others are shown without
# output. MNIST_TUTORIAL_GALLERY_PATTERN narrows it for quick edits of one page (for
# instance "plot_01"); every real build leaves it unset and runs all the examples.
_run_pattern = os.environ.get("MNIST_TUTORIAL_GALLERY_PATTERN", "/plot_")
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "gallery"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": _run_pattern,
    "ignore_pattern": r"__init__\.py",
    # Lesson one before Going further (sphinx-gallery would sort the folders by name).
    "subsection_order": ["../gallery/lesson_one", "../gallery/going_further"],
    "within_subsection_order": "FileNameSortKey",
    # The "Examples using" lists of the API pages in the same order: lesson one first.
    "minigallery_sort_order": "api_docstrings.reading_order",
    "doc_module": ("mnist_tutorial",),
    "backreferences_dir": "gen_modules/backreferences",
    # Each page offers its own .py and .ipynb; the zips of all of them would add 0.4 MB
    # to a site that must stay under 14 MB (tests/test_site.py).
    "download_all_examples": False,
    "capture_repr": ("_repr_html_", "__repr__"),
    "matplotlib_animations": (True, "jshtml"),
    # Figures as lossless WebP, half the bytes of PNG (docs/_ext/light_images.py).
    "image_scrapers": ("light_images.webp_scraper",),
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 0,
    # The computation-times page pulls jQuery from a CDN; each page shows its own time.
    "write_computation_times": False,
    "reset_modules": ("matplotlib", gallery_seeds.RESET),
    # Notebook text converted by pandoc, with a filter for Sphinx's roles and directives.
    "pypandoc": notebook_links.pypandoc_options(),
    # Each notebook first installs the package where it is missing.
    "first_notebook_cell": package_downloads.install_cell(html_baseurl, release),
}

# -- HTML ------------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = "mnist_tutorial"
html_favicon = "_static/favicon.svg"
html_logo = "_static/favicon.svg"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["custom.css"]
# No copies of the pages' sources: the gallery's own .py and .ipynb downloads are the
# sources a reader wants, and the copies (1.5 MB, most of it the animation's frames
# twice) would push the site past its 14 MB budget.
html_copy_source = False
html_show_sourcelink = False
# Without a default, the theme's first visit logs "Got invalid theme mode" to the console.
html_context = {"default_mode": "auto"}
# Gallery pages get the full width for their code and output; the top bar and the
# previous/next links lead between them.
# The API pages drop the list of every API page from their sidebar too (the API
# reference page lists them all): 1.2 MB of a site whose budget is 14 MB.
html_sidebars = {
    "auto_examples/**": [],
    "tf1_to_tf2": [],
    "api/generated/*": [],
    # The command line and changelog pages have no sub-pages to list.
    "cli": [],
    "changelog": [],
}
html_theme_options = {
    "logo": {"text": "mnist_tutorial"},
    "navbar_align": "left",
    # The version beside the name on every page, linked to the changelog.
    "navbar_start": ["navbar-logo", "navbar-version"],
    # The search icon rather than the theme's search field: its visible text ("Search
    # Ctrl+K") differs from its accessible name ("Search"), which axe reports, and
    # the field is what pushes the header onto two rows at 1280 px.
    "navbar_persistent": ["search-button"],
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc"],
    # The licence on every page, linked to its text.
    "footer_start": ["copyright", "licence"],
    "footer_end": ["sphinx-version", "theme-version"],
}
