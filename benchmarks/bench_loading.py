"""Time load_mnist in fresh processes: from a data folder, from the cache, and repeated.

Run by hand: ``MNIST_TUTORIAL_DATA=../shared/mnist python benchmarks/bench_loading.py``.
Each measurement runs in a fresh process, so nothing is shared in memory; the import of the
package is excluded from the times. Every load decompresses the four files and checks the
SHA-256 of their content (there is no decoded cache); a second load in the same process
reuses the verified arrays. Medians of ``--repeats`` processes are printed, as wall-clock
and CPU seconds (CPU time is steadier on a busy machine).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

MEASURE = """
import time
import mnist_tutorial.data as data
times = []
for _ in range(2):
    wall, cpu = time.perf_counter(), time.process_time()
    data.load_mnist()
    times += [time.perf_counter() - wall, time.process_time() - cpu]
print(*times)
"""


def time_loads(environment: dict[str, str]) -> list[float]:
    """Wall and CPU seconds of a first and a second load_mnist() in one fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(value) for value in result.stdout.split()]


def main(repeats: int) -> None:
    """Print the median times of ``repeats`` fresh processes for each way of loading."""
    folder = os.environ.get("MNIST_TUTORIAL_DATA")
    if not folder:
        sys.exit("Set MNIST_TUTORIAL_DATA to a folder holding the four MNIST .gz files.")
    with tempfile.TemporaryDirectory() as cache:
        for name in os.listdir(folder):
            shutil.copy(os.path.join(folder, name), cache)  # as fetch_mnist leaves them
        runs = {
            "data folder given": [time_loads({}) for _ in range(repeats)],
            "files in the cache": [
                time_loads({"MNIST_TUTORIAL_DATA": "", "MNIST_TUTORIAL_CACHE": cache})
                for _ in range(repeats)
            ],
        }
    print(f"medians of {repeats} fresh processes, seconds (wall / CPU)")
    for label, times in runs.items():
        first_wall, first_cpu, again_wall, again_cpu = (
            statistics.median(run[i] for run in times) for i in range(4)
        )
        print(f"  first load, {label:18}: {first_wall:.3f} / {first_cpu:.3f}")
        print(f"  second load, same process   : {again_wall:.3f} / {again_cpu:.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="fresh processes per case")
    main(parser.parse_args().repeats)
