"""Run the examples of the site's Markdown pages as tests, with Sybil.

Every ``python`` block with ``>>>`` prompts in ``docs/*.md`` is a doctest; a
``python`` block without prompts is run as code. The blocks of one page share
a namespace, top to bottom, like a reader's session.
"""

import os
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path

import matplotlib
import pytest
from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser

matplotlib.use("agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

SHARED_MNIST = Path(__file__).resolve().parents[2] / "shared" / "mnist"
if "MNIST_TUTORIAL_DATA" not in os.environ and SHARED_MNIST.is_dir():
    os.environ["MNIST_TUTORIAL_DATA"] = str(SHARED_MNIST)

# Not tests: the Sphinx configuration and helpers, and what a build writes here
# (the gallery's copies of the example scripts, the built site).
collect_ignore = ["conf.py", "_ext", "_build", "auto_examples", "gen_modules", "api"]


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a page's examples opened."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        SkipParser(),
    ],
    patterns=["*.md"],
    excludes=["_build/*", "auto_examples/*"],
    fixtures=["_close_figures"],
).pytest()
