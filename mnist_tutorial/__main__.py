"""Run the blog's experiment, or train the deep network, from the command line."""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

#: What each command does, shown by ``--help``; without a command, ``blog`` runs.
COMMANDS = {
    "blog": "the blog's experiment: softmax regression, 1000 steps, test accuracy",
    "deep": "the Deep MNIST convolutional network, fully trained, with its test accuracy",
}
#: The blog's options that ``deep`` does not take, with what ``deep`` takes instead: given
#: before ``deep``, they are refused rather than ignored.
BLOG_ONLY = {"steps": "--epochs", "batch_size": "--batch-size", "learning_rate": "--learning-rate"}
#: The blog experiment's settings when the command line leaves them out.
BLOG_DEFAULTS = {"steps": 1000, "batch_size": 100, "learning_rate": 0.5}
#: The largest seed: TensorFlow keeps seeds as 64-bit integers.
MAX_SEED = 2**63 - 1
#: The images of the training split that both commands train on, load_mnist's default: its
#: files are checked by SHA-256, so the options can be checked against it before it is loaded.
TRAINING_IMAGES = 55_000
#: The library's argument names that an option sets (``data_dir`` by ``--data-dir``), so that
#: an error names the option instead.
OPTION_NAMES = (*BLOG_DEFAULTS, "epochs", "max_examples", "seed", "data_dir")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name; ``sys.argv[1:]`` if omitted.

    Returns
    -------
    status : int
        0 on success; 130 after Ctrl-C, which stops training within a second or
        so and says on standard error how many steps were taken.

    Raises
    ------
    SystemExit
        With status 2 and a message on standard error that names the option,
        if an option is unknown or out of range (``--steps 0``) or the data
        cannot be found.

    Notes
    -----
    TensorFlow is imported only once the options are known to be valid, so
    ``--help`` and mistakes answer at once. ``TF_CPP_MIN_LOG_LEVEL=2`` (unless
    the environment sets that variable) turns off TensorFlow's C++ information
    messages during the run, but not the few start-up lines TensorFlow 2.21
    writes on standard error before that setting applies (oneDNN, the CUDA
    probe); the results go to standard output, apart from them.

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
    arguments = _checked_arguments(parser, parser.parse_args(argv))
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    run = {"blog": run_blog_experiment, "deep": run_deep_network}[arguments.command or "blog"]
    try:
        run(arguments)
        sys.stdout.flush()  # here, so that a closed pipe is met inside the try
        return 0
    except ValueError as error:  # a bad option value or missing data: say so, as argparse would
        parser.error(_with_option_names(str(error)))
    except KeyboardInterrupt as interrupt:  # Ctrl-C: say how far training got, exit as shells do
        print(f"{parser.prog}: interrupted. {interrupt}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped reading (`| head`): stop quietly, like Unix tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _parser() -> argparse.ArgumentParser:
    """The command-line parser: the blog's options, and one sub-command per entry of COMMANDS."""
    typed = Path(sys.argv[0]).name  # the program's name: mnist-tutorial for the console script
    parser = argparse.ArgumentParser(
        prog="python -m mnist_tutorial" if typed in ("__main__.py", "") else typed,
        description="Rebuild TensorFlow 1's beginner MNIST tutorial in TensorFlow 2. "
        "Without a command, run the blog's experiment.",
    )
    _add_blog_options(parser)
    parser.set_defaults(seed=0, data_dir=None)  # the rest: BLOG_DEFAULTS, once known unset
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    # A sub-command's option that is not given sets nothing: it keeps the top level's value
    # (``--seed 5 deep`` trains with seed 5), or for ``deep`` the default of train_deep_network.
    unset = argparse.SUPPRESS
    for name, add_options in [("blog", _add_blog_options), ("deep", _add_deep_options)]:
        what = COMMANDS[name]
        add_options(commands.add_parser(name, help=what, description=what, argument_default=unset))
    return parser


def _add_blog_options(parser: argparse.ArgumentParser) -> None:
    """Add the blog experiment's options, to the top level and to the ``blog`` command."""
    options = {
        "--seed": (
            _count(0, MAX_SEED),
            "seed of the batch shuffling, 0 to 2**63 - 1 (default: 0)",
        ),
        "--steps": (_count(1), "gradient-descent steps, at least 1 (default: 1000)"),
        "--batch-size": (_count(1), "images per step, 1 to 55,000 (default: 100)"),
        "--learning-rate": (_positive, "step size, a number above 0 (default: 0.5)"),
        "--data-dir": (
            None,  # a folder's name, kept as typed
            "folder holding the four MNIST .gz files (default: $MNIST_TUTORIAL_DATA or download)",
        ),
    }
    _add_options(parser, options)


def _add_deep_options(parser: argparse.ArgumentParser) -> None:
    """Add the ``deep`` command's options; deep_* names, as the top level's are the blog's."""
    # The training's settings: given after ``deep``, they are kept as deep_epochs and so on.
    # The defaults in the help are train_deep_network's (a test compares them).
    settings = {
        "--epochs": (_count(1), "passes over the training images, at least 1 (default: 6)"),
        "--batch-size": (_count(1), "images per step, 1 to the images trained on (default: 128)"),
        "--learning-rate": (_positive, "Adam's initial step size, above 0 (default: 0.001)"),
        "--max-examples": (
            _count(1, TRAINING_IMAGES),
            "train on the first N training images, 1 to 55,000 (default: all)",
        ),
    }
    _add_options(parser, settings, prefix="deep_")
    seed_help = "seed of the initial weights, dropout and batches, 0 to 2**63 - 1 (default: 0)"
    parser.add_argument("--seed", type=_count(0, MAX_SEED), help=seed_help)
    parser.add_argument(
        "--data-dir",
        help="folder holding the four MNIST files "
        "(default: $MNIST_TUTORIAL_DATA or the download cache)",
    )
    parser.add_argument(
        "--quiet", action="store_true", default=False, help="no progress bar (default: show it)"
    )


def _add_options(parser: argparse.ArgumentParser, options: dict, prefix: str = "") -> None:
    """Add each ``option: (type, help)``, its value kept as ``prefix`` + its name (batch_size)."""
    for option, (kind, help_text) in options.items():
        name = option.removeprefix("--").replace("-", "_")
        metavar = "N" if name == "max_examples" else name.upper()
        parser.add_argument(option, dest=prefix + name, metavar=metavar, type=kind, help=help_text)


# The options' ranges are checked by argparse types, not left to the library's checks: those
# import NumPy before they answer, and a mistake should answer at once (see main's Notes).
def _count(low: int, high: int | None = None):
    """An argparse type: an integer of at least ``low`` (and at most ``high``, if given)."""

    def count(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be an integer; got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}; got {value}")
        if high is not None and value > high:
            raise argparse.ArgumentTypeError(f"must be at most {high}; got {value}")
        return value

    return count


def _positive(text: str) -> float:
    """An argparse type: a finite number above zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number; got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a finite number above zero; got {text}")
    return value


def _checked_arguments(
    parser: argparse.ArgumentParser, arguments: argparse.Namespace
) -> argparse.Namespace:
    """Refuse the blog's options given before ``deep``; fill in the blog's defaults."""
    for name, instead in BLOG_ONLY.items():
        option = "--" + name.replace("_", "-")
        if arguments.command == "deep" and getattr(arguments, name) is not None:
            parser.error(
                f"{option} before 'deep' is the blog experiment's option, and deep "
                f"does not use it; give deep's {instead} after it: deep {instead} N"
            )
        if getattr(arguments, name) is None:
            setattr(arguments, name, BLOG_DEFAULTS[name])
    return arguments


def _with_option_names(message: str) -> str:
    """The library's message with the argument names it starts with or asks for as options."""
    for name in OPTION_NAMES:
        option = "--" + name.replace("_", "-")
        # The name as a word of its own, before "must", " * ", "=" or " (", or after "pass "/"no ".
        named = rf"(?<![\w-]){name}(?= must| \* |=| \()|(?<=pass ){name}|(?<=no ){name}"
        message = re.sub(named, option, message)
        # A message that names both, "data_dir, --data-dir on the command line", needs one.
        message = message.replace(f"{option}, {option} on the command line", option)
    return message


def run_blog_experiment(arguments: argparse.Namespace) -> None:
    """Load MNIST, describe it, train the blog's model, and report its test results."""
    import mnist_tutorial as mt
    from mnist_tutorial._checks import check_training_settings

    # Refuse impossible work before the data is loaded (or downloaded).
    settings = {name: getattr(arguments, name) for name in BLOG_DEFAULTS}
    go_on = "Use fewer --steps or a smaller --batch-size."
    check_training_settings(**settings, n_examples=TRAINING_IMAGES, go_on=go_on)
    mnist = mt.load_mnist(arguments.data_dir, seed=arguments.seed)
    print(describe_splits(mnist))
    print()
    model = mt.LinearSoftmax()
    print(
        f"Training softmax regression: {arguments.steps} steps of {arguments.batch_size} images, "
        f"learning rate {arguments.learning_rate}, seed {arguments.seed}.",
        flush=True,
    )
    mt.train(model, mnist.train, **settings)
    print(f"Test accuracy: {mt.accuracy(model, mnist.test):.2%} (seed {arguments.seed})")
    print()
    print(describe_errors(mnist.test.digits, model.predict(mnist.test.images)))


def run_deep_network(arguments: argparse.Namespace) -> None:
    """Train the Deep MNIST network as the parsed ``arguments`` say; print its test accuracy."""
    import mnist_tutorial as mt
    from mnist_tutorial import _checks

    given = vars(arguments).items()  # deep's settings given on the command line, as deep_epochs...
    settings = {
        name.removeprefix("deep_"): value for name, value in given if name.startswith("deep_")
    }
    # Refuse impossible work before the data is loaded (or downloaded) and before TensorFlow
    # is imported; --max-examples is at most TRAINING_IMAGES, all by default.
    planned = {**_checks.DEEP_TRAINING, "max_examples": TRAINING_IMAGES, **settings}
    _checks.check_learning_rate(planned["learning_rate"], example="1e-3")
    go_on = "Or train on fewer images, with --max-examples."
    _checks.check_epochs(
        planned["max_examples"], planned["epochs"], planned["batch_size"], go_on=go_on
    )
    mnist = mt.load_mnist(arguments.data_dir)
    network = mt.build_deep_network(seed=arguments.seed)
    print(f"Training the Deep MNIST network ({network.count_params():,d} parameters).", flush=True)
    history = mt.train_deep_network(
        network,
        mnist.train,
        validation=mnist.validation,
        seed=arguments.seed,
        progress=not arguments.quiet,
        **settings,
    )
    wrong = int(sum(mt.predict_digits(network, mnist.test.images) != mnist.test.digits))
    n_test = mnist.test.num_examples
    print(
        f"Trained on {history.n_examples:,d} images for {history.n_steps:,d} steps "
        f"in {history.seconds:.0f} s."
    )
    print(f"Test accuracy: {1 - wrong / n_test:.2%} ({wrong} of {n_test:,d} test images wrong).")


def describe_splits(mnist) -> str:
    """A table of the shapes of the three splits and of their examples per digit."""
    import numpy as np

    digits = "".join(f"{digit:>6}" for digit in range(10))
    lines = ["MNIST splits (images, labels) and examples per digit:"]
    lines.append(f"  {'split':<11}{'images':>14}{'labels':>12}  {digits}")
    for name, split in zip(mnist._fields, mnist, strict=True):
        shapes = f"{str(split.images.shape):>14}{str(split.labels.shape):>12}"
        counts = "".join(f"{count:>6}" for count in np.bincount(split.digits, minlength=10))
        lines.append(f"  {name:<11}{shapes}  {counts}")
    return "\n".join(lines)


def describe_errors(true_digits, predicted_digits) -> str:
    """A table of the test errors per true digit: how many, out of how many, what fraction."""
    import mnist_tutorial as mt
    from mnist_tutorial.analysis import _errors_and_counts

    errors, totals = _errors_and_counts(mt.confusion_matrix(true_digits, predicted_digits))
    lines = ["Errors per digit on the test set (test images of the digit called something else):"]
    lines.append(f"  {'digit':<7}{'errors':>7}{'of':>7}{'rate':>8}")
    rows = [*zip(range(10), errors, totals, strict=True), ("all", errors.sum(), totals.sum())]
    for digit, wrong, total in rows:
        lines.append(f"  {digit:<7}{wrong:>7}{total:>7}{wrong / total:>8.1%}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
