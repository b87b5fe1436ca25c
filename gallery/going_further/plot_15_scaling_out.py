"""
Training on several workers
===========================

Train the blog's model with two worker processes that share every batch and
talk over the network, check that they learn what one process learns, then
kill one of them part-way and watch the job resume from its last checkpoint.

:Assumes: :ref:`sphx_glr_auto_examples_lesson_one_plot_03_training.py`
    (mini-batch gradient descent, ``mt.train``); the derivative of a sum is
    the sum of the derivatives.
"""

import os
import signal
import time

import matplotlib.pyplot as plt
import numpy as np

import mnist_tutorial as mt

# %%
# One batch, several workers
# --------------------------
#
# When one computer is too slow, the usual way out is *data parallelism*:
# several **workers** (processes, usually on different machines) each run the
# same training program and each hold a copy of ``W`` and ``b``. At every
# step each worker takes its own share of the batch of 100 images, say 50 and
# 50, and computes the gradient of its share of the loss. Then comes an
# **all-reduce**: every worker sends its gradient to the others and receives
# the sum over all workers. Since the derivative of a sum is the sum of the
# derivatives, that sum is the gradient of the whole batch, so every worker
# applies the same update and the copies stay identical. One worker, the
# **chief** (worker 0), has extra duties: it writes the **checkpoints**, files
# holding ``W``, ``b`` and the step number from which training can resume.
#
# TensorFlow's engine for this is ``tf.distribute.MultiWorkerMirroredStrategy``.
# Each worker learns its place from the ``TF_CONFIG`` environment variable,
# which lists the address of every worker and says which one it is. For the
# second of two workers on this machine it reads like this (the ports are
# picked free at each start):
#
# .. code-block:: json
#
#    {"cluster": {"worker": ["127.0.0.1:41233", "127.0.0.1:41235"]},
#     "task": {"type": "worker", "index": 1}}
#
# Two workers on one machine talk over 127.0.0.1, the loopback network that
# never leaves the machine, through the same gRPC connections they would use
# between machines: enough to show the mechanism working, not the speed of a
# real cluster. The traffic stays on 127.0.0.1, but TensorFlow's server
# listens on every network interface of the machine while the job runs; the
# test suite therefore starts its workers in a network namespace that has only
# loopback.
#
# The reference: one process
# --------------------------
#
# First the blog's model trained the usual way by
# :func:`~mnist_tutorial.train` (1,000 steps of 100 images, learning rate
# 0.5), on the batches that seed 0 draws.

mnist = mt.load_mnist()
mt.train(mt.LinearSoftmax(), mnist.train.reseeded(0))  # a first run, untimed, traces the loop
reference = mt.LinearSoftmax()
started = time.perf_counter()
history = mt.train(reference, mnist.train.reseeded(0))
one_process_per_step = (time.perf_counter() - started) / history.steps
print(f"one process: test accuracy {mt.accuracy(reference, mnist.test):.2%}, "
      f"{1000 * one_process_per_step:.2f} ms per step")

# %%
# Two workers
# -----------
#
# :func:`~mnist_tutorial.train_multi_worker` starts two fresh Python
# processes, gives each its ``TF_CONFIG``, and hands them the training images
# and the same 1,000 global batches through files. Worker 0 takes the first 50
# images of every batch, worker 1 the last 50. When both have finished, the
# function reads the chief's weights and ends both processes (by their process
# ids, also if one fails).

started = time.perf_counter()
two = mt.train_multi_worker(mnist.train.reseeded(0), n_workers=2)
two_seconds = time.perf_counter() - started
print(f"two workers: test accuracy {mt.accuracy(two.model(), mnist.test):.2%}; the whole call, "
      f"starting Python and TensorFlow twice, took {two_seconds:.1f} s")

# %%
# How far are the two workers' weights from the reference? Each number is the
# largest difference over all the weights (or biases); the relative
# precision of a float32 number is printed beside them.

weights_gap = np.abs(two.weights - reference.weights).max()
bias_gap = np.abs(two.bias - reference.bias).max()
print(f"float32 relative precision: {np.finfo(np.float32).eps:.1e}")
print(f"largest weight of the reference: {np.abs(reference.weights).max():.3f}")
print(f"two workers against one process: largest difference in W {weights_gap:.1e}, "
      f"in b {bias_gap:.1e}")
print(f"largest difference between the two workers' own copies of W: "
      f"{two.largest_gap_between_workers:.1e}")

# sphinx_gallery_start_ignore
from build_checks import answer, claim  # noqa: E402

claim(weights_gap < 1e-5 and bias_gap < 1e-5, "the same model to float32 round-off",
      f"differences {weights_gap:.1e} in W, {bias_gap:.1e} in b")
claim(two.largest_gap_between_workers == 0.0, "the two workers hold exactly the same copy",
      f"{two.largest_gap_between_workers:.1e}")
# sphinx_gallery_end_ignore

# %%
# The same model to float32 round-off: the differences are below 1e-5, on
# weights of the size printed, the only change being the order in which
# numbers are added. And the two workers hold exactly the same copy, since
# each applied the same summed gradient.

# %%
# The loss of every step, for one process and for two workers, is one curve:
# the lines lie on top of each other. The lower panel shows their difference.

steps = np.arange(1, history.steps + 1)
fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.2, 5.0), sharex=True, layout="constrained",
                                  height_ratios=[2, 1])
top.plot(steps, history.loss, color="0.6", linewidth=2.5, label="one process (mt.train)")
top.plot(steps, two.loss, color="C1", linewidth=0.8, label="two workers")
top.set(ylabel="mean cross-entropy of the batch",
        title="The same training, in one process or two workers")
top.legend()
bottom.plot(steps, two.loss - history.loss, color="C1", linewidth=0.8)
bottom.set(xlabel="training step", ylabel="two workers minus one")
plt.show()

# sphinx_gallery_start_ignore
claim(np.abs(two.loss - history.loss).max() < 1e-4, "the lines lie on top of each other",
      f"largest difference {np.abs(two.loss - history.loss).max():.1e}")
# sphinx_gallery_end_ignore

# %%
# What each worker runs
# ---------------------
#
# Here is the step each worker traces, line for line from ``distributed.py``
# (checkpoints and timing left out). ``images`` and ``labels`` are this
# worker's 50, ``batch_size`` the global 100, ``learning_rate`` 0.5:
#
# .. code-block:: python
#
#    strategy = tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
#    with strategy.scope():
#        model = LinearSoftmax()  # one copy of W and b on each worker
#
#    def summed_gradient(images, labels):
#        with tf.GradientTape() as tape:
#            losses = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=model(images))
#            share = tf.nn.compute_average_loss(losses, global_batch_size=batch_size)
#        gradient = tape.gradient(share, [model.W, model.b])
#        return tf.distribute.get_replica_context().all_reduce("sum", [share, *gradient])
#
#    @tf.function
#    def train_step(images, labels):
#        summed = strategy.run(summed_gradient, args=(images, labels))
#        loss, gradient_W, gradient_b = strategy.experimental_local_results(summed)[0]
#        model.W.assign_sub(learning_rate * gradient_W)  # the same update on every worker
#        model.b.assign_sub(learning_rate * gradient_b)
#        return loss
#
# The strategy reads ``TF_CONFIG`` when it is made; the all-reduce sums the
# shares of the loss too, so every worker gets the batch's mean loss. The one
# subtle line is ``compute_average_loss``: each worker divides the sum of its
# 50 losses by the *global* batch size, 100, not by its own 50. The two
# shares then add up to the mean loss of the whole batch, and their gradients
# to its gradient. In symbols, with the batch of :math:`n` images split into
# the workers' shares :math:`S_1, \dots, S_R`,
#
# .. math::
#
#    \frac{\partial}{\partial W} \frac{1}{n} \sum_{i=1}^{n} H_i
#    = \sum_{r=1}^{R} \frac{\partial}{\partial W}
#      \Big( \frac{1}{n} \sum_{i \in S_r} H_i \Big),
#
# the left side being what one process computes, each term on the right what
# worker :math:`r` computes, and the sum what the all-reduce delivers.
#
# What the all-reduce costs
# -------------------------
#
# Below, the time of one step, measured by the chief over all steps but the
# first (which includes tracing), checkpoints left out. For a fair pair, the
# same worker program runs once more (300 steps) with a single worker, whose
# all-reduce has no one to talk to. Beside them, ``mt.train``'s steps, which
# run inside one traced loop with no Python between them.

one_worker = mt.train_multi_worker(mnist.train.reseeded(0), n_workers=1, steps=300)
per_step = {"mt.train, one process": one_process_per_step,
            "one worker": one_worker.seconds_per_step,
            "two workers": two.seconds_per_step}
for name, seconds in per_step.items():
    print(f"{name}: {1000 * seconds:.2f} ms per step")
print(f"two workers take {two.seconds_per_step / one_worker.seconds_per_step:.2f} times "
      "as long per step as one")

parameters = reference.weights.size + reference.bias.size
sent_bytes = 4 * parameters
print(f"each step, each worker sends {parameters:,} float32 numbers ({sent_bytes:,} bytes)")
for gigabits in (1, 10):
    transfer = sent_bytes * 8 / (gigabits * 1e9)
    print(f"at {gigabits} Gbit/s, {sent_bytes:,} bytes take {1e6 * transfer:.0f} microseconds")

# sphinx_gallery_start_ignore
claim(one_worker.seconds_per_step > one_process_per_step,
      "a worker's step costs more than a step of mt.train even alone")
# sphinx_gallery_end_ignore

# %%
# A worker's step costs more than a step of ``mt.train`` even alone: each
# step is a separate call from Python, through the strategy's machinery.
# What the second worker adds is the all-reduce; what it could save is half
# the arithmetic, which for this model is tiny (784 x 10 multiply-adds per
# image for the logits, as many again for the gradient). On loopback the
# bytes themselves cost almost nothing, since 127.0.0.1 copies them in
# memory; what remains is the fixed cost of each exchange (a gRPC message
# each way, waiting for the slower worker, waking threads). The build's
# machine shares its cores with other work, so these timings are noisy.
#
# On a real network the bytes take the times printed above, and every round
# trip adds a latency far larger than on loopback. Splitting a batch across
# machines pays off only when each step has far more arithmetic than
# communication, as with the deep network of
# :ref:`sphx_glr_auto_examples_going_further_plot_14_deep_network.py` and far
# larger batches.

# %%
# A worker killed part-way
# ------------------------
#
# A machine can fail in the middle of a long job. With
# ``checkpoint_every=100``, the workers save a checkpoint after every 100
# steps, all of them taking part as TensorFlow asks, the chief in the job's
# checkpoint folder. :class:`~mnist_tutorial.WorkerJob` is the same job as
# above, taken step by step: we start it on the same batches, wait for the
# checkpoint of step 400, and kill worker 1 by its process id, as a crash
# would.

job = mt.WorkerJob(mnist.train.reseeded(0), n_workers=2, checkpoint_every=100)
job.start()
job.wait_for_checkpoint(400)
os.kill(job.pids[1], signal.SIGKILL)
killed_at = time.perf_counter()
try:
    job.wait()
except mt.WorkerError as error:
    noticed_after = time.perf_counter() - killed_at
    print(str(error).split(";")[0])  # the first part of the message
    print(f"the job stopped {noticed_after:.2f} s after the kill")

# sphinx_gallery_start_ignore
claim("noticed_after" in globals() and noticed_after < 10,
      "as soon as one has died it stops the others", "no WorkerError within 10 s of the kill")
# sphinx_gallery_end_ignore

# %%
# The job does not hang: it watches its workers, and as soon as one has died
# it stops the others and says which one failed. (So does a worker that has
# not finished its first step ``start_timeout`` seconds after the start.)
# Now we start the same job again, as a cluster manager would. Every worker
# restores the chief's latest checkpoint and carries on from there.

resume_step = job.checkpointed_step()
job.start()
resumed = job.wait()
resumed_gap = np.abs(resumed.weights - two.weights).max()
print(f"the restart resumed from step {resumed.first_step} and trained "
      f"{resumed.loss.size} more steps")
print(f"largest difference in W from the uninterrupted two workers: {resumed_gap:.1e}")
job.close()  # ends any worker left and deletes the job's files

# sphinx_gallery_start_ignore
claim(400 <= resumed.first_step < 1000 and resumed.first_step == resume_step,
      "the restarted job began at the step of the last checkpoint written before the kill",
      f"it began at {resumed.first_step}")
claim(resumed_gap <= 1e-6, "ended with the weights of the uninterrupted run",
      f"largest difference {resumed_gap:.1e}")
check_images, check_labels = mnist.train.reseeded(0).next_batch(100)


def _gradient_of_mean(images, labels):
    """The gradient of the batch's mean cross-entropy with respect to W: X^T (P - Y) / n."""
    return images.T @ (reference.predict_proba(images) - labels) / len(images)


two_means = sum(_gradient_of_mean(check_images[half], check_labels[half])
                for half in (slice(0, 50), slice(50, 100)))
twice_gap = np.abs(two_means - 2 * _gradient_of_mean(check_images, check_labels)).max()
claim(twice_gap < 1e-5, "the sum of two means of 50 is twice the gradient of the mean of 100",
      f"largest difference {twice_gap:.1e}")
answer("twice_gap", f"{twice_gap:.0e}")
answer("largest_gradient", f"{np.abs(two_means).max():.2f}")
# sphinx_gallery_end_ignore

# %%
# The restarted job began at the step of the last checkpoint written before
# the kill, not at zero, and ended with the weights of the uninterrupted run:
# a checkpoint holds everything a step needs (``W``, ``b`` and the step
# number, hence which batch comes next).

# %%
# Summary
# -------
#
# * Data parallelism: each worker computes the gradient of its share of the
#   batch, an all-reduce sums the shares, every worker applies the same update.
#   Each share of the loss is divided by the *global* batch size.
# * Measured here, two worker processes over 127.0.0.1 learned the weights of
#   ``mt.train`` to float32 round-off. Each all-reduce has a fixed cost per
#   exchange, which a real network makes larger; it pays off only when a
#   step has far more arithmetic than this model's.
# * With checkpoints every *k* steps, a killed worker costs at most the last
#   *k* steps: the job stops, restarts, and resumes from the last checkpoint
#   to the same weights.
#
# Exercises
# ---------
#
# 1. Change ``n_workers=2`` to ``n_workers=3``: 100 images do not split evenly
#    into three. Are the weights still the reference's?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Yes. The workers take 34, 33 and 33 images, and each still divides by 100,
# so the three shares add up to the batch's mean loss. The test suite checks
# that three workers give ``mt.train``'s weights to within 1e-5.
#
# .. raw:: html
#
#    </details>
#
# 2. Suppose each worker divided its share of the loss by its own 50 images
#    instead of the global 100. What would the all-reduce deliver, and which
#    argument of ``mt.train_multi_worker`` would then train the same model as
#    the workers above?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# Twice the gradient of the mean of 100 (the sum of two means of 50): the
# step of twice the learning rate, so ``learning_rate=1.0`` instead of the
# default 0.5 trains that model. On a batch of 100 training images, at the
# reference's weights, the build computed both: the sum of the two means,
# whose largest entry is {{largest_gradient}}, differs from twice the gradient
# of the mean of 100 by at most {{twice_gap}}.
#
# .. raw:: html
#
#    </details>
#
# 3. In the job that was killed, change ``checkpoint_every=100`` to
#    ``checkpoint_every=250`` and change ``wait_for_checkpoint(400)`` to
#    ``wait_for_checkpoint(500)``. Where does the restart begin? How many
#    steps could a crash at any moment cost?
#
# .. raw:: html
#
#    <details><summary>Answer</summary>
#
# At step 500, the checkpoint the page waited for: the kill comes within a
# few hundredths of a second of it, long before step 750. A crash at any
# moment could cost up to 249 steps, against 99 with a checkpoint every 100:
# rarer checkpoints cost less time writing them and more time redoing steps.
# The restart ends with the weights of the uninterrupted run, as before.
#
# .. raw:: html
#
#    </details>
#
# This is the last page of Going further;
# :ref:`sphx_glr_auto_examples_going_further_plot_14_deep_network.py` is the
# one before it, and :ref:`gallery` lists them all.

# sphinx_gallery_thumbnail_number = 1
