"""
The weights as a network and as pictures
========================================

Draw the blog's model as the network it drew, then take its weight pictures
further: how their colour scale is set, what the wrong colour map does, why
the gradient makes them look like the digits, why every pixel's ten weights
sum to zero, and one number per digit for how clear its picture is.

:Assumes: :ref:`sphx_glr_auto_examples_lesson_one_plot_03_training.py` and
    :ref:`sphx_glr_auto_examples_lesson_one_plot_04_what_the_model_learned.py`;
    a correlation.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyBboxPatch

import mnist_tutorial as mt

# %%
# The model as a network
# ----------------------
#
# For each digit the model adds up the 784 pixels, each with a weight of its
# own, plus a bias: ten scores, the logits, which the softmax turns into ten
# probabilities. The blog drew this as a network; here it is, with a few of
# the 784 inputs and 10 outputs.


def draw_network(ax):
    """Draw inputs, weighted sums with bias, softmax and outputs, as the blog did."""
    inputs = ["$x_0$", "$x_1$", "$x_2$", None, "$x_{783}$"]
    digits = [0, 1, 2, None, 9]
    rows = np.linspace(4, 0, 5)
    for row, label in zip(rows, inputs, strict=True):
        if label is None:
            ax.text(0, row, "⋮", ha="center", va="center", fontsize=16)
            continue
        ax.add_patch(Circle((0, row), 0.3, facecolor="0.9", edgecolor="0.3"))
        ax.text(0, row, label, ha="center", va="center")
    for row, digit in zip(rows, digits, strict=True):
        if digit is None:
            ax.text(3, row, "⋮", ha="center", va="center", fontsize=16)
            ax.text(7.2, row, "⋮", ha="center", va="center", fontsize=16)
            continue
        for source in rows[[0, 1, 2, 4]]:
            colour, layer = ("black", 0.5) if digit == 0 else ("0.75", 0)
            ax.plot([0.3, 2.6], [source, row], color=colour, linewidth=0.8, zorder=layer)
        ax.add_patch(Circle((3, row), 0.4, facecolor="white", edgecolor="0.3"))
        ax.text(3, row, "$\\Sigma$", ha="center", va="center", fontsize=13)
        ax.text(3.45, row + 0.35, f"$+b_{digit}$", fontsize=9)
        ax.annotate("", (5.2, row), (3.4, row), arrowprops={"arrowstyle": "->"})
        ax.text(4.3, row + 0.12, f"$z_{digit}$", ha="center", va="bottom")
        ax.annotate("", (6.9, row), (6.0, row), arrowprops={"arrowstyle": "->"})
        ax.text(7.2, row, f"$p_{digit}$", ha="center", va="center")
    ax.add_patch(FancyBboxPatch((5.2, -0.4), 0.8, 4.8, boxstyle="round,pad=0.05",
                                facecolor="0.92", edgecolor="0.4"))
    ax.text(5.6, 2, "softmax", rotation=90, ha="center", va="center", fontsize=12)
    ax.text(1.3, 4.55, "$W_{0,0}$", fontsize=9)
    for x, title in [(0, "784 pixels"), (3, "weighted sums"), (5.6, ""), (7.2, "probabilities")]:
        ax.text(x, 5.0, title, ha="center", fontsize=10)
    ax.set(xlim=(-0.6, 7.8), ylim=(-0.7, 5.3), aspect="equal")
    ax.axis("off")


fig, ax = plt.subplots(figsize=(7.2, 4.2))
draw_network(ax)
plt.show()

# %%
# Each line from a pixel to a sum is one weight; the black lines are the
# weights of digit 0, column 0 of :math:`W`, the column that lesson one draws
# as the first weight picture.
#
# The blog called this model a perceptron. Rosenblatt's perceptron (1958)
# gives a hard yes or no, a threshold on one weighted sum, and changes its
# weights only when it answers wrong. Softmax regression gives probabilities
# for all ten digits and learns from every image, by gradient descent on the
# cross-entropy; only the weighted sums are the same.
#
# The colour scale of the weight pictures
# ---------------------------------------
#
# We train the blog's model (1,000 steps of 100 images at learning rate 0.5,
# from zero). How pale a weight picture looks depends on the scale's limit. A
# few weights are far larger than the rest: the largest :math:`|W|` is more
# than one and a half times the 99th percentile of :math:`|W|`, and the median
# under a tenth of the largest (printed below). If that one weight set the
# limit, most pixels would sit near white; :func:`~mnist_tutorial.plot_weights`
# puts the limit at the 99th percentile instead, so every picture can be seen
# and the few larger weights simply get the darkest colour.

mnist = mt.load_mnist()
model = mt.LinearSoftmax()
mt.train(model, mnist.train)
weights = model.weights
magnitude = np.abs(weights)
limit = np.percentile(magnitude, mt.WEIGHT_LIMIT_PERCENTILE)
print(f"largest |W| {magnitude.max():.3f}; 99th percentile {limit:.3f}; "
      f"median {np.median(magnitude):.3f}")
print(f"share of weights above half the largest: {np.mean(magnitude > magnitude.max() / 2):.2%}")

# sphinx_gallery_start_ignore
from build_checks import answer, claim  # noqa: E402 (build only)

claim(magnitude.max() > 1.5 * limit and np.median(magnitude) < magnitude.max() / 10,
      "the largest |W| is more than 1.5 times the 99th percentile, the median under a tenth "
      "of it")
# sphinx_gallery_end_ignore

# %%
# The wrong colours: plain ``RdBu``
# ---------------------------------
#
# Matplotlib's ``RdBu_r`` runs from dark blue through white to dark red, and
# draws positive weights red, as the blog described. Plain ``RdBu`` runs the
# other way, so it paints *negative* weights red. Read with the blog's words
# in mind ("red is positive"), the same weights say that the model for 0
# *punishes* ink on a ring and rewards ink in the hole, which is backwards. The
# colour bar gives it away: :func:`~mnist_tutorial.plot_weights` labels it
# with the colour that is positive.

mt.plot_weights(weights, cmap="RdBu", title="Plain RdBu: here red is negative")
plt.show()

# %%
# The pixel where zeros have the most ink on average settles it: its weight
# for digit 0 is positive, and plain ``RdBu`` draws it blue (the colours of
# both maps, on the pictures' scale).

means = mt.mean_images(mnist.train.images, mnist.train.digits)
inkiest = int(means[0].argmax())
value = weights[inkiest, 0]
for name in ("RdBu_r", "RdBu"):
    red, green, blue, _ = plt.get_cmap(name)((min(value / limit, 1) + 1) / 2)
    print(f"{name:>6}: weight {value:+.3f} at pixel (row {inkiest // 28}, column "
          f"{inkiest % 28}) is drawn as RGB ({red:.2f}, {green:.2f}, {blue:.2f})")

# sphinx_gallery_start_ignore
claim(value > 0, "its weight for digit 0 is positive", f"{value:+.3f}")
_red, _, _blue, _ = plt.get_cmap("RdBu")((min(value / limit, 1) + 1) / 2)
claim(_blue > _red, "plain RdBu draws it blue")
# sphinx_gallery_end_ignore

# %%
# Beside each digit's mean image
# ------------------------------
#
# What should a weight picture look like? The simplest guess at a template for
# a digit is its average: the mean of all its training images. Compare these
# with the red parts of the weight pictures of lesson one.

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

# sphinx_gallery_start_ignore
claim(np.abs(one_step.weights - predicted_first_step).max() < 1e-6,
      "the first step makes column d exactly the batch's ink for d minus a tenth of all its ink")
# sphinx_gallery_end_ignore

# %%
# Summed over the ten digits, the gradient of each pixel's weights is
# :math:`\frac{1}{n}\sum_i x_i (\sum_d p_{id} - 1) = 0`, because probabilities
# sum to one. Starting from zero, **every pixel's ten weights therefore sum to
# zero** throughout training: whatever one digit's picture paints red, others
# must paint blue. That is why the pictures are the mean images with the
# "average digit" taken away, rather than the mean images themselves.

print(f"largest |sum over digits of a pixel's weights|: {np.abs(weights.sum(axis=1)).max():.1e}"
      f" (weights themselves reach {magnitude.max():.2f})")

# sphinx_gallery_start_ignore
claim(np.abs(weights.sum(axis=1)).max() < 1e-4, "every pixel's ten weights sum to zero")
# sphinx_gallery_end_ignore

# %%
# How apparent is each weight picture?
# ------------------------------------
#
# The blog found some weight pictures easy to read and others not, and asked
# whether the less apparent ones go with more errors. To ask that of the data,
# "apparent" needs a number. :func:`~mnist_tutorial.template_clarity` takes
# the correlation, over the 784 pixels, between a digit's column of :math:`W`
# and its mean training image:
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
# with your own reading of the red-and-blue pictures.

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
claim(np.abs(mt.template_clarity(noise, mnist.train.images, mnist.train.digits)).max() < 0.15,
      "pure noise is not clear at all")
claim(np.allclose(mt.template_clarity(means.T, mnist.train.images, mnist.train.digits), 1),
      "the mean images, used as weights, are as clear as a picture can be")

# The exercises' answers.
short = mt.LinearSoftmax()
mt.train(short, mnist.train, steps=100)
short_clarity = mt.template_clarity(short.weights, mnist.train.images, mnist.train.digits)
claim(short_clarity.mean() > clarity.mean(), "exercise 1: clearer after 100 steps")
answer("short_clarity", f"{short_clarity.mean():.2f}")
answer("full_clarity", f"{clarity.mean():.2f}")
random_model = mt.random_start(scale=0.01)
sums_before = random_model.weights.sum(axis=1)
mt.train(random_model, mnist.train)
sum_change = np.abs(random_model.weights.sum(axis=1) - sums_before).max()
claim(sum_change < 1e-4 < np.abs(sums_before).max(),
      "exercise 2: training keeps each pixel's sum, which is no longer zero")
answer("sum_change", f"{sum_change:.0e}")
answer("largest_sum", f"{np.abs(sums_before).max():.3f}")
# sphinx_gallery_end_ignore

# %%
# Summary
# -------
#
# * The blog's network is ten weighted sums of the 784 pixels plus a bias,
#   then the softmax; a column of :math:`W` is the weights into one sum.
# * The weight pictures share one symmetric scale whose limit a few large
#   weights should not set; ``RdBu`` draws positive values *blue*, ``RdBu_r``
#   red, as the blog described.
# * Each gradient step adds to a digit's picture the ink of its images and
#   takes away every image's ink in proportion to the probability the model
#   gave the digit; a pixel's ten weights always sum to zero.
# * :func:`~mnist_tutorial.template_clarity` turns "how apparent is this
#   picture" into a number per digit.
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
# Clearer by the measure: the mean clarity over the ten digits is
# {{short_clarity}} after 100 steps, against {{full_clarity}} after 1,000.
#
# .. raw:: html
#
#    </details>
#
# 2. Start from random weights instead of zeros: change
#    ``model = mt.LinearSoftmax()`` to ``model = mt.random_start(scale=0.01)``.
#    Do a pixel's ten weights still sum to zero after training?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# No: the gradient of a pixel's ten weights still sums to zero, so training
# keeps each pixel's sum at whatever it was at the start, which is no longer
# zero. The build measured it: the random start's sums reach
# {{largest_sum}}, and training changed no sum by more than {{sum_change}}.
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_05_draw_a_digit.py`
# lets you draw a digit and watch these weights read it.

# sphinx_gallery_thumbnail_number = 2
