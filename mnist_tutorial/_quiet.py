"""Keep TensorFlow's start-up log lines, which no environment variable silences, off the screen."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile

# Lines TensorFlow's C++ runtime writes to file descriptor 2 while it starts, before its own
# log level (TF_CPP_MIN_LOG_LEVEL) takes effect: absl's notice, information lines ("I0000 ..."),
# and, on machines without a GPU, the failed CUDA probe. Anything else is passed through.
_STARTUP_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|[IW]\d{4} .*"
    r"|E\d{4} .*(cuInit|cuda_platform|cuda_dnn|cuda_blas|cuda_fft).*)$"
)


@contextlib.contextmanager
def startup_messages_filtered():
    """Capture what native code writes to stderr meanwhile, and re-emit all but start-up noise."""
    sys.stderr.flush()
    with tempfile.TemporaryFile(mode="w+b") as captured:
        saved = os.dup(2)
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            _replay(captured.read().decode(errors="replace"))


def _replay(text: str) -> None:
    """Write the captured lines that are not known start-up noise back to stderr."""
    kept = [line for line in text.splitlines() if line and not _STARTUP_NOISE.match(line)]
    if kept:
        sys.stderr.write("\n".join(kept) + "\n")
