"""Time ``mt.train`` against the blog's TF1 program and against what a TF2 user would write.

Run by hand: ``MNIST_TUTORIAL_DATA=../shared/mnist python benchmarks/bench_training.py``.

Five measurements, each in a fresh Python process, so that nothing traced or
compiled is shared, as a reader running the tutorial would meet them:

(a) the blog's TF1 program through ``tf.compat.v1`` (``mt.run_blog_program``): build
    the graph, 1000 steps of 100 images, its test accuracy;
(b) ``mt.train`` with the blog's settings, its first call in the process, then
    ``mt.accuracy`` on the test set;
(c) what a TF2 user would write instead: a Keras ``Dense(10)`` model, ``SGD(0.5)`` and
    ``model.fit`` on the same 1000 batches of 100, then its test accuracy;
(d) the TF1 program ten times, with the batch seeds 0-9;
(e) ``mt.train_seeds`` over the seeds 0-9, then each model's test accuracy.

Each time includes building, tracing and compiling graphs, but not starting Python,
importing TensorFlow and Keras or loading MNIST, which cost the same for all. The
machine may be shared, so the programs run in turn ``--repeats`` times (at least 5)
and the table gives each one's median.
"""

import argparse
import os
import statistics
import subprocess
import sys

SETUP = """
import time
import keras
import numpy as np
import tensorflow as tf
import mnist_tutorial as mt
mnist = mt.load_mnist()
seeds = range(10)
start = time.perf_counter()
"""

KERAS_FIT = """
batches = mnist.train.batch_indices(1000, 100).ravel()
model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, kernel_initializer="zeros")])
model.compile(optimizer=keras.optimizers.SGD(0.5),
              loss=keras.losses.CategoricalCrossentropy(from_logits=True))
model.fit(mnist.train.images[batches], mnist.train.labels[batches], batch_size=100, epochs=1,
          shuffle=False, verbose=0)
np.mean(np.argmax(model.predict(mnist.test.images, verbose=0), axis=1) == mnist.test.digits)
"""

PROGRAMS = {
    "tf1": ("(a) TF1 program, 1000 steps + accuracy", "mt.run_blog_program(mnist)"),
    "train": (
        "(b) mt.train, first call + accuracy",
        "model = mt.LinearSoftmax()\nmt.train(model, mnist.train)\nmt.accuracy(model, mnist.test)",
    ),
    "fit": ("(c) Keras Dense(10) + SGD(0.5) + fit", KERAS_FIT),
    "tf1_seeds": (
        "(d) TF1 program, 10 seeds",
        "for seed in seeds:\n"
        "    mt.run_blog_program(mt.MNIST(mnist.train.reseeded(seed), mnist.validation,"
        " mnist.test))",
    ),
    "seeds": (
        "(e) mt.train_seeds, 10 seeds + accuracies",
        "for model in mt.train_seeds(mnist.train, seeds):\n    mt.accuracy(model, mnist.test)",
    ),
}


def time_in_fresh_process(program: str) -> float:
    """Seconds ``program`` takes in a new Python process, after imports and loading."""
    code = SETUP + program + "\nprint(time.perf_counter() - start)\n"
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return float(result.stdout.split()[-1])


def main(argv: list[str] | None = None) -> None:
    """Print each program's median time, its runs, and the three ratios the issue targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="fresh processes per program")
    repeats = max(5, parser.parse_args(argv).repeats)
    times: dict[str, list[float]] = {key: [] for key in PROGRAMS}
    for _ in range(repeats):  # in turn, so that a busy spell slows all alike
        for key, (_, program) in PROGRAMS.items():
            times[key].append(time_in_fresh_process(program))
    median = {key: statistics.median(values) for key, values in times.items()}
    print(f"| {'program':44s} | median (s) | runs (s) |\n|{'-' * 46}|{'-' * 12}|{'-' * 10}|")
    for key, (name, _) in PROGRAMS.items():
        runs = " ".join(f"{value:.2f}" for value in times[key])
        print(f"| {name:44s} | {median[key]:10.2f} | {runs} |")
    print()
    print(f"mt.train / TF1 program:     {median['train'] / median['tf1']:.2f} (target <= 1.5)")
    print(f"model.fit / mt.train:       {median['fit'] / median['train']:.2f} (target >= 2)")
    print(f"10 TF1 runs / train_seeds:  {median['tf1_seeds'] / median['seeds']:.2f} (target >= 3)")


if __name__ == "__main__":
    main()
