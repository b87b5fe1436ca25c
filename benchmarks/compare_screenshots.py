"""Screenshots of two built sites, page by page, in seven states: which differ, pixel for pixel.

Run by hand when the build changes what pages load but should not change what they
show (docs/_ext/unused_css.py cuts the theme's style sheet; docs/_ext/icon_font.py its
fonts): build the site before and after, then::

    python benchmarks/compare_screenshots.py SITE_BEFORE SITE_AFTER [--out FOLDER]

Each site is served on 127.0.0.1; Debian's chromium (Playwright) takes a full-page
screenshot of each page of PAGES in each state of STATES (light and dark at 1440 px,
light and dark on a 390 px phone, the phone's menu open, the search dialog open, 1000 px).
Pairs that differ are saved to ``--out`` and listed; the last line gives their number.
"""

import argparse
import functools
import http.server
import io
import threading
from pathlib import Path

from PIL import Image, ImageChops
from playwright.sync_api import sync_playwright

PAGES = (
    "index.html",
    "auto_examples/lesson_one/plot_01_the_data.html",
    "auto_examples/lesson_one/plot_03_training.html",
    "auto_examples/lesson_one/plot_04_what_the_model_learned.html",
    "auto_examples/lesson_one/plot_05_draw_a_digit.html",
    "auto_examples/index.html",
    "api.html",
    "api/generated/mnist_tutorial.train.html",
    "api/generated/mnist_tutorial.WorkerJob.html",
    "_modules/mnist_tutorial/model.html",
    "search.html?q=softmax",
    "genindex.html",
    "cli.html",
    "changelog.html",
    "conventions.html",
    "glossary.html",
)
LAPTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
#: name: (viewport, dark theme, what to do once the page is loaded)
STATES = {
    "light": (LAPTOP, False, None),
    "dark": (LAPTOP, True, None),
    "phone": (PHONE, False, None),
    "phone-dark": (PHONE, True, None),
    "phone-menu": (PHONE, False, "menu"),
    "search": (LAPTOP, False, "search"),
    "narrow": ({"width": 1000, "height": 800}, False, None),
}
CHROMIUM = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    """Serve ``folder`` on a free port of 127.0.0.1 from a background thread."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def screenshot(page, url: str, dark: bool, action: str | None) -> Image.Image:
    """The whole page at ``url`` once loaded, in the given theme, after ``action``."""
    page.goto(url, wait_until="networkidle")
    page.evaluate("async () => { await document.fonts.ready; }")
    if dark:
        page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
    if action == "menu":
        page.locator(".primary-toggle").first.click()
    elif action == "search":
        page.keyboard.press("Control+k")
    page.wait_for_timeout(600)
    return Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")


def main() -> None:
    """Compare the two sites' screenshots and list the pairs that differ."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--out", type=Path, default=Path("screenshot-differences"))
    arguments = parser.parse_args()
    servers = [serve(arguments.before), serve(arguments.after)]
    differences = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM)
        for state, (viewport, dark, action) in STATES.items():
            page = browser.new_page(viewport=viewport)
            for path in PAGES:
                before, after = (
                    screenshot(page, f"http://127.0.0.1:{s.server_port}/{path}", dark, action)
                    for s in servers
                )
                same_size = before.size == after.size
                if same_size and not ImageChops.difference(before, after).getbbox():
                    continue
                differences += 1
                arguments.out.mkdir(parents=True, exist_ok=True)
                name = f"{state}_{path.replace('/', '_').replace('?', '_')}"
                before.save(arguments.out / f"{name}_before.png")
                after.save(arguments.out / f"{name}_after.png")
                print(f"differs: {state} {path}")
            page.close()
        browser.close()
    for server in servers:
        server.shutdown()
    print(f"{differences} of {len(STATES) * len(PAGES)} screenshots differ")


if __name__ == "__main__":
    main()
