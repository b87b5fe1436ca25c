"""Sphinx helpers for the "train it here" panel: ship a subset of MNIST, place the panel.

The panel (``docs/_static/train_panel.js``) trains the lesson's model in the
reader's browser, on real MNIST. Its data is a fixed subset of what
``mt.load_mnist()`` verified (default ``validation_size``), the first
``TRAIN_IMAGES`` images of ``mnist.train`` and the first ``TEST_IMAGES`` of
``mnist.test`` (``subset`` below). At the end of the build this extension writes
each split as one gzip file into ``_static/train_panel/``: the digits (one byte
each), then the 8-bit pixels (784 bytes per image, row-major). The browser
fetches them only when the reader first presses Train, and unpacks them with
``DecompressionStream``.

The directive ``.. train-panel::`` (usable in a gallery script's reST text) puts
the panel's HTML on a page; only pages that hold it load the panel's script and
style sheet. The panel draws the weights with the colours of
``mt.plot_weights``: the build writes matplotlib's colour map into the HTML.
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

import matplotlib
import numpy as np
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx

import mnist_tutorial as mt

#: How many images of ``mt.load_mnist().train`` and ``.test`` the panel ships (the first ones):
#: about 1.5 MB gzipped, what the site's 14 MB budget leaves (tests/test_site.py).
TRAIN_IMAGES = 8_000
TEST_IMAGES = 1_000
#: Where the data goes in the built site, and the name of each split's file there.
DATA_FOLDER = "_static/train_panel"
FILES = {"train": "train.gz", "test": "test.gz"}
#: The class of the panel's outer element, by which pages that hold one are found.
MARKER = 'class="train-panel"'
#: The panel's settings, in the order shown: (name in the URL, label, default, input attributes).
SETTINGS = (
    ("learning_rate", "Learning rate", "0.5", 'type="number" min="0" step="any"'),
    ("batch_size", "Batch size", "100", f'type="number" min="1" max="{TRAIN_IMAGES}" step="1"'),
    ("steps", "Steps", "1000", 'type="number" min="1" max="20000" step="1"'),
    ("seed", "Seed", "0", 'type="number" min="0" max="4294967295" step="1"'),
)
CHOICES = (
    ("loss", "Loss", (("cross_entropy", "cross-entropy"), ("mse", "squared error"))),
    ("start", "Start", (("zeros", "all zero"), ("random", "small random"))),
)


def subset(mnist: mt.MNIST | None = None) -> dict[str, np.ndarray]:
    """Return the panel's data: 8-bit pixels and digits of the first images of train and test."""
    mnist = mnist if mnist is not None else mt.load_mnist()
    return {
        "train_pixels": mnist.train.pixels[:TRAIN_IMAGES],
        "train_digits": mnist.train.digits[:TRAIN_IMAGES].astype(np.uint8),
        "test_pixels": mnist.test.pixels[:TEST_IMAGES],
        "test_digits": mnist.test.digits[:TEST_IMAGES].astype(np.uint8),
    }


def packed(pixels: np.ndarray, digits: np.ndarray) -> bytes:
    """One split as the panel reads it: gzip of the digits followed by the pixels."""
    payload = np.ascontiguousarray(digits).tobytes() + np.ascontiguousarray(pixels).tobytes()
    return gzip.compress(payload, compresslevel=9, mtime=0)  # mtime 0: the same bytes each build


def colormap_hex(name: str = mt.plotting.WEIGHTS_COLORMAP, size: int = 256) -> str:
    """The colour map as ``size`` RGB colours, 6 hex digits each, as imshow draws them."""
    colours = matplotlib.colormaps[name].resampled(size)(np.arange(size), bytes=True)[:, :3]
    return colours.tobytes().hex()


def _number_input(name: str, label: str, default: str, attributes: str) -> str:
    return (
        f'<label class="train-panel-setting">{label}'
        f'<input name="{name}" value="{default}" {attributes} required></label>'
    )


def _choice(name: str, label: str, options) -> str:
    entries = "".join(f'<option value="{value}">{text}</option>' for value, text in options)
    return (
        f'<label class="train-panel-setting">{label}'
        f'<select name="{name}">{entries}</select></label>'
    )


def panel_html() -> str:
    """The panel's HTML: settings, Train button, loss curve, weight pictures and results.

    The subset's description appears while it loads and with the results; the
    pictures' titles and colour bar are drawn in the canvas, as ``mt.plot_weights``
    draws them in its figure.
    """
    settings = "".join(_number_input(*setting) for setting in SETTINGS)
    settings += "".join(_choice(*choice) for choice in CHOICES)
    return f"""
<div {MARKER} id="train-it-here" data-colormap="{colormap_hex()}"
     data-train-images="{TRAIN_IMAGES:,}" data-test-images="{TEST_IMAGES:,}">
  <form class="train-panel-form" aria-label="Training settings">
    {settings}
    <button type="submit" class="train-panel-button">Train</button>
  </form>
  <p class="train-panel-note">Loads {_megabytes()} MB of MNIST at the first Train.</p>
  <p class="train-panel-progress" aria-hidden="true"></p>
  <div class="train-panel-plots">
    <canvas class="train-panel-loss" role="img" aria-label="loss curve: not trained yet"></canvas>
    <canvas class="train-panel-weights" role="img"
     aria-label="weights of each digit: not trained yet"></canvas>
  </div>
  <p class="train-panel-result" role="status" aria-live="polite"></p>
  <div class="train-panel-errors"></div>
</div>
"""


@functools.cache
def _megabytes() -> str:
    """The size of the shipped data, in MB, rounded to one decimal, computed once per build."""
    data = subset()
    size = sum(len(packed(data[f"{split}_pixels"], data[f"{split}_digits"])) for split in FILES)
    return f"{size / 1e6:.1f}"


class TrainPanel(Directive):
    """``.. train-panel::`` places the panel, with no arguments or content."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [nodes.raw("", panel_html(), format="html")]


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load the panel's script and style on the pages that hold a panel."""
    if MARKER in context.get("body", ""):
        app.add_js_file("train_panel.js", loading_method="defer")
        app.add_css_file("train_panel.css")


def ship_data(app: Sphinx, exception: Exception | None) -> None:
    """Write the subset's two gzip files into the built site."""
    if exception is not None or app.builder.format != "html":
        return
    data = subset()
    folder = Path(app.outdir) / DATA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for split, name in FILES.items():
        (folder / name).write_bytes(packed(data[f"{split}_pixels"], data[f"{split}_digits"]))


def setup(app: Sphinx) -> dict:
    app.add_directive("train-panel", TrainPanel)
    app.connect("html-page-context", add_page_assets)
    app.connect("build-finished", ship_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
