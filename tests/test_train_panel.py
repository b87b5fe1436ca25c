"""The "train it here" panel in headless Chromium: its data, its exactness, its address.

The panel (docs/_static/train_panel.js) trains the lesson's model in the browser on
a subset of MNIST that the build ships (docs/_ext/train_panel.py). On the same
batches its weights must be those of ``mt.train``. Serves ``docs/_build/html`` on
127.0.0.1 to Chromium (both set up in tests/conftest.py); build the site first.
Outside CI the tests skip when the site, Chromium or Playwright is missing; with
``$CI`` set they fail instead.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import train_panel  # noqa: E402

import mnist_tutorial as mt  # noqa: E402

#: The page that holds the panel.
PAGE = "auto_examples/lesson_one/plot_03_training.html"
#: The largest difference allowed between the panel's weights and mt.train's.
TOLERANCE = 1e-4

# Runs in the page: train, and hand back plain arrays.
TRAIN_SCRIPT = """async options => {
    const result = await window.mnistTutorial.train(options);
    return {weights: Array.from(result.weights), bias: Array.from(result.bias),
            loss: Array.from(result.loss), testAccuracy: result.testAccuracy};
}"""
# Runs in the page: the SHA-256 and length of each array of trainingData().
DATA_DIGESTS_SCRIPT = """async () => {
    const data = await window.mnistTutorial.trainingData();
    const digests = {};
    for (const [name, array] of Object.entries(data)) {
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", array));
        digests[name] = [array.constructor.name, array.length,
                         Array.from(digest, byte => byte.toString(16).padStart(2, "0")).join("")];
    }
    return digests;
}"""


@pytest.fixture(scope="module")
def page_url(site_url):
    """The address of the page with the panel, on the site's local server."""
    return site_url + PAGE


@pytest.fixture()
def page(browser, page_url):
    """A fresh tab on the panel's page; its requests are listed in ``page.requested``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.requested = []
    tab.on("request", lambda request: tab.requested.append(request.url))
    tab.goto(page_url, wait_until="load")
    tab.wait_for_load_state("networkidle")
    yield tab
    context.close()


@pytest.fixture(scope="module")
def shipped():
    """The subset the panel should ship: the first images of load_mnist's train and test."""
    mnist = mt.load_mnist()
    n_train, n_test = train_panel.TRAIN_IMAGES, train_panel.TEST_IMAGES
    return {
        "trainImages": mnist.train.pixels[:n_train],
        "trainDigits": mnist.train.digits[:n_train].astype(np.uint8),
        "testImages": mnist.test.pixels[:n_test],
        "testDigits": mnist.test.digits[:n_test].astype(np.uint8),
    }


def test_subset_is_at_least_the_promised_size():
    """The panel ships at least 5,000 training and 1,000 test images."""
    assert train_panel.TRAIN_IMAGES >= 5_000 and train_panel.TEST_IMAGES >= 1_000


def test_training_data_is_the_subset_of_load_mnist(page, shipped):
    """trainingData() gives the first images and digits of load_mnist's train and test, 8-bit."""
    digests = page.evaluate(DATA_DIGESTS_SCRIPT)
    for name, array in shipped.items():
        expected = ["Uint8Array", array.size, hashlib.sha256(array.tobytes()).hexdigest()]
        assert digests[name] == expected, name


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_panel_trains_as_mt_train_on_the_same_batches(page, shipped, loss):
    """On the batches mt.train draws, the panel's weights, bias and losses are mt.train's."""
    images = shipped["trainImages"] * np.float32(1 / 255)
    split = mt.DataSet(images, shipped["trainDigits"], seed=3)
    batches = mt.DataSet(images, shipped["trainDigits"], seed=3).batch_indices(150, 100)
    model = mt.LinearSoftmax()
    history = mt.train(model, split, steps=150, batch_size=100, learning_rate=0.5, loss=loss)
    options = {"learningRate": 0.5, "loss": loss, "batches": batches.tolist()}
    panel = page.evaluate(TRAIN_SCRIPT, options)
    weights = np.array(panel["weights"], dtype=np.float32).reshape(784, 10)
    assert np.abs(weights - model.weights).max() < TOLERANCE
    assert np.abs(np.array(panel["bias"]) - model.bias).max() < TOLERANCE
    assert np.abs(np.array(panel["loss"]) - history.loss).max() < TOLERANCE
    test = mt.DataSet(shipped["testImages"] * np.float32(1 / 255), shipped["testDigits"])
    assert abs(panel["testAccuracy"] - mt.accuracy(model, test)) <= 2 / train_panel.TEST_IMAGES


def test_seeded_draw_repeats_and_seeds_differ(page):
    """The same seed gives the same weights; another seed other batches, other weights."""
    runs = [page.evaluate(TRAIN_SCRIPT, {"steps": 20, "seed": seed}) for seed in (1, 1, 2)]
    assert runs[0]["weights"] == runs[1]["weights"]
    assert runs[0]["weights"] != runs[2]["weights"]


def test_address_sets_the_settings_and_follows_them(browser, page_url):
    """?learning_rate=5&... fills the form; changing a field writes it into the address."""
    context = browser.new_context()
    tab = context.new_page()
    query = "learning_rate=5&batch_size=50&steps=30&loss=mse&start=random&seed=7"
    tab.goto(f"{page_url}?{query}", wait_until="load")
    form = tab.locator(".train-panel form")
    shown = {
        name: form.locator(f"[name={name}]").input_value()
        for name in ("learning_rate", "batch_size", "steps", "loss", "start", "seed")
    }
    assert shown == {
        "learning_rate": "5",
        "batch_size": "50",
        "steps": "30",
        "loss": "mse",
        "start": "random",
        "seed": "7",
    }
    form.locator("[name=steps]").fill("40")
    form.locator("[name=steps]").dispatch_event("change")
    assert "steps=40" in urlsplit(tab.url).query
    context.close()


def test_no_data_before_train_then_results(page):
    """Opening the page fetches nothing of the panel's data; Train fetches it and shows results."""
    host = urlsplit(page.url).hostname
    assert not [url for url in page.requested if "train_panel/" in url]
    page.locator(".train-panel [name=steps]").fill("50")
    page.locator(".train-panel-button").press("Enter")
    page.wait_for_function(
        "document.querySelector('.train-panel-result').textContent.startsWith('Done')"
    )
    assert [url for url in page.requested if url.endswith("train_panel/train.gz")]
    assert all(urlsplit(url).hostname == host for url in page.requested if url.startswith("http"))
    assert "test accuracy" in page.locator(".train-panel-result").text_content()
    assert page.locator(".train-panel-errors tbody tr").count() == 10
