"""
Training the model
==================

Train the blog's model, softmax regression, by gradient descent in TensorFlow 2:
see the model as a diagram, take one step by hand, run the blog's 1,000 steps,
and find out how much its "about 92%" depends on luck.
"""

import time

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyBboxPatch

import mnist_tutorial as mt  # before TensorFlow: it quiets TensorFlow's start-up log
import tensorflow as tf

# %%
# The model: ten weighted votes
# -----------------------------
#
# The previous pages gave us the images, 784 pixel intensities each, and the
# softmax and cross-entropy. The model of the blog joins them with the
# simplest machine there is. For each digit it adds up the pixels, each with
# a weight of its own, plus a bias: ten scores, the *logits*. The softmax turns
# the ten scores into ten probabilities. Training means finding the
# 784 x 10 weights and the 10 biases that give the right digit a high
# probability. The blog drew this as a network; here it is, with only a few of
# the 784 inputs and 10 outputs shown.


def draw_network(ax):
    """Draw inputs, weighted sums with bias, softmax and outputs, as the blog did."""
    inputs = ["$x_1$", "$x_2$", "$x_3$", None, "$x_{784}$"]
    digits = [0, 1, 2, None, 9]
    rows = np.linspace(4, 0, 5)
    for row, label in zip(rows, inputs, strict=True):
        if label is None:
            ax.text(0, row, "⋮", ha="center", va="center", fontsize=16)
            continue
        ax.add_patch(Circle((0, row), 0.3, facecolor="0.9", edgecolor="0.3"))
        ax.text(0, row, label, ha="center", va="center")
    for row, digit in zip(rows, digits, strict=True):
        if digit is None:
            ax.text(3, row, "⋮", ha="center", va="center", fontsize=16)
            ax.text(7.2, row, "⋮", ha="center", va="center", fontsize=16)
            continue
        for source in rows[[0, 1, 2, 4]]:
            colour, layer = ("tab:red", 0.5) if digit == 0 else ("0.75", 0)
            ax.plot([0.3, 2.6], [source, row], color=colour, linewidth=0.8, zorder=layer)
        ax.add_patch(Circle((3, row), 0.4, facecolor="white", edgecolor="0.3"))
        ax.text(3, row, "$\\Sigma$", ha="center", va="center", fontsize=13)
        ax.text(3.45, row + 0.35, f"$+b_{digit}$", fontsize=9)
        ax.annotate("", (5.2, row), (3.4, row), arrowprops={"arrowstyle": "->"})
        ax.text(4.3, row + 0.12, f"$z_{digit}$", ha="center", va="bottom")
        ax.annotate("", (6.9, row), (6.0, row), arrowprops={"arrowstyle": "->"})
        ax.text(7.2, row, f"$p_{digit}$", ha="center", va="center")
    ax.add_patch(FancyBboxPatch((5.2, -0.4), 0.8, 4.8, boxstyle="round,pad=0.05",
                                facecolor="tab:blue", alpha=0.15, edgecolor="tab:blue"))
    ax.text(5.6, 2, "softmax", rotation=90, ha="center", va="center", fontsize=12)
    ax.text(1.3, 4.55, "$W_{1,0}$", color="tab:red", fontsize=9)
    for x, title in [(0, "784 pixels"), (3, "weighted sums"), (5.6, ""), (7.2, "probabilities")]:
        ax.text(x, 5.0, title, ha="center", fontsize=10)
    ax.set(xlim=(-0.6, 7.8), ylim=(-0.7, 5.3), aspect="equal")
    ax.axis("off")


fig, ax = plt.subplots(figsize=(7.2, 4.2))
draw_network(ax)
plt.show()

# %%
# Each line from a pixel to a sum is one weight; the red lines are the
# weights of digit 0, column 0 of :math:`W`. In symbols, for one image
# :math:`x` written as a row of 784 numbers,
#
# .. math::
#
#     z_d = \sum_{i=1}^{784} x_i W_{i,d} + b_d, \qquad
#     p_d = \frac{e^{z_d}}{\sum_{k=0}^{9} e^{z_k}},
#
# and for a whole batch at once, one matrix product: ``logits = images @ W + b``.
#
# The model in code
# -----------------
#
# :class:`~mnist_tutorial.LinearSoftmax` holds ``W`` and ``b`` as TensorFlow
# variables, zero at the start as in the blog. Calling it on images gives the
# logits; ``predict_proba`` gives the softmax. With every weight zero, every
# digit gets probability 0.1, and the cross-entropy of every image is
# :math:`\ln 10`: the model knows nothing yet.

mnist = mt.load_mnist()
model = mt.LinearSoftmax()
images, labels = mnist.train.images[:3], mnist.train.labels[:3]
print("W:", model.W.shape, " b:", model.b.shape)
print("probabilities of the first image:", model.predict_proba(images)[0].round(2))
losses = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=model(images))
print(f"cross-entropy of each image: {losses.numpy().round(4)}, ln 10 = {np.log(10):.4f}")

# %%
# One step of gradient descent
# ----------------------------
#
# Gradient descent asks: if I nudge each weight a little, how does the loss
# on this batch change? That is the gradient. Then it moves every weight a
# small step the other way, downhill. TensorFlow 2 finds the gradient with a
# ``tf.GradientTape``, which records the operations of the forward pass and
# runs them backwards. Here is the blog's training step, written out: a batch
# of 100 images, the mean cross-entropy, its gradient, and a step of 0.5 times
# the gradient.


def batch_loss(model, images, labels):
    """The mean cross-entropy of the model's predictions for a batch."""
    logits = model(images)
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))


def gradient_step(model, images, labels, learning_rate=0.5):
    """One step of the blog's training; returns the loss before the step."""
    with tf.GradientTape() as tape:
        loss = batch_loss(model, images, labels)
    gradient_W, gradient_b = tape.gradient(loss, [model.W, model.b])
    model.W.assign_sub(learning_rate * gradient_W)
    model.b.assign_sub(learning_rate * gradient_b)
    return float(loss)


batches = mnist.train.reseeded(0)
images, labels = batches.next_batch(100)
before = gradient_step(model, images, labels)
after = float(batch_loss(model, images, labels))
print(f"loss on this batch: {before:.4f} before the step, {after:.4f} after it")

# %%
# One step already lowers the loss on its batch. The step is
#
# .. math::
#
#     W \leftarrow W - \eta \frac{\partial L}{\partial W}, \qquad
#     b \leftarrow b - \eta \frac{\partial L}{\partial b}, \qquad \eta = 0.5,
#
# where :math:`L` is the mean cross-entropy of the batch. For softmax and
# cross-entropy the gradient has a simple form,
# :math:`\partial L / \partial W = X^\top (P - Y) / n` with :math:`P` the
# probabilities, :math:`Y` the one-hot labels and :math:`n` the batch size:
# each image pulls the weights of its true digit towards itself and pushes the
# others away, in proportion to how wrong the model was.
#
# The naive loop is slow
# ----------------------
#
# The blog repeated this step 1,000 times, each on the next 100 images. The
# obvious translation is a Python loop calling ``gradient_step``. It works,
# but every operation goes through Python one by one. Time 99 more steps:

start = time.perf_counter()
for _ in range(99):
    gradient_step(model, *batches.next_batch(100))
eager_seconds = time.perf_counter() - start
print(f"99 eager steps: {eager_seconds:.2f} s, so 1,000 steps take about "
      f"{eager_seconds * 1000 / 99:.1f} s")

# %%
# :func:`~mnist_tutorial.train` runs the same steps, but traces the loop
# once into a TensorFlow graph with ``tf.function``, keeps the training images
# inside TensorFlow, and runs all the steps in one call. The same 100 batches
# give the same weights, to within float32 round-off:

traced = mt.LinearSoftmax()
mt.train(traced, mnist.train.reseeded(0), steps=100)
print(f"largest difference in W after 100 steps: "
      f"{np.abs(traced.weights - model.weights).max():.1e}")

# %%
# The blog's 1,000 steps
# ----------------------
#
# Now the blog's whole training: 1,000 steps from zero, measuring the accuracy
# on the 5,000 validation images every 50 steps on the way.
# :func:`~mnist_tutorial.plot_training_curve` draws the loss of each batch in
# grey, its moving average in blue, and the validation accuracy in orange.

model = mt.LinearSoftmax()
start = time.perf_counter()
history = mt.train(model, mnist.train, evaluate_every=50, evaluation_set=mnist.validation)
print(f"{history.steps} steps in {time.perf_counter() - start:.2f} s, "
      f"with {history.accuracy.size} evaluations")
print(f"batch loss: {history.loss[0]:.3f} at the start, "
      f"{history.loss[-100:].mean():.3f} on average over the last 100 steps")
print(f"validation accuracy after 50 steps {history.accuracy[1]:.1%}, "
      f"at the end {history.accuracy[-1]:.1%}")

mt.plot_training_curve(history, title="The blog's training: 1,000 steps of 100 images")
plt.show()

# %%
# Most of the learning happens in the first hundred steps; after that the
# loss still falls, slowly, and jumps from batch to batch because each batch
# holds different images. The validation accuracy follows it.
#
# The test accuracy
# -----------------
#
# The test images played no part in training, so they measure how the model
# does on digits it has never seen. The blog reported "about 92%":

test_accuracy = mt.accuracy(model, mnist.test)
print(f"test accuracy: {test_accuracy:.2%} "
      f"({round(test_accuracy * mnist.test.num_examples):,d} of "
      f"{mnist.test.num_examples:,d} test images right)")

# %%
# How much is luck?
# -----------------
#
# The weights start at zero, so the only chance in training is which images
# land in which batch, set by the seed of the shuffling. Another seed gives
# other batches, other weights and another accuracy. To see how much,
# :func:`~mnist_tutorial.train_seeds` trains ten models, one per seed, all at
# once, each exactly as above.

seeds = np.arange(10)
start = time.perf_counter()
models = mt.train_seeds(mnist.train, seeds)
print(f"10 models trained in {time.perf_counter() - start:.1f} s")
accuracies = np.array([mt.accuracy(seed_model, mnist.test) for seed_model in models])
for seed, value in zip(seeds, accuracies, strict=True):
    print(f"seed {seed}: {value:.2%}")
print(f"mean {accuracies.mean():.2%}, standard deviation {accuracies.std(ddof=1):.2%}, "
      f"from {accuracies.min():.2%} to {accuracies.max():.2%}")

fig, ax = plt.subplots(figsize=(7.2, 2.4), layout="constrained")
ax.plot(100 * accuracies, np.zeros_like(accuracies), "o", color="C0", alpha=0.6, markersize=10)
ax.axvline(100 * accuracies.mean(), color="C0", label="mean of 10 seeds")
ax.axvline(92, color="0.4", linestyle="--", label="the blog's \"about 92%\"")
ax.set(xlabel="test accuracy (%)", yticks=[], title="Test accuracy of ten seeds")
ax.legend(loc="upper left")
plt.show()

# %%
# Nothing but the order of the batches differs between these models, yet their
# accuracies spread over the range printed above. "About 92%" is one draw from
# this spread. So a difference of that size between two single runs says
# nothing about which of two methods is better; compare means over seeds
# instead, with their standard deviation.
#
# Summary
# -------
#
# * The blog's model computes ten weighted sums of the pixels plus a bias
#   (``images @ W + b``) and turns them into probabilities with the softmax.
# * A training step takes the gradient of the batch's mean cross-entropy with
#   ``tf.GradientTape`` and moves ``W`` and ``b`` against it, 0.5 times.
# * A Python loop of eager steps works but is slow;
#   :func:`~mnist_tutorial.train` traces the loop with ``tf.function``.
# * 1,000 steps of 100 images reach about 92% on the test set; the seed of
#   the batches alone moves that number by a few tenths of a percent.
#
# Exercises
# ---------
#
# 1. Change ``mt.train(model, mnist.train, ...)`` to ``steps=5000``: how much
#    does five times the training buy?
# 2. Add ``learning_rate=0.005`` to the same call. What does the loss curve
#    look like when the steps are a hundred times too small?
# 3. Change ``seeds = np.arange(10)`` to ``np.arange(30)``. Do the mean and
#    the spread change?
#
# Next, :ref:`sphx_glr_auto_examples_lesson_one_plot_04_what_the_model_learned.py` draws
# the weights you just trained as pictures.
