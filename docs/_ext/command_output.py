"""The ``command-output`` directive: run a command of the package at build, show what it prints.

A page that shows a command's output shows the output of this build, never one typed in::

    ```{command-output} python -m mnist_tutorial --steps 0
    :returncode: 2
    :stream: stderr
    ```

The command runs from the checkout being built, in a fresh process, as a reader's shell would
run it (``python`` is the Python running the build). The block shows ``$ COMMAND`` and what
the command printed on the chosen stream: standard output by default, where the package
prints its results (TensorFlow writes its own log lines to standard error). The build fails,
naming the page and the command, if the command exits with another status than
``:returncode:`` (0 unless given), so the page cannot show a failure as a success.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

#: The checkout being built: commands import its package, as conf.py does.
ROOT = Path(__file__).resolve().parents[2]
#: How long one command may take, in seconds, before the build gives up on it.
TIMEOUT = 600


def run(command: str) -> subprocess.CompletedProcess:
    """Run ``command`` (which starts with ``python``) from the checkout; capture its output."""
    words = shlex.split(command)
    if words[:1] != ["python"]:
        raise ExtensionError(f"command-output runs python commands only; got {command!r}")
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, *words[1:]],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


class CommandOutput(SphinxDirective):
    """A console block: ``$ COMMAND`` and what the command printed at this build."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {
        "returncode": directives.nonnegative_int,
        "stream": lambda text: directives.choice(text, ("stdout", "stderr")),
    }

    def run(self) -> list[nodes.Node]:
        command = self.arguments[0]
        result = run(command)
        expected = self.options.get("returncode", 0)
        if result.returncode != expected:
            raise ExtensionError(
                f"{self.env.docname}: {command!r} exited with status {result.returncode}, "
                f"not {expected}; it printed:\n{result.stdout}{result.stderr}"
            )
        printed = getattr(result, self.options.get("stream", "stdout")).rstrip()
        text = f"$ {command}\n{printed}"
        block = nodes.literal_block(text, text, language="console")
        self.set_source_info(block)
        return [block]


def setup(app):
    """Register the directive."""
    app.add_directive("command-output", CommandOutput)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
