"""
Load and look at MNIST
======================

Load the handwritten digits the whole tutorial learns from, and see exactly what
a model receives: an image as a row of 784 numbers, a label as a row of ten,
and how many examples there are of each digit.

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
# club at NCBS, Bangalore, who walked through TensorFlow 1's tutorial "MNIST
# for ML Beginners": a single layer of weights that learns to read
# handwritten digits. We keep the blog's model, settings and questions, run
# them in TensorFlow 2, and check every number. Where the blog was wrong we
# say so and show the correction; the first is on this page.
#
# Three splits, as TensorFlow 1 made them
# ---------------------------------------
#
# MNIST is a set of small black-and-white scans of digits written by hand by
# American census employees and high-school students, each labelled with the
# digit it shows. It comes as two files of images and two of labels: a
# training set and a test set, written by different people.
#
# :func:`~mnist_tutorial.load_mnist` reads the four files (downloading them
# once to a cache folder, or reading the folder that ``$MNIST_TUTORIAL_DATA``
# names) and splits them the way TensorFlow 1's ``input_data`` did for the
# original tutorial: the *first* 5,000 training images are held out as a
# *validation set*, images not trained on, for watching training and choosing
# settings; the other 55,000 are for training, and the 10,000 test images are
# kept apart to measure the finished model once. Each split is a
# :class:`~mnist_tutorial.DataSet` with three arrays.

mnist = mt.load_mnist()
for name, split in zip(mnist._fields, mnist, strict=True):
    print(f"{name}: {split.num_examples:,d} images")
    print(f"    images {split.images.shape} {split.images.dtype}")
    print(f"    labels {split.labels.shape} {split.labels.dtype}")
    print(f"    digits {split.digits.shape} {split.digits.dtype}")

# %%
# The validation images are the start of the original training file, so the
# first training image here is the original file's image number 5,000.
# Keeping that split exactly means that every validation and test number on
# these pages is measured on the same images as in the original tutorial.

original = mt.load_mnist(validation_size=0).train  # all 60,000, unsplit
same = np.array_equal(original.images[5000], mnist.train.images[0])
print("first training image is original image 5,000:", bool(same))
print("first training digit:", mnist.train.digits[0])
print("first validation digit:", mnist.validation.digits[0])

# %%
# One image is 784 numbers
# ------------------------
#
# A scan is 28 by 28 pixels of grey. The loader lays its rows end to end into
# one row of 784 numbers, from 0 (blank paper) to 1 (full ink). That row is all
# the model ever sees: it is never told that pixel 28 sits just below pixel 0.
# On the left, the image drawn as a picture; on the right, the same 784 numbers
# as the model receives them, one after the other. Each bump is one row of
# the picture that crosses the digit, and most of the 784 numbers are zero.

image, digit = mnist.train.images[0], mnist.train.digits[0]

fig, (left, right) = plt.subplots(
    1, 2, figsize=(7.2, 3.2), width_ratios=[1, 2], layout="constrained"
)
mt.show_digit(image, ax=left, title=f"A training image of a {digit}")
right.fill_between(np.arange(image.size), image, step="mid", color="0.2")
right.set(
    xlim=(0, image.size),
    xticks=np.arange(0, image.size + 1, 28 * 7),
    xlabel="position in the row of 784 numbers",
    ylabel="ink (0 to 1)",
    title="The same image as the model sees it",
)
plt.show()

# %%
# The numbers themselves: the image's shape and type, its range, and how
# little of it is ink. Printed as tenths of full ink (``9`` is nearly black,
# ``.`` is blank), the rows and columns that carry ink still read as a digit.

print(f"shape {image.shape}, dtype {image.dtype}")
print(f"values from {image.min():.3f} to {image.max():.3f}")
inked = np.count_nonzero(image)
print(f"{inked} of {image.size} pixels carry ink ({inked / image.size:.0%})")
picture = image.reshape(28, 28)
rows = np.flatnonzero(picture.any(axis=1))
columns = np.flatnonzero(picture.any(axis=0))
tenths = np.minimum(9, (10 * picture).astype(int))
for row in tenths[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]:
    print(" ".join(str(value) if value else "." for value in row))

# sphinx_gallery_start_ignore
if not inked < image.size / 2:
    raise RuntimeError(f"plot_01: 'most of the 784 numbers are zero' is false: {inked} inked")
# sphinx_gallery_end_ignore

# %%
# One label is ten numbers
# ------------------------
#
# The model will answer with ten numbers per image, one for each digit, so the
# labels are written the same way: a **one-hot** vector, with a 1 at the
# position of the true digit and 0 everywhere else. Read as a probability
# distribution over the ten digits, a one-hot label says "certainly this
# digit". Each :class:`~mnist_tutorial.DataSet` keeps both forms: ``labels``
# (one-hot) for the loss, and ``digits`` (integers) for counting and plotting.
# The picture shows the labels of the first twelve training images: each row
# has exactly one black square, in the column of its digit.

first = slice(0, 12)
fig, ax = plt.subplots(figsize=(7.2, 3.6), layout="constrained")
ax.imshow(mnist.train.labels[first], cmap="Greys", vmin=0, vmax=1)
ax.set(
    xticks=np.arange(10),
    yticks=np.arange(12),
    yticklabels=mnist.train.digits[first],
    xlabel="position in the label (digit 0 to 9)",
    ylabel="true digit of the image",
    title="One-hot labels of the first twelve training images",
)
plt.show()

# %%
# In numbers: the first five labels, and two checks that hold for every label
# of the training set. ``argmax`` (the position of the largest entry) turns a
# one-hot label back into its digit.

print("digits:", mnist.train.digits[:5])
print("labels:")
print(mnist.train.labels[:5])
labels, digits = mnist.train.labels, mnist.train.digits
print("every row sums to 1:", bool(np.all(labels.sum(axis=1) == 1)))
same = np.array_equal(labels.argmax(axis=1), digits)
print("argmax of each row is its digit:", bool(same))
print(f"a label has {labels.shape[1]} columns, one per digit 0 to 9")

# %%
# The blog described a one-hot label as having 9 columns. It has ten, one for
# each digit from 0 to 9, as printed above: a 0 needs a column too.

# sphinx_gallery_start_ignore
if labels.shape[1] != 10 or not same:
    raise RuntimeError(f"plot_01: 'a one-hot label has ten columns' is false: {labels.shape}")
# sphinx_gallery_end_ignore

# %%
# Every digit, many hands
# -----------------------
#
# The first twelve training examples of each digit. Look at how much the same
# digit varies: slanted and upright, thick and thin strokes, 4s open and closed
# at the top, 7s with and without a bar. A model that only compared an image
# with one stored template per digit would have to cope with all of this.

mt.show_examples(mnist.train, n_per_digit=12)
plt.show()

# %%
# Class balance
# -------------
#
# Are some digits much more common than others? If one digit made up half the
# data, a model could score 50% by always guessing it, and accuracy would say
# little. The bars show each digit's share of each split; the dashed line is a
# perfectly even 10%.

counts = {
    name: np.bincount(split.digits, minlength=10)
    for name, split in zip(mnist._fields, mnist, strict=True)
}
ten = np.arange(10)
width = 0.27
offsets = (-width, 0, width)
fig, ax = plt.subplots(figsize=(7.2, 3.4), layout="constrained")
for offset, (name, count) in zip(offsets, counts.items(), strict=True):
    ax.bar(ten + offset, 100 * count / count.sum(), width, label=name)
ax.axhline(10, color="0.3", linestyle="--", linewidth=1)
ax.set(
    xticks=ten,
    xlabel="digit",
    ylabel="share of the split (%)",
    ylim=(0, 13),
    title="Every digit makes up about a tenth of each split",
)
ax.legend(ncols=3, loc="lower center")
plt.show()

# %%
# The counts behind the bars. The most common digit in the test set sets the
# score of the laziest possible "model", one that always answers that digit:
# anything worth training must beat it by far.

print("digit      " + "".join(f"{d:>6d}" for d in ten))
for name, count in counts.items():
    print(f"{name:<10} " + "".join(f"{c:>6d}" for c in count))
test_counts = counts["test"]
commonest = int(test_counts.argmax())
share = test_counts.max() / test_counts.sum()
print(f"always answering {commonest} scores {share:.1%} on the test set")

# sphinx_gallery_start_ignore
shares = np.array([count / count.sum() for count in counts.values()])
if not np.all((shares > 0.085) & (shares < 0.115)):
    raise RuntimeError(f"plot_01: 'every digit makes up about a tenth of each split' is false: "
                       f"{shares.round(3)}")
# sphinx_gallery_end_ignore

# %%
# The same in symbols
# -------------------
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
# :math:`k`. Pixel :math:`j` of row :math:`i`, counted from 0 to 783, is
# pixel (``j // 28``, ``j % 28``) of the picture. The :doc:`/conventions` page fixes these names
# and shapes for the whole site.
#
# Summary
# -------
#
# * MNIST gives 55,000 training, 5,000 validation and 10,000 test images, split
#   as TensorFlow 1 did.
# * An image is a row of 784 numbers in [0, 1]; the model never sees it as a
#   picture.
# * A label is a one-hot row of ten numbers; ``argmax`` gives back the digit.
# * The ten digits are close to evenly represented, so accuracy is a fair
#   first measure.
#
# Exercises
# ---------
#
# 1. In the line ``image, digit = ...``, change ``mnist.train`` to
#    ``mnist.test`` (both times): which digit does the test set start with?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# A 7 (the build checked it). The count of inked pixels printed below it is
# that 7's.
#
# .. raw:: html
#
#    </details>
#
# 2. Change ``mt.load_mnist()`` to ``mt.load_mnist(validation_size=0)``: which
#    split changes size, and what becomes the first training digit?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# The training split grows to all 60,000 images and the validation split is
# empty; the first training digit becomes the original file's first, a 5 (the
# build checked both).
#
# .. raw:: html
#
#    </details>
#
# 3. Why can a model not score much by always answering the commonest digit?
#    Use the last table.
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Because no digit is much more common than a tenth: the line under the table
# gives the score of always answering the commonest test digit, and the build
# checked that it is below 12%.
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_02_softmax_and_cross_entropy.py`
# turns ten scores per image into probabilities and measures how wrong they are.

# sphinx_gallery_start_ignore
if mnist.test.digits[0] != 7:
    raise RuntimeError("plot_01, exercise 1: 'the test set starts with a 7' is false.")
if original.num_examples != 60_000 or original.digits[0] != 5:
    raise RuntimeError("plot_01, exercise 2: '60,000 images, the first a 5' is false.")
if not share < 0.12:
    raise RuntimeError(f"plot_01, exercise 3: 'below 12%' is false: {share:.1%}")
# sphinx_gallery_end_ignore

# sphinx_gallery_thumbnail_number = 3
