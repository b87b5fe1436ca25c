"""
Draw a digit
============

Write a digit with the mouse, a finger or a pen, and watch the model trained on
this page read it: the 28 x 28 picture it receives, its ten probabilities, and
which of your strokes argue for each digit and which against.

:Assumes: :doc:`plot_02_softmax_and_cross_entropy` (logits and softmax) and
  :doc:`plot_04_what_the_model_learned` (the weight pictures); no maths beyond a
  weighted sum.
"""

import json
import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import mnist_tutorial as mt

# %%
# The model, trained on this page
# -------------------------------
#
# We train the blog's model once more, exactly as before: weights and bias
# start at zero, then 1,000 steps of gradient descent with a learning rate of
# 0.5, each on 100 training images.

mnist = mt.load_mnist()
model = mt.LinearSoftmax()
mt.train(model, mnist.train, steps=1000, batch_size=100, learning_rate=0.5)
test_accuracy = mt.accuracy(model, mnist.test)
print(f"test accuracy of the model below: {test_accuracy:.2%}")

# %%
# Then we write its weights and bias to a file, ``draw_digit_model.json``,
# with ten test images, one of each digit, and the average centre of mass of
# the training digits (used below). The site's build puts that file next to
# this page, and the drawing area below reads it: **the model you draw for is
# the one trained by the code on this page, when the site was built**, and the
# numbers it shows are these weights at work, computed by plain JavaScript in
# your browser.


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
# The site's build names the folder of this page; run on its own, the file lands here.
folder = Path(os.environ.get("MNIST_TUTORIAL_EXPORT_DIR", "."))
folder.mkdir(parents=True, exist_ok=True)
path = folder / "draw_digit_model.json"
path.write_text(json.dumps(exported))
print(f"wrote {path.name}: {path.stat().st_size / 1024:.0f} KB")

# sphinx_gallery_start_ignore
_reread = json.loads(path.read_text())
if not (np.array_equal(np.float32(_reread["weights"]), model.weights)
        and np.array_equal(np.float32(_reread["bias"]), model.bias)):
    raise RuntimeError("plot_05_draw_a_digit: the claim 'the drawing area runs the weights "
                       "trained on this page' fails: the exported file does not give them back "
                       "exactly.")
# sphinx_gallery_end_ignore

# %%
# Draw here
# ---------
#
# Draw a digit in the left box, large or small, anywhere. Beside it you see
# the 28 x 28 picture the model receives, then its ten probabilities, the
# predicted digit in red. Below them, the **evidence picture**: each pixel of
# the input times that pixel's weight for the predicted digit (or the digit you
# choose), red where your ink argues for the digit, blue where it argues
# against. The buttons load real test images; the text under the pictures reads
# the probabilities out, for screen readers too.
#
# .. raw:: html
#
#    <div class="mnist-draw" role="group"
#         aria-label="Draw a digit for the model trained on this page">
#      <div>
#        <p class="mnist-draw-heading" id="mnist-draw-pad-label">Your drawing</p>
#        <canvas class="mnist-draw-pad" width="280" height="280" role="img"
#                aria-labelledby="mnist-draw-pad-label">A box to draw a digit in.</canvas>
#        <div class="mnist-draw-controls">
#          <button type="button" class="mnist-draw-clear">Clear</button>
#          <label><input type="checkbox" class="mnist-draw-preprocess" checked>
#            MNIST's preprocessing</label>
#        </div>
#        <p>Load a test image: <span class="mnist-draw-examples"></span></p>
#      </div>
#      <div>
#        <p class="mnist-draw-heading">What the model receives (28 x 28)</p>
#        <canvas class="mnist-draw-input" width="28" height="28" role="img"
#                aria-label="The 28 by 28 input picture"></canvas>
#        <p class="mnist-draw-heading">Evidence for
#          <select class="mnist-draw-digit" aria-label="Digit whose evidence is drawn">
#            <option value="predicted" selected>the predicted digit</option>
#            <option value="0">0</option><option value="1">1</option><option value="2">2</option>
#            <option value="3">3</option><option value="4">4</option><option value="5">5</option>
#            <option value="6">6</option><option value="7">7</option><option value="8">8</option>
#            <option value="9">9</option>
#          </select></p>
#        <canvas class="mnist-draw-evidence" width="28" height="28" role="img"
#                aria-label="Input times the digit's weights: red for, blue against">
#        </canvas>
#      </div>
#      <div>
#        <p class="mnist-draw-heading">The ten probabilities</p>
#        <div class="mnist-draw-bars" aria-hidden="true"></div>
#      </div>
#      <p class="mnist-draw-sum"></p>
#      <p class="mnist-draw-readout" aria-live="polite">The drawing area needs JavaScript.</p>
#    </div>
#    <script src="draw_digit_model.js"></script>
#
# Try a 7 written large in the middle, then the same 7 small in a corner with
# the preprocessing switched off. Load a test image and choose another digit
# under "Evidence for" to see why it lost. A test image goes to the model
# exactly as MNIST stores it, already preprocessed; draw on it, and your
# strokes and the image are preprocessed together.

# %%
# What the page does to your drawing
# ----------------------------------
#
# MNIST's digits are not the scans as they were written. Each handwritten
# digit was scaled, keeping its shape, to fit a 20 x 20 box, then placed in the
# 28 x 28 field so that its **centre of mass**, the ink-weighted mean position,
# sits at the centre, row 14 and column 14 counting from 0. The drawing area
# does the same to your ink before the model sees it, because the weight
# pictures of the previous page only know where MNIST puts ink. The training
# images show both steps.

heights = (mnist.train.images.reshape(-1, 28, 28) > 0).any(axis=2).sum(axis=1)
widths = (mnist.train.images.reshape(-1, 28, 28) > 0).any(axis=1).sum(axis=1)
largest_side = np.maximum(heights, widths)
print(f"training images whose ink spans more than 20 pixels: {(largest_side > 20).sum()}")
print(f"training images whose ink spans exactly 20 pixels: {(largest_side == 20).mean():.2%}")
print(f"centre of mass: row {rows.mean():.2f} (spread {rows.std():.2f}), "
      f"column {columns.mean():.2f} (spread {columns.std():.2f})")

# sphinx_gallery_start_ignore
if (largest_side > 20).any() or abs(rows.mean() - 14) > 0.5 or abs(columns.mean() - 14) > 0.5:
    raise RuntimeError("plot_05_draw_a_digit: the claim 'digits fit a 20 x 20 box with their "
                       "centre of mass in the middle of the field' no longer holds.")
# sphinx_gallery_end_ignore

# %%
# Without the preprocessing, a digit drawn small or off to the side meets the
# wrong weights. To see how much that costs, take every test image, shrink it
# to half its size (each 2 x 2 block of pixels becomes one) and put it in the
# top left corner. The digits are as legible as before; the model is not.

half = mnist.test.images.reshape(-1, 14, 2, 14, 2).mean(axis=(2, 4))
cornered = np.zeros((mnist.test.num_examples, 28, 28), dtype=np.float32)
cornered[:, :14, :14] = half
cornered = cornered.reshape(-1, 784)
corner_accuracy = float((model.predict(cornered) == mnist.test.digits).mean())
first = examples[7]
fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.2), layout="constrained")
for ax, image, name in zip(axes, [mnist.test.images[first], cornered[first]],
                           ["as in MNIST", "half size, in the corner"], strict=True):
    mt.show_digit(image, ax=ax, title=f"{name}: read as {model.predict(image[None])[0]}")
fig.suptitle(f"Test image {first}, a 7")
plt.show()
print(f"test accuracy as in MNIST: {test_accuracy:.2%}; "
      f"half size in the corner: {corner_accuracy:.2%}")

# sphinx_gallery_start_ignore
if not corner_accuracy < test_accuracy / 2:
    raise RuntimeError("plot_05_draw_a_digit: the claim 'the model is not as good on digits "
                       f"shrunk into the corner' is too weak for the page: {corner_accuracy:.2%} "
                       f"is not below half of {test_accuracy:.2%}.")
# sphinx_gallery_end_ignore

# %%
# The evidence picture
# --------------------
#
# Why does one digit win? The model's score for digit :math:`d`, its logit,
# adds up one vote per pixel: the pixel's ink times the pixel's weight for
# :math:`d`. Drawn as a picture, those 784 votes show which strokes speak for
# the digit (red) and which against it (blue). Here is the test image of a 3,
# the weights of digit 3, and their product, the evidence for 3.

three = mnist.test.images[examples[3]]
votes = three * model.weights[:, 3]
limit = np.abs(votes).max()
fig, axes = plt.subplots(1, 3, figsize=(7.2, 2.8), layout="constrained")
mt.show_digit(three, ax=axes[0], title="the input x")
weight_limit = np.abs(model.weights[:, 3]).max()
axes[1].imshow(model.weights[:, 3].reshape(28, 28), cmap="RdBu_r",
               vmin=-weight_limit, vmax=weight_limit)
axes[1].set(title="weights of 3", xticks=[], yticks=[])
shown = axes[2].imshow(votes.reshape(28, 28), cmap="RdBu_r", vmin=-limit, vmax=limit)
axes[2].set(title="x times the weights of 3", xticks=[], yticks=[])
fig.colorbar(shown, ax=axes[2], label="vote (red = for 3)")
plt.show()

# %%
# Summed, the votes and the bias give exactly the logit the model computes:
#
# .. math::
#
#    z_d = \sum_{i=0}^{783} x_i W_{id} + b_d ,
#
# and the softmax of the ten logits gives the probabilities drawn as bars.

logit = model(three[None]).numpy()[0, 3]
print(f"sum of the votes {votes.sum():+.4f} + bias {model.bias[3]:+.4f} "
      f"= {votes.sum() + model.bias[3]:+.4f}; the model's logit for 3: {logit:+.4f}")

# sphinx_gallery_start_ignore
if not abs(votes.sum() + model.bias[3] - logit) < 1e-4:
    raise RuntimeError("plot_05_draw_a_digit: the claim 'the votes plus the bias give the "
                       "logit' fails for the test image of a 3.")
# sphinx_gallery_end_ignore

# %%
# For the curious: the page's JavaScript
# --------------------------------------
#
# The drawing area's arithmetic is in ``_static/draw_digit.js``, a few short
# functions of plain JavaScript. Open your browser's console on this page
# and call ``mnistTutorial.classify(pixels)``: ``pixels`` is 784 numbers in
# [0, 1], the 28 x 28 picture row by row, and the answer is the ten
# probabilities, digit 0 first. ``mnistTutorial.logits(pixels)`` gives the ten
# logits, ``mnistTutorial.evidence(pixels, digit)`` the 784 votes, and
# ``mnistTutorial.preprocess(ink, width, height)`` MNIST's preprocessing of a
# drawing. The site's tests check that ``classify`` agrees with the Python
# model to within 1e-5 for every one of the test images the buttons load.
#
# Summary
# -------
#
# * The drawing area runs the model trained on this page, with the weights the
#   build exported; nothing is sent anywhere.
# * MNIST fitted each digit into a 20 x 20 box and centred it by its centre of
#   mass; without the same preprocessing, the model fails on digits that are
#   small or off centre.
# * A logit is a sum of votes, one per pixel, plus a bias; the evidence picture
#   shows the votes, red for, blue against.
#
# Exercises
# ---------
#
# 1. Press Clear, so that every pixel is 0. Which digit does the model predict
#    for an empty picture, and with what probability? (Hint: what is left of
#    :math:`z_d` when every :math:`x_i = 0`?)
#
# .. raw:: html
#
#    <details><summary>Answer</summary>

empty = model.predict_proba(np.zeros((1, 784), dtype=np.float32))[0]
print("The logits are the bias alone; their softmax gives")
print(f"digit {int(empty.argmax())}, with probability {empty.max():.1%}.")

# %%
# .. raw:: html
#
#    </details>
#
# 2. In the console, call ``mnistTutorial.classify(new Array(784).fill(1))``,
#    a page covered in ink. Which digit wins, and which digit's weights sum to
#    the most?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>

full = model.predict_proba(np.ones((1, 784), dtype=np.float32))[0]
column_sums = model.weights.sum(axis=0)
print(f"{int(full.argmax())} wins, with {full.max():.1%}. With every x_i = 1, each logit is")
print(f"the sum of a column of W plus the bias; digit {int(column_sums.argmax())}'s column "
      f"has the largest sum, {column_sums.max():+.2f}.")

# %%
# .. raw:: html
#
#    </details>
#
# 3. Change ``cornered[:, :14, :14] = half`` to ``cornered[:, 7:21, 7:21] = half``,
#    which keeps the half-size digits in the middle. How much of the accuracy
#    comes back?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>

centred = np.zeros((mnist.test.num_examples, 28, 28), dtype=np.float32)
centred[:, 7:21, 7:21] = half
centred_accuracy = float((model.predict(centred.reshape(-1, 784)) == mnist.test.digits).mean())
print(f"Half size in the middle: {centred_accuracy:.2%}, against {corner_accuracy:.2%} in "
      f"the corner")
print(f"and {test_accuracy:.2%} at full size: position matters, and so does size.")

# sphinx_gallery_start_ignore
if not corner_accuracy < centred_accuracy < test_accuracy:
    raise RuntimeError("plot_05_draw_a_digit: the answer 'position matters, and so does size' "
                       "needs corner < half size in the middle < full size; got "
                       f"{corner_accuracy:.2%}, {centred_accuracy:.2%}, {test_accuracy:.2%}.")
# sphinx_gallery_end_ignore

# %%
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_06_which_digits_fail.py` counts which
# digits the model gets wrong, and asks whether the least clear weight pictures
# are the ones that fail.

# sphinx_gallery_thumbnail_number = 1
