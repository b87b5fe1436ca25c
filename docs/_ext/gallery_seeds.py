"""The gallery's random state: every example starts from the same seeds, whatever ran before.

sphinx-gallery calls :func:`reset_seeds` before each example when conf.py names
it in ``sphinx_gallery_conf["reset_modules"]``; the extension checks that it does.
"""

from __future__ import annotations

import random
import sys

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

#: How conf.py names the reset in ``sphinx_gallery_conf["reset_modules"]``.
RESET = f"{__name__}.reset_seeds"


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


def check_reset_is_listed(app: Sphinx, config: Config) -> None:
    """Fail the build if sphinx-gallery would not call :func:`reset_seeds`."""
    listed = config.sphinx_gallery_conf.get("reset_modules", ())
    if RESET not in listed:
        raise ConfigError(
            f"sphinx_gallery_conf['reset_modules'] is {listed!r}; add {RESET!r} to it in "
            "conf.py, or every example's global random state depends on the ones before it."
        )


def setup(app: Sphinx) -> dict:
    """Check, once conf.py is read, that the gallery resets the seeds."""
    app.connect("config-inited", check_reset_is_listed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
