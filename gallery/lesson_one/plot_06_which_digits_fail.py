"""
Which digits fail
=================

Find out which digits the model gets wrong and why: the blog's histogram of
errors, then error rates, the confusion matrix and the wrong images themselves,
the spread over training seeds, and the blog's question, "does a less apparent
weight picture mean more errors?", answered with a number.
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

mt.plot_errors_per_digit(rates, kind="rate", title="Error rate per digit (errors / test images)")
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

for pair in mt.most_confused_pairs(matrix, k=5):
    print(f"{pair.true_digit} read as {pair.predicted_digit}: {pair.count:3d} images "
          f"({pair.count / test_counts[pair.true_digit]:.1%} of all {pair.true_digit}s)")

# %%
# The wrong images themselves
# ---------------------------
#
# Numbers hide what the mistakes look like. Here are the first misclassified
# test images, each titled "true -> predicted". Some are hard even for a
# person; many are perfectly readable digits written in a less common way:
# slanted, with an open loop, a short stroke or an extra bar.

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
# seed, but single digits do, most likely because the last steps of training,
# with a learning rate as large as 0.5, push the model towards whichever digits
# the last batches favoured. A per-digit conclusion drawn from one model needs this spread
# next to it.

mt.plot_errors_per_digit(study.error_rates, kind="rate")
plt.show()
print("digit          " + " ".join(f"{digit:>5d}" for digit in range(10)))
print("mean rate (%)  " + " ".join(f"{100 * r:5.1f}" for r in study.error_rates_mean))
print("std (%)        " + " ".join(f"{100 * s:5.1f}" for s in study.error_rates_std))

# %%
# The most confused pairs over all ten models, with the mean and spread of
# each count per model. The same pairs lead, but their order is not fixed.

per_model = study.confusion_matrices
for pair in mt.most_confused_pairs(per_model.sum(axis=0), k=5):
    counts = per_model[:, pair.true_digit, pair.predicted_digit]
    print(f"{pair.true_digit} read as {pair.predicted_digit}: {counts.mean():5.1f} "
          f"± {counts.std(ddof=1):4.1f} images per model")

# %%
# The blog's question, answered with a number
# -------------------------------------------
#
# Looking at the weight pictures of
# :ref:`sphx_glr_auto_examples_lesson_one_plot_04_what_the_model_learned.py`, the blog
# asked whether the digits whose pictures are less apparent are the ones the
# model gets wrong more often. With
# :func:`~mnist_tutorial.template_clarity` (how much a digit's weight picture
# correlates with its mean image) we can ask it of every model of the study:
# rank the ten digits by clarity, rank them by error rate, and compute
# **Spearman's rank correlation** :math:`\rho` between the two rankings,
#
# .. math::
#
#    \rho = \operatorname{corr}\bigl(\operatorname{rank}(c_0, \dots, c_9),\
#                                    \operatorname{rank}(r_0, \dots, r_9)\bigr),
#
# which is :math:`-1` if the clearest picture always has the fewest errors,
# :math:`0` if clarity says nothing about errors, and :math:`+1` if the
# clearest pictures fail most. Ranks, not the values, because we ask only
# "less clear, more errors?", not whether the relation is a straight line.

clarity = mt.template_clarity(study.weights, mnist.train.images, mnist.train.digits)
rho = mt.rank_correlation(clarity, study.error_rates)  # one value per seed
print("rho per seed:", " ".join(f"{value:+.2f}" for value in rho))
print(f"Spearman rho between template clarity and error rate: {rho.mean():+.2f} "
      f"± {rho.std(ddof=1):.2f} over {study.n_seeds} seeds "
      f"(from {rho.min():+.2f} to {rho.max():+.2f})")

# %%
# Each digit as a point: its clarity against its error rate, both as the mean
# over seeds with one standard deviation as error bars. The less apparent a
# weight picture (further left), the higher the error rate: the answer to the
# blog's question is **yes**, strongly and for every seed, as the printed
# :math:`\rho` says.

fig, ax = plt.subplots(figsize=(7.2, 4.2), layout="constrained")
ax.errorbar(clarity.mean(axis=0), 100 * study.error_rates_mean,
            xerr=clarity.std(axis=0, ddof=1), yerr=100 * study.error_rates_std,
            fmt="o", color="C0", ecolor="0.6", capsize=3)
for digit in range(10):
    ax.annotate(str(digit), (clarity[:, digit].mean(), 100 * study.error_rates_mean[digit]),
                xytext=(6, 4), textcoords="offset points", fontsize="large")
ax.set(xlabel="template clarity (correlation of weight picture with mean image)",
       ylabel="test error rate (%)",
       title=f"Less apparent weight pictures, more errors (Spearman rho = {rho.mean():+.2f})")
plt.show()

# %%
# First explanation: the model has not finished learning
# ------------------------------------------------------
#
# The blog offered two explanations for the errors. The first: after 1,000
# steps the model has simply not learned enough, and would do better with more
# training. That is testable: train the same seeds ten times longer and see
# which digits' error rates fall, and by how much. To keep this page quick we
# do it for the first three seeds (change ``long_seeds`` to ``study.seeds`` to
# run all ten; it takes a minute or so and tells the same story).
# :func:`~mnist_tutorial.compare_seed_studies` pairs the two studies seed by
# seed, so the batch order's own noise cancels as far as it can.

long_seeds = study.seeds[:3]
longer = mt.seed_study(mnist.train, test, seeds=long_seeds, steps=10 * study.steps)
change = mt.compare_seed_studies(study.select(long_seeds), longer)
print(f"{study.steps:,d} -> {longer.steps:,d} steps, seeds {long_seeds.tolist()}: accuracy "
      f"{change.before.accuracy_mean:.2%} -> {longer.accuracy_mean:.2%} "
      f"({100 * change.accuracy_change.mean():+.2f} percentage points)")

# %%
# The change of each digit's error rate (negative: fewer errors), mean and
# spread over the seeds. Ten times the training buys little accuracy (printed
# above), and the change is uneven: some digits improve, a few barely move
# or even get worse, and the worst digits after 1,000 steps are still the
# worst after 10,000 (the rank correlation printed last). Incomplete learning
# explains a little of the errors, not their pattern.

ax = mt.plot_errors_per_digit(change.error_rate_change, kind="rate",
                              title="Change of error rate after 10x more training")
ax.axhline(0, color="black", linewidth=0.8)
ax.set_ylabel("change of error rate (percentage points)")
plt.show()
print("digit           " + " ".join(f"{digit:>6d}" for digit in range(10)))
print("before (%)      " + " ".join(f"{100 * r:6.1f}" for r in change.before.error_rates_mean))
print("after (%)       " + " ".join(f"{100 * r:6.1f}" for r in longer.error_rates_mean))
print("change (points) " + " ".join(f"{100 * r:+6.1f}" for r in change.error_rate_change_mean))
print("relative        " + " ".join(f"{r:+6.0%}" for r in change.relative_change))
falling = np.argsort(change.error_rate_change_mean)[:3]
print("largest falls: " + ", ".join(
    f"{d} ({100 * change.error_rate_change_mean[d]:+.1f} points)" for d in falling))
print("rank correlation of error rates before and after:",
      f"{mt.rank_correlation(change.before.error_rates_mean, longer.error_rates_mean):+.2f}")

# %%
# Longer training changes the pictures too, and not in the direction one might
# guess: the weight pictures become *less* clear, as the weights pick up
# details of individual training images, while the errors fall. So clarity
# describes how a picture looks, not how good the model is; what it tracks is
# *which digits* are hard, and that link survives longer training (the
# :math:`\rho` printed last).

clarity_longer = mt.template_clarity(longer.weights, mnist.train.images, mnist.train.digits)
clarity_before = mt.template_clarity(change.before.weights, mnist.train.images,
                                    mnist.train.digits).mean(axis=0)
print("digit            " + " ".join(f"{digit:>5d}" for digit in range(10)))
print("clarity before   " + " ".join(f"{c:5.2f}" for c in clarity_before))
print("clarity after    " + " ".join(f"{c:5.2f}" for c in clarity_longer.mean(axis=0)))
print(f"digits whose picture became less clear: "
      f"{int(np.sum(clarity_longer.mean(axis=0) < clarity_before))} of 10")
rho_longer = mt.rank_correlation(clarity_longer, longer.error_rates)
print(f"Spearman rho between clarity and error rate after {longer.steps:,d} steps: "
      f"{rho_longer.mean():+.2f} ± {rho_longer.std(ddof=1):.2f} over {longer.n_seeds} seeds")

# %%
# Second explanation: several ways of writing a digit
# ---------------------------------------------------
#
# The blog's second explanation: some digits are written in several ways (a 4
# open or closed, a 7 with or without a bar), and one template per digit
# blurs them together. Then the most varied digits should fail most.
# :func:`~mnist_tutorial.digit_variability` measures how varied each digit's
# training images are: one minus the average correlation of each image with
# its digit's mean image,
#
# .. math::
#
#    v_d = 1 - \frac{1}{n_d} \sum_{i : y_i = d} \operatorname{corr}(x_i, \bar x_d),
#
# near 0 if every image looks like the mean, larger if there are several
# styles. Unlike the pixel variance it does not grow with the amount of ink (a
# 1 has far less than an 8).

variability = mt.digit_variability(mnist.train.images, mnist.train.digits)
rho_variability = mt.rank_correlation(variability, study.error_rates)
print("digit        " + " ".join(f"{digit:>5d}" for digit in range(10)))
print("variability  " + " ".join(f"{v:5.3f}" for v in variability))
print(f"Spearman rho between variability and error rate: {rho_variability.mean():+.2f} "
      f"± {rho_variability.std(ddof=1):.2f} over {study.n_seeds} seeds")
print("Spearman rho between variability and clarity:",
      f"{mt.rank_correlation(variability, clarity.mean(axis=0)):+.2f}")

# %%
# The same as a picture. The more varied a digit's handwriting (further
# right), the more errors, though less tightly than with clarity; and the
# varied digits are also the ones with the least clear weight pictures (the
# last number printed above). The two findings are one story: many styles
# blur the template, a blurred template reads as a less apparent picture, and
# a blurred template misses the images that do not look like the average.

fig, ax = plt.subplots(figsize=(7.2, 4.2), layout="constrained")
ax.errorbar(variability, 100 * study.error_rates_mean, yerr=100 * study.error_rates_std,
            fmt="o", color="C0", ecolor="0.6", capsize=3)
for digit in range(10):
    ax.annotate(str(digit), (variability[digit], 100 * study.error_rates_mean[digit]),
                xytext=(6, 4), textcoords="offset points", fontsize="large")
ax.set(xlabel="variability of the training images (1 - mean correlation with mean image)",
       ylabel="test error rate (%)",
       title=f"More varied digits, more errors (Spearman rho = {rho_variability.mean():+.2f})")
plt.show()

# %%
# Summary
# -------
#
# * The blog's histogram counts errors; divide by each digit's number of test
#   images to compare digits fairly.
# * The confusion matrix and the most confused pairs say *what* each digit is
#   mistaken for; the wrong images show why.
# * One model is one draw: per-digit error rates move by several points from
#   seed to seed, so quote them with their spread.
# * Less apparent weight pictures go with more errors, measured by Spearman's
#   :math:`\rho` between template clarity and error rate over ten seeds.
# * Training ten times longer helps a little, unevenly, and leaves the hardest
#   digits hardest. The digits that fail tend to be the ones written in many
#   ways, whose single template is blurred (a looser link than clarity's).
#
# Exercises
# ---------
#
# 1. Change ``k=5`` to ``k=10`` in the first list of confused pairs: how many of
#    the ten pairs are a pair and its reverse (both 4 -> 9 and 9 -> 4)?
# 2. Change ``seeds=10`` to ``seeds=3`` in the seed study: how much do the
#    printed :math:`\rho` and its spread change?
# 3. Change ``steps=10 * study.steps`` to ``steps=3 * study.steps``: does a
#    smaller increase already give most of the gain?
#
# Next, :ref:`sphx_glr_auto_examples_going_further_plot_11_gradients_by_hand.py` computes the
# gradients that trained these weights by hand, and checks them against
# TensorFlow's.

# sphinx_gallery_thumbnail_number = 3
