"""The page "Draw a digit" and page 04's animation, in a real browser.

Serves ``docs/_build/html`` on 127.0.0.1 and drives Debian's Chromium through
Playwright (both set up in tests/conftest.py): the page's JavaScript model must
agree with the Python model built from the weights it loads, real mouse strokes
must change the input and the bars, and neither page may ask anything of another
host or log an error. Build the site first; without it the tests skip (under
``$CI`` they fail), as ``tests/test_site.py`` does.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
DRAW_PAGE = "auto_examples/lesson_one/plot_05_draw_a_digit.html"
ANIMATION_PAGE = "auto_examples/lesson_one/plot_04_what_the_model_learned.html"
#: The model the drawing page loads, in the built site.
MODEL_SCRIPT = "auto_examples/lesson_one/draw_digit_model.js"
#: Test images, beyond the ten the page exports, whose probabilities are compared.
MORE_TEST_IMAGES = [8, 18, 247, 1000, 4321, 9999]


class Visit:
    """A page opened in a fresh browser context, with what it logged and asked for."""

    def __init__(self, browser, url: str):
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context = browser.new_context(viewport={"width": 1440, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1":
            self.outside.append(url)
            route.abort()
        else:
            route.continue_()


@pytest.fixture
def visit(browser, site_url, built_site):
    """Open a page of the site by its path; close its context after the test."""
    opened = []

    def open_page(path: str) -> Visit:
        if not (built_site / path).is_file():
            pytest.fail(f"{path} is missing from the built site; was the gallery built?")
        opened.append(Visit(browser, site_url + path))
        return opened[-1]

    yield open_page
    for each in opened:
        each.context.close()


@pytest.fixture(scope="module")
def exported(built_site) -> dict:
    """The model the built page loads: weights, bias and test images from its build."""
    script = built_site / MODEL_SCRIPT
    if not script.is_file():
        pytest.fail(f"{script} is missing: the page's build did not ship its model")
    text = script.read_text(encoding="utf-8")
    prefix, suffix = "window.mnistTutorialModel = ", ";\n"
    assert text.startswith(prefix) and text.endswith(suffix)
    return json.loads(text[len(prefix) : -len(suffix)])


@pytest.fixture(scope="module")
def python_model(exported):
    """A LinearSoftmax holding the exported weights and bias."""
    import mnist_tutorial as mt

    model = mt.LinearSoftmax()
    model.W.assign(np.array(exported["weights"], dtype=np.float32))
    model.b.assign(np.array(exported["bias"], dtype=np.float32))
    return model


def _draw_page(visit) -> Visit:
    """Open the drawing page and bring the drawing area into view."""
    opened = visit(DRAW_PAGE)
    opened.page.locator(".mnist-draw-pad").scroll_into_view_if_needed()
    opened.page.wait_for_function("() => document.querySelector('.mnist-draw').dataset.predicted")
    return opened


def _stroke(page, points) -> None:
    """Draw one stroke with real mouse events through points given as fractions of the pad."""
    box = page.locator(".mnist-draw-pad").bounding_box()

    def at(point):
        return box["x"] + point[0] * box["width"], box["y"] + point[1] * box["height"]

    page.mouse.move(*at(points[0]))
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*at(point), steps=10)
    page.mouse.up()
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")


def _input_pixels(page) -> np.ndarray:
    """The 784 numbers the model receives now, as the page holds them."""
    return np.array(
        page.evaluate("() => document.querySelector('.mnist-draw').mnistDrawingArea.pixels")
    )


def _bar_widths(page) -> list[str]:
    """The width of each of the ten probability bars, as set in the page."""
    return page.eval_on_selector_all(
        ".mnist-draw-bar-fill", "bars => bars.map(bar => bar.style.width)"
    )


def test_the_page_classifies_test_images_as_the_python_model_does(
    visit, exported, python_model, mnist
):
    """classify() gives the Python model's probabilities to 1e-5, and its digit, for 16 images."""
    pixels = [np.array(example["pixels"], dtype=np.uint8) for example in exported["examples"]]
    pixels += [mnist.test.pixels[index] for index in MORE_TEST_IMAGES]
    images = np.array(pixels) * np.float32(1 / 255)
    opened = _draw_page(visit)
    in_page = np.array(
        opened.page.evaluate(
            "levels => levels.map(image => mnistTutorial.classify(image.map(v => v / 255)))",
            [image.tolist() for image in pixels],
        )
    )
    in_python = python_model.predict_proba(images)
    assert in_page.shape == (16, 10)
    np.testing.assert_allclose(in_page, in_python, rtol=0, atol=1e-5)
    assert np.array_equal(in_page.argmax(axis=1), python_model.predict(images))


def test_the_exported_examples_are_the_test_images_they_name(exported, mnist):
    """Each test image the page loads is the MNIST test image of that index and digit."""
    for example in exported["examples"]:
        assert np.array_equal(example["pixels"], mnist.test.pixels[example["index"]])
        assert example["digit"] == mnist.test.digits[example["index"]]
    assert sorted(example["digit"] for example in exported["examples"]) == list(range(10))


def test_a_test_image_button_loads_the_image_and_reads_it_out(visit, exported, python_model):
    """Clicking a test-image button puts that image in the input and announces its digit."""
    opened = _draw_page(visit)
    example = exported["examples"][3]
    opened.page.get_by_role("button", name=f"Load test image {example['index']}").click()
    image = np.array(example["pixels"]) / 255
    np.testing.assert_allclose(_input_pixels(opened.page), image, atol=1e-12)
    predicted = int(python_model.predict(image[None].astype(np.float32))[0])
    assert opened.page.locator(".mnist-draw").get_attribute("data-predicted") == str(predicted)
    readout = opened.page.locator(".mnist-draw-readout[aria-live='polite']").text_content()
    assert readout.startswith(f"The test image reads as {predicted} (")


def test_drawing_changes_the_input_and_the_bars(visit):
    """Mouse strokes put ink into the 28 x 28 input and move the probability bars."""
    opened = _draw_page(visit)
    before_pixels, before_bars = _input_pixels(opened.page), _bar_widths(opened.page)
    _stroke(opened.page, [(0.3, 0.3), (0.7, 0.3), (0.7, 0.7), (0.3, 0.7), (0.3, 0.3)])
    after_pixels, after_bars = _input_pixels(opened.page), _bar_widths(opened.page)
    assert before_pixels.sum() == 0
    assert after_pixels.sum() > 20
    assert after_bars != before_bars


def test_a_tall_vertical_stroke_in_the_middle_reads_as_a_one(visit):
    """A single stroke from top to bottom down the middle of the pad is read as a 1."""
    opened = _draw_page(visit)
    _stroke(opened.page, [(0.5, 0.12), (0.5, 0.88)])
    assert opened.page.locator(".mnist-draw").get_attribute("data-predicted") == "1"
    readout = opened.page.locator(".mnist-draw-readout").text_content()
    assert readout.startswith("Your drawing reads as 1 (")


def test_preprocessing_fits_a_small_corner_digit_into_20_pixels_and_centres_it(visit, exported):
    """Switched on, a small square drawn in a corner spans 20 pixels about MNIST's centre."""
    opened = _draw_page(visit)
    _stroke(opened.page, [(0.05, 0.05), (0.25, 0.05), (0.25, 0.25), (0.05, 0.25), (0.05, 0.05)])
    fitted = _input_pixels(opened.page).reshape(28, 28)
    opened.page.locator(".mnist-draw-preprocess").uncheck()
    plain = _input_pixels(opened.page).reshape(28, 28)
    rows, columns = np.nonzero(fitted)
    assert max(np.ptp(rows), np.ptp(columns)) + 1 == 20
    centre = (
        np.array(
            [
                (fitted.sum(axis=1) * np.arange(28)).sum(),
                (fitted.sum(axis=0) * np.arange(28)).sum(),
            ]
        )
        / fitted.sum()
    )
    assert np.abs(centre - exported["centre_of_mass"]).max() <= 0.5
    rows, columns = np.nonzero(plain)
    assert rows.max() < 10 and columns.max() < 10


def test_clear_empties_the_input(visit, exported):
    """Clear removes every stroke: the input is all zeros and the model sees only its bias."""
    opened = _draw_page(visit)
    _stroke(opened.page, [(0.5, 0.2), (0.5, 0.8)])
    opened.page.get_by_role("button", name="Clear").click()
    assert _input_pixels(opened.page).sum() == 0
    assert opened.page.locator(".mnist-draw").get_attribute("data-predicted") == str(
        int(np.argmax(exported["bias"]))
    )


def test_the_evidence_picture_sums_to_the_logit(visit, exported):
    """evidence(pixels, d) summed, plus b_d, equals logits(pixels)[d] for every digit."""
    opened = _draw_page(visit)
    pixels = (np.array(exported["examples"][5]["pixels"]) / 255).tolist()
    sums, logits = opened.page.evaluate(
        """pixels => [[...Array(10).keys()].map(d =>
               mnistTutorial.evidence(pixels, d).reduce((a, b) => a + b, 0)),
             mnistTutorial.logits(pixels)]""",
        pixels,
    )
    np.testing.assert_allclose(np.array(sums) + exported["bias"], logits, rtol=0, atol=1e-9)


def test_classify_rejects_a_wrong_number_of_pixels(visit):
    """classify() of 100 numbers throws an error that says 784 are needed."""
    opened = _draw_page(visit)
    message = opened.page.evaluate(
        "() => { try { mnistTutorial.classify(new Array(100).fill(0)); return null; }"
        " catch (error) { return error.message; } }"
    )
    assert message is not None and "784" in message and "got 100" in message


def test_the_drawing_page_stays_on_the_site_and_logs_no_error(visit):
    """After drawing and clearing, the page has asked no other host and logged no error."""
    opened = _draw_page(visit)
    _stroke(opened.page, [(0.3, 0.2), (0.7, 0.2), (0.4, 0.8)])
    opened.page.get_by_role("button", name="Clear").click()
    ARTIFACTS.mkdir(exist_ok=True)
    _stroke(opened.page, [(0.3, 0.25), (0.7, 0.25), (0.45, 0.85)])
    opened.page.locator(".mnist-draw").screenshot(path=str(ARTIFACTS / "draw_a_digit.png"))
    assert opened.outside == []
    assert opened.errors == []


def test_the_animation_page_has_working_controls(visit):
    """Page 04's animation has play, pause and step buttons, and stepping shows a new frame."""
    opened = visit(ANIMATION_PAGE)
    animation = opened.page.locator(".sphx-glr-animation")
    assert animation.count() == 1
    for title in ("Play", "Pause", "Next frame", "Previous frame", "First frame", "Last frame"):
        assert animation.locator(f"button[title='{title}']").count() == 1
    animation.scroll_into_view_if_needed()
    animation.locator("button[title='Pause']").click()
    animation.locator("button[title='First frame']").click()
    first = animation.locator("img").get_attribute("src")
    animation.locator("button[title='Next frame']").click()
    assert animation.locator("img").get_attribute("src") != first
    assert opened.outside == []
    assert opened.errors == []
