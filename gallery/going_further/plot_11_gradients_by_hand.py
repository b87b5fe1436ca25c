"""
Gradients by hand
=================

Work out the gradient of the loss on paper, check that it is exactly what
``tf.GradientTape`` computes, and train the model with NumPy alone to the same
weights as TensorFlow, up to round-off.

:Assumes: :ref:`sphx_glr_auto_examples_lesson_one_plot_03_training.py`;
    derivatives (the chain and quotient rules) and matrix products.
"""

import time

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

import mnist_tutorial as mt

# %%
# What the tape hands back
# ------------------------
#
# On the training page, ``tf.GradientTape`` recorded how the loss was computed
# and returned its gradient: for every weight, how fast the loss rises when
# that weight grows. Nothing about it is magic. For softmax regression the
# gradient fits on one line, and with it you can train without TensorFlow.
#
# The idea first. Cross-entropy punishes the gap between the predicted
# probabilities and the label, and its derivative with respect to each logit
# turns out to be exactly that gap, *prediction minus label*: where the model
# predicted too much of a digit, that digit's logit should fall; too little,
# rise. A weight :math:`W_{jk}` adds pixel :math:`j` into the logit of digit
# :math:`k`, so its share of the blame is that gap times the brightness of
# pixel :math:`j`.
#
# The derivation
# --------------
#
# Write :math:`z = xW + b` for the logits of one image :math:`x`,
# :math:`p = \mathrm{softmax}(z)`, and :math:`y` for its label. Everything
# rests on the derivative of the softmax, from the quotient rule:
#
# .. math::
#
#     \frac{\partial p_m}{\partial z_k} = p_m (\delta_{mk} - p_k),
#
# where :math:`\delta_{mk}` is 1 if :math:`m = k` and 0 otherwise. The
# cross-entropy is :math:`H = -\sum_m y_m \log p_m`, and since
# :math:`\partial \log p_m / \partial z_k = \delta_{mk} - p_k` and the labels
# sum to 1,
#
# .. math::
#
#     \frac{\partial H}{\partial z_k}
#     = -\sum_m y_m (\delta_{mk} - p_k) = -y_k + p_k \sum_m y_m = p_k - y_k .
#
# A logit is :math:`z_k = \sum_j x_j W_{jk} + b_k`, so
# :math:`\partial z_k / \partial W_{jk} = x_j` and
# :math:`\partial z_k / \partial b_k = 1`. Averaging over a batch of :math:`n`
# images :math:`X` (one per row) with labels :math:`Y` and predictions
# :math:`P` gives the gradient of the training loss :math:`L`:
#
# .. math::
#
#     \frac{\partial L}{\partial W} = \frac{1}{n} X^\top (P - Y), \qquad
#     \frac{\partial L}{\partial b} = \frac{1}{n} \sum_{i=1}^{n} (P_i - Y_i) .
#
# The squared error :math:`\mathrm{SE} = \sum_m (p_m - y_m)^2` goes through the
# same softmax derivative. With :math:`g_m = 2 (p_m - y_m)`,
#
# .. math::
#
#     \frac{\partial\, \mathrm{SE}}{\partial z_k}
#     = \sum_m g_m\, p_m (\delta_{mk} - p_k)
#     = p_k \Big( g_k - \sum_m g_m p_m \Big),
#
# and the weights and bias follow exactly as above. The factor :math:`p_k` is
# why the squared error learns slowly from confident mistakes (see
# :ref:`sphx_glr_auto_examples_going_further_plot_13_cross_entropy_versus_mse.py`).
# :func:`~mnist_tutorial.gradient_of_cross_entropy` and
# :func:`~mnist_tutorial.gradient_of_mean_squared_error` compute these
# formulas in NumPy.

# %%
# The hand-made gradient equals the tape's
# ----------------------------------------
#
# Take one real batch of 100 training images, and a model whose weights are
# small random numbers (at zero every logit is 0, a less telling test). Let
# the tape differentiate both losses, compute the formulas by hand, and
# compare them entry by entry.

mnist = mt.load_mnist(seed=0)
images, labels = mnist.train.reseeded(1).next_batch(100)

model = mt.LinearSoftmax()
rng = np.random.default_rng(0)
model.W.assign(rng.normal(scale=0.01, size=model.W.shape).astype(np.float32))
model.b.assign(rng.normal(scale=0.01, size=model.b.shape).astype(np.float32))

tape_losses = {
    "cross-entropy": lambda logits: tf.nn.softmax_cross_entropy_with_logits(labels, logits),
    "squared error": lambda logits: tf.reduce_sum((tf.nn.softmax(logits) - labels) ** 2, axis=1),
}
hand_gradients = {
    "cross-entropy": mt.gradient_of_cross_entropy,
    "squared error": mt.gradient_of_mean_squared_error,
}
gaps = {}
for name, loss_of in tape_losses.items():
    with tf.GradientTape() as tape:
        logits = model(images)
        loss = tf.reduce_mean(loss_of(logits))
    tape_weights, tape_bias = tape.gradient(loss, [model.W, model.b])
    hand_weights, hand_bias = hand_gradients[name](images, labels, logits)
    weights_gap = np.abs(hand_weights - tape_weights.numpy()).max()
    bias_gap = np.abs(hand_bias - tape_bias.numpy()).max()
    gaps[name] = (weights_gap, bias_gap, np.abs(hand_weights).max())
    print(
        f"{name}: largest gradient entry {np.abs(hand_weights).max():.2e}; "
        f"largest difference from the tape: W {weights_gap:.1e}, b {bias_gap:.1e}"
    )

# sphinx_gallery_start_ignore
from build_checks import answer, claim  # noqa: E402

for name, (weights_gap, bias_gap, largest) in gaps.items():
    claim(weights_gap < 1e-4 * largest and bias_gap < 1e-4 * largest,
          "the differences are float32 round-off, far smaller than the gradients themselves",
          f"{name}: {weights_gap:.1e}, {bias_gap:.1e} against {largest:.1e}")
# sphinx_gallery_end_ignore

# %%
# The differences are float32 round-off, far smaller than the gradients
# themselves: for cross-entropy the tape computes :math:`X^\top (P - Y) / n`,
# nothing more.
#
# Each column of :math:`W` is an image, so its gradient is one too. Gradient
# descent *subtracts* the gradient, so the figure shows minus the
# cross-entropy gradient of the blog's starting point, all weights zero: the
# change the very first step makes, up to the learning rate. Red pixels grow,
# blue ones shrink. At zero every prediction is a tenth for each digit, so
# each panel is the sum of the batch's images of that digit minus a tenth of
# all 100 images (divided by 100): digits with many examples in the batch tend
# to come out redder. The counts are printed below the figure.

hand_weights, _ = mt.gradient_of_cross_entropy(images, labels, np.zeros((100, 10)))
axes = mt.plot_weights(-hand_weights, title="Minus the gradient of W at zero: the first step")
axes[0, 0].images[0].colorbar.set_label("minus the gradient (red = positive)")
plt.show()

counts = np.bincount(labels.argmax(axis=1), minlength=10)
print("images of each digit in the batch:", counts)

# sphinx_gallery_start_ignore
redness = mt.rank_correlation(counts, -hand_weights.sum(axis=0))
claim(redness > 0.5, "digits with many examples in the batch tend to come out redder",
      f"rank correlation {redness:.2f}")
# sphinx_gallery_end_ignore

# %%
# Training with NumPy alone
# -------------------------
#
# With the gradient in hand, gradient descent is a loop of three lines:
# compute the logits, compute the gradient, step against it. The settings are
# the blog's: weights and bias start at zero, learning rate 0.5, 1000 steps
# of 100 images. The batches come from a fresh copy of the training set, so
# they are the very batches :func:`~mnist_tutorial.train` draws below.


def train_with_numpy(dataset, steps=1000, batch_size=100, learning_rate=0.5,
                     gradient=mt.gradient_of_cross_entropy):
    """Softmax regression by plain gradient descent; return W, b and each step's loss."""
    weights, bias = np.zeros((784, 10)), np.zeros(10)
    losses = np.empty(steps)
    for step in range(steps):
        images, labels = dataset.next_batch(batch_size)
        logits = images @ weights + bias
        losses[step] = mt.cross_entropy(labels, logits).mean()
        weights_gradient, bias_gradient = gradient(images, labels, logits)
        weights -= learning_rate * weights_gradient
        bias -= learning_rate * bias_gradient
    return weights, bias, losses


start = time.perf_counter()
numpy_weights, numpy_bias, numpy_losses = train_with_numpy(mt.load_mnist(seed=0).train)
print(f"NumPy: {numpy_losses.size} steps in {time.perf_counter() - start:.2f} s")

# %%
# Now the same run in TensorFlow with :func:`~mnist_tutorial.train`, which
# gets its gradients from the tape.

tf_model = mt.LinearSoftmax()
start = time.perf_counter()
history = mt.train(tf_model, mt.load_mnist(seed=0).train)
print(f"TensorFlow: {history.steps} steps in {time.perf_counter() - start:.2f} s")

# %%
# The same run, twice
# -------------------
#
# Both runs saw the same batches in the same order and took the same steps, so
# their loss curves lie on top of each other. The lower panel shows the gap
# between them on a logarithmic scale, float32 round-off; its largest value is
# printed below the figure.

steps = np.arange(1, numpy_losses.size + 1)
fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(7.2, 4.2), sharex=True, layout="constrained", height_ratios=[2, 1]
)
top.plot(steps, history.loss, color="tab:orange", linewidth=3, label="TensorFlow (tape)")
top.plot(steps, numpy_losses, color="tab:blue", linewidth=1, label="NumPy (by hand)")
top.set(title="Cross-entropy of each training batch", ylabel="cross-entropy (nats)")
top.legend()
bottom.plot(steps, np.abs(numpy_losses - history.loss), color="0.3", linewidth=0.8)
bottom.set(xlabel="training step", ylabel="|difference|", yscale="log")
plt.show()

loss_gap = np.abs(numpy_losses - history.loss).max()
print(f"largest difference between the two losses: {loss_gap:.1e}")

# %%
# The final weights differ by float32 round-off, gathered over 1000 steps,
# and the two models predict different digits for {{disagreements}} of the
# 10,000 test images (printed last): the tape added convenience, not
# mathematics. To measure the NumPy weights the same way,
# load them into a second model.

numpy_model = mt.LinearSoftmax()
numpy_model.W.assign(numpy_weights.astype(np.float32))
numpy_model.b.assign(numpy_bias.astype(np.float32))

print(f"largest weight |W|:                {np.abs(numpy_weights).max():.3f}")
print(f"largest difference in W, NumPy-TF: {np.abs(numpy_weights - tf_model.weights).max():.1e}")
print(f"largest difference in b, NumPy-TF: {np.abs(numpy_bias - tf_model.bias).max():.1e}")
print(f"test accuracy, NumPy:              {mt.accuracy(numpy_model, mnist.test):.2%}")
print(f"test accuracy, TensorFlow:         {mt.accuracy(tf_model, mnist.test):.2%}")
test_images = mnist.test.images
disagreements = np.sum(numpy_model.predict(test_images) != tf_model.predict(test_images))
print(f"test images the two models classify differently: {disagreements}")

# sphinx_gallery_start_ignore
claim(loss_gap < 1e-4, "their loss curves lie on top of each other", f"{loss_gap:.1e}")
weights_gap = np.abs(numpy_weights - tf_model.weights).max()
claim(weights_gap < 1e-4, "the final weights differ by float32 round-off", f"{weights_gap:.1e}")
numpy_accuracy = mt.accuracy(numpy_model, mnist.test)
tf_accuracy = mt.accuracy(tf_model, mnist.test)
claim(abs(numpy_accuracy - tf_accuracy) <= disagreements / test_images.shape[0],
      "NumPy reaches the same test accuracy as TensorFlow, but for the images they disagree on",
      f"{numpy_accuracy:.2%} and {tf_accuracy:.2%}")
answer("disagreements", str(disagreements))
answer("tf_accuracy", f"{tf_accuracy:.2%}")

mse_weights, mse_bias, _ = train_with_numpy(mt.load_mnist(seed=0).train,
                                            gradient=mt.gradient_of_mean_squared_error)
mse_model = mt.LinearSoftmax()
mt.train(mse_model, mt.load_mnist(seed=0).train, loss="mse")
mse_accuracy = np.mean(np.argmax(test_images @ mse_weights + mse_bias, axis=1)
                       == mnist.test.digits)
mse_gap = np.abs(mse_weights - mse_model.weights).max()
claim(mse_accuracy < numpy_accuracy, "exercise 1: squared error reaches a lower test accuracy",
      f"{mse_accuracy:.2%}")
claim(mse_gap < 1e-4, "exercise 1: the NumPy run matches mt.train with loss='mse'",
      f"{mse_gap:.1e}")
answer("mse_accuracy", f"{mse_accuracy:.2%}")
answer("mse_gap", f"{mse_gap:.1e}")

big_weights, big_bias, big_losses = train_with_numpy(mt.load_mnist(seed=0).train,
                                                     learning_rate=5.0)
big_accuracy = np.mean(np.argmax(test_images @ big_weights + big_bias, axis=1)
                       == mnist.test.digits)
big_jumps = np.std(np.diff(big_losses[-500:]))
small_jumps = np.std(np.diff(numpy_losses[-500:]))
claim(big_accuracy < numpy_accuracy and big_jumps > small_jumps,
      "exercise 2: the batch loss jumps far more, and the test accuracy is lower",
      f"{big_accuracy:.2%}, jumps {big_jumps:.3f} against {small_jumps:.3f}")
answer("big_rate_accuracy", f"{big_accuracy:.2%}")
answer("big_rate_jumps", f"{big_jumps:.2f}")
answer("small_rate_jumps", f"{small_jumps:.2f}")
# sphinx_gallery_end_ignore

# %%
# Summary
# -------
#
# * The softmax's derivative, :math:`p_j (\delta_{jk} - p_k)`, makes the
#   cross-entropy's gradient with respect to the logits simply
#   :math:`p - y`; for the weights it is :math:`X^\top (P - Y) / n`.
# * ``tf.GradientTape`` computes exactly these formulas, for cross-entropy and
#   for the squared error alike, to float32 round-off.
# * Gradient descent written in NumPy on the same batches reaches the
#   TensorFlow run's weights, up to round-off; the two predict different
#   digits for {{disagreements}} test images.
#
# Exercises
# ---------
#
# 1. Change ``gradient=mt.gradient_of_cross_entropy):`` to
#    ``gradient=mt.gradient_of_mean_squared_error):``, so that the NumPy run
#    minimizes the squared error. How does its test accuracy compare with the
#    TensorFlow run's, and does it match ``mt.train(..., loss="mse")``?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Squared error reaches {{mse_accuracy}} after the same 1,000 steps, below
# cross-entropy's {{tf_accuracy}}. The build also ran ``mt.train`` with
# ``loss="mse"``: its weights differ from the NumPy run's by at most
# {{mse_gap}}, round-off. Why squared error learns less is the subject of
# :ref:`sphx_glr_auto_examples_going_further_plot_13_cross_entropy_versus_mse.py`.
#
# .. raw:: html
#
#    </details>
#
# 2. Change ``learning_rate=0.5,`` to ``learning_rate=5.0,``. What happens to
#    the NumPy run's loss curve and to its accuracy?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Steps ten times larger overshoot: over the last 500 steps the batch loss
# changes from step to step by a standard deviation of {{big_rate_jumps}}
# nats, against {{small_rate_jumps}} with 0.5, and the test accuracy falls to
# {{big_rate_accuracy}}.
#
# .. raw:: html
#
#    </details>
#
# Next, :ref:`sphx_glr_auto_examples_going_further_plot_12_tf1_to_tf2.py` runs the blog's
# original TensorFlow 1 program, as it was written, beside this package.
