"""
Softmax and cross-entropy
=========================

After this page you can turn a model's ten scores into probabilities with the
softmax, measure how wrong they are with cross-entropy computed from the
scores, and say why TensorFlow computes both that way.

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
# The blog's :term:`model` multiplies an image :math:`x`, its row of 784
# :term:`pixels <pixel>`, by a matrix of :term:`weights` :math:`W` and adds a
# :term:`bias` :math:`b`:
#
# .. math::
#
#     y = xW + b .
#
# That gives ten scores per image, one per digit, called
# :term:`logits <logit>`: any real numbers, the larger the more the model
# believes in that digit. (The training page builds the model; this page needs
# no data.) To read the scores as probabilities we need them positive and
# summing to one: exponentiating makes them positive, dividing by their sum
# makes them sum to one. That is the :term:`softmax`. It keeps the order of
# the scores: on the right, the same scores after the softmax.

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
# For logits :math:`z`, with one entry per digit,
#
# .. math::
#
#     \mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_m e^{z_m}}, \qquad
#     \frac{\mathrm{softmax}(z)_j}{\mathrm{softmax}(z)_k} = e^{z_j - z_k} .
#
# Only the differences of the logits matter: two logits 1 apart get
# probabilities in the ratio :math:`e \approx 2.7`, whatever the other logits.
#
# The naive softmax overflows
# ---------------------------
#
# Typed in as it reads, the formula breaks on large logits, and logits grow
# as a model becomes confident. :math:`e^{z}` overflows to infinity once
# :math:`z` passes the logarithm of the largest floating-point number, printed
# below for float32 (what TensorFlow computes in) and float64 (NumPy's
# default). Infinity divided by infinity is ``nan``, *not a number*: look at
# the first entry.

for dtype in (np.float32, np.float64):
    print(f"{dtype.__name__}: e**z overflows for z > {np.log(np.finfo(dtype).max):.2f}")

extreme = np.array([1000.0, 0.0, -1000.0])
print("naive softmax: ", mt.naive_softmax(extreme))

# %%
# One ``nan`` ruins training: every sum, :term:`gradient` and weight it
# touches becomes ``nan`` too.
#
# The fix: adding the same number :math:`-m` to every logit multiplies the
# numerator and the denominator by the same :math:`e^{-m}`, so the softmax
# does not change. With :math:`m = \max_k z_k` the largest exponent is
# :math:`e^0 = 1`: nothing overflows. Very negative logits still underflow,
# but to an honest 0.

print("stable softmax:", mt.softmax(extreme))

# sphinx_gallery_start_ignore
from build_checks import answer, claim  # noqa: E402

shift = np.abs(mt.softmax(logits + 1000.0) - mt.softmax(logits)).max()
claim(shift < 1e-12, "adding the same number to every logit does not change the softmax",
      f"{shift:.1e}")
claim(np.all(np.isfinite(mt.softmax(extreme))), "nothing overflows")
# sphinx_gallery_end_ignore

# %%
# Cross-entropy: how wrong is a prediction?
# -----------------------------------------
#
# Training needs a :term:`loss`: one number per image, small when the model
# gives the true digit a high probability and large when it does not.
# :term:`Cross-entropy <cross-entropy>` is minus the logarithm of the
# probability of the true digit. For a :term:`one-hot` :term:`label`
# :math:`y` that is
#
# .. math::
#
#     H(y, p) = -\sum_j y_j \log p_j .
#
# Typed in as it reads, on probabilities, it inherits the zeros of the
# softmax. Below, the first image's true class (the last) got probability 0,
# and :math:`-\log 0` is infinite. The second is predicted right, but a wrong
# class got probability 0, and :math:`0 \cdot \log 0` is ``nan`` in floating
# point. Computed from the logits, it is finite.

labels = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
batch_logits = np.array([[0.0, 0.0, -1000.0], extreme])
print("naive, from probabilities:", mt.naive_cross_entropy(labels, mt.softmax(batch_logits)))
print("stable, from logits:      ", mt.cross_entropy(labels, batch_logits).round(2))

# %%
# :func:`~mnist_tutorial.cross_entropy` takes the logarithm of the softmax
# formula before computing anything,
#
# .. math::
#
#     \log \mathrm{softmax}(z)_j = (z_j - m) - \log \sum_k e^{z_k - m} ,
#
# a sum that contains :math:`e^0 = 1`, so its logarithm is finite. A
# confidently wrong answer costs a large but finite loss, a confidently right
# one costs 0. TensorFlow's ``tf.nn.softmax_cross_entropy_with_logits`` does
# the same, which is why the model returns logits rather than probabilities.
# The training loss is the mean over a :term:`batch` of images. For the
# logits of the first figure, if the image is a 4:

one_hot = np.eye(10)[[4]]
print(f"probability of the 4: {probabilities[4]:.3f}")
print(f"cross-entropy: {mt.cross_entropy(one_hot, logits[np.newaxis])[0]:.3f}")

# sphinx_gallery_start_ignore
import tensorflow as tf  # noqa: E402

ours = mt.cross_entropy(labels, batch_logits)
theirs = tf.nn.softmax_cross_entropy_with_logits(labels, batch_logits).numpy()
claim(np.allclose(ours, theirs), "TensorFlow's softmax_cross_entropy_with_logits does the same",
      f"{ours} against {theirs}")
zeros = mt.softmax(batch_logits)[:, 2]
claim(np.all(zeros == 0), "the first image's true class (the last) got probability 0; "
      "in the second a wrong class got probability 0", f"{zeros}")
claim(ours[1] == 0 and 100 < ours[0] < np.inf,
      "a confidently wrong answer costs a large but finite loss, a confidently right one costs 0",
      f"{ours}")

with np.errstate(over="ignore", invalid="ignore"):
    naive_700 = mt.naive_softmax(np.array([700.0, 0.0, -700.0]))
claim(np.all(np.isfinite(naive_700)), "exercise 1: the naive softmax survives 700")
answer("naive_700", np.array2string(naive_700))
answer("float64_limit", f"{np.log(np.finfo(np.float64).max):.2f}")
tripled = mt.softmax(3 * logits)[4]
tripled_loss = mt.cross_entropy(one_hot, 3 * logits[np.newaxis])[0]
loss = mt.cross_entropy(one_hot, logits[np.newaxis])[0]
claim(tripled > probabilities[4] and tripled_loss < loss,
      "exercise 2: the 4's probability rises and its cross-entropy falls")
answer("probability_of_4", f"{probabilities[4]:.3f}")
answer("tripled_probability_of_4", f"{tripled:.3f}")
answer("cross_entropy_of_4", f"{loss:.3f}")
answer("tripled_cross_entropy_of_4", f"{tripled_loss:.3f}")
# sphinx_gallery_end_ignore

# %%
# Cross-entropy is the entropy of the labels plus the Kullback-Leibler
# divergence of the prediction from them; that split, its units (nats and the
# blog's bits), and why the divergence is not a distance are in
# :ref:`sphx_glr_auto_examples_going_further_plot_16_entropy_and_kl.py`.
#
# Why not squared error?
# ----------------------
#
# Both losses are smallest when the prediction is the label. But training
# moves the weights, and with them the logits, in proportion to the loss's
# gradient. For cross-entropy
# the gradient is the prediction minus the label, :math:`p - y`, largest
# when the model is most wrong; squared error's carries the softmax's own
# derivative, which vanishes when the model is confidently wrong, so it
# learns slowly from its worst mistakes.
# :ref:`sphx_glr_auto_examples_going_further_plot_13_cross_entropy_versus_mse.py`
# trains the model both ways.
#
# Summary
# -------
#
# * The softmax turns the logits of :math:`y = xW + b` into probabilities.
#   Computed as written it overflows to ``nan``; subtracting the largest
#   logit first fixes it without changing the result.
# * Cross-entropy, :math:`-\log` of the true digit's probability, is the
#   loss. Compute it from the logits, never from probabilities, which gives
#   ``inf`` or ``nan`` where a probability is 0.
#
# Exercises
# ---------
#
# 1. Change ``np.array([1000.0, 0.0, -1000.0])`` to
#    ``np.array([700.0, 0.0, -700.0])``. Does the naive softmax still fail?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# No: every probability is finite, {{naive_700}}. NumPy computes here in
# float64, which overflows only past {{float64_limit}}, the limit printed
# above.
#
# .. raw:: html
#
#    </details>
#
# 2. Change ``logits = np.array([0.5`` to ``logits = 3 * np.array([0.5``. What
#    happens to the probability of the 4 and to its cross-entropy?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Every gap between logits triples, so the probabilities crowd onto the top
# digit: the 4's rises from {{probability_of_4}} to {{tripled_probability_of_4}}
# and its cross-entropy falls from {{cross_entropy_of_4}} to
# {{tripled_cross_entropy_of_4}}.
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_03_training.py` puts these
# pieces together and trains the model with gradient descent.
