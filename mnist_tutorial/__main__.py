"""Run the blog's experiment from the command line: ``python -m mnist_tutorial``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

import mnist_tutorial as mt
from mnist_tutorial import deep
from mnist_tutorial.model import _check_training_settings

#: What each command does, shown by ``--help``; without a command, ``blog`` runs.
COMMANDS = {
    "blog": "the blog's experiment: softmax regression, 1000 steps, test accuracy",
    "deep": "the Deep MNIST convolutional network, fully trained, with its test accuracy",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name; ``sys.argv[1:]`` if omitted.

    Returns
    -------
    status : int
        0 on success.

    Raises
    ------
    SystemExit
        With status 2 and a message on standard error, if an option is unknown
        or out of range (``--steps 0``) or the data cannot be found.

    Examples
    --------
    >>> from mnist_tutorial.__main__ import main
    >>> main(["--steps", "5", "--seed", "3"])  # doctest: +ELLIPSIS
    MNIST splits ...
    Test accuracy: ...% (seed 3)
    ...
    0
    """
    parser = _parser()
    arguments = parser.parse_args(argv)
    run = {"blog": run_blog_experiment, "deep": deep.run}[arguments.command or "blog"]
    try:
        return run(arguments)
    except ValueError as error:  # a bad option value or missing data: say so, as argparse would
        parser.error(str(error))


def _parser() -> argparse.ArgumentParser:
    """The command-line parser: the blog's options, and one sub-command per entry of COMMANDS."""
    parser = argparse.ArgumentParser(
        prog="python -m mnist_tutorial",
        description="Rebuild TensorFlow 1's beginner MNIST tutorial in TensorFlow 2. "
        "Without a command, run the blog's experiment.",
    )
    _add_blog_options(parser, defaults=True)
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    blog = commands.add_parser("blog", help=COMMANDS["blog"], description=COMMANDS["blog"])
    _add_blog_options(blog, defaults=False)
    deep.add_arguments(
        commands.add_parser("deep", help=COMMANDS["deep"], description=COMMANDS["deep"])
    )
    return parser


def _add_blog_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """Add the blog experiment's options; a sub-command's copy keeps the top level's values."""

    def default(value):
        return value if defaults else argparse.SUPPRESS

    parser.add_argument(
        "--seed", type=int, default=default(0), help="seed of the batch shuffling (default: 0)"
    )
    parser.add_argument(
        "--steps", type=int, default=default(1000), help="gradient-descent steps (default: 1000)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=default(100), help="images per step (default: 100)"
    )
    parser.add_argument(
        "--learning-rate", type=float, default=default(0.5), help="step size (default: 0.5)"
    )
    parser.add_argument(
        "--data-dir",
        default=default(None),
        help="folder holding the four MNIST .gz files (default: $MNIST_TUTORIAL_DATA or download)",
    )


def run_blog_experiment(arguments: argparse.Namespace) -> int:
    """Load MNIST, describe it, train the blog's model, and report its test results."""
    mnist = mt.load_mnist(arguments.data_dir, seed=arguments.seed)
    _check_training_settings(  # before anything is printed
        arguments.steps,
        arguments.batch_size,
        arguments.learning_rate,
        "cross_entropy",
        mnist.train.num_examples,
    )
    print(describe_splits(mnist))
    print()
    model = mt.LinearSoftmax()
    print(
        f"Training softmax regression: {arguments.steps} steps of {arguments.batch_size} images, "
        f"learning rate {arguments.learning_rate}, seed {arguments.seed}."
    )
    mt.train(
        model,
        mnist.train,
        steps=arguments.steps,
        batch_size=arguments.batch_size,
        learning_rate=arguments.learning_rate,
    )
    print(f"Test accuracy: {mt.accuracy(model, mnist.test):.2%} (seed {arguments.seed})")
    print()
    print(describe_errors(model.predict(mnist.test.images), mnist.test.digits))
    return 0


def describe_splits(mnist: mt.MNIST) -> str:
    """A table of the shapes of the three splits and of their examples per digit."""
    lines = ["MNIST splits (images, labels) and examples per digit:"]
    header = f"  {'split':<11}{'images':>14}{'labels':>12}  " + "".join(
        f"{d:>6}" for d in range(10)
    )
    lines.append(header)
    for name, split in zip(mnist._fields, mnist, strict=True):
        counts = np.bincount(split.digits, minlength=10)
        lines.append(
            f"  {name:<11}{str(split.images.shape):>14}{str(split.labels.shape):>12}  "
            + "".join(f"{count:>6}" for count in counts)
        )
    return "\n".join(lines)


def describe_errors(predicted: np.ndarray, digits: np.ndarray) -> str:
    """A table of the test errors per true digit: how many, out of how many, what fraction."""
    errors = np.bincount(digits[predicted != digits], minlength=10)
    totals = np.bincount(digits, minlength=10)
    lines = ["Errors per digit on the test set (test images of the digit called something else):"]
    lines.append(f"  {'digit':<7}{'errors':>7}{'of':>7}{'rate':>8}")
    for digit in range(10):
        rate = errors[digit] / totals[digit]
        lines.append(f"  {digit:<7}{errors[digit]:>7}{totals[digit]:>7}{rate:>8.1%}")
    lines.append(
        f"  {'all':<7}{errors.sum():>7}{totals.sum():>7}{errors.sum() / totals.sum():>8.1%}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
