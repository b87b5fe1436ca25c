"""Lighthouse's mobile scores of the built site's landing page and lesson one's pages.

Serves an already built site on 127.0.0.1 with gzip, as a host serves it (Python's
``http.server`` sends everything uncompressed), runs Lighthouse on the landing page and
pages 01-07 with its defaults (a mid-range phone, simulated throttling), and prints,
for each page, the best of ``--runs`` runs: the performance, accessibility, best
practices and SEO scores and the first and largest contentful paint and total
blocking time. These are timings: they vary with the machine's load, so compare
tables measured on the same machine at the same time of day.

Install Lighthouse once, outside the package (Node 20)::

    npm i --prefix benchmarks -E lighthouse@12.2.3    # benchmarks/node_modules, ignored by git

then build the site and run::

    python -m sphinx -b html docs docs/_build/html
    python benchmarks/bench_pages.py docs/_build/html --runs 2

``--pages 04 landing`` measures only those pages, ``--lighthouse`` names another
lighthouse executable, ``--chrome`` the browser (default ``$CHROME_PATH`` or
``/usr/bin/chromium``), ``--reports`` a folder that keeps each run's JSON report (its
DOM size, bytes and main-thread time). With a Chromium much newer than Lighthouse
12.2.3 (Debian's 156), the audits that read the trace's frames (render-blocking
resources, the LCP element) report an error; the scores and timings are still computed.
"""

import argparse
import functools
import gzip
import http.server
import json
import mimetypes
import os
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
PAGES = {
    "landing": "index.html",
    "01": "auto_examples/lesson_one/plot_01_the_data.html",
    "02": "auto_examples/lesson_one/plot_02_softmax_and_cross_entropy.html",
    "03": "auto_examples/lesson_one/plot_03_training.html",
    "04": "auto_examples/lesson_one/plot_04_what_the_model_learned.html",
    "05": "auto_examples/lesson_one/plot_05_draw_a_digit.html",
    "06": "auto_examples/lesson_one/plot_06_which_digits_fail.html",
    "07": "auto_examples/lesson_one/plot_07_the_blogs_question.html",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
#: Content types a host compresses (images and fonts are compressed already).
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files from a folder, gzipping text to clients that accept it."""

    def send_head(self):
        """Send a text file's headers for its gzipped body; leave the rest to the base class."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # which redirects to the folder's "/"
            path = path / "index.html"
        content_type = mimetypes.guess_type(path.name)[0] or ""
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts_gzip and content_type.startswith(TEXT_TYPES)):
            return super().send_head()
        body = compressed(str(path), path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def log_message(self, format, *args):
        """Say nothing for each request."""


class _Body:
    """The file-like object send_head returns, for a body already in memory."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@functools.cache
def compressed(path: str, modified: float) -> bytes:
    """The file at ``path`` gzipped at level 6, as hosts do (cached per modification time)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    """Start serving ``site`` on a free port of 127.0.0.1 in a background thread."""
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_lighthouse(lighthouse: str, chrome: str, url: str) -> dict:
    """Run Lighthouse once on ``url`` (mobile, simulated throttling); return its report."""
    result = subprocess.run(
        [
            lighthouse,
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--chrome-flags=--headless --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": chrome},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def summary(report: dict) -> dict:
    """The four scores (0-100) and the three timings (seconds) of one report."""
    scores = {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}
    timings = {name: report["audits"][name]["numericValue"] / 1000 for name in METRICS}
    return scores | timings


def main(
    site: Path, runs: int, lighthouse: str, chrome: str, reports: Path | None, labels: list[str]
) -> None:
    """Print the best of ``runs`` Lighthouse runs for each page of ``labels``."""
    pages = {label: PAGES[label] for label in labels}
    missing = [path for path in pages.values() if not (site / path).is_file()]
    if missing:
        raise SystemExit(f"{site} is not a built site: it lacks {', '.join(missing)}")
    server = serve(site)
    port = server.server_address[1]
    print(f"{runs} run(s) per page, best performance kept; seconds")
    print("page     perf a11y b.p.  seo   FCP   LCP   TBT")
    try:
        for label, path in pages.items():
            results = []
            for run in range(runs):
                report = run_lighthouse(lighthouse, chrome, f"http://127.0.0.1:{port}/{path}")
                if reports:
                    reports.mkdir(parents=True, exist_ok=True)
                    (reports / f"{label}-{run + 1}.json").write_text(json.dumps(report))
                results.append(summary(report))
            best = max(results, key=lambda result: result["performance"])
            scores = " ".join(f"{best[name]:4d}" for name in CATEGORIES)
            timings = " ".join(f"{best[name]:5.2f}" for name in METRICS)
            print(f"{label:8} {scores} {timings}", flush=True)
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="folder of the built site")
    parser.add_argument("--runs", type=int, default=2, help="runs per page; the best is kept")
    parser.add_argument(
        "--lighthouse",
        default=str(HERE / "node_modules" / ".bin" / "lighthouse"),
        help="the lighthouse executable (default: benchmarks/node_modules/.bin/lighthouse)",
    )
    parser.add_argument(
        "--chrome",
        default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
        help="the browser Lighthouse drives (default: $CHROME_PATH or /usr/bin/chromium)",
    )
    parser.add_argument("--reports", type=Path, help="a folder to keep each run's JSON report")
    parser.add_argument(
        "--pages", nargs="+", choices=PAGES, default=list(PAGES), help="pages (default: all)"
    )
    arguments = parser.parse_args()
    main(
        arguments.site,
        arguments.runs,
        arguments.lighthouse,
        arguments.chrome,
        arguments.reports,
        arguments.pages,
    )
