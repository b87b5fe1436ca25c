"""Tests of the command line, ``python -m mnist_tutorial``."""

import contextlib
import io
import os
import re
import subprocess
import sys
import types

import numpy as np
import pytest

import mnist_tutorial as mt
from mnist_tutorial.__main__ import main

#: What TensorFlow's C++ runtime writes to stderr while it starts, before any setting applies.
TENSORFLOW_START = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|[IWE]\d{4} .*|To enable the following instructions: .*)$"
)


def run_main(argv: list[str]) -> str:
    """What ``main(argv)`` prints, after checking it returns 0."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert main(argv) == 0
    return output.getvalue()


@pytest.fixture(scope="module")
def report() -> str:
    """The output of a short run of the blog's experiment with seed 3."""
    return run_main(["--steps", "30", "--seed", "3"])


def table_rows(text: str, title: str, n_rows: int) -> list[list[str]]:
    """The rows (split into words) of the table under the line starting with ``title``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    return [line.split() for line in lines[start + 2 : start + 2 + n_rows]]


def test_prints_the_shapes_of_the_three_splits(report):
    """The report starts with the images and labels shape of train, validation and test."""
    rows = table_rows(report, "MNIST splits", 3)
    assert [row[:5] for row in rows] == [
        ["train", "(55000,", "784)", "(55000,", "10)"],
        ["validation", "(5000,", "784)", "(5000,", "10)"],
        ["test", "(10000,", "784)", "(10000,", "10)"],
    ]


def test_prints_the_examples_per_digit(report):
    """Each split's row ends with its number of images of each digit 0-9."""
    mnist = mt.load_mnist()
    rows = table_rows(report, "MNIST splits", 3)
    for row, split in zip(rows, mnist, strict=True):
        assert [int(count) for count in row[5:]] == np.bincount(split.digits).tolist()


def test_prints_the_test_accuracy_with_its_seed(report):
    """The accuracy line gives the percentage and the seed used."""
    mnist = mt.load_mnist(seed=3)
    model = mt.LinearSoftmax()
    mt.train(model, mnist.train, steps=30)
    expected = f"Test accuracy: {mt.accuracy(model, mnist.test):.2%} (seed 3)"
    assert expected in report.splitlines()


def test_prints_the_errors_per_digit(report):
    """The errors per digit add up to the errors that the accuracy implies."""
    rows = table_rows(report, "Errors per digit", 11)
    errors = [int(row[1]) for row in rows[:10]]
    totals = [int(row[2]) for row in rows[:10]]
    accuracy = float(re.search(r"Test accuracy: ([\d.]+)%", report).group(1)) / 100
    assert rows[10][:3] == ["all", str(sum(errors)), "10000"]
    assert totals == np.bincount(mt.load_mnist().test.digits).tolist()
    assert sum(errors) == round((1 - accuracy) * 10000)


def test_blog_command_is_the_default():
    """``blog --seed 3 --steps 30`` prints what the same options without a command print."""
    assert run_main(["blog", "--steps", "30", "--seed", "3"]) == run_main(
        ["--steps", "30", "--seed", "3"]
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--steps", "0"], "argument --steps: must be at least 1"),
        (["--learning-rate", "-1"], "argument --learning-rate: must be a finite number above"),
        (["--steps", "100", "--batch-size", "56000"], "--batch-size must be from 1 to 55000"),
        (["--steps", "many"], "argument --steps: must be an integer"),
        (["--seed", "-1"], "argument --seed: must be at least 0"),
        (["--steps", str(10**10)], "--steps * --batch-size must be at most 20,000,000"),
        (["deep", "--epochs", "0"], "argument --epochs: must be at least 1"),
        (
            ["--learning-rate", "nan"],
            "argument --learning-rate: must be a finite number above zero; got nan",
        ),
        (
            ["--learning-rate", "inf"],
            "argument --learning-rate: must be a finite number above zero; got inf",
        ),
        (["--batch-size", "0"], "argument --batch-size: must be at least 1; got 0"),
        (["blog", "--seed", "-1"], "argument --seed: must be at least 0; got -1"),
        (["blog", "--learning-rate", "nan"], "argument --learning-rate: must be a finite"),
        (["deep", "--seed", "-1"], "argument --seed: must be at least 0; got -1"),
        (["deep", "--learning-rate", "inf"], "argument --learning-rate: must be a finite"),
        (["deep", "--batch-size", "0"], "argument --batch-size: must be at least 1; got 0"),
        (["deep", "--max-examples", "0"], "argument --max-examples: must be at least 1; got 0"),
        (["unknown"], "invalid choice"),
    ],
)
def test_bad_options_exit_with_a_message(argv, message, capsys):
    """A bad option exits with status 2 and says what is wrong, before printing anything."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    captured = capsys.readouterr()
    assert exit_info.value.code == 2
    assert message in captured.err
    assert captured.out == ""


def test_help_lists_the_options_and_commands(capsys):
    """``--help`` names the blog's options and the blog command."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    help_text = capsys.readouterr().out
    assert exit_info.value.code == 0
    for option in ("--seed", "--steps", "--batch-size", "--learning-rate", "--data-dir", "blog"):
        assert option in help_text


@pytest.mark.slow  # a fresh process that imports TensorFlow
def test_module_runs_from_the_command_line():
    """``python -m mnist_tutorial`` runs in a fresh process and prints only its report."""
    result = subprocess.run(
        [sys.executable, "-W", "error", "-m", "mnist_tutorial", "--steps", "5", "--seed", "1"],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Test accuracy:" in result.stdout and "(seed 1)" in result.stdout
    ours = [line for line in result.stderr.splitlines() if not TENSORFLOW_START.match(line)]
    assert ours == []


def run_cli(*arguments: str, program: str = "-m", **options) -> subprocess.CompletedProcess:
    """Run the command line in a fresh Python, bounded in time."""
    command = [sys.executable, "-m", "mnist_tutorial"] if program == "-m" else [program]
    return subprocess.run(
        [*command, *arguments],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
        **options,
    )


def assert_main_imports_none_of(modules: tuple[str, ...], calls: str) -> None:
    """Run ``calls`` (lines that call ``main``) in a fresh Python; none of ``modules`` loads."""
    absent = [
        f"assert {module!r} not in sys.modules, '{module} was imported'" for module in modules
    ]
    check = "\n".join(["import sys; from mnist_tutorial.__main__ import main", calls, *absent])
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, env=os.environ, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_help_answers_without_importing_tensorflow():
    """--help and argument errors need no TensorFlow (nor NumPy), so they answer at once."""
    assert_main_imports_none_of(
        ("tensorflow", "numpy"),
        "for argv in (['--help'], ['--seed', '-1'], ['deep', '--help']):\n"
        "    try: main(argv)\n"
        "    except SystemExit: pass",
    )


def test_console_script_names_itself(tmp_path):
    """Run as ``mnist-tutorial``, the usage line says ``usage: mnist-tutorial``."""
    script = tmp_path / "mnist-tutorial"
    script.write_text(
        f"#!{sys.executable}\nfrom mnist_tutorial.__main__ import main\nraise SystemExit(main())\n"
    )
    script.chmod(0o755)
    result = run_cli("--help", program=str(script))
    assert result.returncode == 0 and result.stdout.startswith("usage: mnist-tutorial ")


def test_a_missing_data_folder_names_the_option(tmp_path, capsys):
    """An error about the data folder names --data-dir, the option the user typed."""
    with pytest.raises(SystemExit):
        main(["--data-dir", str(tmp_path / "missing")])
    error = capsys.readouterr().err
    assert "--data-dir" in error and "data_dir" not in error


def test_impossible_work_is_refused_before_the_data_is_loaded(monkeypatch, capsys):
    """--steps too large for memory fails at once, without reading or downloading MNIST."""

    def no_load(*arguments, **options):
        raise AssertionError("load_mnist was called")

    monkeypatch.setattr(mt, "load_mnist", no_load)
    with pytest.raises(SystemExit):
        main(["--steps", str(10**10)])
    assert "--steps * --batch-size must be at most" in capsys.readouterr().err


def test_impossible_deep_training_is_refused_before_the_data_is_loaded(mnist, monkeypatch, capsys):
    """deep --epochs too large for memory fails at once, counting the real training split."""

    def no_load(*arguments, **options):
        raise AssertionError("load_mnist was called")

    monkeypatch.setattr(mt, "load_mnist", no_load)
    with pytest.raises(SystemExit):
        main(["deep", "--epochs", str(10**9)])
    expected = f"--epochs=1000000000 of {mnist.train.num_examples:,d} images would draw"
    assert expected in capsys.readouterr().err


def test_the_no_network_message_names_the_option_once(monkeypatch, capsys):
    """Without data or network, the error names --data-dir once, in the CLI's words."""

    def offline(*arguments, **options):
        raise mt.MNISTFileError(
            "Connect to the internet (or pass data_dir, --data-dir on the command line)."
        )

    monkeypatch.setattr(mt, "load_mnist", offline)
    with pytest.raises(SystemExit):
        main([])
    error = capsys.readouterr().err
    assert "(or pass --data-dir)" in error and "data_dir" not in error


@pytest.mark.slow  # a fresh process that imports TensorFlow
def test_ctrl_c_exits_with_130_saying_how_far_training_got(monkeypatch, capsys):
    """Ctrl-C during a command gives status 130 and train's message, not a traceback."""

    def interrupted(arguments):
        raise KeyboardInterrupt("train stopped after 2,000 of 150,000 steps")

    monkeypatch.setattr(sys.modules["mnist_tutorial.__main__"], "run_blog_experiment", interrupted)
    assert main(["--steps", "150000"]) == 130
    assert "interrupted. train stopped after 2,000 of 150,000 steps" in capsys.readouterr().err


def test_output_cut_short_by_head_ends_quietly():
    """``python -m mnist_tutorial | head -1`` ends without a BrokenPipeError traceback."""
    reader = subprocess.Popen(
        [sys.executable, "-m", "mnist_tutorial", "--steps", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ,
    )
    reader.stdout.readline()
    reader.stdout.close()  # as head does after its line
    _, stderr = reader.communicate(timeout=120)
    assert "Traceback" not in stderr.decode() and "BrokenPipeError" not in stderr.decode()


def test_deep_command_keeps_the_functions_defaults_unless_told(monkeypatch, capsys):
    """``deep`` passes train_deep_network only the options given, so its defaults rule."""
    calls = []

    class Network:
        def count_params(self):
            return 1

    def train_deep_network(network, dataset, **settings):
        calls.append(settings)
        return types.SimpleNamespace(n_examples=dataset.num_examples, n_steps=1, seconds=0.0)

    monkeypatch.setattr(mt, "build_deep_network", lambda seed: Network())
    monkeypatch.setattr(mt, "train_deep_network", train_deep_network)
    monkeypatch.setattr(mt, "predict_digits", lambda network, images: np.zeros(len(images)))
    assert main(["deep", "--quiet"]) == 0
    assert main(["deep", "--epochs", "2", "--quiet"]) == 0
    given = [set(call) - {"validation", "seed", "progress"} for call in calls]
    assert given == [set(), {"epochs"}]
    assert calls[1]["epochs"] == 2 and "Test accuracy" in capsys.readouterr().out


def _fake_deep_run(monkeypatch) -> list[dict]:
    """Replace the deep network's loading, building and training; return the calls seen."""
    calls = []

    class Network:
        def count_params(self):
            return 1

    def load_mnist(data_dir=None, **options):
        calls.append({"data_dir": data_dir})
        return types.SimpleNamespace(
            train=types.SimpleNamespace(num_examples=55_000),
            validation=None,
            test=mt.DataSet(np.zeros((2, 784), np.float32), [0, 1]),
        )

    def train_deep_network(network, dataset, **settings):
        calls.append(settings)
        return types.SimpleNamespace(n_examples=dataset.num_examples, n_steps=1, seconds=0.0)

    monkeypatch.setattr(mt, "load_mnist", load_mnist)
    monkeypatch.setattr(
        mt, "build_deep_network", lambda seed: calls.append({"built": seed}) or Network()
    )
    monkeypatch.setattr(mt, "train_deep_network", train_deep_network)
    monkeypatch.setattr(mt, "predict_digits", lambda network, images: np.zeros(len(images)))
    return calls


def test_seed_and_data_dir_before_deep_apply_to_it(monkeypatch, tmp_path):
    """``--seed 5 --data-dir D deep`` trains with seed 5 on D, not with the defaults."""
    calls = _fake_deep_run(monkeypatch)
    assert main(["--seed", "5", "--data-dir", str(tmp_path), "deep", "--quiet"]) == 0
    assert calls[0] == {"data_dir": str(tmp_path)} and calls[1] == {"built": 5}
    assert calls[2]["seed"] == 5


@pytest.mark.parametrize(
    ("option", "value", "instead"),
    [
        ("--steps", "5", "--epochs"),
        ("--batch-size", "5", "--batch-size"),
        ("--learning-rate", "0.1", "--learning-rate"),
    ],
)
def test_blog_options_before_deep_are_refused(option, value, instead, capsys):
    """The blog's options given before ``deep`` are refused, naming what deep takes instead."""
    with pytest.raises(SystemExit):
        main([option, value, "deep"])
    error = capsys.readouterr().err
    assert f"{option} before 'deep' is the blog experiment's option" in error
    assert f"deep {instead} N" in error


def test_deep_refusals_answer_without_importing_tensorflow(tmp_path):
    """Too many epochs or examples, a float32-overflowing rate, a missing folder: no TensorFlow."""
    assert_main_imports_none_of(
        ("tensorflow",),
        f"for argv in (['deep', '--epochs', '100000000'], ['deep', '--max-examples', "
        f"'100000'], ['deep', '--learning-rate', '1e39'], "
        f"['deep', '--data-dir', {str(tmp_path / 'missing')!r}]):\n"
        "    try: main(argv)\n"
        "    except SystemExit as exit: assert exit.code == 2, argv\n"
        "    else: raise AssertionError(argv)",
    )


@pytest.mark.parametrize(
    ("argv", "advice"),
    [
        (["--steps", str(10**10)], "Use fewer --steps or a smaller --batch-size."),
        (["deep", "--epochs", str(10**9)], "Or train on fewer images, with --max-examples."),
    ],
)
def test_too_much_work_gets_command_line_advice(argv, advice, capsys):
    """The advice is an option to change, not a library call to make again."""
    with pytest.raises(SystemExit):
        main(argv)
    error = capsys.readouterr().err
    assert advice in error and "call" not in error


def test_a_seed_beyond_64_bits_is_refused_by_the_parser(capsys):
    """A seed TensorFlow cannot hold is refused by name, not by a TensorFlow error later."""
    with pytest.raises(SystemExit):
        main(["deep", "--seed", str(2**64)])
    assert "argument --seed: must be at most 9223372036854775807" in capsys.readouterr().err


def test_the_command_lines_largest_seed_is_the_librarys():
    """The parser's bound on --seed, kept apart to answer without NumPy, is the library's."""
    from mnist_tutorial import __main__, _checks

    assert __main__.MAX_SEED == _checks.MAX_SEED


def test_the_command_lines_training_split_is_load_mnists(mnist):
    """The bound on --batch-size and --max-examples, known before loading, is the real split's."""
    from mnist_tutorial import __main__

    assert __main__.TRAINING_IMAGES == mnist.train.num_examples
