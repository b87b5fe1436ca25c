"""
Cross-entropy versus squared error
==================================

Train the blog's model with cross-entropy and with squared error from the same
start, watch squared error learn more slowly (far more slowly from a
confidently wrong start), and trace the slowdown to one factor in its
gradient: the softmax's own derivative.

:Assumes: :ref:`sphx_glr_auto_examples_lesson_one_plot_02_softmax_and_cross_entropy.py`
    and :ref:`sphx_glr_auto_examples_lesson_one_plot_03_training.py`; the
    gradient formulas of
    :ref:`sphx_glr_auto_examples_going_further_plot_11_gradients_by_hand.py` help.
"""

import matplotlib.pyplot as plt
import numpy as np

import mnist_tutorial as mt

# %%
# Two ways to measure "wrong"
# ---------------------------
#
# Why does the blog minimise cross-entropy and not the plainest measure of
# error, the squared distance between the predicted probabilities and the
# one-hot label? Both are zero when the prediction is
# the label and grow as it moves away, so both seem to say the same thing.
#
# What matters to gradient descent is not how large a loss is but how hard it
# *pushes*: the size of its gradient. A good teacher corrects most firmly the
# mistakes made with the most confidence. Cross-entropy does that. Squared
# error on top of a softmax does the opposite: the surer the model is of a
# wrong answer, the more faintly it is corrected.
#
# The push on the logits of one image
# -----------------------------------
#
# Take one image of a 0 and vary a single logit: the one of a *wrong* digit,
# say 7, from far below the others to far above, so that the model goes from
# "surely not a 7" to "surely a 7". For each setting we compute the gradient
# of each loss with respect to the ten logits (the formulas are at the end of
# the page) and draw its length against the probability given to the 7.

wrong_logit = np.linspace(-6.0, 16.0, 221)
logits = np.zeros((wrong_logit.size, 10))
logits[:, 7] = wrong_logit
labels = np.zeros_like(logits)
labels[:, 0] = 1.0

probabilities = mt.softmax(logits)
cross_entropy_push = probabilities - labels
error_push = 2 * (probabilities - labels)
squared_error_push = probabilities * (
    error_push - (error_push * probabilities).sum(axis=1, keepdims=True)
)

fig, ax = plt.subplots(figsize=(7.2, 3.6), layout="constrained")
ax.plot(probabilities[:, 7], np.linalg.norm(cross_entropy_push, axis=1), color="C0",
        label="cross-entropy")
ax.plot(probabilities[:, 7], np.linalg.norm(squared_error_push, axis=1), color="C3",
        label="squared error")
ticks = [0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999, 0.99999]
ax.set(xscale="logit", xticks=ticks, xticklabels=[f"{tick:g}" for tick in ticks],
       xlabel="probability the model gives to the wrong digit 7 (logit scale)",
       ylabel="length of the gradient\nwith respect to the logits",
       title="The more confidently wrong, the harder cross-entropy pushes")
ax.minorticks_off()
ax.legend()
plt.show()

# %%
# The numbers behind the curves at four points: a model that hesitates
# (every digit at 10%), one that gives the 7 half its belief, and two that are
# all but certain of it. Cross-entropy's push grows towards
# :math:`\sqrt{2}` (one unit down on the 7, one up on the 0); squared error's
# collapses towards zero.

for target in (0.1, 0.5, 0.99, 0.9999):
    row = np.argmin(abs(probabilities[:, 7] - target))
    print(f"p(7) = {probabilities[row, 7]:.4f}: cross-entropy push "
          f"{np.linalg.norm(cross_entropy_push[row]):.4f}, squared-error push "
          f"{np.linalg.norm(squared_error_push[row]):.2e}")

# sphinx_gallery_start_ignore
from build_checks import answer, claim  # noqa: E402 (build only)

_ce_norm = np.linalg.norm(cross_entropy_push, axis=1)
_se_norm = np.linalg.norm(squared_error_push, axis=1)
_sure = probabilities[:, 7] > 0.5
claim(np.all(np.diff(_ce_norm[_sure]) > 0) and abs(_ce_norm[-1] - np.sqrt(2)) < 1e-3,
      "Cross-entropy's push grows towards sqrt(2)", f"{_ce_norm[-1]:.5f}")
claim(np.all(np.diff(_se_norm[probabilities[:, 7] > 0.7]) < 0) and _se_norm[-1] < 1e-3,
      "squared error's collapses towards zero", f"{_se_norm[-1]:.2e}")
# sphinx_gallery_end_ignore

# %%
# The blog's start: both losses, the same batches
# -----------------------------------------------
#
# Now the real model. :func:`~mnist_tutorial.compare_losses` trains one copy
# of a starting model with each loss, on exactly the same batches, with the
# blog's settings (1,000 steps of 100 images, learning rate 0.5). Every 20
# steps it measures the test accuracy and the size of the gradient (its norm
# with respect to :math:`W`, on a fixed probe of 1,000 training images). The
# first start is the blog's: every weight zero, every digit at 10%.

mnist = mt.load_mnist()
from_zero = mt.compare_losses(mnist.train, mnist.test)
mt.plot_loss_comparison(from_zero, title="From the blog's all-zero start")
plt.show()

# %%
# The accuracy after a few steps and at the end, and the gradient at the
# start. From the blog's gentle start, where every digit has 10% and no
# prediction is confidently wrong, squared error lags at first, since its
# gradient is smaller, and by the end it is within a percentage point of
# cross-entropy.


def print_runs(runs):
    """Print test accuracy at a few steps, and the gradient at the start, of each run."""
    steps = runs["cross_entropy"].measured_steps
    shown = [int(np.searchsorted(steps, step)) for step in (20, 100, 300, steps[-1])]
    print("test accuracy at step " + "".join(f"{steps[i]:>8d}" for i in shown)
          + "   gradient norm at step 0")
    for name, label in (("cross_entropy", "cross-entropy"), ("mse", "squared error")):
        run = runs[name]
        print(f"  {label:<20}" + "".join(f"{run.accuracy[i]:8.1%}" for i in shown)
              + f"   {run.gradient_norm[0]:.3f}")


print_runs(from_zero)

# sphinx_gallery_start_ignore
_ce, _se = from_zero["cross_entropy"], from_zero["mse"]
claim(_se.accuracy[1] < _ce.accuracy[1] and abs(_se.accuracy[-1] - _ce.accuracy[-1]) < 0.01
      and _se.gradient_norm[0] < _ce.gradient_norm[0],
      "from zero, squared error lags at first, since its gradient is smaller, and ends within "
      "a point of cross-entropy")
# sphinx_gallery_end_ignore

# %%
# A bad start: confidently wrong
# ------------------------------
#
# A learning slowdown bites where predictions are confident and wrong.
# :func:`~mnist_tutorial.random_start` draws every weight from a normal
# distribution of standard deviation 1. A logit adds up a typical image's
# hundred or more inked pixels times random weights, so the ten logits of an
# image lie many units apart, and the softmax of such logits is nearly one-hot
# on whichever digit the random weights happen to favour. The model starts
# nearly certain, and mostly wrong:

bad_start = mt.random_start(scale=1.0, seed=0)
start_logits = bad_start(mnist.test.images).numpy()
print(f"typical spread (standard deviation) of an image's ten logits: "
      f"{np.median(start_logits.std(axis=1)):.1f}")
start_probabilities = bad_start.predict_proba(mnist.test.images)
start_wrong = start_probabilities.argmax(axis=1) != mnist.test.digits
certain = start_probabilities.max(axis=1) > 0.99
print(f"test accuracy at the bad start: {mt.accuracy(bad_start, mnist.test):.1%}")
print(f"median probability it gives to its top digit: "
      f"{np.median(start_probabilities.max(axis=1)):.3f}")
print(f"test images it gives more than 99% to a wrong digit: {np.mean(certain & start_wrong):.1%}")

# sphinx_gallery_start_ignore
_inked = (mnist.test.images > 0).sum(axis=1)
claim(np.median(_inked) >= 100, "a typical image's hundred or more inked pixels",
      f"median {np.median(_inked)}")
claim(np.median(start_logits.std(axis=1)) > 3, "the ten logits of an image lie many units apart")
claim(mt.accuracy(bad_start, mnist.test) < 0.5
      and np.median(start_probabilities.max(axis=1)) > 0.9,
      "The model starts nearly certain, and mostly wrong")
# sphinx_gallery_end_ignore

# %%
# The same comparison from this start. Look at the bottom panel first: squared
# error's gradient starts many times smaller than cross-entropy's, and its
# accuracy climbs far more slowly. Neither loss gets back, in 1,000 steps, to
# the accuracy reached from the all-zero start (the tables above and below).

from_bad = mt.compare_losses(mnist.train, mnist.test, start=bad_start)
mt.plot_loss_comparison(from_bad, title="From a confidently wrong random start")
plt.show()
print_runs(from_bad)

# sphinx_gallery_start_ignore
_ce_bad, _se_bad = from_bad["cross_entropy"], from_bad["mse"]
claim(_se_bad.gradient_norm[0] < _ce_bad.gradient_norm[0] / 5
      and np.all(_se_bad.accuracy[1:] < _ce_bad.accuracy[1:])
      and _ce_bad.accuracy[-1] < _ce.accuracy[-1] and _se_bad.accuracy[-1] < _ce.accuracy[-1],
      "from the bad start squared error's gradient is many times smaller, its accuracy climbs "
      "far more slowly, and neither gets back to the all-zero start's accuracy")
_start_accuracy = mt.accuracy(bad_start, mnist.test)
claim(_ce_bad.accuracy[-1] - _start_accuracy > (_ce.accuracy[-1] - _start_accuracy) / 2
      and _ce_bad.accuracy[-1] - _se_bad.accuracy[-1] > 0.05,
      "cross-entropy recovers most of the way; squared error ends far behind")
# sphinx_gallery_end_ignore

# %%
# After 1,000 steps from the bad start, on how many test images is each model
# still more than 99% sure of a wrong digit? Squared error leaves many times
# more such images than cross-entropy.

confidently_wrong = {}
for name, label in (("cross_entropy", "cross-entropy"), ("mse", "squared error")):
    trained = from_bad[name].model
    probabilities_after = trained.predict_proba(mnist.test.images)
    still_wrong = probabilities_after.argmax(axis=1) != mnist.test.digits
    stuck = np.mean(still_wrong & (probabilities_after.max(axis=1) > 0.99))
    print(f"{label:<14} after 1,000 steps: {stuck:.1%} of test images confidently wrong")
    confidently_wrong[name] = stuck

# sphinx_gallery_start_ignore
claim(confidently_wrong["mse"] > 3 * confidently_wrong["cross_entropy"],
      "squared error leaves many times more confidently wrong images", str(confidently_wrong))

# The exercises' answers.
milder = mt.random_start(scale=0.3, seed=0)
milder_confidence = np.median(milder.predict_proba(mnist.test.images).max(axis=1))
bad_confidence = np.median(start_probabilities.max(axis=1))
claim(milder_confidence < bad_confidence, "exercise 1: a less confident start",
      f"{milder_confidence:.3f} against {bad_confidence:.3f}")
answer("milder_confidence", f"{milder_confidence:.3f}")
answer("bad_confidence", f"{bad_confidence:.3f}")
from_milder = mt.compare_losses(mnist.train, mnist.test, start=milder)
gap_milder = from_milder["cross_entropy"].accuracy[-1] - from_milder["mse"].accuracy[-1]
gap_bad = _ce_bad.accuracy[-1] - _se_bad.accuracy[-1]
claim(gap_milder < gap_bad, "exercise 1: squared error ends less far behind",
      f"{gap_milder:.3f} against {gap_bad:.3f}")
answer("milder_gap", f"{100 * gap_milder:.1f}")
answer("bad_gap", f"{100 * gap_bad:.1f}")
far = np.zeros((1, 10))
far[0, 7] = 30.0
far_p = mt.softmax(far)
far_g = 2 * (far_p - labels[:1])
far_push = np.linalg.norm(far_p * (far_g - (far_g * far_p).sum(axis=1, keepdims=True)))
far_cross_entropy_push = np.linalg.norm(far_p - labels[:1])
claim(far_push < 1e-9 and abs(far_cross_entropy_push - np.sqrt(2)) < 1e-3,
      "exercise 2: squared error's push is tiny, cross-entropy's next to sqrt(2)",
      f"{far_push:.1e}")
answer("far_rest", f"{np.delete(far_p[0], 7).sum():.1e}")
answer("far_push", f"{far_push:.1e}")
answer("far_cross_entropy_push", f"{far_cross_entropy_push:.4f}")
# sphinx_gallery_end_ignore

# %%
# The slowdown, from the formulas
# -------------------------------
#
# For one image with logits :math:`z`, prediction :math:`p = \mathrm{softmax}(z)`
# and one-hot label :math:`y`, everything goes through the derivative of the
# softmax,
#
# .. math::
#
#    \frac{\partial p_j}{\partial z_k} = p_j (\delta_{jk} - p_k).
#
# **Cross-entropy**, :math:`H = -\sum_j y_j \log p_j`, has a logarithm that
# cancels this factor exactly:
#
# .. math::
#
#    \frac{\partial H}{\partial z_k} = p_k - y_k .
#
# The push is the plain gap between prediction and label, largest when the
# model is most wrong. **Squared error**, :math:`E = \sum_j (p_j - y_j)^2`,
# keeps it. With :math:`g_j = 2 (p_j - y_j)`,
#
# .. math::
#
#    \frac{\partial E}{\partial z_k} = \sum_j g_j\, p_j (\delta_{jk} - p_k)
#    = p_k \Big( g_k - \sum_j g_j p_j \Big).
#
# When the model is sure of a wrong digit :math:`w`, :math:`p` is nearly the
# one-hot vector of :math:`w`. For every :math:`k \neq w` (the true digit
# included) the factor :math:`p_k` is nearly 0; for :math:`k = w` the bracket
# is :math:`g_w - g_w p_w \approx 0`. Every component vanishes: the softmax
# has saturated, and squared error passes its flatness on to the gradient.
# The weights get :math:`\partial L / \partial W = \frac{1}{n} X^\top G`,
# with :math:`G` the rows above, so they barely move. These are the formulas
# of the first figure; :func:`~mnist_tutorial.gradient_norm` computes the
# same gradients with ``tf.GradientTape``, for the loss exactly as
# :func:`~mnist_tutorial.train` minimises it.
#
# Summary
# -------
#
# * Both losses are smallest at the label, but what training feels is the
#   gradient, and there they differ.
# * Cross-entropy's gradient with respect to the logits is :math:`p - y`:
#   the more confidently wrong, the larger.
# * Squared error of a softmax carries the softmax's derivative
#   :math:`p_k(\delta_{kj} - p_j)`, which vanishes when the softmax saturates,
#   right *or wrong*: a learning slowdown.
# * From the blog's all-zero start squared error lags at first and ends close
#   to cross-entropy. From a confidently wrong start it climbs far more
#   slowly and ends far behind; cross-entropy recovers most of the way, though
#   not, in 1,000 steps, to the accuracy of the all-zero start.
#
# Exercises
# ---------
#
# 1. In :func:`~mnist_tutorial.random_start`, change ``scale=1.0`` to
#    ``scale=0.3``: how confident is the start now, and how far does squared
#    error fall behind?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Smaller random weights give closer logits, so the start is less sure of
# itself: the median probability of its top digit is {{milder_confidence}},
# against {{bad_confidence}} at scale 1. Squared error ends
# {{milder_gap}} points behind cross-entropy after 1,000 steps, against
# {{bad_gap}} from the start of scale 1.
#
# .. raw:: html
#
#    </details>
#
# 2. In the first cell, change ``np.linspace(-6.0, 16.0, 221)`` to
#    ``np.linspace(-6.0, 30.0, 361)``, which takes the wrong digit's logit up
#    to 30: how small does squared error's push get?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Tiny: at a logit of 30 the model leaves {{far_rest}} of the probability to
# the other nine digits, squared error's push is {{far_push}}, and
# cross-entropy's is {{far_cross_entropy_push}}, next to :math:`\sqrt{2}`.
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_going_further_plot_14_deep_network.py` keeps
# cross-entropy and replaces the single layer with the convolutional network
# that TensorFlow's follow-up tutorial promised.

# sphinx_gallery_thumbnail_number = 3
