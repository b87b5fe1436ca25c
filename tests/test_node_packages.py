"""The docs build's Node.js packages (docs/_ext/node_packages.py): installed once, at the pins."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

import node_packages  # noqa: E402


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of docs/_node's package.json and lock file, which node_packages then uses."""
    for name in ("package.json", "package-lock.json"):
        (tmp_path / name).write_text((node_packages.PROJECT / name).read_text())
    monkeypatch.setattr(node_packages, "PROJECT", tmp_path)
    monkeypatch.setattr(node_packages, "MODULES", tmp_path / "node_modules")
    return tmp_path


def install_as_pinned(project: Path) -> None:
    """Write each pinned package's package.json into node_modules, as npm ci leaves it."""
    for name, version in node_packages.pinned_versions().items():
        (project / "node_modules" / name).mkdir(parents=True)
        (project / "node_modules" / name / "package.json").write_text(
            json.dumps({"version": version})
        )


def test_the_lock_file_pins_katex_and_purgecss():
    """The build runs both packages; their versions come from the lock file."""
    assert set(node_packages.pinned_versions()) == {"katex", "purgecss"}


def test_pinned_packages_are_not_installed_again(project, monkeypatch):
    """With every pinned version in node_modules, the build's first step runs no npm."""
    install_as_pinned(project)
    monkeypatch.setattr(node_packages.nodejs, "npm", lambda *a, **k: pytest.fail("npm ran"))
    node_packages.install_packages()


def test_another_version_is_installed_again(project, monkeypatch):
    """A package at a version the lock file does not pin sends the build to npm ci."""
    install_as_pinned(project)
    (project / "node_modules" / "katex" / "package.json").write_text('{"version": "0.1.0"}')
    calls = []
    monkeypatch.setattr(node_packages.nodejs, "npm", lambda args, **k: calls.append(args) or k)
    with pytest.raises(AttributeError):  # the fake npm returns no completed process
        node_packages.install_packages()
    assert calls and calls[0][:3] == ["ci", "--prefix", str(project)]


def test_an_unreachable_registry_fails_the_build_naming_the_fix(project, monkeypatch):
    """npm's failure stops the build with its exit status and the registry it needs."""
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    monkeypatch.setenv("npm_config_cache", str(project / "npm-cache"))
    with pytest.raises(ExtensionError, match=r"npm could not install .* \(exit status \d+\).*"):
        node_packages.install_packages()
