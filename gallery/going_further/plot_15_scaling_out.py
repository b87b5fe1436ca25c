"""
Scaling out with tf.distribute
==============================

Train the blog's model under ``tf.distribute.MirroredStrategy`` on several
(logical) devices, check that it learns exactly what one device learns, and
see what would change on several GPUs or several machines.
"""

import time

import matplotlib.pyplot as plt
import numpy as np

import mnist_tutorial as mt

# %%
# One batch, several devices
# --------------------------
#
# When one processor is too slow, the usual way out is *data parallelism*:
# put a copy of the model (a **replica**) on each device, give each replica
# a share of every batch, let each compute the gradient of its share, add the
# gradients up across the devices (an **all-reduce**), and let every replica
# apply the same update. Since the gradient of a sum is the sum of the
# gradients, that is exactly one step of gradient descent on the whole batch:
# the replicas stay identical and the result is the same as on one device,
# up to the order in which numbers are added.
#
# TensorFlow's distribution engine, ``tf.distribute``, does this
# bookkeeping. ``MirroredStrategy`` handles several devices of one machine.
# This site is built on a machine without GPUs, so we split its processor
# into several *logical* CPU devices. They share the same cores, so they
# rehearse the bookkeeping, not the speed.
#
# The reference: one device
# -------------------------
#
# The blog's model trained as usual with :func:`~mnist_tutorial.train`
# (1,000 steps of 100 images, learning rate 0.5), its batches drawn with
# seed 0.

mnist = mt.load_mnist()
reference = mt.LinearSoftmax()
history = mt.train(reference, mnist.train.reseeded(0))
print(f"one device: test accuracy {mt.accuracy(reference, mnist.test):.2%}")

# %%
# Devices are fixed when TensorFlow starts
# ----------------------------------------
#
# The first attempt fails, and the failure explains the design of this page.
# TensorFlow decides which devices exist the first time it runs an
# operation, and never changes its mind in that process. This process has
# just trained a model, so asking it now for four logical CPUs with
# :func:`~mnist_tutorial.configure_logical_cpus` is refused:

try:
    mt.configure_logical_cpus(4)
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# The way out is a fresh process.
# :func:`~mnist_tutorial.train_on_logical_cpus` starts a new Python process,
# hands it the training images and the batches through a temporary file, has
# it split the CPU into logical devices *before* TensorFlow runs anything,
# and there trains the blog's model under ``MirroredStrategy`` once for each
# number of replicas, on the same batches as the reference. Each global batch
# of 100 images is split among the replicas (50 + 50 for two, 25 each for
# four). The results come back as NumPy arrays. The same call works in a
# notebook or a script.

started = time.perf_counter()
runs = mt.train_on_logical_cpus(mnist.train.reseeded(0), device_counts=(1, 2, 4))
elapsed = time.perf_counter() - started
print(f"the whole call, including starting Python and TensorFlow anew: {elapsed:.1f} s")
for run in runs:
    names = ", ".join(device.split("/")[-1] for device in run.devices)
    print(f"{run.n_devices} replica(s) on {names}")

# %%
# The same model, to the last bits
# --------------------------------
#
# How far are the mirrored weights from the reference? Each number below is
# the largest difference over all the weights (or biases). For comparison, the
# relative precision of a float32 number is printed too: the copies agree to
# round-off, the only change being the order in which the gradients of the
# shares are added.

epsilon = np.finfo(np.float32).eps
print(f"float32 relative precision: {epsilon:.1e}")
print(f"largest weight in the reference: {np.abs(reference.weights).max():.3f}")
for run in runs:
    weights_gap = np.abs(run.weights - reference.weights).max()
    bias_gap = np.abs(run.bias - reference.bias).max()
    print(f"{run.n_devices} replica(s): largest difference in W {weights_gap:.1e}, in b "
          f"{bias_gap:.1e}; test accuracy {mt.accuracy(run.model(), mnist.test):.2%}")

# %%
# The loss of every step, for the reference and for four replicas, is one
# curve: the lines lie on top of each other. The lower panel shows the
# difference between them, step by step.

four = runs[-1]
steps = np.arange(1, history.loss.size + 1)
fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.2, 5.0), sharex=True, layout="constrained",
                                  height_ratios=[2, 1])
top.plot(steps, history.loss, color="0.6", linewidth=2.5, label="one device (mt.train)")
top.plot(steps, four.loss, color="C1", linewidth=0.8, label=f"{four.n_devices} replicas")
top.set(ylabel="cross-entropy of the batch", title="The same training, on one or four devices")
top.legend()
bottom.plot(steps, four.loss - history.loss, color="C1", linewidth=0.8)
bottom.set(xlabel="training step", ylabel="difference")
plt.show()

# %%
# What it cost, measured
# ----------------------
#
# The time of the training steps (all but the first, which includes
# TensorFlow's tracing) for each number of replicas, as measured in that
# process on this machine. We make no claim of a speed-up: the logical
# devices share the same cores, and the model is tiny, so every extra
# replica adds splitting and summing and no computing power.

fig, ax = plt.subplots(figsize=(7.2, 3.0), layout="constrained")
labels = [f"{run.n_devices} replica(s)" for run in runs]
milliseconds = [1000 * run.seconds / (run.loss.size - 1) for run in runs]
bars = ax.barh(labels, milliseconds, color="C0")
ax.bar_label(bars, fmt="%.2f ms", padding=3)
ax.set(xlabel="milliseconds per training step", title="Time per step on logical CPU devices")
ax.margins(x=0.2)
ax.invert_yaxis()
plt.show()
for run, per_step in zip(runs, milliseconds, strict=True):
    print(f"{run.n_devices} replica(s): {per_step:.2f} ms per step, "
          f"{per_step / milliseconds[0]:.2f} times the time of one")

# %%
# What the strategy does, step by step
# ------------------------------------
#
# The code that ran in the fresh process is short (see
# :func:`~mnist_tutorial.train_mirrored`). In outline:
#
# .. code-block:: python
#
#    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
#    with strategy.scope():
#        model = mt.LinearSoftmax()          # W and b mirrored on every device
#    batches = strategy.experimental_distribute_dataset(dataset_of_batches_of_100)
#    iterator = iter(batches)                 # each element: one share per device
#
#    def replica_gradient(images, labels):    # runs on each device, on its share
#        with tf.GradientTape() as tape:
#            losses = tf.nn.softmax_cross_entropy_with_logits(labels, model(images))
#            share = tf.nn.compute_average_loss(losses, global_batch_size=100)
#        return tape.gradient(share, [model.W, model.b])
#
#    gradients = strategy.run(replica_gradient, args=next(iterator))
#    summed = strategy.reduce("SUM", gradients, axis=None)   # the all-reduce
#    model.W.assign_sub(0.5 * summed[0])      # updates every copy the same way
#
# The one subtle line is ``compute_average_loss``: each replica divides its
# sum by the *global* batch size (100), not by its own share, so that the
# summed gradients are the gradient of the mean over the whole batch, even
# when 100 does not split evenly.
#
# In symbols: with the batch split into shares :math:`S_1, \dots, S_R`,
#
# .. math::
#
#    \frac{\partial}{\partial W} \frac{1}{n} \sum_{i=1}^{n} H_i
#    = \sum_{r=1}^{R} \frac{\partial}{\partial W}
#      \Big( \frac{1}{n} \sum_{i \in S_r} H_i \Big),
#
# the left side being what one device computes, the right side what the
# replicas compute and the all-reduce adds up.
#
# On several GPUs, or several machines
# ------------------------------------
#
# Nothing was measured for what follows; it is what would change.
#
# * **Several GPUs in one machine.** ``tf.distribute.MirroredStrategy()``
#   with no argument takes every visible GPU, and sums the gradients with
#   NVIDIA's NCCL library over the links between them. The code above does
#   not change. It pays off when each step has far more computing than
#   communicating: the deep network of the previous page, not this tiny
#   model, whose all-reduce costs more than its arithmetic. To
#   keep every GPU busy one usually grows the global batch with the number of
#   GPUs (often raising the learning rate with it), and that *does* change the
#   training, so the result is no longer the single-device one.
# * **Several machines.** ``tf.distribute.MultiWorkerMirroredStrategy`` runs
#   the same program on every machine; each learns its place from the
#   ``TF_CONFIG`` environment variable, e.g.
#   ``{"cluster": {"worker": ["host1:12345", "host2:12345"]}, "task":
#   {"type": "worker", "index": 0}}``. The all-reduce then crosses the
#   network, which is slower than links inside a machine; ``tf.data`` shards
#   the input so that each worker reads different examples; and since a
#   machine can fail, training should save checkpoints (for Keras,
#   ``keras.callbacks.BackupAndRestore``) and resume from them.
# * **Keras.** Build and compile a Keras model inside ``strategy.scope()``
#   and ``model.fit`` distributes itself, batches and all-reduce included.
#
# Summary
# -------
#
# * ``MirroredStrategy`` keeps one copy of the model per device, splits each
#   batch, sums the replicas' gradients with an all-reduce and applies the
#   same update everywhere: the same training as on one device.
# * Measured here, on logical CPU devices: the same weights to float32
#   round-off, and no speed-up, which these shared cores could not give.
# * TensorFlow's devices are fixed when it starts, so the logical devices
#   live in a fresh process; on real hardware the strategy finds the GPUs
#   itself, and ``MultiWorkerMirroredStrategy`` extends the same idea across
#   machines.
#
# Exercises
# ---------
#
# 1. Change ``device_counts=(1, 2, 4)`` to ``(1, 3)``: 100 images do not split
#    evenly into three, yet are the weights still the reference's?
# 2. Add ``batch_size=1000`` to the :func:`~mnist_tutorial.train_on_logical_cpus`
#    call (and to both calls of :func:`~mnist_tutorial.train`, to compare):
#    does the time per step grow ten times?
# 3. Change ``mnist.train.reseeded(0)`` to ``mnist.train.reseeded(1)`` in the
#    call to :func:`~mnist_tutorial.train_on_logical_cpus` only: how different
#    are the weights when the batches differ?
#
# This is the last page of the tutorial; :ref:`gallery` lists them all, and
# the API reference documents every function they used.

# sphinx_gallery_thumbnail_number = 1
