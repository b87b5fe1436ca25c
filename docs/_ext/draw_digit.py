"""Sphinx helpers for the page "Draw a digit": export its model, ship it, load its script.

The page's build-only code hands the model it trained to :func:`write_model`,
which writes it, with ten test images and MNIST's average centre of mass, to
``draw_digit_model.json`` in the folder named by ``$MNIST_TUTORIAL_EXPORT_DIR``;
this extension sets that to the page's folder among the generated gallery
sources (the going-further page "Inside the drawing area" shows the same export
as reader's code, and checks at build that it matches). When the build has
finished, the extension writes that JSON next to the built page as
``draw_digit_model.js`` (one ``window.mnistTutorialModel = ...;`` statement, so
the page also works opened from disk, where browsers refuse to fetch files), and
it adds ``draw_digit.js`` and ``draw_digit.css`` to every page that holds a
drawing area. It also drops the style sheet that matplotlib's JavaScript
animations (page 04's templates forming) link from a CDN for their button
icons: the theme's own Font Awesome already draws them, and the site loads
nothing from another host.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The page with the drawing area, relative to the source folder, without suffix.
PAGE = "auto_examples/lesson_one/plot_05_draw_a_digit"
#: The gallery script that produces it, relative to the repository's gallery folder.
SCRIPT = "lesson_one/plot_05_draw_a_digit.py"
#: What the script writes, and what the built page loads.
EXPORTED = "draw_digit_model.json"
SHIPPED = "draw_digit_model.js"
#: The class of the drawing area's outer element in the page's HTML.
MARKER = 'class="mnist-draw"'
#: The link of matplotlib's ``to_jshtml`` output to Font Awesome on a CDN.
ANIMATION_ICONS_LINK = re.compile(
    r'<link rel="stylesheet"\s+href="https://[^"]*font-awesome[^"]*">'
)


def export_folder(app: Sphinx) -> Path:
    """The folder, among the generated gallery sources, where the page writes its model."""
    return Path(app.srcdir) / Path(PAGE).parent


def centre_of_mass(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ink-weighted mean (row, column) of each 28 x 28 image, in pixel indices."""
    pictures = images.reshape(-1, 28, 28)
    ink = pictures.sum(axis=(1, 2))
    rows = (pictures.sum(axis=2) * np.arange(28)).sum(axis=1) / ink
    columns = (pictures.sum(axis=1) * np.arange(28)).sum(axis=1) / ink
    return rows, columns


def exact(values) -> list[float]:
    """Plain numbers, each the shortest decimal that gives back its float32 exactly.

    >>> exact(np.float32([0.1, 1 / 3]))
    [0.1, 0.33333334]
    """
    return [float(str(value)) for value in values]


def model_export(model, mnist) -> dict:
    """What the drawing area loads: the model's weights and bias, exactly, the first
    test image of each digit, and the training images' average centre of mass."""
    rows, columns = centre_of_mass(mnist.train.images)
    examples = [int(np.flatnonzero(mnist.test.digits == digit)[0]) for digit in range(10)]
    return {
        "weights": [exact(row) for row in model.weights],  # 784 rows of 10
        "bias": exact(model.bias),
        "centre_of_mass": [round(rows.mean(), 2), round(columns.mean(), 2)],
        "examples": [
            {
                "index": index,
                "digit": int(mnist.test.digits[index]),
                "pixels": mnist.test.pixels[index].tolist(),
            }
            for index in examples
        ],
    }


def write_model(model, mnist) -> dict:
    """Write the page's model where :func:`ship_model` finds it; return the file read back.

    Called by the page's build-only code; the folder is ``$MNIST_TUTORIAL_EXPORT_DIR``
    (set by :func:`name_export_folder`), or the current folder outside a build.
    """
    folder = Path(os.environ.get("MNIST_TUTORIAL_EXPORT_DIR", "."))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / EXPORTED
    path.write_text(json.dumps(model_export(model, mnist)), encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8"))


def name_export_folder(app: Sphinx, config) -> None:
    """Tell :func:`write_model` (run by the page's code, in this process) where to write."""
    os.environ["MNIST_TUTORIAL_EXPORT_DIR"] = str(export_folder(app))


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load the drawing area's script and style on the pages that hold one."""
    if MARKER in context.get("body", ""):
        app.add_js_file("draw_digit.js", loading_method="defer")
        app.add_css_file("draw_digit.css")


#: matplotlib's jshtml frame image and frame slider, which it writes without a text
#: alternative or a label (axe-core counts both as critical).
ANIMATION_IMAGE = re.compile(r'<img id="(_anim_img\w+)">')
ANIMATION_SLIDER = re.compile(r'(<input\s+id="_anim_slider\w+")')


def drop_animation_icons_link(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Remove the CDN link of an embedded matplotlib animation, and name its image and slider.

    The frame's alternative text says what it shows; the step and the accuracy
    are in each frame's title.
    """
    if "body" not in context:
        return
    body = ANIMATION_ICONS_LINK.sub("", context["body"])
    body = ANIMATION_IMAGE.sub(
        r'<img id="\1" alt="The ten weight pictures at one step of training">', body
    )
    context["body"] = ANIMATION_SLIDER.sub(r'\1 aria-label="Frame of the animation"', body)


def _script_was_run(app: Sphinx) -> bool:
    """Whether sphinx-gallery's filename_pattern selects the page's script to be run."""
    conf = app.config.sphinx_gallery_conf
    script = Path(conf["examples_dirs"]) / SCRIPT
    return re.search(conf["filename_pattern"], str(script)) is not None


def ship_model(app: Sphinx, exception: Exception | None) -> None:
    """Write the exported model next to the built page, as a script the page loads."""
    if exception is not None or app.builder.format != "html":
        return
    exported = export_folder(app) / EXPORTED
    if not exported.is_file():
        if _script_was_run(app):
            logger.warning(
                f"draw_digit: {exported} is missing although {SCRIPT} was run; the page's "
                "drawing area will have no model. Does the page still call draw_digit.write_model?"
            )
        return
    target = Path(app.outdir) / Path(PAGE).parent / SHIPPED
    target.parent.mkdir(parents=True, exist_ok=True)
    text = exported.read_text(encoding="utf-8")
    target.write_text(f"window.mnistTutorialModel = {text};\n", encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", name_export_folder)
    app.connect("html-page-context", add_page_assets)
    app.connect("html-page-context", drop_animation_icons_link)
    app.connect("build-finished", ship_model)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
