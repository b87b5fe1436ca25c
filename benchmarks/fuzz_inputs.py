"""Fuzz the public surface with hostile and unusual inputs; print good / unclear / bad per case.

Run by hand from the repository's root: ``PYTHONPATH=$PWD python benchmarks/fuzz_inputs.py``
(add ``-v`` to print the message of every case, not only of those that fall short, and
``-k TEXT`` to run only the cases whose label holds TEXT; several ``-k`` add up).

The rules (issue 23): a bad input gets a ``ValueError`` (or a subclass) whose message names the
argument, in under a second; an unusual but valid input gives a sound result; nothing warns.

- good: refused with a ``ValueError`` naming the argument, or a sound result, within a second;
- unclear: refused, but with another exception, a message not naming the argument, a warning,
  or (command line) after importing TensorFlow;
- bad: silently accepted, a wrong result, or slower than a second (three for the command line,
  which starts Python).
"""

from __future__ import annotations

import fractions
import json
import os
import re
import signal
import subprocess
import sys
import time
import types
import warnings
from pathlib import Path

import numpy as np

os.environ.setdefault("MPLBACKEND", "agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parents[1]
CASES: list[tuple[str, object, str | None, object]] = []
TIME_LIMIT = 1.0  # seconds, for a call in this process
CLI_TIME_LIMIT = 3.0  # seconds, for a command, Python's start and NumPy's import included


def case(label: str, call, argument: str | None, accept=None) -> None:
    """Register a case: ``call()`` should raise a ValueError naming ``argument``, or return a
    value for which ``accept(value)`` is true (either outcome is good if both are given)."""
    CASES.append((label, call, argument, accept))


def names(message: str, argument: str) -> bool:
    """Whether the message names the argument as a word of its own (not ``.train``)."""
    return re.search(rf"(?<![\w.]){re.escape(argument)}(?![\w(])", message) is not None


def is_nan(value) -> bool:
    return bool(np.all(np.isnan(np.asarray(value, dtype=float))))


class Slow(Exception):
    """Raised by the alarm when a case runs far too long."""


def run_case(call, argument, accept) -> tuple[str, str]:
    """Run one case; return its verdict and a note."""
    import matplotlib.pyplot as plt

    def alarm(signum, frame):
        raise Slow

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(5)  # a case that would run for minutes also fills memory: stop it early
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = call()
            error = None
        except Slow:
            return "bad", "still running after 5 s"
        except BaseException as exception:  # noqa: BLE001 - judging what comes out is the point
            error = exception
        finally:
            signal.alarm(0)
            plt.close("all")
    seconds = time.perf_counter() - started
    if seconds > TIME_LIMIT:
        return "bad", f"took {seconds:.1f} s: {error!r}"[:300]
    if error is None:
        if accept is not None and accept(value):
            if caught:
                return "unclear", f"warned: {caught[0].message}"
            return "good", f"returned {value!r}"[:200]
        return "bad", f"accepted silently, returned {value!r}"[:200]
    message = f"{type(error).__name__}: {error}"
    if not isinstance(error, ValueError):
        return "unclear", message[:300]
    if argument is None or not names(str(error), argument):
        return "unclear", f"does not name {argument!r}: {message}"[:300]
    if caught:
        return "unclear", f"warned: {caught[0].message}"
    return "good", message[:300]


# --------------------------------------------------------------------------------------
# The command line, each in a fresh process
# --------------------------------------------------------------------------------------

DRIVER = """
import json, sys
import mnist_tutorial.__main__ as cli
if {patch}:
    def record(arguments):
        print("ARGUMENTS " + json.dumps(vars(arguments)))
        return 0
    cli.run_blog_experiment = cli.run_deep_network = record
try:
    cli.main(sys.argv[1:])
finally:
    sys.stderr.write("\\nTENSORFLOW IMPORTED\\n" if "tensorflow" in sys.modules else "")
"""


def command(
    label: str,
    argv: list[str],
    option: str | None,
    applied: dict | None = None,
    *,
    patch: bool = False,
):
    """Register a command-line case: refused naming ``option`` (exit status 2), or, with
    ``applied``, run with those parsed values. With ``applied`` or ``patch``, the command's
    run is replaced by one that prints the parsed options, so no training starts."""
    CASES.append((label, ("cli", argv, patch or applied is not None), option, applied))


def run_command(argv, patch, option, applied) -> tuple[str, str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", DRIVER.format(patch=patch), *argv],
            capture_output=True,
            text=True,
            timeout=60,
            env=environment,
        )
    except subprocess.TimeoutExpired:
        return "bad", "still running after 60 s"
    seconds = time.perf_counter() - started
    tensorflow = "TENSORFLOW IMPORTED" in done.stderr
    stderr = done.stderr.replace("TENSORFLOW IMPORTED", "").strip()
    last_line = stderr.splitlines()[-1] if stderr else ""
    if "ARGUMENTS " in done.stdout:
        parsed = json.loads(done.stdout.split("ARGUMENTS ", 1)[1].splitlines()[0])
        if applied and all(parsed.get(key) == value for key, value in applied.items()):
            return "good", f"applied: {applied}"
        return "bad", f"ran with {parsed} (expected {applied} or a refusal)"[:300]
    if done.returncode == 0:
        return "bad", "ran to the end without refusing"
    if done.returncode != 2 or "Traceback" in stderr:
        return "unclear", f"status {done.returncode}: {stderr[-300:]}"
    if option is None or not names(last_line, option):
        return "unclear", f"does not name {option}: {last_line}"[:300]
    if "call" in last_line and "train" in last_line:
        return "unclear", f"library advice on the command line: {last_line}"[:300]
    if tensorflow:
        return "unclear", f"imported TensorFlow before refusing ({seconds:.1f} s): {last_line}"
    if seconds > CLI_TIME_LIMIT:
        return "bad", f"took {seconds:.1f} s: {last_line}"
    return "good", last_line[:300]


# --------------------------------------------------------------------------------------
# The cases
# --------------------------------------------------------------------------------------


def register_cases() -> None:  # noqa: PLR0915 - a flat list of cases reads best
    import matplotlib.pyplot as plt

    import mnist_tutorial as mt

    images = np.random.default_rng(0).random((20, 784))
    digits = np.arange(20) % 10
    weights = np.random.default_rng(1).normal(size=(784, 10))
    tiny = mt.DataSet(images.astype(np.float32), digits)
    empty = mt.DataSet(np.zeros((0, 784), np.float32), np.zeros(0, int))
    fraction = fractions.Fraction(1, 2)

    def used_figure():
        fig = plt.figure()
        fig.add_subplot().plot([0, 1])
        return fig

    def history(**fields):
        """A hand-made training history of three steps, with the fields given."""
        return types.SimpleNamespace(loss=np.ones(3), **fields)

    # analysis: errors and confusions
    case("errors_per_digit: a string", lambda: mt.errors_per_digit("abc", [1]), "true_digits")
    case("errors_per_digit: None", lambda: mt.errors_per_digit(None, None), "true_digits")
    case(
        "errors_per_digit: lengths differ", lambda: mt.errors_per_digit([1, 2], [1]), "true_digits"
    )
    case("errors_per_digit: 2-D", lambda: mt.errors_per_digit([[1]], [[1]]), "true_digits")
    case("errors_per_digit: 1.5", lambda: mt.errors_per_digit([1.5], [1]), "true_digits")
    case("errors_per_digit: 10", lambda: mt.errors_per_digit([10], [1]), "true_digits")
    case(
        "errors_per_digit: -1 predicted",
        lambda: mt.errors_per_digit([1], [-1]),
        "predicted_digits",
    )
    case(
        "errors_per_digit: booleans",
        lambda: mt.errors_per_digit([True, False], [1, 0]),
        "true_digits",
    )
    case(
        "error_rate_per_digit: none",
        lambda: mt.error_rate_per_digit([], []),
        "true_digits",
        is_nan,
    )
    case(
        "error_rate_per_digit: digit 0 absent",
        lambda: mt.error_rate_per_digit([1, 2], [1, 3]),
        "true_digits",
        lambda rates: np.isnan(rates[0]) and rates[2] == 1,
    )
    case("confusion_matrix: strings", lambda: mt.confusion_matrix("x", "y"), "true_digits")
    case(
        "confusion_matrix: objects",
        lambda: mt.confusion_matrix(np.array([1, None], dtype=object), [1, 2]),
        "true_digits",
    )
    case("most_confused_pairs: k=0", lambda: mt.most_confused_pairs(np.eye(10), k=0), "k")
    case("most_confused_pairs: k=2.5", lambda: mt.most_confused_pairs(np.eye(10), k=2.5), "k")
    case("most_confused_pairs: negative", lambda: mt.most_confused_pairs(-np.eye(10)), "matrix")
    case("most_confused_pairs: 9x9", lambda: mt.most_confused_pairs(np.ones((9, 9))), "matrix")
    case(
        "most_confused_pairs: k=10**12",
        lambda: mt.most_confused_pairs(np.ones((10, 10)), k=10**12),
        "k",
        lambda pairs: len(pairs) == 90,
    )
    case("misclassified: a string", lambda: mt.misclassified([0, 1], "01"), "predicted_digits")
    # analysis: images and weights
    case(
        "mean_images: digits absent",
        lambda: mt.mean_images(images[:5], range(5)),
        "digits",
        lambda means: is_nan(means[5:]) and not np.isnan(means[:5]).any(),
    )
    case(
        "mean_images: 28x28 images",
        lambda: mt.mean_images(np.zeros((10, 28, 28)), range(10)),
        "images",
    )
    case(
        "mean_images: 0-255 pixels",
        lambda: mt.mean_images(np.full((10, 784), 255.0), range(10)),
        "images",
    )
    case("mean_images: digits too few", lambda: mt.mean_images(images, range(10)), "digits")
    case(
        "template_clarity: untrained zeros",
        lambda: mt.template_clarity(np.zeros((784, 10)), images, digits),
        "weights",
        is_nan,
    )
    case(
        "template_clarity: transposed",
        lambda: mt.template_clarity(weights.T, images, digits),
        "weights",
    )
    case(
        "template_clarity: NaN",
        lambda: mt.template_clarity(np.full((784, 10), np.nan), images, digits),
        "weights",
    )
    case(
        "template_clarity: 4-D",
        lambda: mt.template_clarity(np.zeros((2, 3, 784, 10)), images, digits),
        "weights",
    )
    case(
        "template_clarity: blank images",
        lambda: mt.template_clarity(weights, np.zeros((20, 784)), digits),
        "images",
        is_nan,
    )
    case(
        "digit_variability: blank images",
        lambda: mt.digit_variability(np.zeros((20, 784)), digits),
        "images",
        is_nan,
    )
    case(
        "digit_variability: digit 9 absent",
        lambda: mt.digit_variability(images[:9], range(9)),
        "digits",
        lambda values: np.isnan(values[9]) and not np.isnan(values[:9]).any(),
    )
    # analysis: rank correlations
    case(
        "rank_correlation: constant",
        lambda: mt.rank_correlation([1, 1, 1], [1, 2, 3]),
        "first",
        is_nan,
    )
    case("rank_correlation: one value", lambda: mt.rank_correlation([1], [2]), "first")
    case("rank_correlation: lengths", lambda: mt.rank_correlation([1, 2, 3], [1, 2]), "second")
    case("rank_correlation: NaN", lambda: mt.rank_correlation([1, np.nan, 3], [1, 2, 3]), "first")
    case("rank_correlation: strings", lambda: mt.rank_correlation("abc", "abc"), "first")
    case("rank_correlation: scalars", lambda: mt.rank_correlation(5, 6), "first")
    case(
        "rank_correlation: one constant row",
        lambda: mt.rank_correlation([1, 2, 3], [[1, 2, 3], [3, 3, 3]]),
        "second",
        lambda rho: rho[0] == 1 and np.isnan(rho[1]),
    )
    case(
        "p_value: constant first",
        lambda: mt.rank_correlation_p_value([1, 1, 1, 1], [1, 2, 3, 4]),
        "first",
        is_nan,
    )
    case(
        "p_value: constant second",
        lambda: mt.rank_correlation_p_value(range(5), [2, 2, 2, 2, 2]),
        "second",
        is_nan,
    )
    case(
        "p_value: 10**12 permutations",
        lambda: mt.rank_correlation_p_value(range(10), range(10), n_permutations=10**12),
        "n_permutations",
    )
    case(
        "p_value: 10**6 values",
        lambda: mt.rank_correlation_p_value(range(10**6), range(10**6)),
        "n_permutations",
    )
    case(
        "p_value: 0 permutations",
        lambda: mt.rank_correlation_p_value(range(10), range(10), n_permutations=0),
        "n_permutations",
    )
    case(
        "p_value: 10.0 permutations",
        lambda: mt.rank_correlation_p_value(range(10), range(10), n_permutations=10.0),
        "n_permutations",
    )
    case(
        "p_value: seed -1",
        lambda: mt.rank_correlation_p_value(range(10), range(10), seed=-1),
        "seed",
    )
    case(
        "p_value: seed 'a'",
        lambda: mt.rank_correlation_p_value(range(10), range(10), seed="a"),
        "seed",
    )
    case(
        "p_value: seed 1.5",
        lambda: mt.rank_correlation_p_value(range(10), range(10), seed=1.5),
        "seed",
    )
    case("p_value: two values", lambda: mt.rank_correlation_p_value([1, 2], [1, 2]), "first")
    # analysis: group error rates
    case("group_error_rates: empty group", lambda: mt.group_error_rates(np.eye(10), [[]]), "group")
    case("group_error_rates: digit 10", lambda: mt.group_error_rates(np.eye(10), [[10]]), "group")
    case("group_error_rates: no groups", lambda: mt.group_error_rates(np.eye(10), []), "groups")
    case("group_error_rates: groups=5", lambda: mt.group_error_rates(np.eye(10), 5), "groups")
    case("group_error_rates: flat list", lambda: mt.group_error_rates(np.eye(10), [4, 5]), "group")
    case(
        "group_error_rates: repeated", lambda: mt.group_error_rates(np.eye(10), [[1, 1]]), "group"
    )
    case(
        "group_error_rates: no images of 4",
        lambda: mt.group_error_rates(np.diag([1, 1, 1, 1, 0, 1, 1, 1, 1, 1]), [[4], [1]]),
        "matrices",
        lambda rates: np.isnan(rates[0]) and rates[1] == 0,
    )
    case(
        "group_error_rates: 9x9",
        lambda: mt.group_error_rates(np.zeros((2, 9, 9)), [[1]]),
        "matrices",
    )
    case("group_error_rates: string", lambda: mt.group_error_rates("abc", [[1]]), "matrices")
    case(
        "group_error_rates: no models",
        lambda: mt.group_error_rates(np.zeros((0, 10, 10)), [[1]]),
        "matrices",
    )
    # plotting
    zeros3 = np.zeros((3, 784))
    case("show_digit: 783 pixels", lambda: mt.show_digit(np.zeros(783)), "image")
    case("show_digit: ax a string", lambda: mt.show_digit(np.zeros(784), ax="x"), "ax")
    case("show_digit: 0-255 pixels", lambda: mt.show_digit(np.full(784, 255.0)), "image")
    case("show_digit: NaN", lambda: mt.show_digit(np.full(784, np.nan)), "image")
    case("show_digits: n_columns=0", lambda: mt.show_digits(zeros3, n_columns=0), "n_columns")
    case("show_digits: n_columns=-2", lambda: mt.show_digits(zeros3, n_columns=-2), "n_columns")
    case(
        "show_digits: n_columns=100_000",
        lambda: mt.show_digits(zeros3, n_columns=100_000),
        "n_columns",
    )
    case("show_digits: n_columns=2.5", lambda: mt.show_digits(zeros3, n_columns=2.5), "n_columns")
    case("show_digits: 10,000 images", lambda: mt.show_digits(np.zeros((10_000, 784))), "images")
    case("show_digits: one title for three", lambda: mt.show_digits(zeros3, ["a"]), "titles")
    case("show_digits: titles a string", lambda: mt.show_digits(zeros3, "abc"), "titles")
    case("show_digits: figure in use", lambda: mt.show_digits(zeros3, fig=used_figure()), "fig")
    case("show_digits: fig a string", lambda: mt.show_digits(zeros3, fig="x"), "fig")
    case("show_digits: 0-255 pixels", lambda: mt.show_digits(np.full((3, 784), 255.0)), "images")
    case("show_examples: a string", lambda: mt.show_examples("x"), "dataset")
    case(
        "show_examples: n_per_digit=-1",
        lambda: mt.show_examples(tiny, n_per_digit=-1),
        "n_per_digit",
    )
    case(
        "show_examples: n_per_digit=0",
        lambda: mt.show_examples(tiny, n_per_digit=0),
        "n_per_digit",
    )
    case(
        "show_examples: n_per_digit=10**5",
        lambda: mt.show_examples(tiny, n_per_digit=10**5),
        "n_per_digit",
    )
    case("show_examples: figure in use", lambda: mt.show_examples(tiny, fig=used_figure()), "fig")
    case("plot_weights: transposed", lambda: mt.plot_weights(weights.T), "weights")
    case("plot_weights: limit=0", lambda: mt.plot_weights(weights, limit=0), "limit")
    case("plot_weights: limit=NaN", lambda: mt.plot_weights(weights, limit=np.nan), "limit")
    case("plot_weights: unknown cmap", lambda: mt.plot_weights(weights, cmap="nope"), "cmap")
    case("plot_weights: cmap=5", lambda: mt.plot_weights(weights, cmap=5), "cmap")
    case("plot_weights: figure in use", lambda: mt.plot_weights(weights, fig=used_figure()), "fig")
    case(
        "plot_errors_per_digit: kind",
        lambda: mt.plot_errors_per_digit(range(10), kind="x"),
        "kind",
    )
    case("plot_errors_per_digit: 9 values", lambda: mt.plot_errors_per_digit(range(9)), "errors")
    case(
        "plot_errors_per_digit: halves as counts",
        lambda: mt.plot_errors_per_digit(np.full(10, 0.5)),
        "errors",
    )
    case(
        "plot_errors_per_digit: ax a string",
        lambda: mt.plot_errors_per_digit(range(10), ax="x"),
        "ax",
    )
    case(
        "plot_errors_per_digit: NaN rates",
        lambda: mt.plot_errors_per_digit(np.full(10, np.nan), kind="rate"),
        "errors",
    )
    case(
        "plot_errors_per_digit: no seeds",
        lambda: mt.plot_errors_per_digit(np.zeros((0, 10))),
        "errors",
    )
    case(
        "plot_confusion_matrix: ax a string",
        lambda: mt.plot_confusion_matrix(np.eye(10), ax="x"),
        "ax",
    )
    case("plot_confusion_matrix: 9x9", lambda: mt.plot_confusion_matrix(np.eye(9)), "matrix")
    case(
        "plot_confusion_matrix: halves", lambda: mt.plot_confusion_matrix(np.eye(10) / 2), "matrix"
    )
    case(
        "plot_misclassified: n_images=-1",
        lambda: mt.plot_misclassified(zeros3, [1, 2, 3], [1, 7, 8], n_images=-1),
        "n_images",
    )
    case(
        "plot_misclassified: n_images=0",
        lambda: mt.plot_misclassified(zeros3, [1, 2, 3], [1, 7, 8], n_images=0),
        "n_images",
    )
    case(
        "plot_misclassified: n_columns=0",
        lambda: mt.plot_misclassified(zeros3, [1, 2, 3], [1, 7, 8], n_columns=0),
        "n_columns",
    )
    case(
        "plot_misclassified: n_columns=10**5",
        lambda: mt.plot_misclassified(zeros3, [1, 2, 3], [1, 7, 8], n_columns=10**5),
        "n_columns",
    )
    case(
        "plot_misclassified: predicted short",
        lambda: mt.plot_misclassified(zeros3, [1, 2, 3], [1, 2]),
        "predicted_digits",
    )
    case(
        "plot_misclassified: figure in use",
        lambda: mt.plot_misclassified(zeros3, [1, 2, 3], [1, 7, 8], fig=used_figure()),
        "fig",
    )
    case("plot_training_curve: empty", lambda: mt.plot_training_curve([]), "history")
    case(
        "plot_training_curve: smoothing=0",
        lambda: mt.plot_training_curve([1, 2, 3], smoothing=0),
        "smoothing",
    )
    case(
        "plot_training_curve: accuracy 2.0",
        lambda: mt.plot_training_curve(history(accuracy=[0.5, 2.0], accuracy_steps=[1, 3])),
        "history.accuracy",
    )
    case(
        "plot_training_curve: steps differ",
        lambda: mt.plot_training_curve(history(accuracy=[0.5], accuracy_steps=[1, 2])),
        "history.accuracy_steps",
    )
    case(
        "plot_training_curve: accuracy, no steps",
        lambda: mt.plot_training_curve(history(accuracy=[0.5, 0.9])),
        "history.accuracy_steps",
    )
    case("plot_training_curve: NaN loss", lambda: mt.plot_training_curve([1, np.nan]), "history")
    case("plot_training_curve: a string", lambda: mt.plot_training_curve("abc"), "history")
    case("plot_training_curve: ax=5", lambda: mt.plot_training_curve([1, 2], ax=5), "ax")
    case(
        "plot_training_curve: smoothing=10**9",
        lambda: mt.plot_training_curve([1, 2, 3], smoothing=10**9),
        "smoothing",
        lambda ax: len(ax.lines) == 2,
    )
    case("plot_loss_comparison: empty", lambda: mt.plot_loss_comparison({}), "runs")
    case("plot_loss_comparison: not runs", lambda: mt.plot_loss_comparison({"a": 1}), "runs")
    # losses
    case("softmax: strings", lambda: mt.softmax("abc"), "logits")
    case("softmax: axis=5", lambda: mt.softmax([[1.0, 2.0]], axis=5), "axis")
    case("softmax: axis=1.5", lambda: mt.softmax([[1.0, 2.0]], axis=1.5), "axis")
    case("softmax: infinity", lambda: mt.softmax([[np.inf, 0.0]]), "logits")
    case("softmax: complex", lambda: mt.softmax(np.array([[1, 2]], dtype=complex)), "logits")
    case(
        "log_softmax: huge",
        lambda: mt.log_softmax([[1e308, -1e308]]),
        "logits",
        lambda value: value[0, 0] == 0 and value[0, 1] < -1e300,
    )  # -2e308 rounds to -inf
    case("cross_entropy: shapes", lambda: mt.cross_entropy([[1, 0]], [[1, 2, 3]]), "labels")
    case(
        "cross_entropy: labels sum 1.1", lambda: mt.cross_entropy([[0.5, 0.6]], [[1, 2]]), "labels"
    )
    case("cross_entropy: labels negative", lambda: mt.cross_entropy([[-1, 2]], [[1, 2]]), "labels")
    case(
        "naive_cross_entropy: bad probabilities",
        lambda: mt.naive_cross_entropy([[1, 0]], [[1.5, -0.5]]),
        "probabilities",
    )
    case("entropy: sums to 1.1", lambda: mt.entropy([[0.5, 0.6]]), "probabilities")
    case(
        "kl_divergence: disjoint",
        lambda: mt.kl_divergence([[1, 0]], [[0, 1]]),
        "probabilities",
        lambda value: np.isinf(value).all(),
    )
    case(
        "mean_squared_error: shapes",
        lambda: mt.mean_squared_error([[1, 0]], [[1, 0, 0]]),
        "labels",
    )
    case(
        "gradient_of_cross_entropy: logits rows",
        lambda: mt.gradient_of_cross_entropy(
            np.zeros((2, 784)), np.eye(10)[:2], np.zeros((3, 10))
        ),
        "logits",
    )
    case(
        "gradient_of_cross_entropy: 5 features",
        lambda: mt.gradient_of_cross_entropy(np.zeros((2, 5)), np.eye(10)[:2], np.zeros((2, 10))),
        "images",
        lambda gradients: gradients[0].shape == (5, 10),
    )  # documented: any n_features
    case(
        "gradient_of_mean_squared_error: labels",
        lambda: mt.gradient_of_mean_squared_error(np.zeros((2, 784)), "ab", np.zeros((2, 10))),
        "labels",
    )
    # the model, experiments and data (TensorFlow)
    model = mt.LinearSoftmax()
    case("train: a string", lambda: mt.train(model, "x"), "dataset")
    case(
        "train: Fraction learning rate",
        lambda: mt.train(model, tiny, steps=1, batch_size=2, learning_rate=fraction),
        "learning_rate",
    )
    case("train: steps=0", lambda: mt.train(model, tiny, steps=0), "steps")
    case("train: unknown loss", lambda: mt.train(model, tiny, batch_size=2, loss="x"), "loss")
    case("train: empty split", lambda: mt.train(model, empty, steps=1), "dataset")
    case("train: 10**9 steps", lambda: mt.train(model, tiny, steps=10**9, batch_size=2), "steps")
    case(
        "LinearSoftmax: float64 images",
        lambda: model(np.zeros((2, 784))),
        "images",
        lambda logits: tuple(logits.shape) == (2, 10),
    )
    case("LinearSoftmax: int pixels 0-255", lambda: model(np.full((2, 784), 255)), "images")
    case("predict: 5 pixels", lambda: model.predict(np.zeros((2, 5))), "images")
    case("predict_proba: a string", lambda: model.predict_proba("x"), "images")
    case(
        "gradient_norm: labels not one-hot",
        lambda: mt.gradient_norm(model, np.zeros((2, 784)), np.full((2, 10), 0.5)),
        "labels",
    )
    case("accuracy: a string", lambda: mt.accuracy(model, "x"), "dataset")
    case("accuracy: empty split", lambda: mt.accuracy(model, empty), "dataset")
    case("accuracy: a string for the model", lambda: mt.accuracy("x", tiny), "model")
    case("train_seeds: seed -1", lambda: mt.train_seeds(tiny, [-1], steps=1, batch_size=2), "seed")
    case("random_start: scale -1", lambda: mt.random_start(scale=-1), "scale")
    case("random_start: seed 'a'", lambda: mt.random_start(seed="a"), "seed")
    case("random_start: Fraction scale", lambda: mt.random_start(scale=fraction), "scale")
    case(
        "seed_study: training_set a string",
        lambda: mt.seed_study("x", tiny, 1, steps=1),
        "training_set",
    )
    case("seed_study: test_set a string", lambda: mt.seed_study(tiny, "x", 1, steps=1), "test_set")
    case(
        "compare_losses: evaluation empty",
        lambda: mt.compare_losses(
            tiny, empty, steps=1, measure_every=1, batch_size=2, probe_size=2
        ),
        "evaluation_set",
    )
    case(
        "compare_losses: measure_every=0",
        lambda: mt.compare_losses(tiny, tiny, steps=1, measure_every=0, batch_size=2),
        "measure_every",
    )
    case(
        "DataSet: one digit short", lambda: mt.DataSet(zeros3.astype(np.float32), [1, 2]), "digits"
    )
    case(
        "DataSet: seed 'x'",
        lambda: mt.DataSet(zeros3.astype(np.float32), [1, 2, 3], seed="x"),
        "seed",
    )
    case(
        "load_mnist: validation_size=-1",
        lambda: mt.load_mnist(validation_size=-1),
        "validation_size",
    )
    case("load_mnist: seed 'x'", lambda: mt.load_mnist(seed="x"), "seed")
    case("load_mnist: no such folder", lambda: mt.load_mnist("/nonexistent/mnist"), "data_dir")
    case("load_mnist: data_dir=5", lambda: mt.load_mnist(5), "data_dir")
    case("read_idx: None", lambda: mt.read_idx(None), "path")
    case("locate_mnist: data_dir=5", lambda: mt.locate_mnist(5), "data_dir")
    case("next_batch: 0", lambda: tiny.next_batch(0), "batch_size")
    case("read_idx: a folder", lambda: mt.read_idx("/"), "path")
    # the deep and distributed modules
    network = mt.build_deep_network()
    case("build_deep_network: seed -1", lambda: mt.build_deep_network(seed=-1), "seed")
    case(
        "build_deep_network: dropout 1",
        lambda: mt.build_deep_network(dropout_rate=1),
        "dropout_rate",
    )
    case(
        "build_deep_network: dropout Fraction",
        lambda: mt.build_deep_network(dropout_rate=fraction),
        "dropout_rate",
    )
    case("build_deep_network: seed 2**64", lambda: mt.build_deep_network(seed=2**64), "seed")
    case(
        "train_deep_network: network a string", lambda: mt.train_deep_network("x", tiny), "network"
    )
    case(
        "train_deep_network: dataset a string",
        lambda: mt.train_deep_network(network, "x"),
        "dataset",
    )
    case(
        "train_deep_network: Fraction rate",
        lambda: mt.train_deep_network(
            network, tiny, epochs=1, batch_size=2, learning_rate=fractions.Fraction(1, 1000)
        ),
        "learning_rate",
    )
    case(
        "train_deep_network: 10**9 epochs",
        lambda: mt.train_deep_network(network, tiny, epochs=10**9, batch_size=2),
        "epochs",
    )
    case(
        "train_deep_network: max_examples=0",
        lambda: mt.train_deep_network(network, tiny, max_examples=0),
        "max_examples",
    )
    case(
        "train_deep_network: validation a string",
        lambda: mt.train_deep_network(network, tiny, validation="x"),
        "validation",
    )
    case(
        "train_deep_network: empty split", lambda: mt.train_deep_network(network, empty), "dataset"
    )
    case(
        "predict_digits: 5 pixels", lambda: mt.predict_digits(network, np.zeros((2, 5))), "images"
    )
    case(
        "predict_digits: batch_size=0",
        lambda: mt.predict_digits(network, np.zeros((2, 784)), batch_size=0),
        "batch_size",
    )
    case(
        "accuracy of a network: a string",
        lambda: mt.accuracy(network, "x"),
        "dataset",
    )
    case(
        "accuracy of a network: empty split",
        lambda: mt.accuracy(network, empty),
        "dataset",
    )
    case(
        "WorkerJob: n_workers=0",
        lambda: mt.WorkerJob(tiny, n_workers=0, batch_size=2),
        "n_workers",
    )
    case(
        "WorkerJob: more workers than images",
        lambda: mt.WorkerJob(tiny, n_workers=3, batch_size=2),
        "n_workers",
    )
    case(
        "WorkerJob: checkpoint_every=0",
        lambda: mt.WorkerJob(tiny, checkpoint_every=0, batch_size=2),
        "checkpoint_every",
    )
    case(
        "WorkerJob: start_timeout=-1",
        lambda: mt.WorkerJob(tiny, start_timeout=-1, batch_size=2),
        "start_timeout",
    )
    case(
        "WorkerJob: Fraction rate",
        lambda: mt.WorkerJob(tiny, batch_size=2, learning_rate=fraction),
        "learning_rate",
    )
    case(
        "WorkerJob: collective_timeout NaN",
        lambda: mt.WorkerJob(tiny, batch_size=2, collective_timeout=float("nan")),
        "collective_timeout",
    )
    case("train_multi_worker: a string", lambda: mt.train_multi_worker("x"), "dataset")
    case(
        "train_multi_worker: timeout=0",
        lambda: mt.train_multi_worker(tiny, batch_size=2, timeout=0),
        "timeout",
    )
    # the command line
    missing = "/nonexistent/mnist"
    command("cli: --seed before deep", ["--seed", "5", "deep"], "--seed", {"seed": 5})
    command(
        "cli: --data-dir before deep",
        ["--data-dir", missing, "deep"],
        "--data-dir",
        {"data_dir": missing},
    )
    command("cli: --steps before deep", ["--steps", "5", "deep"], "--steps", patch=True)
    command(
        "cli: --batch-size before deep",
        ["--batch-size", "5", "deep"],
        "--batch-size",
        {"deep_batch_size": 5},
    )
    command(
        "cli: --learning-rate before deep",
        ["--learning-rate", "0.1", "deep"],
        "--learning-rate",
        {"deep_learning_rate": 0.1},
    )
    command(
        "cli: deep --seed after blog's",
        ["--seed", "5", "deep", "--seed", "7"],
        "--seed",
        {"seed": 7},
    )
    command("cli: deep --epochs 10**8", ["deep", "--epochs", "100000000"], "--epochs")
    command(
        "cli: deep --max-examples 10**5", ["deep", "--max-examples", "100000"], "--max-examples"
    )
    command("cli: deep missing data", ["deep", "--data-dir", missing], "--data-dir")
    command("cli: deep --epochs 0", ["deep", "--epochs", "0"], "--epochs")
    command(
        "cli: deep --learning-rate 1e39", ["deep", "--learning-rate", "1e39"], "--learning-rate"
    )
    command("cli: deep --seed 2**64", ["deep", "--seed", str(2**64)], "--seed")
    command("cli: --steps 0", ["--steps", "0"], "--steps")
    command("cli: --steps 10**8", ["--steps", "100000000"], "--steps")
    command("cli: --learning-rate nan", ["--learning-rate", "nan"], "--learning-rate")
    command("cli: --learning-rate 1e39", ["--learning-rate", "1e39"], "--learning-rate")
    command("cli: --batch-size 60000", ["--batch-size", "60000"], "--batch-size")
    command("cli: --seed -1", ["--seed", "-1"], "--seed")
    command("cli: missing data", ["--data-dir", missing], "--data-dir")
    command("cli: unknown command", ["deeper"], "deeper")


def main() -> int:
    verbose = "-v" in sys.argv
    import tensorflow  # noqa: F401 - imported first, so that no case pays for it

    register_cases()
    chosen = [sys.argv[i + 1] for i, word in enumerate(sys.argv[:-1]) if word == "-k"]
    if chosen:
        CASES[:] = [case for case in CASES if any(text in case[0] for text in chosen)]
    counts = {"good": 0, "unclear": 0, "bad": 0}
    for label, call, argument, accept in CASES:
        if isinstance(call, tuple):
            verdict, note = run_command(call[1], call[2], argument, accept)
        else:
            verdict, note = run_case(call, argument, accept)
        counts[verdict] += 1
        if verbose or verdict != "good":
            print(f"{verdict:<8} {label}: {note}")
        else:
            print(f"{verdict:<8} {label}")
    print(f"\n{len(CASES)} cases: " + ", ".join(f"{n} {v}" for v, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
