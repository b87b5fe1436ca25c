"""The package's wheel and sdist, built into the site, and what points readers at them.

At the start of an HTML build the extension builds both from this checkout
into the site's ``dist`` folder; the role ``{dist-file}`wheel``` (or ``sdist``)
links to them, and :func:`install_cell` (sphinx-gallery's first notebook cell,
set in conf.py) installs the wheel from the site when the package is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

#: The package the site offers.
PACKAGE = "mnist_tutorial"
#: Where the docs build puts the package's wheel and sdist, inside the built site.
DIST_FOLDER = "dist"


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


def setup(app: Sphinx) -> dict:
    """Build the wheel and sdist at the start of the build; register the dist-file role."""
    app.connect("builder-inited", build_distributions)
    app.add_role("dist-file", dist_file_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
