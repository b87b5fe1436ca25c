"""
Softmax and cross-entropy
=========================

Turn a model's scores into probabilities and measure how wrong they are, the
way TensorFlow does it: stably. You will see the textbook formulas fail, fix
them, and learn why cross-entropy, not squared error, is the loss to train with.
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
# *softmax*. It keeps the order of the scores and exaggerates their gaps: the
# bars on the right are the same scores after softmax.

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
#     \mathrm{softmax}(z)_j = \frac{e^{z_j}}{\sum_k e^{z_k}} .

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
# :math:`D_{\mathrm{KL}}(y \,\|\, p)` measures how far the prediction is from
# the labels; it is 0 only when they agree. Both are in nats (natural
# logarithm), with :math:`0 \log 0 = 0`:
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
# minimizing cross-entropy is minimizing the distance from the prediction to
# the labels. The bars show the two parts for both labels.

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
# Cross-entropy versus squared error
# ----------------------------------
#
# Why not the squared difference between prediction and label, the loss of
# ordinary regression? Plot both against the probability :math:`q` the model
# gives the true class (the rest spread evenly over the other nine digits).
# Cross-entropy :math:`-\log q` grows without bound as a confident answer gets
# more wrong; the mean squared error can never exceed a small constant, so it
# barely distinguishes "wrong" from "very wrong".
#
# Any log-probabilities are valid logits (the softmax undoes the logarithm),
# so ``np.log(probabilities)`` feeds :func:`~mnist_tutorial.cross_entropy`.

true_probability = np.linspace(0.001, 0.999, 400)
curve_probabilities = np.repeat(((1 - true_probability) / 9)[:, np.newaxis], 10, axis=1)
curve_probabilities[:, 4] = true_probability
curve_labels = np.repeat(one_hot, true_probability.size, axis=0)
cross_entropy_curve = mt.cross_entropy(curve_labels, np.log(curve_probabilities))
squared_error_curve = mt.mean_squared_error(curve_labels, curve_probabilities)

fig, ax = plt.subplots(figsize=(7.2, 3.0), layout="constrained")
ax.plot(true_probability, cross_entropy_curve, label="cross-entropy")
ax.plot(true_probability, squared_error_curve, label="mean squared error")
ax.set(
    title="Loss of one image against the probability of its true class",
    xlabel="probability given to the true class",
    ylabel="loss (nats for cross-entropy)",
)
ax.legend()
plt.show()

print(
    f"at q = {true_probability[0]}: cross-entropy {cross_entropy_curve[0]:.2f}, "
    f"squared error {squared_error_curve[0]:.3f} (its largest value here)"
)

# %%
# The gradient tells the real story. Differentiating the cross-entropy of the
# softmax with respect to the logits gives a remarkably simple result, the
# prediction minus the label,
#
# .. math::
#
#     \frac{\partial H(y, \mathrm{softmax}(z))}{\partial z_j} = \mathrm{softmax}(z)_j - y_j ,
#
# which for the true class is :math:`q - 1`: the more wrong the model, the
# harder it is pushed. The squared error's gradient passes through the
# softmax's own derivative, which carries a factor :math:`q`, so it *vanishes*
# when the model is confidently wrong: exactly when it most needs to learn.
#
# For one image, the bias gradient returned by
# :func:`~mnist_tutorial.gradient_of_cross_entropy` and
# :func:`~mnist_tutorial.gradient_of_mean_squared_error` is the gradient with
# respect to the logits (the image itself does not matter for it). Here is its
# true-class entry for both losses, on a logarithmic scale: at the left, where
# the model is confidently wrong, the squared error's push fades away.

one_image = np.ones((1, 1))
true_class_gradients = {"cross-entropy": [], "mean squared error": []}
for probabilities_row, label_row in zip(curve_probabilities, curve_labels, strict=True):
    row_logits, row_label = np.log(probabilities_row)[np.newaxis], label_row[np.newaxis]
    _, bias_gradient = mt.gradient_of_cross_entropy(one_image, row_label, row_logits)
    true_class_gradients["cross-entropy"].append(bias_gradient[4])
    _, bias_gradient = mt.gradient_of_mean_squared_error(one_image, row_label, row_logits)
    true_class_gradients["mean squared error"].append(bias_gradient[4])

fig, ax = plt.subplots(figsize=(7.2, 3.0), layout="constrained")
for name, gradient in true_class_gradients.items():
    ax.plot(true_probability, np.abs(gradient), label=name)
ax.set(
    title="How hard the true class's logit is pushed",
    xlabel="probability given to the true class",
    ylabel="|gradient| w.r.t. the true logit",
    yscale="log",
)
ax.legend()
plt.show()

for name, gradient in true_class_gradients.items():
    print(f"{name:>18}: gradient {gradient[0]:+.4f} at q = {true_probability[0]}")

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
# * Cross-entropy is the entropy of the labels plus the KL divergence from
#   labels to prediction; for one-hot labels it *is* the KL divergence.
# * Its gradient with respect to the logits is prediction minus label, large
#   when the model is wrong. Squared error's is bounded and vanishes for
#   confident mistakes, which is why classifiers train on cross-entropy.
#
# Exercises
# ---------
#
# 1. Change ``extreme`` to ``np.array([700.0, 0.0, -700.0])``. Does the naive
#    softmax still fail? Find the largest logit it survives.
# 2. Set ``soft_label[0, [4, 9]] = [0.5, 0.5]``. Which part of the
#    cross-entropy grows, and why can no model remove it?
# 3. Multiply the logits of the first cell by 3 (``logits = 3 * np.array(...)``).
#    What happens to the probabilities, and to the cross-entropy of the
#    one-hot label?
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_03_training.py` puts these pieces
# together and trains the model with gradient descent.
