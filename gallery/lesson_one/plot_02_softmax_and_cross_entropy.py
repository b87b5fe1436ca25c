"""
Softmax and cross-entropy
=========================

Turn a model's scores into probabilities and measure how wrong they are, the
way TensorFlow does it: stably. You will see the textbook formulas fail, fix
them, and take cross-entropy apart into entropy and KL divergence.

:Assumes: :ref:`sphx_glr_auto_examples_lesson_one_plot_01_the_data.py`
    (one-hot labels); exponentials and logarithms.
"""

import matplotlib.pyplot as plt
import numpy as np

import mnist_tutorial as mt

# %%
# From scores to probabilities
# ----------------------------
#
# This page needs no data. The model of this tutorial looks at an image and
# gives it ten scores, one per digit, called *logits*: any real numbers, the
# larger the more the model believes in that digit. To read them as
# probabilities we need them positive and summing to one. Exponentiating makes
# them positive; dividing by their sum makes them sum to one. That is the
# *softmax*. It keeps the order of the scores: the bars on the right are the
# same scores after softmax.

digits = np.arange(10)
logits = np.array([0.5, -1.0, 1.2, 0.3, 4.0, -0.5, 0.1, 1.0, 0.8, 2.5])
probabilities = mt.softmax(logits)

fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 2.6), layout="constrained")
left.bar(digits, logits, color="tab:gray")
left.set(title="Logits", xlabel="digit", ylabel="score", xticks=digits)
right.bar(digits, probabilities, color="tab:blue")
right.set(title="softmax(logits)", xlabel="digit", ylabel="probability", xticks=digits)
plt.show()

print("probabilities:", probabilities.round(3))
print(f"they sum to {probabilities.sum():.6f}; the most likely digit is {probabilities.argmax()}")

# %%
# For a vector of logits :math:`z` with one entry per class,
#
# .. math::
#
#     \mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_m e^{z_m}} .
#
# Does the softmax widen the gaps between scores? Not in general. Only the
# differences of the logits matter: two logits :math:`\Delta` apart get
# probabilities in the ratio :math:`e^{\Delta}`. A small gap gives nearly
# equal probabilities, a large one a lopsided pair:

for gap in (0.1, 1.0, 4.0):
    pair = mt.softmax(np.array([gap, 0.0]))
    print(f"logits {gap:3.1f} apart: probabilities {pair[0]:.3f} and {pair[1]:.3f}, "
          f"ratio {pair[0] / pair[1]:.2f} = e**{gap}")

# sphinx_gallery_start_ignore
_small = mt.softmax(np.array([0.1, 0.0]))
if not _small[0] - _small[1] < 0.1:
    raise RuntimeError("plot_02: 'a small gap gives nearly equal probabilities' is false.")
# sphinx_gallery_end_ignore

# %%
# The naive softmax overflows
# ---------------------------
#
# Typed in as it reads, that formula breaks on large logits. Logits have no
# upper bound, and they grow as a model becomes confident. A floating-point
# number has a largest value, so :math:`e^{z}` overflows to infinity once
# :math:`z` passes its logarithm, printed below for float32 (what TensorFlow
# computes in) and float64 (NumPy's default). Infinity divided by infinity is
# *not a number*: ``nan``. Look at the first entry.

for dtype in (np.float32, np.float64):
    largest = np.finfo(dtype).max
    limit = np.log(largest)
    print(f"{dtype.__name__}: largest {largest:.3g}, so e**z overflows for z > {limit:.2f}")

extreme = np.array([1000.0, 0.0, -1000.0])
print("naive softmax: ", mt.naive_softmax(extreme))

# %%
# One ``nan`` is enough to ruin training: every later sum, gradient and weight
# it touches becomes ``nan`` too.
#
# The stable softmax
# ------------------
#
# The fix rests on one observation: adding the same number to every logit does
# not change the softmax, because the factor it contributes cancels,
#
# .. math::
#
#     \frac{e^{z_j - m}}{\sum_k e^{z_k - m}}
#     = \frac{e^{-m}\, e^{z_j}}{e^{-m} \sum_k e^{z_k}}
#     = \mathrm{softmax}(z)_j .
#
# Choosing :math:`m = \max_k z_k` makes the largest exponent :math:`e^0 = 1`,
# so nothing overflows, and the denominator at least 1, so nothing divides by
# zero. Very negative logits still underflow, but to an honest 0.

print("stable softmax:", mt.softmax(extreme))
shift = mt.softmax(logits + 1000.0) - mt.softmax(logits)
print(f"largest change when 1000 is added to every logit: {np.abs(shift).max():.1e}")

# %%
# The log-softmax
# ---------------
#
# The loss below needs the *logarithm* of the probabilities. The stable softmax
# rounded :math:`e^{-2000}` to exactly 0, and :math:`\log 0 = -\infty`. Taking
# the logarithm of the formula before computing anything avoids it, the
# *log-sum-exp* trick:
#
# .. math::
#
#     \log \mathrm{softmax}(z)_j = (z_j - m) - \log \sum_k e^{z_k - m} .
#
# The sum contains :math:`e^0 = 1`, so its logarithm is finite, and the result
# is finite for any finite logits.

print("log-softmax:", mt.log_softmax(extreme))

# %%
# Cross-entropy: how wrong is a prediction?
# -----------------------------------------
#
# Training needs one number per image that is small when the model gives the
# true digit a high probability and large when it does not. Cross-entropy is
# minus the logarithm of the probability of the true class; with soft labels
# :math:`y` (a distribution over the classes) it averages that over the labels:
#
# .. math::
#
#     H(y, p) = -\sum_j y_j \log p_j .
#
# Typed in as it reads, on probabilities, it inherits the zeros of the softmax.
# Below, the first image's true class (the last) got probability 0, and
# :math:`-\log 0` is infinite. The second image is predicted right, but a
# *wrong* class got probability 0, and :math:`0 \cdot \log 0 = 0 \cdot (-\infty)`
# is ``nan`` in floating point.

labels = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
batch_logits = np.array([[0.0, 0.0, -1000.0], extreme])
print("probabilities:\n", mt.softmax(batch_logits))
print("naive, from probabilities:", mt.naive_cross_entropy(labels, mt.softmax(batch_logits)))
print("stable, from logits:      ", mt.cross_entropy(labels, batch_logits).round(2))

# %%
# :func:`~mnist_tutorial.cross_entropy` takes the logits and goes through the
# log-softmax, so it never takes a log of 0: a confidently wrong answer costs a
# large but finite loss, a confidently right one costs 0. This is what
# TensorFlow's ``tf.nn.softmax_cross_entropy_with_logits`` does, and why the
# model returns logits rather than probabilities. It returns one loss per
# image; the training loss is their mean.
#
# Entropy, KL divergence, and what cross-entropy measures
# -------------------------------------------------------
#
# Cross-entropy splits into two parts. The *entropy* :math:`H(y)` measures how
# uncertain the labels themselves are. The *Kullback-Leibler divergence*
# :math:`D_{\mathrm{KL}}(y \,\|\, p)` is what the prediction costs on top of
# that: the extra nats, on average, of describing outcomes drawn from
# :math:`y` with a code built for :math:`p`. It is never negative and 0 only
# when they agree. Both are in nats (natural logarithm), with
# :math:`0 \log 0 = 0`:
#
# .. math::
#
#     H(y, p) = \underbrace{-\sum_j y_j \log y_j}_{H(y)}
#             + \underbrace{\sum_j y_j \log \frac{y_j}{p_j}}_{D_{\mathrm{KL}}(y \| p)} .
#
# Take an image that looks as much like a 4 as a 9, labelled by annotators who
# disagree, and a model that thinks it is a 4.

soft_label = np.zeros((1, 10))
soft_label[0, [4, 9]] = [0.7, 0.3]
one_hot = np.eye(10)[[4]]
prediction = mt.softmax(logits[np.newaxis])

for name, label in [("soft label", soft_label), ("one-hot label", one_hot)]:
    entropy = mt.entropy(label)[0]
    divergence = mt.kl_divergence(label, prediction)[0]
    cross = mt.cross_entropy(label, logits[np.newaxis])[0]
    print(
        f"{name:>13}: entropy {entropy:.4f} + KL {divergence:.4f} = {entropy + divergence:.4f};"
        f" cross-entropy {cross:.4f}"
    )

# %%
# A one-hot label is certain, so its entropy is 0 and cross-entropy *is* the
# KL divergence. The entropy of the labels does not depend on the model, so
# minimizing cross-entropy is minimizing the KL divergence of the prediction
# from the labels. The bars show the two parts for both labels.

parts = {
    label_name: (mt.entropy(label)[0], mt.kl_divergence(label, prediction)[0])
    for label_name, label in [("soft label", soft_label), ("one-hot label", one_hot)]
}
fig, ax = plt.subplots(figsize=(7.2, 2.2), layout="constrained")
names = list(parts)
entropies = np.array([parts[name][0] for name in names])
divergences = np.array([parts[name][1] for name in names])
ax.barh(names, entropies, color="tab:gray", label="entropy of the labels")
ax.barh(names, divergences, left=entropies, color="tab:orange", label="KL divergence")
ax.set(title="Cross-entropy = entropy + KL divergence", xlabel="nats")
ax.set_xlim(0, 1.3 * (entropies + divergences).max())
ax.legend(loc="upper right")
plt.show()

# %%
# The KL divergence is not a distance
# -----------------------------------
#
# A distance is the same both ways. The KL divergence is not: swapping the
# labels and the prediction gives another number. For two coins, one fair and
# one that lands heads 90% of the time:

fair, biased = np.array([[0.5, 0.5]]), np.array([[0.9, 0.1]])
forward = mt.kl_divergence(fair, biased)[0]
backward = mt.kl_divergence(biased, fair)[0]
print(f"D_KL(fair || biased) = {forward:.4f} nats, D_KL(biased || fair) = {backward:.4f} nats")

# sphinx_gallery_start_ignore
if not abs(forward - backward) > 0.1:
    raise RuntimeError("plot_02: 'swapping the two gives another number' is false.")
# sphinx_gallery_end_ignore

# %%
# The blog gave its KL divergences in bits. TensorFlow's logarithm is the
# natural one, so its numbers are nats; to get bits, divide by
# :math:`\ln 2`. The one-hot label's cross-entropy above, both ways:

one_hot_loss = mt.cross_entropy(one_hot, logits[np.newaxis])[0]
print(f"{one_hot_loss:.4f} nats = {one_hot_loss / np.log(2):.4f} bits")

# %%
# Why cross-entropy and not squared error, the loss of ordinary regression?
# Both are smallest at the label, but training moves the logits in
# proportion to the loss's *gradient*: how fast the loss changes as each
# logit changes (the next page explains how training uses it). For
# cross-entropy it is the prediction minus the label, :math:`p - y`, largest
# when the model is most wrong; squared error's
# carries the softmax's own derivative, which vanishes when the model is
# confidently wrong. The argument is told in full, with the model trained
# both ways, in :ref:`sphx_glr_auto_examples_going_further_plot_13_cross_entropy_versus_mse.py`.

# %%
# Summary
# -------
#
# * The softmax turns logits into probabilities. Computed as written it
#   overflows to ``nan``; subtracting the largest logit first fixes it without
#   changing the result.
# * Compute the log-probabilities with log-sum-exp and the cross-entropy from
#   the logits, never :math:`-\sum y \log p` on probabilities, which returns
#   ``inf`` or ``nan`` where a probability is 0.
# * Only differences of logits matter: a gap :math:`\Delta` is a probability
#   ratio :math:`e^\Delta`, nearly even for small gaps.
# * Cross-entropy is the entropy of the labels plus the KL divergence of the
#   prediction from the labels; for one-hot labels it *is* the KL divergence.
#   The KL divergence is not symmetric, so not a distance. All are in nats.
#
# Exercises
# ---------
#
# 1. Change ``extreme`` to ``np.array([700.0, 0.0, -700.0])``. Does the naive
#    softmax still fail? Find the largest logit it survives.
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# It survives 700: the naive softmax computes in float64 here, whose
# :math:`e^z` overflows only past the limit printed for float64 above, about
# 709.78. The build checked that 700 gives finite probabilities and 710 does
# not.
#
# .. raw:: html
#
#    </details>
#
# 2. Set ``soft_label[0, [4, 9]] = [0.5, 0.5]``. Which part of the
#    cross-entropy grows, and why can no model remove it?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# The entropy of the label grows, to :math:`\ln 2` nats, one bit (the build
# checked it). It depends on the label alone, so no prediction can lower it.
#
# .. raw:: html
#
#    </details>
#
# 3. Multiply the logits of the first cell by 3 (``logits = 3 * np.array(...)``).
#    What happens to the probabilities, and to the cross-entropy of the
#    one-hot label?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Every gap between logits triples, so the probabilities crowd onto the top
# digit, 4, and the one-hot label of a 4 costs less cross-entropy (the build
# checked that it falls).
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_03_training.py` puts these
# pieces together and trains the model with gradient descent.

# sphinx_gallery_start_ignore
with np.errstate(over="ignore", invalid="ignore"):
    survives_700 = np.all(np.isfinite(mt.naive_softmax(np.array([700.0, 0.0, -700.0]))))
    survives_710 = np.all(np.isfinite(mt.naive_softmax(np.array([710.0, 0.0, -710.0]))))
if not survives_700 or survives_710:
    raise RuntimeError("plot_02, exercise 1: 'survives 700, not 710' is false.")
if abs(mt.entropy(np.array([[0.5, 0.5]]))[0] - np.log(2)) > 1e-6:
    raise RuntimeError("plot_02, exercise 2: 'the entropy becomes ln 2' is false.")
if not mt.cross_entropy(one_hot, 3 * logits[np.newaxis])[0] < one_hot_loss:
    raise RuntimeError("plot_02, exercise 3: 'the cross-entropy falls' is false.")
# sphinx_gallery_end_ignore
