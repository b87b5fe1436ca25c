"""The anchors on lines of the [source] pages (docs/_ext/source_anchors.py).

The first tests run the extension's line finder on small pages. The last reads
the built site, ``docs/_build/html``: outside CI it skips when the site is not
built, with ``$CI`` set it fails.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from source_anchors import anchored  # noqa: E402

#: Lines a 1280 x 800 screen shows of a source page below its header, counted on the
#: built page (line height 17.5 px, header 80 px).
FIRST_SCREEN_LINES = 40

PAGE = """<h1>Source code</h1><div class="highlight"><pre>
<div class="viewcode-block" id="first">
<a class="viewcode-back" href="#">[docs]</a>
<span class="k">def</span> <span class="nf">first</span>():
    <span class="k">return</span> <span class="mi">1</span></div>
<div class="viewcode-block" id="second">
<a class="viewcode-back" href="#">[docs]</a>
<span class="k">def</span> <span class="nf">second</span>():
    <span class="n">total</span> <span class="o">=</span> <span class="mi">2</span>
    <span class="k">return</span> <span class="n">total</span></div>
</pre></div>"""


def test_the_anchor_opens_the_line_that_starts_so_in_the_function():
    """The span with the anchor's id goes at the start of the function's matching line."""
    page = anchored(PAGE, "the-sum", "second", "total =")
    line = next(line for line in page.splitlines() if 'id="the-sum"' in line)
    assert line.startswith('<span id="the-sum"></span>    <span class="n">total</span>')
    assert page.replace('<span id="the-sum"></span>', "") == PAGE


def test_a_line_of_another_function_is_not_taken():
    """A line that starts so only in another function's block fails the build."""
    with pytest.raises(ExtensionError, match="no line starting 'return 1' in the code of second"):
        anchored(PAGE, "one", "second", "return 1")


def test_a_function_without_a_block_fails_the_build():
    """An anchor in a function the page does not show fails the build."""
    with pytest.raises(ExtensionError, match="source_anchors"):
        anchored(PAGE, "gone", "third", "return")


def test_the_step_inside_train_is_on_the_first_screen_of_the_link_from_page_03(built_page):
    """Page 03 links to train-step; the tape, loss, gradient and both updates follow it."""
    source = built_page("_modules/mnist_tutorial/model.html")
    lesson = built_page("auto_examples/lesson_one/plot_03_training.html")
    assert 'href="../../_modules/mnist_tutorial/model.html#train-step"' in lesson
    after = source[source.index('<span id="train-step"></span>') :].splitlines()
    screen = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", line)) for line in after)
    screen = "\n".join(screen.splitlines()[:FIRST_SCREEN_LINES])
    for code in (
        "with tf.GradientTape() as tape:",
        "batch_loss = loss_function(",
        "tape.gradient(batch_loss, [model.W, model.b])",
        "model.W.assign_sub(learning_rate * gradient_W)",
        "model.b.assign_sub(learning_rate * gradient_b)",
    ):
        assert code in screen, code
