"""
What the model learned
======================

After this page you can draw a trained model's weights as ten pictures, one
per digit, read them red for positive and blue for negative, and watch them
form during training.

:Assumes: :ref:`sphx_glr_auto_examples_lesson_one_plot_03_training.py`
    (the model and its training step).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

import mnist_tutorial as mt

# %%
# The blog's model, trained
# -------------------------
#
# We train the :term:`model` exactly as the blog did: :term:`weights` and
# :term:`bias` start at zero, then 1,000 :term:`steps <step>` of
# :term:`gradient descent` with a :term:`learning rate` of 0.5, each on 100
# images of the :term:`training set`.

mnist = mt.load_mnist()
model = mt.LinearSoftmax()
mt.train(model, mnist.train)
weights = model.weights
print(f"test accuracy {mt.accuracy(model, mnist.test):.2%}; weights of shape {weights.shape}, "
      f"from {weights.min():+.3f} to {weights.max():+.3f}")

# %%
# Ten weighted votes, drawn as pictures
# -------------------------------------
#
# The model's :term:`logit` for digit :math:`d` is a weighted sum of the 784
# :term:`pixels <pixel>`, :math:`z_d = \sum_i x_i W_{id} + b_d`. Column
# :math:`d` of :math:`W` holds one weight per pixel, so it can be drawn as a
# 28 x 28 picture: where the weight is positive, ink on that pixel is evidence
# *for* digit :math:`d`; where it is negative, evidence *against* it. The blog
# drew these pictures **red for positive, blue for negative**, and so does
# :func:`~mnist_tutorial.plot_weights`. All ten share one symmetric colour
# scale: white is exactly zero, and the same red means the same weight in
# every panel. The two ends of the scale are about equally dark, so the sign
# is in the hue, red or blue, and the size in the depth of the colour. Look at
# the 0: a red ring around a blue hole; and the 1: a red upright bar.

mt.plot_weights(weights)
plt.show()

# sphinx_gallery_start_ignore
from build_checks import answer, claim  # noqa: E402 (build only)


def lightness(colour):
    """CIE L* (0 black, 100 white) of an sRGB colour given as RGB(A) in [0, 1]."""
    rgb = np.asarray(colour[:3])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    luminance = linear @ [0.2126, 0.7152, 0.0722]
    return 116 * np.cbrt(luminance) - 16 if luminance > 216 / 24389 else 24389 / 27 * luminance


colours = plt.get_cmap("RdBu_r")
ends = lightness(colours(0.0)), lightness(colours(1.0))
claim(abs(ends[0] - ends[1]) < 5 and max(ends) < 40 < 90 < lightness(colours(0.5)),
      "The two ends of the scale are about equally dark", f"L* {ends}")
means = mt.mean_images(mnist.train.images, mnist.train.digits)
centre = 14 * 28 + 14
claim(weights[means[0].argmax(), 0] > 0 > weights[centre, 0]
      and weights[means[1].argmax(), 1] > 0,
      "the 0 is a red ring around a blue hole, the 1 a red bar")
# sphinx_gallery_end_ignore

# %%
# Matplotlib's plain ``RdBu`` map runs the other way and draws positive
# weights blue; the colour bar's label says which colour is positive. Each
# picture looks like its digit's average image with what the other digits
# share taken away; why the :term:`gradient` makes it so, how the colour scale is
# set, and a number for how clear each picture is are in
# :ref:`sphx_glr_auto_examples_going_further_plot_18_the_weights_as_network_and_pictures.py`.
#
# The pictures forming
# --------------------
#
# The pictures above are where 1,000 steps ended. To watch them form, we
# train a fresh model on the same batches in stretches, keeping its weights
# and its :term:`accuracy` on the :term:`validation set` after each: every 10 steps for
# the first 50, while the pictures change fastest, then every 50 up to step
# 200, then every 200. All frames
# share the final weights' colour scale, so the pictures start white and
# darken as the evidence builds up. Press play, or step through the frames.

growing = mt.LinearSoftmax()
batches = mnist.train.reseeded(mnist.train.seed)  # the batches the model above was trained on
frames = [(0, growing.weights, mt.accuracy(growing, mnist.validation))]
for steps in [10] * 5 + [50] * 3 + [200] * 4:
    mt.train(growing, batches, steps=steps)
    frames.append((frames[-1][0] + steps, growing.weights, mt.accuracy(growing, mnist.validation)))
limit = np.percentile(np.abs(weights), mt.WEIGHT_LIMIT_PERCENTILE)  # the scale of the final W
fig = plt.figure(figsize=(7.2, 3.8), dpi=72, layout="constrained")


def show_frame(number):
    """Draw frame ``number``: the ten weight pictures after that many steps."""
    step, frame_weights, validation_accuracy = frames[number]
    fig.clear()
    mt.plot_weights(frame_weights, limit=limit, fig=fig,
                    title=f"After {step} steps: validation accuracy {validation_accuracy:.1%}")


animation = FuncAnimation(fig, show_frame, frames=len(frames), interval=400)
plt.show()

# sphinx_gallery_start_ignore
# The build also saves the animation as a GIF; name the writer matplotlib would fall back
# to (Pillow, as there is no ffmpeg), so that it does not log a warning about the fallback.
plt.rcParams["animation.writer"] = "pillow"
claim(np.array_equal(frames[-1][1], weights),
      "train a fresh model on the same batches (it ends at the same weights)")
frame_steps = np.array([step for step, _, _ in frames])
frame_weights = np.array([weights_then for _, weights_then, _ in frames])
change = np.linalg.norm(np.diff(frame_weights, axis=0), axis=(1, 2))
change_per_step = change / np.diff(frame_steps)
claim(change_per_step[:5].min() > change_per_step[5:].max(),
      "the pictures change fastest in the first 50 steps", str(change_per_step.round(4)))
claim((np.diff(np.abs(frame_weights).mean(axis=(1, 2))) > 0).all(),
      "the pictures start white and darken as the evidence builds up")

# The exercises' answers.
short = mt.LinearSoftmax()
mt.train(short, mnist.train, steps=100)
short_accuracy = mt.accuracy(short, mnist.test)
answer("short_accuracy", f"{short_accuracy:.2%}")
answer("full_accuracy", f"{mt.accuracy(model, mnist.test):.2%}")
short_clarity = mt.template_clarity(short.weights, mnist.train.images, mnist.train.digits)
full_clarity = mt.template_clarity(weights, mnist.train.images, mnist.train.digits)
claim(short_clarity.mean() > full_clarity.mean(), "exercise 1: after 100 steps the pictures "
      "are closer to the mean images", f"{short_clarity.mean():.3f}, {full_clarity.mean():.3f}")
answer("short_clarity", f"{short_clarity.mean():.2f}")
answer("full_clarity", f"{full_clarity.mean():.2f}")
ring = weights[means[0].argmax(), 0]
red, _, blue, _ = plt.get_cmap("RdBu")((min(ring / limit, 1) + 1) / 2)
claim(blue > red, "exercise 2: plain RdBu draws the 0's ring blue", f"RGB {red:.2f}, {blue:.2f}")
# sphinx_gallery_end_ignore

# %%
# Summary
# -------
#
# * Each column of :math:`W` is a picture of one digit's evidence: red
#   (positive) where ink speaks for the digit, blue (negative) where it speaks
#   against; :func:`~mnist_tutorial.plot_weights` draws all ten on one
#   symmetric scale.
# * The pictures change fastest in the first 50 steps, then darken as the
#   weights grow.
#
# Exercises
# ---------
#
# 1. Change ``mt.train(model, mnist.train)`` to
#    ``mt.train(model, mnist.train, steps=100)``. How good is the model after
#    100 steps, and how do its pictures look?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# It reaches {{short_accuracy}} on the test images, against {{full_accuracy}}
# after 1,000 steps. Its pictures already show the digits, and by the
# template clarity of the going-further page they are even closer to the mean
# images ({{short_clarity}} on average, against {{full_clarity}} after 1,000
# steps).
#
# .. raw:: html
#
#    </details>
#
# 2. Change ``mt.plot_weights(weights)`` to
#    ``mt.plot_weights(weights, cmap="RdBu")``. What does the 0 look like now,
#    and how would you notice the swap?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# A blue ring around a red hole: plain ``RdBu`` draws positive weights blue.
# Read with the blog's "red is positive", the model would seem to punish ink
# on the ring. The colour bar's label now says "blue = positive".
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_05_draw_a_digit.py`
# lets you draw a digit for this model and see which of your strokes speak for
# each digit.

# sphinx_gallery_thumbnail_number = 1
