"""Time loading MNIST cold (empty cache: decompress and verify) and warm (decoded cache).

Run by hand: ``MNIST_TUTORIAL_DATA=../shared/mnist python benchmarks/bench_loading.py``.
Each measurement runs in a fresh process, so nothing is shared in memory; the import of the
package is excluded from the times.
"""

import os
import subprocess
import sys
import tempfile

MEASURE = """
import time
import mnist_tutorial.data as data
start = time.perf_counter()
data.load_mnist()
print(time.perf_counter() - start)
"""


def time_load(cache: str) -> float:
    """Seconds one fresh process takes for load_mnist() with the given cache folder."""
    environment = {**os.environ, "MNIST_TUTORIAL_CACHE": cache}
    result = subprocess.run(
        [sys.executable, "-c", MEASURE],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout)


def main(repeats: int = 3) -> None:
    """Print cold and warm load times, best of ``repeats``."""
    cold, warm = [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(time_load(cache))
            warm.append(time_load(cache))
    print(f"cold load (decompress + SHA-256 + decode): best {min(cold):.2f} s of {cold}")
    print(f"warm load (cached decoded arrays):          best {min(warm):.2f} s of {warm}")


if __name__ == "__main__":
    main()
