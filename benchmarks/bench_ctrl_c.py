"""Time how long a long ``train`` takes to stop after Ctrl-C, as a reader would press it.

Run by hand: ``MNIST_TUTORIAL_DATA=../shared/mnist python benchmarks/bench_ctrl_c.py``.

Each run starts ``python -m mnist_tutorial --steps 150000`` (15 million images, about
half a minute of training here) in a fresh process, waits until it says it is training
and then ``--wait`` seconds more, sends SIGINT (what Ctrl-C sends) to its pid and
measures two times: until the program says it stopped (training has ended, the steps
kept), and until the process has ended (Python and TensorFlow shut down too). It checks
that the program exited with status 130 and said how many steps it kept. It prints every
run and the medians.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time

COMMAND = [sys.executable, "-m", "mnist_tutorial", "--steps", "150000"]


def one_run(wait: float) -> tuple[float, float]:
    """Press Ctrl-C after ``wait`` seconds of training; return the delays to message and exit."""
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    process = subprocess.Popen(
        COMMAND, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
    )
    try:
        for line in process.stdout:
            if line.startswith("Training softmax regression"):
                break
        time.sleep(wait)
        pressed = time.perf_counter()
        process.send_signal(signal.SIGINT)
        stderr, said = "", float("nan")
        for line in process.stderr:  # TensorFlow's start-up lines come first
            stderr += line
            if "interrupted" in line:
                said = time.perf_counter() - pressed
                break
        stderr += process.communicate(timeout=120)[1]
        ended = time.perf_counter() - pressed
    finally:
        process.kill()  # by its pid, if it is still running
        process.wait()
    if process.returncode != 130 or "train stopped after" not in stderr:
        raise SystemExit(f"unexpected end: status {process.returncode}\n{stderr[-2000:]}")
    return said, ended


def main() -> None:
    """Run ``--repeats`` times and print each delay and their median."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--wait", type=float, default=3.0, help="seconds of training first")
    arguments = parser.parse_args()
    delays = [one_run(arguments.wait) for _ in range(arguments.repeats)]
    for index, what in enumerate(["to the message", "to the end of the process"]):
        runs = " ".join(f"{delay[index]:.2f}" for delay in delays)
        median = statistics.median(delay[index] for delay in delays)
        print(f"Ctrl-C {what}: median {median:.2f} s (runs: {runs})")


if __name__ == "__main__":
    main()
