"""
Load and look at MNIST
======================

After this page you can load MNIST, say what one image and one label are as
arrays of numbers, and look at both.

:Assumes: Python and NumPy arrays; nothing about machine learning.
"""

import matplotlib.pyplot as plt
import numpy as np

import mnist_tutorial as mt

# %%
# Where this lesson comes from
# ----------------------------
#
# This tutorial rebuilds a blog post by members of a machine-learning journal
# club at NCBS, Bangalore, who walked through TensorFlow 1's tutorial
# `MNIST For ML Beginners
# <https://github.com/tensorflow/docs/blob/r1.4/site/en/get_started/mnist/beginners.md>`__:
# a single layer of :term:`weights` that learns to read handwritten digits.
# We keep the blog's :term:`model`, settings and questions, run them in
# TensorFlow 2, and check every number; where the blog was wrong, we say so.
#
# Three splits
# ------------
#
# MNIST is a set of small scans of handwritten digits, each with its
# :term:`label`, the digit it shows. :func:`~mnist_tutorial.load_mnist` reads
# it and splits it as TensorFlow 1 did: the first 5,000 images of the
# original training file become the :term:`validation set` (for watching
# training and choosing settings), the other 55,000 the :term:`training set`
# the model learns from, and 10,000 images written by other people are the
# :term:`test set`, kept apart to measure the finished model once.

mnist = mt.load_mnist()
for name, split in zip(mnist._fields, mnist, strict=True):
    print(f"{name:<10} images {split.images.shape}, labels {split.labels.shape}")

# %%
# One image is 784 numbers
# ------------------------
#
# A scan is 28 by 28 :term:`pixels <pixel>` of grey. The loader lays its rows
# end to end into one row of 784 numbers, from 0 (blank paper) to 1 (full
# ink). That row is all the model ever sees: it is never told that pixel 28
# sits just below pixel 0. Each bump on the right is a row of the picture
# that crosses the digit.

image, digit = mnist.train.images[0], mnist.train.digits[0]
_, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3), width_ratios=[1, 2], layout="constrained")
mt.show_digit(image, ax=left, title=f"A training image of a {digit}")
right.plot(image, color="0.2")
right.set(xlabel="position in the row", ylabel="ink", title="As the model sees it")
plt.show()

inked = np.count_nonzero(image)
print(f"shape {image.shape}, values from {image.min():.3f} to {image.max():.3f}")
print(f"{inked} of {image.size} pixels carry ink ({inked / image.size:.0%})")

# sphinx_gallery_start_ignore
from build_checks import answer, claim  # noqa: E402

unsplit = mt.load_mnist(validation_size=0).train
claim(np.array_equal(unsplit.images[:5000], mnist.validation.images)
      and np.array_equal(unsplit.images[5000:], mnist.train.images),
      "the first 5,000 images of the original training file become the validation set, "
      "the other 55,000 the training set")
# sphinx_gallery_end_ignore

# %%
# One label is ten numbers
# ------------------------
#
# The model will answer with ten numbers per image, one per digit, so each
# label is written the same way: a :term:`one-hot` row, with a 1 at the
# position of the true digit and 0 everywhere else. ``labels`` holds these
# rows, for the :term:`loss`; ``digits`` holds the same labels as integers.
# ``argmax`` (the position of the largest entry) turns one into the other.

labels, digits = mnist.train.labels, mnist.train.digits
print("digits:", digits[:5], "labels:", labels[:5], sep="\n")
same = np.array_equal(labels.argmax(axis=1), digits)
print(f"{labels.shape[1]} columns; argmax gives back every digit: {same}")

# %%
# The blog described a one-hot label as having 9 columns. It has ten, as
# printed: a 0 needs a column too.
#
# Every digit, many hands
# -----------------------
#
# The first twelve training examples of each digit. The same digit varies:
# slanted and upright, thick and thin strokes, 4s open and closed at the top,
# 7s with and without a bar.

mt.show_examples(mnist.train, n_per_digit=12)
plt.show()

# %%
# Class balance
# -------------
#
# If one digit made up half the data, a model could score 50%
# :term:`accuracy` by always answering it. The count of each digit in each
# split shows that none comes close: the laziest possible model, always
# answering the commonest test digit, scores the share printed last.

for name, split in zip(mnist._fields, mnist, strict=True):
    print(f"{name:<10}", np.bincount(split.digits, minlength=10))
counts = np.bincount(mnist.test.digits, minlength=10)
commonest, share = counts.argmax(), counts.max() / counts.sum()
print(f"always answering {commonest} scores {share:.1%} on the test set")

# sphinx_gallery_start_ignore
shares = np.array([np.bincount(split.digits, minlength=10) / split.num_examples
                   for split in mnist])
claim(np.all((shares > 0.085) & (shares < 0.115)), "none comes close to half the data",
      f"{shares.round(3)}")
claim(labels.shape[1] == 10 and same, "a one-hot label has ten columns", f"{labels.shape}")
answer("test_first_digit", str(mnist.test.digits[0]))
answer("test_first_inked", str(np.count_nonzero(mnist.test.images[0])))
answer("unsplit_size", f"{unsplit.num_examples:,d}")
answer("unsplit_first_digit", str(unsplit.digits[0]))
answer("commonest_share", f"{share:.1%}")
answer("commonest_digit", str(commonest))
# sphinx_gallery_end_ignore

# %%
# In symbols
# ----------
#
# Stack :math:`n` images as the rows of a matrix :math:`X` and their labels as
# the rows of :math:`Y`:
#
# .. math::
#
#    X \in [0, 1]^{n \times 784}, \qquad
#    Y \in \{0, 1\}^{n \times 10}, \qquad
#    \sum_{k=0}^{9} Y_{ik} = 1,
#
# where :math:`Y_{ik} = 1` exactly when image :math:`i` shows digit
# :math:`k`. The :doc:`/conventions` page fixes these names and shapes for
# the whole site.
#
# Summary
# -------
#
# * MNIST gives 55,000 training, 5,000 validation and 10,000 test images.
# * An image is a row of 784 numbers in [0, 1]; the model never sees it as a
#   picture.
# * A label is a one-hot row of ten numbers; ``argmax`` gives back the digit.
# * Each digit is about a tenth of each split.
#
# Exercises
# ---------
#
# 1. Change ``mnist.train.images[0], mnist.train.digits[0]`` to
#    ``mnist.test.images[0], mnist.test.digits[0]``: which digit does the test
#    set start with?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# A {{test_first_digit}}, with {{test_first_inked}} of its 784 pixels inked.
#
# .. raw:: html
#
#    </details>
#
# 2. Change ``mt.load_mnist()`` to ``mt.load_mnist(validation_size=0)``: which
#    split changes size, and which digit does the first training image show?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# The training set grows to all {{unsplit_size}} images and the validation
# set is empty. The first training image is now the original file's first, a
# {{unsplit_first_digit}}.
#
# .. raw:: html
#
#    </details>
#
# 3. Why is accuracy a fair first measure here? Use the last printout.
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# No digit is much more common than a tenth: always answering the commonest
# test digit, {{commonest_digit}}, scores only {{commonest_share}}. A model
# that learned something must beat that by far.
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_02_softmax_and_cross_entropy.py`
# turns the model's ten scores per image into probabilities and measures how
# wrong they are.

# sphinx_gallery_thumbnail_number = 2
