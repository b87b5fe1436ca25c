"""Time the blog's TensorFlow 1 program against ``mt.train`` and ``mt.train_seeds``.

Run by hand: ``MNIST_TUTORIAL_DATA=../shared/mnist python benchmarks/bench_training.py``.

Four measurements, each in a fresh Python process, so that nothing traced or
compiled is shared, as a reader running the tutorial would meet them:

(a) the blog's TF1 program through ``tf.compat.v1``: build the graph, 1000 steps of
    100 images, its test accuracy (the program computes it, so the others do too);
(b) ``mt.train`` with the blog's settings, then ``mt.accuracy`` on the test set;
(c) the TF1 program ten times, with the batch seeds 0-9;
(d) ``mt.train_seeds`` over the seeds 0-9, then each model's test accuracy.

Each time includes building, tracing and compiling graphs, but not starting Python,
importing TensorFlow or loading MNIST, which cost the same for all four. The machine
is shared, so the four are run in turn ``--repeats`` times and each keeps its best
(least disturbed) time; both ratios come from the same run, from the best times
and, as a check on a busy machine, from the medians.
"""

import argparse
import os
import statistics
import subprocess
import sys

SETUP = """
import time
import mnist_tutorial as mt
from mnist_tutorial.tf1_blog import run_blog_program
mnist = mt.load_mnist()
seeds = range(10)
start = time.perf_counter()
"""

PROGRAMS = {
    "(a) TF1 program, 1000 steps + accuracy": "run_blog_program(mnist)",
    "(b) mt.train, 1000 steps + accuracy": (
        "model = mt.LinearSoftmax()\nmt.train(model, mnist.train)\nmt.accuracy(model, mnist.test)"
    ),
    "(c) TF1 program, 10 seeds": (
        "for seed in seeds:\n"
        "    run_blog_program(mt.MNIST(mnist.train.reseeded(seed), mnist.validation, mnist.test))"
    ),
    "(d) mt.train_seeds, 10 seeds + accuracies": (
        "for model in mt.train_seeds(mnist.train, seeds):\n    mt.accuracy(model, mnist.test)"
    ),
}


def time_in_fresh_process(program: str) -> float:
    """Seconds ``program`` takes in a new Python process, after imports and loading."""
    code = SETUP + program + "\nprint(time.perf_counter() - start)\n"
    result = subprocess.run(
        [sys.executable, "-c", code], env=os.environ, capture_output=True, text=True, check=True
    )
    return float(result.stdout.split()[-1])


def main(argv: list[str] | None = None) -> None:
    """Print the best time of each measurement and the two speed-ups."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="fresh processes per measurement")
    repeats = parser.parse_args(argv).repeats
    times: dict[str, list[float]] = {name: [] for name in PROGRAMS}
    for _ in range(repeats):  # in turn, so that a busy spell slows all four alike
        for name, program in PROGRAMS.items():
            times[name].append(time_in_fresh_process(program))
    best = [min(values) for values in times.values()]
    middle = [statistics.median(values) for values in times.values()]
    for (name, values), fastest in zip(times.items(), best, strict=True):
        print(f"{name:45s} best {fastest:5.2f} s   all: {' '.join(f'{v:.2f}' for v in values)}")
    print(
        f"mt.train is {best[0] / best[1]:.1f}x as fast as the TF1 program "
        f"(medians: {middle[0] / middle[1]:.1f}x)"
    )
    print(
        f"mt.train_seeds is {best[2] / best[3]:.1f}x as fast as 10 runs of the TF1 program "
        f"(medians: {middle[2] / middle[3]:.1f}x)"
    )


if __name__ == "__main__":
    main()
