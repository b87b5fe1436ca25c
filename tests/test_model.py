"""Tests of the model, its training, and the proof that it is the blog's TensorFlow 1 program."""

import math
import os
import subprocess
import sys

import numpy as np
import pytest
import tensorflow as tf

import mnist_tutorial as mt

SEEDS = range(10)


@pytest.fixture(scope="module")
def seed_models(mnist) -> list[mt.LinearSoftmax]:
    """The blog's model trained with the seeds 0-9, as the seed study trains them."""
    return mt.train_seeds(mnist.train, SEEDS)


@pytest.fixture(scope="module")
def blog_runs(mnist) -> tuple[mt.LinearSoftmax, object]:
    """The TF2 model and the TF1 program's result, trained on the same 1000 batches of seed 4."""
    model = mt.LinearSoftmax()
    mt.train(model, mnist.train.reseeded(4))
    tf1 = mt.run_blog_program(mt.MNIST(mnist.train.reseeded(4), mnist.validation, mnist.test))
    return model, tf1


def tiny_dataset(n_samples: int = 6, seed: int = 0) -> mt.DataSet:
    """A small split with random pixels and digits."""
    generator = np.random.default_rng(seed)
    images = generator.random((n_samples, 784), dtype=np.float32)
    return mt.DataSet(images, generator.integers(0, 10, n_samples), seed=seed)


# --------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------


def _run_python(program: str, *, timeout: float) -> subprocess.CompletedProcess:
    """Run ``program`` in a fresh Python, TensorFlow's C++ information lines off."""
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    return subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment,
    )


def test_model_starts_at_zero_with_the_blogs_names():
    """W is 784x10 and b is 10, both zero, named as in the blog."""
    model = mt.LinearSoftmax()
    assert model.W.shape == (784, 10) and model.b.shape == (10,)
    assert not model.weights.any() and not model.bias.any()
    assert model.W.name.split(":")[0].endswith("W") and model.b.name.split(":")[0].endswith("b")


def test_call_returns_images_times_weights_plus_bias():
    """Calling the model gives the logits x W + b."""
    generator = np.random.default_rng(1)
    model = mt.LinearSoftmax()
    model.W.assign(generator.normal(size=(784, 10)).astype(np.float32))
    model.b.assign(generator.normal(size=10).astype(np.float32))
    images = generator.random((3, 784), dtype=np.float32)
    expected = images.astype(np.float64) @ model.weights + model.bias
    np.testing.assert_allclose(model(images).numpy(), expected, rtol=1e-4, atol=1e-4)


def test_predict_proba_is_the_softmax_of_the_logits():
    """predict_proba gives rows that sum to one, proportional to exp(logits)."""
    model = mt.LinearSoftmax()
    model.b.assign(np.arange(10, dtype=np.float32))
    probabilities = model.predict_proba(np.zeros((2, 784)))
    expected = np.exp(np.arange(10)) / np.exp(np.arange(10)).sum()
    np.testing.assert_allclose(probabilities, [expected, expected], rtol=1e-5)


def test_predict_is_the_most_probable_digit():
    """predict returns the argmax of the logits as int64 digits."""
    model = mt.LinearSoftmax()
    model.W.assign(np.eye(784, 10, dtype=np.float32))
    images = np.zeros((3, 784), dtype=np.float32)
    images[0, 3], images[1, 7], images[2, 0] = 1.0, 1.0, 1.0
    digits = model.predict(images)
    assert digits.dtype == np.int64
    np.testing.assert_array_equal(digits, [3, 7, 0])


def test_model_accepts_tensors():
    """A tf.Tensor of images gives the same logits as the NumPy array."""
    model = mt.LinearSoftmax()
    model.b.assign(np.linspace(-1, 1, 10, dtype=np.float32))
    images = np.full((2, 784), 0.5, dtype=np.float32)
    np.testing.assert_array_equal(model(tf.constant(images)).numpy(), model(images).numpy())


@pytest.mark.parametrize(
    ("images", "message"),
    [
        (np.zeros((2, 28, 28)), r"shape \(n_samples, 784\)"),
        (np.zeros(784), r"shape \(n_samples, 784\)"),
        (np.full((1, 784), np.nan), "NaN or infinite"),
        ([["a"] * 784], "must hold real numbers"),
        ("images", "must hold real numbers"),
        (np.full((1, 784), 0.5 + 1j), "must hold real numbers"),
        ([[0.5] * 784, [0.5] * 783], "array of real numbers"),
        (tf.zeros((2, 28, 28)), r"shape \(n_samples, 784\)"),
        (tf.fill((1, 784), np.nan), "NaN or infinite"),
        (np.full((1, 784), 255, dtype=np.uint8), "Divide 0-255 pixels by 255"),
    ],
)
def test_model_rejects_bad_images(images, message):
    """Images of the wrong shape, non-finite, unscaled or not real numbers raise a ValueError."""
    with pytest.raises(ValueError, match=message):
        mt.LinearSoftmax().predict(images)


@pytest.mark.parametrize("method", ["__call__", "predict", "predict_proba"])
def test_every_way_into_the_model_refuses_a_nan_tensor(method):
    """The model, predict and predict_proba all refuse a tf.Tensor holding NaN."""
    with pytest.raises(ValueError, match="NaN or infinite"):
        getattr(mt.LinearSoftmax(), method)(tf.fill((2, 784), np.nan))


def test_predict_refuses_the_uint8_pixels_of_a_split(mnist):
    """test.pixels (0-255) given where images (0-1) belong is refused, saying to divide by 255."""
    with pytest.raises(ValueError, match="Divide 0-255 pixels by 255"):
        mt.LinearSoftmax().predict(mnist.test.pixels)


BROKEN_MODEL_USES = {
    "predict": lambda model, split: model.predict(split.images),
    "predict_proba": lambda model, split: model.predict_proba(split.images),
    "accuracy": mt.accuracy,
    "train": lambda model, split: mt.train(model, split, batch_size=2),
}


@pytest.mark.parametrize("use", BROKEN_MODEL_USES)
@pytest.mark.parametrize(("parameter", "bad_value"), [("W", np.nan), ("b", np.inf)])
def test_a_model_with_nan_or_infinite_parameters_is_refused(use, parameter, bad_value):
    """predict, predict_proba, accuracy and train refuse a W or b holding NaN or infinity."""
    model = mt.LinearSoftmax()
    values = getattr(model, parameter).numpy()
    values.flat[3] = bad_value
    getattr(model, parameter).assign(values)
    with pytest.raises(ValueError, match=f"the model's {parameter} holds 1 NaN or infinite"):
        BROKEN_MODEL_USES[use](model, tiny_dataset())


def test_accuracy_of_the_zero_model_is_the_share_of_zeros(mnist):
    """The all-zero model predicts 0 for every image, so its accuracy is the share of 0s."""
    share_of_zeros = np.mean(mnist.test.digits == 0)
    assert mt.accuracy(mt.LinearSoftmax(), mnist.test) == pytest.approx(share_of_zeros, abs=0)


def test_accuracy_is_the_share_of_right_predictions(mnist):
    """accuracy counts exactly the test images whose predicted digit is right."""
    model = mt.LinearSoftmax()
    mt.train(model, mnist.train.reseeded(0), steps=30)
    right = np.mean(model.predict(mnist.test.images) == mnist.test.digits)
    assert mt.accuracy(model, mnist.test) == right


def test_accuracy_rejects_images_that_are_not_finite():
    """A split whose images hold NaN has no accuracy; the error says why."""
    with pytest.raises(ValueError, match="NaN"):  # refused by DataSet or, if not, by accuracy
        dataset = mt.DataSet(np.full((2, 784), np.nan, dtype=np.float32), np.array([1, 2]))
        mt.accuracy(mt.LinearSoftmax(), dataset)


def test_accuracy_of_an_empty_split_is_refused():
    """An empty split has no accuracy: a ValueError instead of NaN."""
    empty = mt.DataSet(np.zeros((0, 784), dtype=np.float32), np.zeros(0, dtype=np.int64))
    with pytest.raises(ValueError, match="dataset has no images"):
        mt.accuracy(mt.LinearSoftmax(), empty)


def test_accuracy_rejects_a_non_dataset():
    """accuracy takes a DataSet, not arrays."""
    with pytest.raises(ValueError, match="dataset must be a mnist_tutorial.DataSet"):
        mt.accuracy(mt.LinearSoftmax(), np.zeros((2, 784)))


def test_accuracy_of_the_blogs_model_does_without_the_deep_module():
    """Measuring a LinearSoftmax does not import mnist_tutorial.deep, which imports Keras."""
    program = (
        "import sys, numpy as np, mnist_tutorial as mt\n"
        "blank = mt.DataSet(np.zeros((2, 784), np.float32), np.array([0, 1]))\n"
        "assert mt.accuracy(mt.LinearSoftmax(), blank) == 0.5\n"
        "assert 'mnist_tutorial.deep' not in sys.modules, 'deep was imported'\n"
    )
    finished = _run_python(program, timeout=120)
    assert finished.returncode == 0, finished.stderr


# --------------------------------------------------------------------------------------
# Training: the formula, the batches, the history
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_one_step_follows_the_gradient_formula(loss):
    """One step from zero moves W and b by minus the learning rate times the gradient."""
    dataset = tiny_dataset()
    (rows,) = dataset.reseeded(0).batch_indices(1, 4)
    images, labels = dataset.images[rows].astype(np.float64), dataset.labels[rows]
    probabilities = np.full((4, 10), 0.1)
    if loss == "cross_entropy":
        logit_gradient = (probabilities - labels) / 4
    else:  # d/dz of sum_k (p_k - y_k)^2 through the softmax: 2 * J^T (p - y), J = diag(p) - p p^T
        difference = probabilities - labels
        inner = np.sum(difference * probabilities, axis=1, keepdims=True)
        logit_gradient = 2 * probabilities * (difference - inner) / 4
    model = mt.LinearSoftmax()
    mt.train(model, dataset, steps=1, batch_size=4, learning_rate=0.3, loss=loss)
    np.testing.assert_allclose(model.weights, -0.3 * images.T @ logit_gradient, atol=1e-6)
    np.testing.assert_allclose(model.bias, -0.3 * logit_gradient.sum(axis=0), atol=1e-6)


def test_train_draws_the_batches_next_batch_would_draw():
    """After train(steps=3), the dataset continues with the 4th batch, as after 3 next_batch."""
    dataset, reference = tiny_dataset(seed=5), tiny_dataset(seed=5)
    mt.train(mt.LinearSoftmax(), dataset, steps=3, batch_size=4)
    for _ in range(3):
        reference.next_batch(4)
    np.testing.assert_array_equal(dataset.next_batch(4)[0], reference.next_batch(4)[0])


def test_training_on_the_uint8_pixels_gives_the_weights_of_the_float_images(mnist):
    """load_mnist's splits train on their 8-bit pixels, scaled per batch: bit for bit the same."""
    from_pixels, from_images = mt.LinearSoftmax(), mt.LinearSoftmax()
    assert mnist.train.pixels is not None
    mt.train(from_pixels, mnist.train.reseeded(3), steps=50)
    images_only = mt.DataSet(mnist.train.images, mnist.train.digits, seed=3)
    assert images_only.pixels is None
    mt.train(from_images, images_only, steps=50)
    np.testing.assert_array_equal(from_pixels.weights, from_images.weights)
    np.testing.assert_array_equal(from_pixels.bias, from_images.bias)


def test_pixels_changed_after_the_dataset_was_made_do_not_reach_training():
    """A DataSet copies writable pixels, so changing them afterwards changes nothing it trains."""
    generator = np.random.default_rng(4)
    pixels = generator.integers(0, 256, (8, 784), dtype=np.uint8)
    digits = generator.integers(0, 10, 8)
    dataset = mt.DataSet(None, digits, seed=4, pixels=pixels)
    reference_split = mt.DataSet(None, digits, seed=4, pixels=pixels.copy())
    pixels[:] = 0  # the caller's array, not the DataSet's
    trained, reference = mt.LinearSoftmax(), mt.LinearSoftmax()
    mt.train(trained, dataset, steps=3, batch_size=4)
    mt.train(reference, reference_split, steps=3, batch_size=4)
    np.testing.assert_array_equal(trained.weights, reference.weights)
    assert trained.weights.any()


def test_training_in_pieces_equals_training_at_once(mnist):
    """Two calls of 150 steps reach exactly the weights of one call of 300 steps."""
    whole, pieces = mt.LinearSoftmax(), mt.LinearSoftmax()
    mt.train(whole, mnist.train.reseeded(2), steps=300)
    batches = mnist.train.reseeded(2)
    mt.train(pieces, batches, steps=150)
    mt.train(pieces, batches, steps=150)
    np.testing.assert_array_equal(whole.weights, pieces.weights)
    np.testing.assert_array_equal(whole.bias, pieces.bias)


def test_history_holds_the_loss_of_every_step(mnist):
    """The history has one loss per step, starting at ln 10, and the settings."""
    history = mt.train(mt.LinearSoftmax(), mnist.train.reseeded(3), steps=40, learning_rate=0.2)
    assert history.loss.shape == (40,) and history.steps == 40
    assert history.loss[0] == pytest.approx(math.log(10), rel=1e-6)
    assert history.loss[-10:].mean() < history.loss[:10].mean()
    assert (history.loss_name, history.learning_rate, history.batch_size, history.seed) == (
        "cross_entropy",
        0.2,
        100,
        3,
    )
    assert history.accuracy is None and history.accuracy_steps is None


def test_mse_history_starts_at_the_squared_distance_of_uniform_guesses(mnist):
    """With loss="mse" the zero model's loss is 9 * 0.1^2 + 0.9^2 = 0.9."""
    history = mt.train(mt.LinearSoftmax(), mnist.train.reseeded(0), steps=5, loss="mse")
    assert history.loss_name == "mse"
    assert history.loss[0] == pytest.approx(0.9, rel=1e-6)


def test_evaluation_records_accuracy_every_k_steps(mnist):
    """evaluate_every=20 measures at steps 0, 20, 40, 50; the last is the final accuracy."""
    model = mt.LinearSoftmax()
    history = mt.train(
        model, mnist.train.reseeded(0), steps=50, evaluate_every=20, evaluation_set=mnist.test
    )
    np.testing.assert_array_equal(history.accuracy_steps, [0, 20, 40, 50])
    assert history.accuracy[0] == mt.accuracy(mt.LinearSoftmax(), mnist.test)
    assert history.accuracy[-1] == mt.accuracy(model, mnist.test)
    assert history.accuracy[-1] > 0.8


def test_evaluation_does_not_change_training(mnist):
    """Training with evaluations reaches exactly the weights of training without them."""
    plain, evaluated = mt.LinearSoftmax(), mt.LinearSoftmax()
    mt.train(plain, mnist.train.reseeded(1), steps=60)
    mt.train(
        evaluated, mnist.train.reseeded(1), steps=60, evaluate_every=25, evaluation_set=mnist.test
    )
    np.testing.assert_array_equal(plain.weights, evaluated.weights)


def test_callback_sees_the_model_after_each_accuracy(mnist):
    """callback(model) runs at each evaluation, right after the accuracy is measured."""
    model, seen = mt.LinearSoftmax(), []
    history = mt.train(
        model,
        mnist.train.reseeded(0),
        steps=50,
        evaluate_every=20,
        evaluation_set=mnist.test,
        callback=lambda trained: seen.append((trained, mt.accuracy(trained, mnist.test))),
    )
    assert all(trained is model for trained, _ in seen)
    np.testing.assert_array_equal([measured for _, measured in seen], history.accuracy)


# --------------------------------------------------------------------------------------
# The blog's results: equivalence with TF1, accuracy and its spread, determinism
# --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_train_reproduces_the_tf1_program(blog_runs):
    """On the same 1000 batches, TF2 train gives TF1's W and b to within float32 round-off."""
    model, tf1 = blog_runs
    np.testing.assert_allclose(model.weights, tf1.weights, rtol=0, atol=1e-6)
    np.testing.assert_allclose(model.bias, tf1.bias, rtol=0, atol=1e-6)


@pytest.mark.slow
def test_tf1_and_tf2_agree_on_test_accuracy(mnist, blog_runs):
    """The TF1 program's printed accuracy is the TF2 model's, to a test image or two."""
    model, tf1 = blog_runs
    assert abs(mt.accuracy(model, mnist.test) - tf1.accuracy) <= 2 / mnist.test.num_examples


def test_tf1_program_leaves_eager_mode_and_prints_nothing(mnist, capfd):
    """The TF1 program runs in its own graph: eager mode stays on and no message escapes."""
    capfd.readouterr()
    run = mt.run_blog_program(
        mt.MNIST(mnist.train.reseeded(0), mnist.validation, mnist.test), steps=5
    )
    assert tf.executing_eagerly()
    assert tf.compat.v1.get_default_session() is None
    assert run.weights.shape == (784, 10) and 0 < run.accuracy <= 1
    assert capfd.readouterr() == ("", "")


@pytest.mark.slow
def test_accuracy_of_each_seed_is_within_the_measured_spread(mnist, seed_models):
    """Each of seeds 0-9 reaches 90.5%-92.5% test accuracy (the blog's "about 92%")."""
    accuracies = [mt.accuracy(model, mnist.test) for model in seed_models]
    assert all(0.905 <= value <= 0.925 for value in accuracies), accuracies


@pytest.mark.slow
def test_mean_accuracy_over_ten_seeds(mnist, seed_models):
    """The mean test accuracy over seeds 0-9 lies in 91.4%-92.0%."""
    mean = np.mean([mt.accuracy(model, mnist.test) for model in seed_models])
    assert 0.914 <= mean <= 0.920, mean


@pytest.mark.slow
def test_seeds_give_different_models(seed_models):
    """Different seeds draw different batches, so the weights differ."""
    assert not np.array_equal(seed_models[0].weights, seed_models[1].weights)


@pytest.mark.slow
def test_training_twice_with_one_seed_gives_the_same_model(mnist):
    """Two runs with the same seed give bitwise identical weights and the same accuracy."""
    first, second = mt.LinearSoftmax(), mt.LinearSoftmax()
    mt.train(first, mnist.train.reseeded(7))
    mt.train(second, mnist.train.reseeded(7))
    np.testing.assert_array_equal(first.weights, second.weights)
    assert mt.accuracy(first, mnist.test) == mt.accuracy(second, mnist.test)


@pytest.mark.slow
def test_train_seeds_equals_training_each_seed(mnist, seed_models):
    """train_seeds gives each seed exactly the model that train gives it."""
    for seed in (0, 9):
        model = mt.LinearSoftmax()
        mt.train(model, mnist.train.reseeded(seed))
        np.testing.assert_array_equal(seed_models[seed].weights, model.weights)
        np.testing.assert_array_equal(seed_models[seed].bias, model.bias)


def test_train_seeds_takes_a_number_of_seeds_as_seed_study_does():
    """train_seeds(dataset, 2) trains seeds 0 and 1, like seed_study's seeds=2."""
    by_number = mt.train_seeds(tiny_dataset(), 2, steps=2, batch_size=3)
    by_list = mt.train_seeds(tiny_dataset(), [0, 1], steps=2, batch_size=3)
    for first, second in zip(by_number, by_list, strict=True):
        np.testing.assert_array_equal(first.weights, second.weights)


def test_train_seeds_leaves_the_dataset_alone(mnist):
    """train_seeds draws from reseeded copies, so the dataset's own batches do not move."""
    dataset, reference = tiny_dataset(seed=1), tiny_dataset(seed=1)
    mt.train_seeds(dataset, [0, 1], steps=2, batch_size=3)
    np.testing.assert_array_equal(dataset.next_batch(3)[0], reference.next_batch(3)[0])


# --------------------------------------------------------------------------------------
# Argument checks
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"steps": 0}, "steps must be at least 1"),
        ({"steps": 2.5}, "steps must be an integer"),
        ({"batch_size": 0}, "batch_size must be from 1 to 6"),
        ({"batch_size": 7}, "batch_size must be from 1 to 6"),
        ({"learning_rate": 0}, "learning_rate must be a number above 0"),
        ({"learning_rate": -0.5}, "learning_rate must be a number above 0"),
        ({"learning_rate": float("nan")}, "learning_rate must be a number above 0"),
        ({"learning_rate": float("inf")}, "learning_rate must be a number above 0"),
        ({"learning_rate": "0.5"}, "learning_rate must be a number above 0"),
        ({"learning_rate": True}, "learning_rate must be a number above 0"),
        ({"learning_rate": 1e39}, "at most 3.4e[+]38"),
        ({"steps": 10**10}, "steps [*] batch_size must be at most 20,000,000"),
        ({"loss": "hinge"}, "loss must be one of 'cross_entropy', 'mse'"),
        ({"evaluate_every": 0, "evaluation_set": tiny_dataset()}, "evaluate_every must be"),
        ({"evaluate_every": 5}, "evaluation_set"),
        ({"evaluation_set": tiny_dataset()}, "evaluate_every is not"),
        ({"callback": print}, "evaluate_every is not"),
        ({"evaluate_every": 1, "evaluation_set": tiny_dataset(), "callback": 1}, "callback must"),
    ],
)
def test_train_rejects_bad_settings(settings, message):
    """Each out-of-range setting raises a ValueError that names it."""
    with pytest.raises(ValueError, match=message):
        mt.train(mt.LinearSoftmax(), tiny_dataset(), **{"batch_size": 2, **settings})


def test_diverging_training_stops_and_keeps_the_weights(mnist):
    """A learning rate that overflows stops training with the step named and W unchanged."""
    model = mt.LinearSoftmax()
    mt.train(model, mnist.train.reseeded(0), steps=5)
    before = model.weights
    with pytest.raises(ValueError, match=r"diverged.* at step \d+.*smaller learning rate"):
        mt.train(model, mnist.train.reseeded(0), steps=50, learning_rate=1e38)
    np.testing.assert_array_equal(model.weights, before)


CTRL_C_PROGRAM = """
import os, signal, threading, time
import numpy as np
import mnist_tutorial as mt

dataset = mt.DataSet(np.random.default_rng(0).random((500, 784), dtype=np.float32),
                     np.arange(500) % 10, seed=0)
model, pressed = mt.LinearSoftmax(), []
threading.Timer(6, lambda: (pressed.append(time.perf_counter()),
                            os.kill(os.getpid(), signal.SIGINT))).start()
try:
    mt.train(model, dataset, steps=150_000)
except KeyboardInterrupt as error:
    print(time.perf_counter() - pressed[0])
    print(error)
    done = int(str(error).split()[3].replace(",", ""))
    alone = mt.LinearSoftmax()
    mt.train(alone, dataset.reseeded(0), steps=done)
    print(np.array_equal(model.weights, alone.weights), signal.getsignal(signal.SIGINT).__name__)
    mt.train(model, dataset, steps=10)  # goes on from there
    again = mt.LinearSoftmax()
    mt.train(again, dataset.reseeded(0), steps=done + 10)
    print(np.array_equal(model.weights, again.weights))
"""


def test_ctrl_c_stops_a_long_training_at_once_keeping_the_steps_done():
    """Ctrl-C stops train within 2 s; the model and batches are those of the steps done."""
    finished = _run_python(CTRL_C_PROGRAM, timeout=300)
    delay, message, same, same_after_more_steps = finished.stdout.splitlines()
    assert float(delay) < 2.0, finished.stdout  # a stretch takes a fraction of a second
    assert message.startswith("train stopped after ") and "of 150,000 steps" in message
    assert same == "True default_int_handler" and same_after_more_steps == "True"


def test_train_seeds_reports_a_diverging_seed_from_its_thread(mnist):
    """A seed that diverges in the thread pool raises train's error in the caller."""
    with pytest.raises(ValueError, match=r"diverged.* at step \d+.*smaller learning rate"):
        mt.train_seeds(mnist.train, [0, 1, 2], steps=50, learning_rate=1e38)


def test_train_seeds_returns_the_models_in_the_order_of_the_seeds():
    """Trained several at a time, the models still come back in the order the seeds were given."""
    dataset = tiny_dataset(n_samples=12, seed=3)
    seeds = [5, 0, 3, 1, 4, 2]
    models = mt.train_seeds(dataset, seeds, steps=4, batch_size=5)
    for seed, model in zip(seeds, models, strict=True):
        alone = mt.LinearSoftmax()
        mt.train(alone, dataset.reseeded(seed), steps=4, batch_size=5)
        np.testing.assert_array_equal(model.weights, alone.weights)


def test_train_refuses_images_outside_zero_to_one():
    """A split of 0-255 values given as images is refused before any step, not trained on."""
    with pytest.raises(ValueError, match="Divide 0-255 pixels by 255"):
        dataset = mt.DataSet(np.full((6, 784), 255.0, dtype=np.float32), np.arange(6))
        mt.train(mt.LinearSoftmax(), dataset, batch_size=2)


def test_train_rejects_a_model_that_is_not_linear_softmax():
    """train takes a LinearSoftmax."""
    with pytest.raises(ValueError, match="model must be a mnist_tutorial.LinearSoftmax"):
        mt.train(tf.Module(), tiny_dataset())


def test_train_rejects_arrays_for_the_dataset():
    """train takes a DataSet, not a tuple of arrays."""
    with pytest.raises(ValueError, match="dataset must be a mnist_tutorial.DataSet"):
        mt.train(mt.LinearSoftmax(), (np.zeros((6, 784)), np.zeros(6)))


@pytest.mark.parametrize(
    ("seeds", "message"),
    [
        ([], "at least one seed"),
        ([0, -1], "each seed must be at least 0"),
        ([1.5], "integer"),
        (0, "seeds [(]a number of seeds[)] must be at least 1"),
        ("abc", "a number of seeds or a list of seeds"),
    ],
)
def test_train_seeds_rejects_bad_seeds(seeds, message):
    """Seeds must be a non-empty collection of non-negative integers."""
    with pytest.raises(ValueError, match=message):
        mt.train_seeds(tiny_dataset(), seeds, batch_size=2)


def test_tf1_program_rejects_bad_settings(mnist):
    """The TF1 program checks its settings as train does."""
    with pytest.raises(ValueError, match="learning_rate must be a number above 0"):
        mt.run_blog_program(mnist, learning_rate=-1.0)
