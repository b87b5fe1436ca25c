"""
The blog's question
===================

After this page you can answer the blog's question with numbers: do the
digits 4, 5, 8 and 9 fail more often than the other six, and is the
difference larger than what the :term:`seed` of training alone can change?

:Assumes: :ref:`sphx_glr_auto_examples_lesson_one_plot_04_what_the_model_learned.py`
    (the weight pictures) and
    :ref:`sphx_glr_auto_examples_lesson_one_plot_06_which_digits_fail.py`
    (error rates, the confusion matrix).
"""

import matplotlib.pyplot as plt
import numpy as np

import mnist_tutorial as mt

# %%
# Ten models instead of one
# -------------------------
#
# The blog found the :term:`weight <weights>` pictures of 4, 5, 8 and 9 the
# least clear, and asked whether the :term:`model` gets these digits wrong
# most often. From its one trained model it answered "yes, except for 4". But
# one model is one draw: another seed orders the :term:`batches <batch>`
# differently and gives other errors. So we train ten models, seeds 0 to 9,
# with :func:`~mnist_tutorial.seed_study` (the blog's settings, all ten at
# once) and keep each model's confusion matrix of the :term:`test set`.

mnist = mt.load_mnist()
study = mt.seed_study(mnist.train, mnist.test, seeds=10)
print(f"{study.n_seeds} models: test accuracy {study.accuracy_mean:.2%} "
      f"± {study.accuracy_std:.2%} (standard deviation over seeds)")

# %%
# The four digits against the other six
# --------------------------------------
#
# The :term:`error rate` of a group of digits is its wrong test images over
# all its test images. By hand, from the first model's confusion matrix (row
# = true digit, the diagonal = right answers):

blog_digits, other_digits = [4, 5, 8, 9], [0, 1, 2, 3, 6, 7]
matrix = study.confusion_matrices[0]  # the model of seed 0
wrong = matrix.sum(axis=1) - np.diag(matrix)  # wrong test images of each digit
for group in (blog_digits, other_digits):
    print(f"seed 0, digits {group}: {wrong[group].sum()} of {matrix[group].sum()} wrong, "
          f"{wrong[group].sum() / matrix[group].sum():.2%}")

# %%
# :func:`~mnist_tutorial.group_error_rates` does the same for every model. We
# print each group's mean over the seeds with its standard deviation, and the
# difference of the two groups seed by seed.

group_rates = mt.group_error_rates(study.confusion_matrices, [blog_digits, other_digits])
blog_rate, other_rate = group_rates.T  # one value per seed
difference = blog_rate - other_rate
for group, rate in ((blog_digits, blog_rate), (other_digits, other_rate)):
    print(f"digits {group}: error rate {rate.mean():.2%} ± {rate.std(ddof=1):.2%}")
print(f"difference {100 * difference.mean():.1f} ± {100 * difference.std(ddof=1):.1f} points, "
      f"from {100 * difference.min():.1f} to {100 * difference.max():.1f}; "
      f"positive in {np.sum(difference > 0)} of {study.n_seeds} seeds")

# sphinx_gallery_start_ignore
from build_checks import answer, claim  # noqa: E402 (the build puts it on the path)

claim(abs(group_rates[0, 0] - wrong[blog_digits].sum() / matrix[blog_digits].sum()) < 1e-12,
      "group_error_rates does the same for every model")
claim(np.all(difference > 0), "the blog's four digits fail more often in every model")
claim(difference.mean() > 3 * difference.std(ddof=1),
      "the difference is several times its spread over seeds", f"{difference}")
answer("blog_rate", f"{blog_rate.mean():.1%}")
answer("other_rate", f"{other_rate.mean():.1%}")
answer("spread_ratio", f"{difference.mean() / difference.std(ddof=1):.0f}")
# sphinx_gallery_end_ignore

# %%
# The answer to the blog's question is **yes**: 4, 5, 8 and 9 together fail
# on {{blog_rate}} of their test images, the other six on {{other_rate}}. The
# four fail more often in every one of the ten models, and their lead is
# {{spread_ratio}} times its standard deviation over seeds: the seed moves the
# lead but never erases it.
#
# Digit by digit
# --------------
#
# The blog answered digit by digit, and from one model. Here is each digit's
# error rate, the mean over the ten models with one standard deviation as error
# bar; the blog's four digits are orange.

ax = mt.plot_errors_per_digit(study.error_rates, kind="rate",
                              title=f"Test error rate: mean ± std over {study.n_seeds} seeds")
for digit in blog_digits:
    ax.containers[-1][digit].set_color("C1")
plt.show()
order = np.argsort(-study.error_rates_mean, kind="stable")
print("worst to best, mean over seeds:", *order)
print(f"standard deviation over seeds: {np.median(study.error_rates_std):.2%} for the median "
      f"digit, {study.accuracy_std:.2%} for the accuracy")

# sphinx_gallery_start_ignore
mean_rates = study.error_rates_mean
claim(set(order[:3]) == {5, 8, 9}, "5, 8 and 9 fail most often", f"order {order}")
claim(mean_rates[4] < mean_rates[[2, 3, 7]].min(), "4 fails less often than 2, 3 and 7")
claim(np.median(study.error_rates_std) > study.accuracy_std,
      "a single digit's error rate moves more from seed to seed than the accuracy")
claim(study.error_rates_std[[5, 8, 9]].min() > 0.02, "the worst digits move by a few points")

# Exercise 1: the four digits that fail most.
worst_four = mt.group_error_rates(study.confusion_matrices, [[2, 5, 8, 9]])[:, 0]
claim(set(order[:4]) == {2, 5, 8, 9}, "the four digits that fail most are 2, 5, 8 and 9")
claim(worst_four.mean() > blog_rate.mean(), "the worst four fail more often than the blog's")
answer("worst_four_rate", f"{worst_four.mean():.1%} ± {worst_four.std(ddof=1):.1%}")

# Exercise 2: three seeds instead of ten.
three = study.select([0, 1, 2])
three_rates = mt.group_error_rates(three.confusion_matrices, [blog_digits, other_digits])
three_difference = three_rates[:, 0] - three_rates[:, 1]
claim(np.all(three_difference > 0), "with three seeds the four still fail more in every model")
answer("three_difference", f"{100 * three_difference.mean():.1f} "
       f"± {100 * three_difference.std(ddof=1):.1f} points")
answer("ten_difference", f"{100 * difference.mean():.1f} ± {100 * difference.std(ddof=1):.1f}")
# sphinx_gallery_end_ignore

# %%
# On the mean over seeds, 5, 8 and 9 fail most often, and 4 less often than
# 2, 3 and 7: the blog's "yes, except for 4" holds. But a single digit's
# error rate moves more from seed to seed than the :term:`accuracy` (the
# standard deviations printed last), by a few points for the worst digits
# (the error bars), so a ranking of single digits from one model is partly
# luck. The group of four is the sturdier answer.
#
# Why are these digits hard? Do less clear pictures go with more errors over
# all ten digits, or could ten digits show such a link by chance?
# :ref:`sphx_glr_auto_examples_going_further_plot_17_what_makes_a_digit_hard.py`
# measures clarity, ranks the digits by it, and tests the blog's two
# explanations.
#
# Summary
# -------
#
# * One model is one draw: compare groups of digits over several seeds, with
#   the spread.
# * Over ten seeds, 4, 5, 8 and 9 fail on {{blog_rate}} of their test images,
#   the other six on {{other_rate}}, and the four fail more in every model: the
#   blog's answer is yes.
# * Digit by digit, the blog's "yes, except for 4" holds on the mean over
#   seeds, but single digits move by points from seed to seed.
#
# Exercises
# ---------
#
# 1. The four digits that fail most are 2, 5, 8 and 9. Change
#    ``[4, 5, 8, 9], [0, 1, 2, 3, 6, 7]`` to ``[2, 5, 8, 9], [0, 1, 3, 4, 6, 7]``.
#    How much more often do they fail than the blog's four?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# They fail on {{worst_four_rate}} of their test images, against {{blog_rate}}
# for the blog's four: the blog's eye chose well, except for 4.
#
# .. raw:: html
#
#    </details>
#
# 2. Change ``seeds=10`` to ``seeds=3``. Does the answer change?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Not here: with seeds 0, 1 and 2 the four still fail more in every model, by
# {{three_difference}} (ten seeds: {{ten_difference}}). But a standard
# deviation of three values is itself uncertain: more seeds, surer spreads.
#
# .. raw:: html
#
#    </details>
#
# This ends lesson one. The blog ended with a hope: a deep network should do
# better. :ref:`sphx_glr_auto_examples_going_further_plot_14_deep_network.py`,
# in :ref:`going_further`, trains one and compares its errors with these.

# sphinx_gallery_thumbnail_number = 1
