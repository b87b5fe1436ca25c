"""
Which digits fail
=================

Find out which digits the model gets wrong, and what it takes them for: the
blog's histogram of errors, error rates, the confusion matrix, the wrong images
themselves, and how much of each changes from one training seed to another.

:Assumes: :ref:`sphx_glr_auto_examples_lesson_one_plot_03_training.py`
    (the trained model and the seeds); no new mathematics.
"""

import matplotlib.pyplot as plt
import numpy as np

import mnist_tutorial as mt

# %%
# The blog's model and its mistakes
# ---------------------------------
#
# We train the blog's model once more (1,000 steps of 100 images, learning rate
# 0.5, batches drawn with seed 0) and predict a digit for each of the 10,000
# test images. This page is about the predictions that are wrong.

mnist = mt.load_mnist()
test = mnist.test
model = mt.LinearSoftmax()
mt.train(model, mnist.train)
predicted = model.predict(test.images)
wrong = mt.misclassified(test.digits, predicted)
print(f"test accuracy {mt.accuracy(model, test):.2%}: "
      f"{len(wrong):,d} of {test.num_examples:,d} test images misclassified")

# %%
# The blog's histogram: errors per digit
# --------------------------------------
#
# The blog counted the misclassified test images of each true digit and drew
# the counts as a histogram. :func:`~mnist_tutorial.errors_per_digit` counts
# them and :func:`~mnist_tutorial.plot_errors_per_digit` draws the bars.

errors = mt.errors_per_digit(test.digits, predicted)
mt.plot_errors_per_digit(errors, title="The blog's histogram: misclassified test images per digit")
plt.show()

# %%
# Counts are not rates
# --------------------
#
# A raw count mixes two things: how often the model fails on a digit, and how
# many images of that digit there are to fail on. The test set does not hold
# the same number of each digit, so counts favour the rarer digits: with
# fewer images there are fewer chances to be wrong. Dividing by each digit's
# number of test images gives the **error rate**,
# :math:`r_d = e_d / n_d`, which compares digits fairly.

test_counts = np.bincount(test.digits, minlength=10)
rates = mt.error_rate_per_digit(test.digits, predicted)
print("digit        " + " ".join(f"{digit:>6d}" for digit in range(10)))
print("test images  " + " ".join(f"{count:>6,d}" for count in test_counts))
print("errors       " + " ".join(f"{count:>6d}" for count in errors))
print("error rate   " + " ".join(f"{rate:>6.1%}" for rate in rates))
print(f"fewest test images: digit {test_counts.argmin()} ({test_counts.min()}); "
      f"most: digit {test_counts.argmax()} ({test_counts.max()})")

# %%
# The rates, drawn on the same kind of chart. Compare the order of the digits
# with the order of the counts above: the ranking printed below the figure
# shows where correcting for the number of images moves a digit.

mt.plot_errors_per_digit(rates, kind="rate",
                         title="Test error rate per digit (errors / test images of the digit)")
plt.show()
print("worst to best by count:", "".join(str(d) for d in np.argsort(-errors, kind="stable")))
print("worst to best by rate: ", "".join(str(d) for d in np.argsort(-rates, kind="stable")))

# %%
# Which digit is taken for which: the confusion matrix
# ----------------------------------------------------
#
# A histogram says how often a 9 is wrong, not what the model took it for.
# The **confusion matrix** does: row :math:`t`, column :math:`p` counts the
# images of true digit :math:`t` predicted as :math:`p`, so each row sums to
# that digit's number of test images and the diagonal holds the correct
# answers. In the figure the diagonal is grey with bold numbers; the errors
# get the colour scale to themselves (darker orange = more confusions), so
# that a few dozen confusions still stand out next to hundreds of correct
# answers.

matrix = mt.confusion_matrix(test.digits, predicted)
mt.plot_confusion_matrix(matrix)
plt.show()
print("rows sum to the test counts:", bool(np.array_equal(matrix.sum(axis=1), test_counts)))

# %%
# The largest off-diagonal cells are the **most confused pairs**. A pair has a
# direction: "4 read as 9" and "9 read as 4" are two different mistakes.

single_pairs = mt.most_confused_pairs(matrix, k=5)
for pair in single_pairs:
    print(f"{pair.true_digit} read as {pair.predicted_digit}: {pair.count:3d} images "
          f"({pair.count / test_counts[pair.true_digit]:.1%} of all {pair.true_digit}s)")

# %%
# The wrong images themselves
# ---------------------------
#
# Numbers hide what the mistakes look like. Here are the first misclassified
# test images, each titled "true -> predicted". Judge for yourself which of
# them a person would misread, and which are readable digits written in a less
# common way: slanted, with an open loop, a short stroke or an extra bar.

mt.plot_misclassified(test.images, test.digits, predicted, n_images=24)
plt.show()

# %%
# How much of this is luck?
# -------------------------
#
# Everything above describes *one* trained model. The blog's model starts from
# zero, so the only randomness in training is the order of the batches; a
# different seed gives a different order and a slightly different model.
# :func:`~mnist_tutorial.seed_study` trains the blog's model once for each of
# ten seeds (all ten together, in a few seconds, with
# :func:`~mnist_tutorial.train_seeds`) and scores each on the test set.

study = mt.seed_study(mnist.train, test, seeds=10)
print(f"{study.n_seeds} seeds: test accuracy {study.accuracy_mean:.2%} "
      f"± {study.accuracy_std:.2%} (standard deviation), "
      f"from {study.accuracy.min():.2%} to {study.accuracy.max():.2%}")

# %%
# The error rate of each digit, as the mean over the ten seeds with error bars
# of one standard deviation. The overall accuracy hardly moves from seed to
# seed, but single digits move more: the typical standard deviation of a
# digit's error rate (printed below) is larger than that of the accuracy. A
# per-digit conclusion drawn from one model needs this spread next to it.

mt.plot_errors_per_digit(study.error_rates, kind="rate",
                         title="Test error rate per digit: mean and spread over 10 seeds")
plt.show()
print("digit          " + " ".join(f"{digit:>5d}" for digit in range(10)))
print("mean rate (%)  " + " ".join(f"{100 * r:5.1f}" for r in study.error_rates_mean))
print("std (%)        " + " ".join(f"{100 * s:5.1f}" for s in study.error_rates_std))
digit_spread = np.median(study.error_rates_std)
print(f"median standard deviation of a digit's error rate {digit_spread:.2%}, "
      f"of the accuracy {study.accuracy_std:.2%}")

# sphinx_gallery_start_ignore
if not digit_spread > study.accuracy_std:
    raise RuntimeError("plot_06: 'single digits move more than the accuracy' is false: "
                       f"{digit_spread:.3%} against {study.accuracy_std:.3%}")
# sphinx_gallery_end_ignore

# %%
# The most confused pairs over all ten models, with the mean and spread of
# each count per model, and how many of them were also among the five pairs
# of the single model above.

per_model = study.confusion_matrices
pooled_pairs = mt.most_confused_pairs(per_model.sum(axis=0), k=5)
for pair in pooled_pairs:
    counts = per_model[:, pair.true_digit, pair.predicted_digit]
    print(f"{pair.true_digit} read as {pair.predicted_digit}: {counts.mean():5.1f} "
          f"± {counts.std(ddof=1):4.1f} images per model")
pairs_of = {(pair.true_digit, pair.predicted_digit) for pair in single_pairs}
shared = sum((pair.true_digit, pair.predicted_digit) in pairs_of for pair in pooled_pairs)
print(f"{shared} of these 5 pairs are among the single model's 5")

# %%
# The single model's list and the pooled one do not hold the same five pairs:
# a ranking of confusions from one model is itself partly luck, and the counts
# of the leading pairs differ by less than their spread over seeds.

# sphinx_gallery_start_ignore
if shared == 5:
    raise RuntimeError("plot_06: 'the single model's list and the pooled one do not hold the "
                       "same five pairs' is false: all five are shared.")
pair_counts = np.array([per_model[:, p.true_digit, p.predicted_digit] for p in pooled_pairs])
if not np.ptp(pair_counts.mean(axis=1)) < pair_counts.std(axis=1, ddof=1).max():
    raise RuntimeError("plot_06: 'the counts of the leading pairs differ by less than their "
                       "spread over seeds' is false.")
# sphinx_gallery_end_ignore

# %%
# Summary
# -------
#
# * The blog's histogram counts errors; divide by each digit's number of test
#   images to compare digits fairly.
# * The confusion matrix and the most confused pairs say *what* each digit is
#   mistaken for; the wrong images show why.
# * One model is one draw: a digit's error rate moves from seed to seed more
#   than the accuracy does, and so does the list of the most confused pairs.
#   Quote them with their spread.
#
# Exercises
# ---------
#
# 1. Change ``k=5`` to ``k=10`` in the first list of confused pairs: how many of
#    the ten pairs come with their reverse (both 4 -> 9 and 9 -> 4)?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Confusions often go both ways, because the two digits share strokes: the
# build counted at least one such pair among the single model's ten.
#
# .. raw:: html
#
#    </details>
#
# 2. Which digit has the highest error rate, and is it the digit with the most
#    errors in the blog's histogram?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Compare the two rankings printed under the rate chart ("worst to best by
# count" and "by rate"): their first digits are the answer. The build checked
# that the two rankings are not the same order, so counting instead of
# dividing does move some digits.
#
# .. raw:: html
#
#    </details>
#
# 3. Change ``seeds=10`` to ``seeds=3`` in the seed study. Do the standard
#    deviations printed below the rate chart get more or less trustworthy?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Less: a standard deviation estimated from three values is itself very
# uncertain, so compare the printed spreads with those of ten seeds but do
# not trust any one of them much.
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_07_the_blogs_question.py`
# asks the blog's own question: do the digits with the least apparent weight
# pictures fail most?

# sphinx_gallery_start_ignore
ten_pairs = {(p.true_digit, p.predicted_digit) for p in mt.most_confused_pairs(matrix, k=10)}
if not any((b, a) in ten_pairs for a, b in ten_pairs):
    raise RuntimeError("plot_06, exercise 1: 'at least one pair with its reverse' is false.")
if np.array_equal(np.argsort(-errors, kind="stable"), np.argsort(-rates, kind="stable")):
    raise RuntimeError("plot_06, exercise 2: 'the two rankings are not the same order' is false.")
# sphinx_gallery_end_ignore

# sphinx_gallery_thumbnail_number = 3
