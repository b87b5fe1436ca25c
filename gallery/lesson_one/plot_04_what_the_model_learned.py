"""
What the model learned
======================

Look inside the trained model: draw each digit's 784 weights as a picture, red
for positive and blue for negative, set each beside the digit's average image,
and measure with one number per digit how much the picture looks like the digit.

:Assumes: :ref:`sphx_glr_auto_examples_lesson_one_plot_03_training.py`
    (the model and its training step); a correlation.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

import mnist_tutorial as mt

# %%
# The blog's model, trained
# -------------------------
#
# We train the model exactly as the blog did: weights and bias start at zero,
# then 1,000 steps of gradient descent with a learning rate of 0.5, each on
# 100 training images.

mnist = mt.load_mnist()
model = mt.LinearSoftmax()
history = mt.train(model, mnist.train)
weights = model.weights
print(f"{history.steps} steps, test accuracy {mt.accuracy(model, mnist.test):.2%}")
print(f"weights: shape {weights.shape}, from {weights.min():+.3f} to {weights.max():+.3f}")

# %%
# Ten weighted votes, drawn as pictures
# -------------------------------------
#
# The model's score for digit :math:`d` is a weighted sum of the 784 pixels,
# :math:`z_d = \sum_i x_i W_{id} + b_d`. Column :math:`d` of :math:`W` holds one
# weight per pixel, so it can be drawn as a 28 x 28 picture: where the weight
# is positive, ink on that pixel is evidence *for* digit :math:`d`; where it is
# negative, ink there is evidence *against* it. The blog drew these pictures
# with **red for positive and blue for negative** weights. TensorFlow 1's own
# tutorial figure used the opposite colours, so the two conventions are easy
# to mix up; this page uses the blog's.
#
# Red positive, blue negative
# ---------------------------
#
# Matplotlib's ``RdBu_r`` map runs from dark blue through white to dark red,
# and it is :func:`~mnist_tutorial.plot_weights`'s default. All ten pictures
# share one symmetric scale, so white is exactly zero and the same red means
# the same weight in every panel. Lightness alone tells positive from negative
# far from zero, so readers with red-green colour blindness can read it too.
# Look at the 0: a red ring around a blue hole; and the 1: a red upright bar.

mt.plot_weights(weights)
plt.show()
means = mt.mean_images(mnist.train.images, mnist.train.digits)

# sphinx_gallery_start_ignore
_centre = 14 * 28 + 14
if not (weights[means[0].argmax(), 0] > 0 > weights[_centre, 0]
        and weights[means[1].argmax(), 1] > 0):
    raise RuntimeError("plot_04: 'the 0 is a red ring around a blue hole, the 1 a red bar' is "
                       "false.")
# sphinx_gallery_end_ignore

# %%
# How pale a panel looks depends on the scale's limit. A few weights are far
# larger than the rest: the largest :math:`|W|` is more than one and a half
# times the 99th percentile of :math:`|W|`, and the median under a tenth of
# the largest (printed below). If that one weight set the limit, most pixels
# would sit near white; a limit at a high percentile lets
# every template be seen, and the few larger weights simply get the darkest
# colour.

magnitude = np.abs(weights)
print(f"largest |W| {magnitude.max():.3f}; 99th percentile {np.percentile(magnitude, 99):.3f}; "
      f"median {np.median(magnitude):.3f}")
print(f"share of weights above half the largest: {np.mean(magnitude > magnitude.max() / 2):.2%}")

# sphinx_gallery_start_ignore
if not (magnitude.max() > 1.5 * np.percentile(magnitude, 99)
        and np.median(magnitude) < magnitude.max() / 10):
    raise RuntimeError("plot_04: 'the largest |W| is more than 1.5 times the 99th percentile, "
                       "the median under a tenth of it' is false.")
# sphinx_gallery_end_ignore

# %%
# The wrong colours: plain ``RdBu``
# ---------------------------------
#
# Plain ``RdBu`` runs the other way, red at the low end, so it paints
# *negative* weights red. Read with the blog's words in mind ("red is
# positive"), the same weights say that the model for 0 *punishes* ink on a
# ring and rewards ink in the hole, which is backwards. The colour bar gives
# it away: :func:`~mnist_tutorial.plot_weights` labels it with the colour
# that is positive.

mt.plot_weights(weights, cmap="RdBu", title="Plain RdBu: here red is negative",
                fig=plt.figure(figsize=(5.0, 2.6), layout="constrained"))
plt.show()

# %%
# The pixel where zeros have the most ink on average settles it: its weight for
# digit 0 is positive, and plain ``RdBu`` draws it blue, with the colours of
# the two maps at the scale's limit the largest :math:`|W|`.

inkiest = int(means[0].argmax())
value = weights[inkiest, 0]
limit = magnitude.max()
for name in ("RdBu_r", "RdBu"):
    red, green, blue, _ = plt.get_cmap(name)((value / limit + 1) / 2)
    print(f"{name:>6}: weight {value:+.3f} at pixel (row {inkiest // 28}, column "
          f"{inkiest % 28}) is drawn as RGB ({red:.2f}, {green:.2f}, {blue:.2f})")

# %%
# Beside each digit's mean image
# ------------------------------
#
# What should a weight picture look like? The simplest guess at a template for
# a digit is its average: the mean of all its training images. Compare these
# with the red parts of the weight pictures above.

mt.show_digits(means, [f"mean {digit}" for digit in range(10)], n_columns=5,
               title="The mean training image of each digit")
plt.show()

# %%
# Why the weights look like templates
# -----------------------------------
#
# The resemblance is not a coincidence; it is the gradient. For a batch of
# :math:`n` images the gradient of the cross-entropy with respect to column
# :math:`d` is
#
# .. math::
#
#    \frac{\partial L}{\partial W_{:,d}} = \frac{1}{n} \sum_{i=1}^{n} x_i\,(p_{id} - y_{id}),
#
# so each step *adds* to :math:`W_{:,d}` the ink of the images of digit
# :math:`d` (where :math:`y_{id} = 1`) and *subtracts* the ink of every image
# in proportion to the probability :math:`p_{id}` the model gave to :math:`d`.
# At the start all weights are zero and every :math:`p_{id} = 0.1`, so the
# first step makes column :math:`d` exactly
# :math:`\frac{\eta}{n}\bigl(\sum_{i : y_i = d} x_i - 0.1 \sum_i x_i\bigr)`:
# the batch's ink for digit :math:`d` minus a tenth of all its ink. The code
# checks this against one real step of :func:`~mnist_tutorial.train`.

one_step = mt.LinearSoftmax()
mt.train(one_step, mnist.train.reseeded(0), steps=1)
(batch,) = mnist.train.reseeded(0).batch_indices(1, 100)
images, labels = mnist.train.images[batch], mnist.train.labels[batch]
predicted_first_step = 0.5 / 100 * images.T @ (labels - 0.1)
print("largest difference from the formula:",
      f"{np.abs(one_step.weights - predicted_first_step).max():.1e}")

# %%
# Summed over the ten digits, the gradient of each pixel's weights is
# :math:`\frac{1}{n}\sum_i x_i (\sum_d p_{id} - 1) = 0`, because probabilities
# sum to one. Starting from zero, **every pixel's ten weights therefore sum to
# zero** throughout training: whatever one digit's picture paints red, others
# must paint blue. That is why the pictures are the mean images with the
# "average digit" taken away, rather than the mean images themselves.

print(f"largest |sum over digits of a pixel's weights|: {np.abs(weights.sum(axis=1)).max():.1e}"
      f" (weights themselves reach {np.abs(weights).max():.2f})")

# %%
# How apparent is each weight picture?
# ------------------------------------
#
# The blog found some weight pictures easy to read and others not, and asked
# whether the less apparent ones go with more errors. Before we can answer
# (on the next page), "apparent" needs a number.
# :func:`~mnist_tutorial.template_clarity` takes the correlation, over the 784
# pixels, between a digit's column of :math:`W` and its mean training image:
#
# .. math::
#
#    c_d = \operatorname{corr}_i\bigl(W_{id},\ \bar x_{d,i}\bigr),
#    \qquad \bar x_d = \text{mean of the training images of digit } d.
#
# It is 1 when the weight picture is the mean image up to brightness and
# contrast (the colour scale does not matter), near 0 when the two have nothing
# in common. It rewards red where the digit usually has ink and blue where it
# usually has none, which is what we look for when we "read" a weight picture.

clarity = mt.template_clarity(weights, mnist.train.images, mnist.train.digits)
fig, ax = plt.subplots(figsize=(7.2, 3.2), layout="constrained")
bars = ax.bar(np.arange(10), clarity, color="C0")
ax.bar_label(bars, fmt="%.2f", padding=2)
ax.set(xticks=np.arange(10), xlabel="digit", ylabel="correlation with mean image",
       ylim=(0, 1), title="Template clarity: how much each weight picture looks like its digit")
plt.show()

# %%
# The numbers, from the clearest picture to the least clear. Compare the order
# with your own reading of the red-and-blue figure above.

order = np.argsort(clarity)[::-1]
print("digit    " + "  ".join(f"{digit:>5d}" for digit in order))
print("clarity  " + "  ".join(f"{clarity[digit]:5.2f}" for digit in order))
print(f"clearest: {order[0]} ({clarity[order[0]]:.2f}); "
      f"least clear: {order[-1]} ({clarity[order[-1]]:.2f})")

# %%
# As a check of the measure itself: the mean images, used as weights, are as
# clear as a picture can be, and pure noise is not clear at all.

rng = np.random.default_rng(0)
noise = rng.normal(size=(784, 10))
print("mean images as weights:", mt.template_clarity(means.T, mnist.train.images,
                                                     mnist.train.digits).round(3))
print("random weights:        ", mt.template_clarity(noise, mnist.train.images,
                                                     mnist.train.digits).round(3))

# sphinx_gallery_start_ignore
if not np.abs(mt.template_clarity(noise, mnist.train.images, mnist.train.digits)).max() < 0.15:
    raise RuntimeError("plot_04: 'pure noise is not clear at all' is false.")
if not np.abs(weights.sum(axis=1)).max() < 1e-4:
    raise RuntimeError("plot_04: 'every pixel's ten weights sum to zero' is false.")
# sphinx_gallery_end_ignore

# %%
# The templates forming
# ---------------------
#
# The pictures above are where 1,000 steps ended. To watch them form, we train
# a fresh model in stretches, keeping a copy of its weights and its accuracy on
# the validation images after each: every 10 steps for the first 50, while the
# pictures change fastest, then every 50 up to step 200, then every 200 (few
# frames keep the page light). ``mt.train`` continues from the
# model's current weights and from where the dataset's batching stopped, so the
# stretches take the very batches of the single run above and end at the same
# weights. All frames share one symmetric colour scale, fixed by the final
# weights, so the pictures start white and darken as the evidence builds up.
# Press play, or step through the frames.

growing = mt.LinearSoftmax()
batches = mnist.train.reseeded(mnist.train.seed)  # the batches the model above was trained on
frames = [(0, growing.weights, mt.accuracy(growing, mnist.validation))]
for steps in [10] * 5 + [50] * 3 + [200] * 4:
    mt.train(growing, batches, steps=steps)
    frames.append((frames[-1][0] + steps, growing.weights, mt.accuracy(growing, mnist.validation)))
print(f"{len(frames)} frames from step 0 to step {frames[-1][0]}; validation accuracy "
      f"{frames[1][2]:.1%} after {frames[1][0]} steps, {frames[-1][2]:.1%} at the end")

# sphinx_gallery_start_ignore
if not np.array_equal(frames[-1][1], weights):
    raise RuntimeError("plot_04_what_the_model_learned: the claim 'the stretches end at the "
                       "same weights as the single run' fails.")
_steps = np.array([step for step, _, _ in frames])
_weights = np.array([frame_weights for _, frame_weights, _ in frames])
_change_per_step = np.linalg.norm(np.diff(_weights, axis=0), axis=(1, 2)) / np.diff(_steps)
if not _change_per_step[:5].min() > _change_per_step[5:].max():
    raise RuntimeError("plot_04_what_the_model_learned: the claim 'the pictures change fastest "
                       "in the first 50 steps' fails: change of W per step "
                       f"{_change_per_step.round(4)}.")
if not (np.diff(np.abs(_weights).mean(axis=(1, 2))) > 0).all():
    raise RuntimeError("plot_04_what_the_model_learned: the claim 'the pictures darken as the "
                       "evidence builds up' fails: the mean |W| does not grow at every frame.")
# sphinx_gallery_end_ignore

# %%
# The colour limit is the 99th percentile of the final :math:`|W_{id}|`
# rather than its maximum, so that a handful of extreme weights (drawn at full
# colour) do not leave every other pixel pale.

limit = np.quantile(np.abs(weights), 0.99)
fig, axes = plt.subplots(2, 5, figsize=(7.2, 3.4), dpi=72, layout="constrained")
pictures = []
for digit, ax in enumerate(axes.flat):
    pictures.append(ax.imshow(frames[0][1][:, digit].reshape(28, 28), cmap="RdBu_r",
                              vmin=-limit, vmax=limit, interpolation="nearest"))
    ax.set(xticks=[], yticks=[], title=f"digit {digit}")
fig.colorbar(pictures[0], ax=axes, shrink=0.9, extend="both", label="weight (red = positive)")
title = fig.suptitle("After 1000 steps: validation accuracy 100.0%")  # the widest title
# Lay the figure out once and keep that layout for every frame: re-running it per frame
# would cost more than drawing the frame.
fig.canvas.draw()
fig.set_layout_engine("none")


def show_frame(number):
    """Draw frame ``number``: the ten weight pictures after that many steps."""
    step, frame_weights, validation_accuracy = frames[number]
    for digit, picture in enumerate(pictures):
        picture.set_data(frame_weights[:, digit].reshape(28, 28))
    title.set_text(f"After {step} steps: validation accuracy {validation_accuracy:.1%}")
    return pictures


animation = FuncAnimation(fig, show_frame, frames=len(frames), interval=400)
plt.show()

# sphinx_gallery_start_ignore
# The build also saves the animation as a GIF; name the writer matplotlib would fall back
# to (Pillow, as there is no ffmpeg), so that it does not log a warning about the fallback.
plt.rcParams["animation.writer"] = "pillow"
# sphinx_gallery_end_ignore

# %%
# Summary
# -------
#
# * Each column of :math:`W` is a picture of one digit's evidence: red (positive)
#   where ink speaks for the digit, blue (negative) where it speaks against.
# * Matplotlib's ``RdBu`` draws positive values *blue*; use ``RdBu_r`` to draw
#   them red, as the blog described, on one symmetric scale for all ten, whose
#   limit a few large weights should not set.
# * The gradient makes each picture the digit's ink minus what the other digits
#   claim; a pixel's ten weights always sum to zero.
# * :func:`~mnist_tutorial.template_clarity` turns "how apparent is this picture"
#   into a number per digit, which the next page sets against the errors.
#
# Exercises
# ---------
#
# 1. Change ``mt.train(model, mnist.train)`` to
#    ``mt.train(model, mnist.train, steps=100)``: are the pictures clearer
#    after only 100 steps?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Clearer by the measure: the build trained for 100 steps, and the mean
# clarity over the ten digits was higher than after 1,000. Longer training
# adds details of single images to the templates (the page on the blog's
# question shows it again after 10,000 steps).
#
# .. raw:: html
#
#    </details>
#
# 2. Start from random weights instead of zeros: replace
#    ``model = mt.LinearSoftmax()`` by ``model = mt.random_start(scale=0.01)``.
#    Do a pixel's ten weights still sum to zero after training?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# No: the gradient of a pixel's ten weights still sums to zero, so training
# keeps each pixel's sum at whatever it was at the start, which is no longer
# zero. The build checked that training changed no sum by more than 1e-4.
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_06_which_digits_fail.py`
# counts which digits the model gets wrong.

# sphinx_gallery_start_ignore
short = mt.LinearSoftmax()
mt.train(short, mnist.train, steps=100)
short_clarity = mt.template_clarity(short.weights, mnist.train.images, mnist.train.digits)
if not short_clarity.mean() > clarity.mean():
    raise RuntimeError("plot_04, exercise 1: 'clearer after 100 steps' is false.")
random_model = mt.random_start(scale=0.01)
sums_before = random_model.weights.sum(axis=1)
mt.train(random_model, mnist.train)
if not np.abs(random_model.weights.sum(axis=1) - sums_before).max() < 1e-4:
    raise RuntimeError("plot_04, exercise 2: 'training keeps each pixel's sum' is false.")
if np.abs(sums_before).max() < 1e-3:
    raise RuntimeError("plot_04, exercise 2: 'the sums are no longer zero' is false.")
# sphinx_gallery_end_ignore

# sphinx_gallery_thumbnail_number = 1
