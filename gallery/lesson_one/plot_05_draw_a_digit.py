"""
Draw a digit
============

After this page you can draw a digit and read how the model trained here sees
it: the 28 x 28 picture it receives, its ten probabilities, and which strokes
count for or against each digit.

:Assumes: :doc:`plot_02_softmax_and_cross_entropy` (logits and softmax) and
  :doc:`plot_04_what_the_model_learned` (the weight pictures).
"""

import matplotlib.pyplot as plt
import numpy as np

import mnist_tutorial as mt

# %%
# The model, trained on this page
# -------------------------------
#
# We train the blog's :term:`model` once more: 1,000 :term:`steps <step>` of
# 100 images at :term:`learning rate` 0.5, from zero :term:`weights` and
# :term:`bias`. The site's build writes the weights to a file that the drawing
# area loads, so **you draw for the model this code trained**, run by
# JavaScript in your browser (how:
# :ref:`sphx_glr_auto_examples_going_further_plot_19_inside_the_drawing_area.py`).

mnist = mt.load_mnist()
model = mt.LinearSoftmax()
mt.train(model, mnist.train, steps=1000, batch_size=100, learning_rate=0.5)
test_accuracy = mt.accuracy(model, mnist.test)
print(f"test accuracy of the model below: {test_accuracy:.2%}")

# sphinx_gallery_start_ignore
# The export the drawing area loads, written by the build only (docs/_ext/draw_digit.py);
# plot_19 shows the same export as a reader's code.
from build_checks import answer, claim  # noqa: E402 (build only)
from draw_digit import write_model  # noqa: E402 (build only)

shipped = write_model(model, mnist)
claim(np.array_equal(np.float32(shipped["weights"]), model.weights)
      and np.array_equal(np.float32(shipped["bias"]), model.bias),
      "the model you draw for is the one this code trained")
inked = mnist.train.images.reshape(-1, 28, 28) > 0
largest_side = np.maximum(inked.any(axis=2).sum(axis=1), inked.any(axis=1).sum(axis=1))
centre_offset = np.abs(np.subtract(shipped["centre_of_mass"], 14)).max()
claim((largest_side <= 20).all() and centre_offset < 0.5,
      "MNIST fitted each digit into a 20 x 20 box and centred its centre of mass")
# sphinx_gallery_end_ignore

# %%
# Draw here
# ---------
#
# Draw a digit in the left box. Beside it: the 28 x 28 picture the model
# receives, its ten probabilities (the predicted digit in red), and the
# **evidence picture**, each :term:`pixel` times its weight for the predicted
# digit (or the one you choose), red for, blue against.
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
# Try a 7 large in the middle, then small in a corner with the preprocessing
# off.
#
# What the page does to your drawing
# ----------------------------------
#
# MNIST scaled each digit to fit a 20 x 20 box and centred its centre of mass
# (the mean position of its ink) in the 28 x 28 field. The drawing area does
# the same to your ink, because the weights only know where MNIST puts ink.
# Without it, a small or off-centre digit meets the wrong weights: shrunk to
# half size in the top left corner, the test digits stay legible, but not to
# the model.

half = mnist.test.images.reshape(-1, 14, 2, 14, 2).mean(axis=(2, 4))  # 2 x 2 blocks -> 1 pixel
cornered = np.zeros((mnist.test.num_examples, 28, 28), dtype=np.float32)
cornered[:, :14, :14] = half
corner_accuracy = np.mean(model.predict(cornered.reshape(-1, 784)) == mnist.test.digits)
print(f"accuracy as in MNIST {test_accuracy:.2%}, half size in a corner {corner_accuracy:.2%}")

# sphinx_gallery_start_ignore
claim(corner_accuracy < test_accuracy / 2, "the model is not as good on digits shrunk into "
      "the corner", f"{corner_accuracy:.2%} against {test_accuracy:.2%}")
# sphinx_gallery_end_ignore

# %%
# The evidence picture
# --------------------
#
# The :term:`logit` for digit :math:`d` adds up one vote per pixel, its ink
# times its weight for :math:`d`, plus the bias:
#
# .. math::
#
#    z_d = \sum_{i=0}^{783} x_i W_{id} + b_d .
#
# :func:`~mnist_tutorial.plot_weights` draws the votes like weights, red for,
# blue against; here for the first test image of a 3.

three = mnist.test.images[np.flatnonzero(mnist.test.digits == 3)[0]]
votes = three[:, None] * model.weights  # column d: the 784 votes for digit d
axes = mt.plot_weights(votes, title="The votes of the first test image of a 3, per digit")
axes[0, 0].images[0].colorbar.set_label("vote (red = for the digit)")
axes[0, 0].figure.supxlabel("each panel: the image times one column of W")
plt.show()
print("probabilities:", model.predict_proba(three[None])[0].round(3))
logit = float(model(three[None])[0, 3])
print(f"votes for 3 {votes[:, 3].sum():+.4f} + bias {model.bias[3]:+.4f} = "
      f"{votes[:, 3].sum() + model.bias[3]:+.4f}; the model's logit for 3 {logit:+.4f}")

# sphinx_gallery_start_ignore
logits = model(three[None]).numpy()[0]
claim(np.allclose(votes.sum(axis=0) + model.bias, logits, atol=1e-4),
      "the votes plus the bias give the logit")
claim(int(logits.argmax()) == 3, "the 3 wins")

# The exercises' answers.
empty = model.predict_proba(np.zeros((1, 784), dtype=np.float32))[0]
claim(np.allclose(model(np.zeros((1, 784), dtype=np.float32)).numpy()[0], model.bias),
      "exercise 1: the logits of an empty picture are the bias alone")
answer("empty_digit", int(empty.argmax()))
answer("empty_probability", f"{empty.max():.1%}")
centred = np.zeros((mnist.test.num_examples, 28, 28), dtype=np.float32)
centred[:, 7:21, 7:21] = half
centred_accuracy = np.mean(model.predict(centred.reshape(-1, 784)) == mnist.test.digits)
claim(corner_accuracy < centred_accuracy < test_accuracy,
      "exercise 2: position matters, and so does size",
      f"{corner_accuracy:.2%}, {centred_accuracy:.2%}, {test_accuracy:.2%}")
answer("centred_accuracy", f"{centred_accuracy:.2%}")
answer("corner_accuracy", f"{corner_accuracy:.2%}")
answer("test_accuracy", f"{test_accuracy:.2%}")
# sphinx_gallery_end_ignore

# %%
# The 3's votes and bias add up to the largest logit, so the 3 wins.
#
# Summary
# -------
#
# * The drawing area runs this page's model in your browser.
# * Without MNIST's preprocessing, the model fails on small or off-centre
#   digits.
# * A logit is a sum of votes, one per pixel, plus a bias.
#
# Exercises
# ---------
#
# 1. Press Clear. Which digit does the model predict for an empty picture,
#    and with what probability? (Hint: what is left of :math:`z_d` when every
#    :math:`x_i = 0`?)
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# The logits are the bias alone, and their softmax gives digit
# {{empty_digit}}, with probability {{empty_probability}}.
#
# .. raw:: html
#
#    </details>
#
# 2. Change ``cornered[:, :14, :14] = half`` to
#    ``cornered[:, 7:21, 7:21] = half``. How much of the accuracy comes back?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Some: {{centred_accuracy}} at half size in the middle, against
# {{corner_accuracy}} in the corner and {{test_accuracy}} at full size.
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_06_which_digits_fail.py` counts which
# digits the model gets wrong.

# sphinx_gallery_thumbnail_number = 1
