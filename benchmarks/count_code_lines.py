"""Count the library's code lines: mnist_tutorial/*.py without docstrings, comments, blanks.

Run by hand: ``python benchmarks/count_code_lines.py [COMMIT]``; with a commit, the files
are read from that commit (``git show``), so two counts can be compared without a checkout.
"""

import ast
import io
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def code_lines(source: str) -> int:
    """The number of lines that hold a token of code, not counting docstrings and comments."""
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                docstrings.update(range(value.lineno, value.end_lineno + 1))
    skipped = {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENCODING,
        tokenize.ENDMARKER,
    }
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skipped:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - docstrings)


def sources(commit: str | None) -> dict[str, str]:
    """The text of each ``mnist_tutorial/*.py``, in the work tree or at ``commit``."""
    if commit is None:
        return {path.name: path.read_text() for path in sorted(ROOT.glob("mnist_tutorial/*.py"))}
    names = subprocess.run(
        ["git", "-C", str(ROOT), "ls-tree", "--name-only", commit, "mnist_tutorial/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        Path(name).name: subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{commit}:{name}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for name in names
        if name.endswith(".py")
    }


def main() -> None:
    """Print the code lines of each module and their total."""
    counts = {
        name: code_lines(text)
        for name, text in sources(sys.argv[1] if len(sys.argv) > 1 else None).items()
    }
    for name, count in counts.items():
        print(f"{name:20s} {count:5d}")
    print(f"{'total':20s} {sum(counts.values()):5d}")


if __name__ == "__main__":
    main()
