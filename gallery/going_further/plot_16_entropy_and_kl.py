"""
Entropy and KL divergence
=========================

Take cross-entropy apart into the entropy of the labels and the
Kullback-Leibler divergence of the prediction from them, see that the
divergence is not a distance, and convert the blog's bits to TensorFlow's nats.

:Assumes: :ref:`sphx_glr_auto_examples_lesson_one_plot_02_softmax_and_cross_entropy.py`
    (softmax, and cross-entropy from the logits); logarithms.
"""

import matplotlib.pyplot as plt
import numpy as np

import mnist_tutorial as mt

# %%
# What cross-entropy measures
# ---------------------------
#
# Lesson one measured a prediction :math:`p` against a label :math:`y` with
# the cross-entropy :math:`H(y, p) = -\sum_j y_j \log p_j`, computed from the
# logits. Labels need not be one-hot: where annotators disagree, a label can
# be a *soft* distribution over the classes, and the same formula averages
# :math:`-\log p_j` over it.
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
# disagree, and a model that thinks it is a 4: the logits of lesson one's
# softmax page.

logits = np.array([[0.5, -1.0, 1.2, 0.3, 4.0, -0.5, 0.1, 1.0, 0.8, 2.5]])
prediction = mt.softmax(logits)
soft_label = np.zeros((1, 10))
soft_label[0, [4, 9]] = [0.7, 0.3]
one_hot = np.eye(10)[[4]]

parts = {}
for name, label in [("soft label", soft_label), ("one-hot label", one_hot)]:
    entropy = mt.entropy(label)[0]
    divergence = mt.kl_divergence(label, prediction)[0]
    cross = mt.cross_entropy(label, logits)[0]
    parts[name] = (entropy, divergence)
    print(f"{name:>13}: entropy {entropy:.4f} + KL {divergence:.4f} = {entropy + divergence:.4f};"
          f" cross-entropy {cross:.4f}")

# sphinx_gallery_start_ignore
from build_checks import answer, claim  # noqa: E402

for name, label in [("soft label", soft_label), ("one-hot label", one_hot)]:
    total = sum(parts[name])
    claim(np.isclose(total, mt.cross_entropy(label, logits)[0]),
          "cross-entropy = entropy + KL divergence", f"{name}: {total}")
claim(parts["one-hot label"][0] == 0, "a one-hot label is certain, so its entropy is 0")
# sphinx_gallery_end_ignore

# %%
# A one-hot label is certain, so its entropy is 0 and cross-entropy *is* the
# KL divergence. The entropy of the labels does not depend on the model, so
# minimizing cross-entropy is minimizing the KL divergence of the prediction
# from the labels. The bars show the two parts for both labels.

names = list(parts)
entropies = np.array([parts[name][0] for name in names])
divergences = np.array([parts[name][1] for name in names])
fig, ax = plt.subplots(figsize=(7.2, 2.2), layout="constrained")
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
claim(abs(forward - backward) > 0.1, "swapping the labels and the prediction gives another number",
      f"{forward:.4f} and {backward:.4f}")
# sphinx_gallery_end_ignore

# %%
# Nats and bits
# -------------
#
# The blog gave its KL divergences in bits. TensorFlow's logarithm is the
# natural one, so its numbers are nats; to get bits, divide by
# :math:`\ln 2`. The one-hot label's cross-entropy above, both ways:

one_hot_loss = mt.cross_entropy(one_hot, logits)[0]
print(f"{one_hot_loss:.4f} nats = {one_hot_loss / np.log(2):.4f} bits")

# sphinx_gallery_start_ignore
half = mt.entropy(np.array([[0.5, 0.5]]))[0]
claim(np.isclose(half, np.log(2)), "exercise 1: the entropy becomes ln 2 nats, one bit",
      f"{half}")
answer("half_entropy", f"{half:.4f}")
answer("half_entropy_bits", f"{half / np.log(2):.4f}")
closer = np.array([[0.6, 0.4]])
closer_forward = mt.kl_divergence(fair, closer)[0]
closer_backward = mt.kl_divergence(closer, fair)[0]
claim(closer_forward < forward and closer_backward < backward
      and closer_forward != closer_backward,
      "exercise 2: both divergences shrink, and still differ")
answer("closer_forward", f"{closer_forward:.4f}")
answer("closer_backward", f"{closer_backward:.4f}")
# sphinx_gallery_end_ignore

# %%
# Summary
# -------
#
# * Cross-entropy is the entropy of the labels plus the KL divergence of the
#   prediction from the labels; for one-hot labels it *is* the KL divergence,
#   so training on cross-entropy minimizes the divergence.
# * The KL divergence is not symmetric, so not a distance.
# * TensorFlow's losses are in nats; divide by :math:`\ln 2` for bits.
#
# Exercises
# ---------
#
# 1. Change ``soft_label[0, [4, 9]] = [0.7, 0.3]`` to
#    ``soft_label[0, [4, 9]] = [0.5, 0.5]``. Which part of the soft label's
#    cross-entropy grows, and why can no model remove it?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# The entropy of the label grows, to :math:`\ln 2` = {{half_entropy}} nats,
# {{half_entropy_bits}} bit. It depends on the label alone, so no prediction
# can lower it.
#
# .. raw:: html
#
#    </details>
#
# 2. Change ``np.array([[0.9, 0.1]])`` to ``np.array([[0.6, 0.4]])``, a coin
#    closer to fair. Do the two divergences agree now?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Both shrink, to {{closer_forward}} and {{closer_backward}} nats: close, but
# still not equal.
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_going_further_plot_13_cross_entropy_versus_mse.py`
# trains the model with cross-entropy and with squared error, and shows why
# cross-entropy learns faster.
