"""
Inside the drawing area
=======================

See how the drawing area of lesson one gets its model: the weights written to
a file exactly, MNIST's preprocessing measured on the training images, and
the few JavaScript functions that read your drawing.

:Assumes: :ref:`sphx_glr_auto_examples_lesson_one_plot_05_draw_a_digit.py`;
    a little JSON.
"""

import json
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import mnist_tutorial as mt

# %%
# The model, written to a file
# ----------------------------
#
# The page "Draw a digit" trains the blog's model (1,000 steps of 100 images
# at learning rate 0.5, from zero) and the site's build writes its weights
# and bias to ``draw_digit_model.json``, with ten test images, one of each
# digit, and the average centre of mass of the training digits (used below).
# The build places that file next to the page, and the page's JavaScript
# reads it. Here is the same export, written to a temporary folder.
#
# Each weight is a float32. Its shortest decimal, ``str(value)``, is the
# shortest text that reads back as the same float32, so the file gives back
# every weight exactly, not to a few decimals.

mnist = mt.load_mnist()
model = mt.LinearSoftmax()
mt.train(model, mnist.train, steps=1000, batch_size=100, learning_rate=0.5)


def centre_of_mass(images):
    """The ink-weighted mean (row, column) of each 28 x 28 image, in pixel indices."""
    pictures = images.reshape(-1, 28, 28)
    ink = pictures.sum(axis=(1, 2))
    rows = (pictures.sum(axis=2) * np.arange(28)).sum(axis=1) / ink
    columns = (pictures.sum(axis=1) * np.arange(28)).sum(axis=1) / ink
    return rows, columns


def exact(values):
    """Plain numbers, each the shortest decimal that gives back its float32 exactly."""
    return [float(str(value)) for value in values]


rows, columns = centre_of_mass(mnist.train.images)
examples = [int(np.flatnonzero(mnist.test.digits == digit)[0]) for digit in range(10)]
exported = {
    "weights": [exact(row) for row in model.weights],  # 784 rows of 10
    "bias": exact(model.bias),
    "centre_of_mass": [round(rows.mean(), 2), round(columns.mean(), 2)],
    "examples": [{"index": index, "digit": int(mnist.test.digits[index]),
                  "pixels": mnist.test.pixels[index].tolist()} for index in examples],
}
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "draw_digit_model.json"
    path.write_text(json.dumps(exported))
    size = path.stat().st_size
    reread = json.loads(path.read_text())
weights_back = np.float32(reread["weights"])
print(f"draw_digit_model.json: {size / 1024:.0f} KB")
print(f"largest difference between the weights read back and the model's: "
      f"{np.abs(weights_back - model.weights).max():.1e}")

# sphinx_gallery_start_ignore
from build_checks import answer, claim  # noqa: E402 (build only)
from draw_digit import model_export  # noqa: E402 (build only)

claim(np.array_equal(weights_back, model.weights),
      "the file gives back every weight exactly")
claim(exported == model_export(model, mnist),
      "Here is the same export (as docs/_ext/draw_digit.py writes for the drawing area)")
# sphinx_gallery_end_ignore

# %%
# MNIST's preprocessing, measured
# -------------------------------
#
# MNIST's digits are not the scans as they were written. Each handwritten
# digit was scaled, keeping its shape, to fit a 20 x 20 box, then placed in
# the 28 x 28 field so that its **centre of mass**, the ink-weighted mean
# position, sits at the centre, row 14 and column 14 counting from 0. The
# training images show both steps: no digit's ink spans more than 20 pixels,
# and the centres of mass gather at the middle.

inked = mnist.train.images.reshape(-1, 28, 28) > 0
largest_side = np.maximum(inked.any(axis=2).sum(axis=1), inked.any(axis=1).sum(axis=1))
print(f"training images whose ink spans more than 20 pixels: {(largest_side > 20).sum()}")
print(f"training images whose ink spans exactly 20 pixels: {(largest_side == 20).mean():.2%}")
print(f"centre of mass: row {rows.mean():.2f} (spread {rows.std():.2f}), "
      f"column {columns.mean():.2f} (spread {columns.std():.2f})")

# sphinx_gallery_start_ignore
claim((largest_side <= 20).all() and abs(rows.mean() - 14) < 0.5
      and abs(columns.mean() - 14) < 0.5,
      "no digit's ink spans more than 20 pixels, and the centres of mass gather at the middle")
# sphinx_gallery_end_ignore

# %%
# The drawing area does the same to your ink. Lesson one measured what
# happens without it: shrunk to half size in the top left corner, the test
# digits are as legible as before, and the model fails on most of them. Here
# is one of them, a 7, as MNIST has it and moved.

half = mnist.test.images.reshape(-1, 14, 2, 14, 2).mean(axis=(2, 4))  # 2 x 2 blocks -> 1 pixel
cornered = np.zeros((mnist.test.num_examples, 28, 28), dtype=np.float32)
cornered[:, :14, :14] = half
cornered = cornered.reshape(-1, 784)
seven = examples[7]
fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.2), layout="constrained")
for ax, image, name in zip(axes, [mnist.test.images[seven], cornered[seven]],
                           ["as in MNIST", "half size, in the corner"], strict=True):
    mt.show_digit(image, ax=ax, title=f"{name}: read as {model.predict(image[None])[0]}")
fig.suptitle(f"Test image {seven}, a 7")
plt.show()
print(f"test accuracy as in MNIST: {mt.accuracy(model, mnist.test):.2%}; half size in the "
      f"corner: {np.mean(model.predict(cornered) == mnist.test.digits):.2%}")

# sphinx_gallery_start_ignore
claim(np.mean(model.predict(cornered) == mnist.test.digits) < 0.5,
      "the model fails on most of them")

# The exercises' answers.
full = model.predict_proba(np.ones((1, 784), dtype=np.float32))[0]
column_sums = model.weights.sum(axis=0)
answer("full_digit", int(full.argmax()))
answer("full_probability", f"{full.max():.1%}")
answer("largest_column", int(column_sums.argmax()))
answer("largest_column_sum", f"{column_sums.max():+.2f}")
rounded = np.float32([[round(float(value), 3) for value in row] for row in model.weights])
rounded_model = mt.LinearSoftmax()
rounded_model.W.assign(rounded)
rounded_model.b.assign(model.bias)
probability_change = np.abs(rounded_model.predict_proba(mnist.test.images)
                            - model.predict_proba(mnist.test.images)).max()
changed_digits = int(np.sum(rounded_model.predict(mnist.test.images)
                            != model.predict(mnist.test.images)))
claim(np.abs(rounded - model.weights).max() > 0, "exercise 2: rounding changes the weights")
answer("rounding_error", f"{np.abs(rounded - model.weights).max():.1e}")
answer("probability_change", f"{probability_change:.1e}")
answer("changed_digits", changed_digits)
# sphinx_gallery_end_ignore

# %%
# The page's JavaScript
# ---------------------
#
# The drawing area's arithmetic is in ``_static/draw_digit.js``, a few short
# functions of plain JavaScript. Open your browser's console on the page
# "Draw a digit" and call ``mnistTutorial.classify(pixels)``: ``pixels`` is
# 784 numbers in [0, 1], the 28 x 28 picture row by row, and the answer is the
# ten probabilities, digit 0 first. ``mnistTutorial.logits(pixels)`` gives the
# ten logits, ``mnistTutorial.evidence(pixels, digit)`` the 784 votes, and
# ``mnistTutorial.preprocess(ink, width, height)`` MNIST's preprocessing of a
# drawing. A test image goes to the model exactly as MNIST stores it, already
# preprocessed; draw on it, and your strokes and the image are preprocessed
# together. The site's tests check that ``classify`` agrees with the Python
# model to within 1e-5 for every one of the test images the buttons load.
#
# Summary
# -------
#
# * The build writes the trained weights as the shortest decimals of their
#   float32 values, which read back exactly.
# * MNIST fitted each digit into a 20 x 20 box and centred its centre of mass;
#   the drawing area does the same to a drawing.
# * ``mnistTutorial.classify`` and its companions in the browser's console are
#   the model's arithmetic in plain JavaScript.
#
# Exercises
# ---------
#
# 1. On the page "Draw a digit", call
#    ``mnistTutorial.classify(new Array(784).fill(1))`` in the console, a
#    page covered in ink. Which digit wins, and which digit's weights sum to
#    the most?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# {{full_digit}} wins, with {{full_probability}}. With every
# :math:`x_i = 1`, each logit is the sum of a column of :math:`W` plus the
# bias; digit {{largest_column}}'s column has the largest sum,
# {{largest_column_sum}}.
#
# .. raw:: html
#
#    </details>
#
# 2. Change ``float(str(value))`` to ``round(float(value), 3)``, three
#    decimals per weight. How far are the weights read back, and does the
#    model read the test images differently?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# The weights read back differ by up to {{rounding_error}}; the probabilities
# of the 10,000 test images move by up to {{probability_change}}, and the
# predicted digit changes for {{changed_digits}} of them.
#
# .. raw:: html
#
#    </details>
#
# Back to :ref:`sphx_glr_auto_examples_lesson_one_plot_05_draw_a_digit.py`,
# or on to :ref:`sphx_glr_auto_examples_lesson_one_plot_06_which_digits_fail.py`.
