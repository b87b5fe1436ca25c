"""Tests of mnist_tutorial.losses against TensorFlow's own functions and the math."""

import numpy as np
import pytest
import tensorflow as tf

import mnist_tutorial as mt

N_SAMPLES, N_FEATURES, N_CLASSES = 20, 30, 10
TOLERANCE = 1e-6


@pytest.fixture
def rng():
    """A fresh, seeded random generator for each test."""
    return np.random.default_rng(0)


@pytest.fixture
def logits(rng):
    """Random logits of shape (n_samples, n_classes), spread enough to be uneven."""
    return rng.normal(scale=3.0, size=(N_SAMPLES, N_CLASSES))


@pytest.fixture
def one_hot(rng):
    """Random one-hot labels of shape (n_samples, n_classes)."""
    return np.eye(N_CLASSES)[rng.integers(0, N_CLASSES, size=N_SAMPLES)]


@pytest.fixture
def soft_labels(rng):
    """Random soft labels: each row a probability distribution with no zeros."""
    values = rng.uniform(0.1, 1.0, size=(N_SAMPLES, N_CLASSES))
    return values / values.sum(axis=1, keepdims=True)


# --------------------------------------------------------------------------------------
# Softmax
# --------------------------------------------------------------------------------------


def test_softmax_matches_tensorflow(logits):
    """softmax agrees with tf.nn.softmax on random logits."""
    expected = tf.nn.softmax(tf.constant(logits)).numpy()
    np.testing.assert_allclose(mt.softmax(logits), expected, rtol=0, atol=TOLERANCE)


def test_softmax_along_axis_zero_matches_tensorflow(logits):
    """softmax normalizes along the axis it is given."""
    expected = tf.nn.softmax(tf.constant(logits), axis=0).numpy()
    np.testing.assert_allclose(mt.softmax(logits, axis=0), expected, rtol=0, atol=TOLERANCE)


def test_log_softmax_matches_tensorflow(logits):
    """log_softmax agrees with tf.nn.log_softmax on random logits."""
    expected = tf.nn.log_softmax(tf.constant(logits)).numpy()
    np.testing.assert_allclose(mt.log_softmax(logits), expected, rtol=0, atol=TOLERANCE)


def test_softmax_rows_sum_to_one(logits):
    """Every row of the softmax is a probability distribution."""
    probabilities = mt.softmax(logits * 100)
    assert np.all(probabilities >= 0)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=0, atol=1e-12)


def test_softmax_ignores_a_shift_of_the_logits(logits):
    """Adding a constant to every logit leaves the softmax unchanged."""
    np.testing.assert_allclose(mt.softmax(logits + 500.0), mt.softmax(logits), atol=1e-12)


def test_softmax_stays_finite_on_extreme_logits():
    """The largest float32 logits give an exact one-hot softmax and a finite log-softmax."""
    big = float(np.finfo(np.float32).max)
    logits = np.array([[big, 0.0, -big], [1000.0, 0.0, -1000.0]])
    np.testing.assert_array_equal(mt.softmax(logits), [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    assert np.all(np.isfinite(mt.log_softmax(logits)))


def test_naive_softmax_overflows_to_nan():
    """The naive softmax returns nan for a logit of 1000, without a warning."""
    probabilities = mt.naive_softmax([1000.0, 0.0, -1000.0])
    assert np.isnan(probabilities[0])
    np.testing.assert_array_equal(probabilities[1:], [0.0, 0.0])


def test_naive_softmax_agrees_with_softmax_on_small_logits(logits):
    """Away from overflow the naive and stable softmax agree."""
    np.testing.assert_allclose(mt.naive_softmax(logits), mt.softmax(logits), atol=1e-12)


def test_softmax_accepts_tensorflow_tensors(logits):
    """A TensorFlow tensor goes in, a NumPy array comes out."""
    result = mt.softmax(tf.constant(logits, dtype=tf.float32))
    assert isinstance(result, np.ndarray)
    np.testing.assert_allclose(result, mt.softmax(logits), atol=TOLERANCE)


# --------------------------------------------------------------------------------------
# Cross-entropy and its relatives
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("label_kind", ["one_hot", "soft_labels"])
def test_cross_entropy_matches_tensorflow(label_kind, logits, request):
    """cross_entropy agrees per sample with tf.nn.softmax_cross_entropy_with_logits."""
    labels = request.getfixturevalue(label_kind)
    expected = tf.nn.softmax_cross_entropy_with_logits(labels, tf.constant(logits)).numpy()
    result = mt.cross_entropy(labels, logits)
    assert result.shape == (N_SAMPLES,)
    np.testing.assert_allclose(result, expected, rtol=0, atol=TOLERANCE)


def test_cross_entropy_stays_finite_on_extreme_logits():
    """A confidently wrong prediction costs a large but finite loss."""
    losses = mt.cross_entropy([[0.0, 0.0, 1.0]], [[1000.0, 0.0, -1000.0]])
    np.testing.assert_allclose(losses, [2000.0])


def test_naive_cross_entropy_agrees_on_moderate_logits(one_hot, logits):
    """Away from zero probabilities the naive formula gives the same losses."""
    naive = mt.naive_cross_entropy(one_hot, mt.softmax(logits))
    np.testing.assert_allclose(naive, mt.cross_entropy(one_hot, logits), atol=1e-10)


def test_naive_cross_entropy_is_infinite_at_zero_probability_of_the_true_class():
    """-log(0) is infinite: the naive loss returns inf, without a warning."""
    assert np.isposinf(mt.naive_cross_entropy([[0.0, 1.0]], [[1.0, 0.0]])[0])


def test_naive_cross_entropy_is_nan_at_zero_label_and_zero_probability():
    """0 * log(0) is nan in floating point: the naive loss returns nan."""
    assert np.isnan(mt.naive_cross_entropy([[1.0, 0.0, 0.0]], [[0.5, 0.5, 0.0]])[0])


def test_entropy_of_one_hot_is_zero_and_of_uniform_is_log_n_classes():
    """Entropy spans 0 (certain) to log(n_classes) (uniform), in nats."""
    uniform = np.full((1, N_CLASSES), 1 / N_CLASSES)
    np.testing.assert_allclose(mt.entropy(np.eye(N_CLASSES)), np.zeros(N_CLASSES))
    np.testing.assert_allclose(mt.entropy(uniform), [np.log(N_CLASSES)])


def test_kl_divergence_matches_keras(soft_labels, logits):
    """The batch mean of kl_divergence agrees with tf.keras.losses.KLDivergence."""
    probabilities = mt.softmax(logits)
    keras_loss = tf.keras.losses.KLDivergence(dtype="float64")
    expected = float(keras_loss(soft_labels, probabilities))
    result = mt.kl_divergence(soft_labels, probabilities)
    assert result.shape == (N_SAMPLES,)
    assert result.mean() == pytest.approx(expected, abs=TOLERANCE)


def test_kl_divergence_is_zero_between_equal_distributions(soft_labels):
    """A distribution has divergence 0 from itself."""
    np.testing.assert_allclose(mt.kl_divergence(soft_labels, soft_labels), 0.0, atol=1e-12)


def test_kl_divergence_is_infinite_where_the_prediction_rules_out_the_truth():
    """q = 0 where p > 0 gives an infinite divergence, without a warning."""
    assert np.isposinf(mt.kl_divergence([[0.5, 0.5]], [[1.0, 0.0]])[0])


def test_cross_entropy_is_entropy_plus_kl_divergence(soft_labels, logits):
    """H(p, q) = H(p) + KL(p || q) on soft labels."""
    parts = mt.entropy(soft_labels) + mt.kl_divergence(soft_labels, mt.softmax(logits))
    np.testing.assert_allclose(mt.cross_entropy(soft_labels, logits), parts, atol=1e-10)


def test_cross_entropy_equals_kl_divergence_for_one_hot_labels(one_hot, logits):
    """One-hot labels have entropy 0, so cross-entropy equals the KL divergence."""
    divergence = mt.kl_divergence(one_hot, mt.softmax(logits))
    np.testing.assert_allclose(mt.cross_entropy(one_hot, logits), divergence, atol=1e-10)


def test_mean_squared_error_is_keras_times_n_classes(one_hot, logits):
    """mean_squared_error sums over classes where Keras' MeanSquaredError averages."""
    probabilities = mt.softmax(logits)
    keras_loss = tf.keras.losses.MeanSquaredError(reduction=None, dtype="float64")
    expected = keras_loss(one_hot, probabilities).numpy() * N_CLASSES
    result = mt.mean_squared_error(one_hot, probabilities)
    np.testing.assert_allclose(result, expected, rtol=0, atol=TOLERANCE)


# --------------------------------------------------------------------------------------
# Gradients
# --------------------------------------------------------------------------------------


def _tape_gradients(rng, labels, loss_of_logits):
    """Return the batch, its logits, and the tape's gradients for a random linear model."""
    images = rng.uniform(size=(N_SAMPLES, N_FEATURES)).astype(np.float32)
    weights = tf.Variable(rng.normal(scale=0.5, size=(N_FEATURES, N_CLASSES)).astype(np.float32))
    bias = tf.Variable(rng.normal(size=N_CLASSES).astype(np.float32))
    with tf.GradientTape() as tape:
        logits = images @ weights + bias
        loss = tf.reduce_mean(loss_of_logits(labels.astype(np.float32), logits))
    weights_gradient, bias_gradient = tape.gradient(loss, [weights, bias])
    return images, logits.numpy(), weights_gradient.numpy(), bias_gradient.numpy()


def test_gradient_of_cross_entropy_matches_gradient_tape(rng, one_hot):
    """The hand-derived gradient X^T (P - Y) / n is what tf.GradientTape computes."""
    images, logits, weights_expected, bias_expected = _tape_gradients(
        rng, one_hot, tf.nn.softmax_cross_entropy_with_logits
    )
    weights_gradient, bias_gradient = mt.gradient_of_cross_entropy(images, one_hot, logits)
    assert weights_gradient.shape == (N_FEATURES, N_CLASSES)
    np.testing.assert_allclose(weights_gradient, weights_expected, rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(bias_gradient, bias_expected, rtol=0, atol=TOLERANCE)


def test_gradient_of_mean_squared_error_matches_gradient_tape(rng, one_hot):
    """The hand-derived gradient of the softmax's squared error matches the tape's."""

    def squared_error(labels, logits):
        return tf.reduce_sum(tf.square(tf.nn.softmax(logits) - labels), axis=-1)

    images, logits, weights_expected, bias_expected = _tape_gradients(rng, one_hot, squared_error)
    weights_gradient, bias_gradient = mt.gradient_of_mean_squared_error(images, one_hot, logits)
    np.testing.assert_allclose(weights_gradient, weights_expected, rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(bias_gradient, bias_expected, rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize(
    ("loss", "gradient_of"),
    [
        ("cross_entropy", mt.gradient_of_cross_entropy),
        ("mse", mt.gradient_of_mean_squared_error),
    ],
)
def test_one_step_of_train_moves_against_the_hand_gradient(loss, gradient_of):
    """mt.train minimizes the batch mean of these losses: its first step is -0.5 * gradient."""
    train = mt.load_mnist(seed=0).train
    images, labels = train.reseeded(0).next_batch(100)
    model = mt.LinearSoftmax()
    mt.train(model, train.reseeded(0), steps=1, loss=loss)
    weights_gradient, bias_gradient = gradient_of(images, labels, np.zeros((100, N_CLASSES)))
    np.testing.assert_allclose(model.W.numpy(), -0.5 * weights_gradient, rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(model.b.numpy(), -0.5 * bias_gradient, rtol=0, atol=TOLERANCE)


def test_gradient_of_cross_entropy_is_zero_at_a_perfect_soft_prediction(rng, soft_labels):
    """When softmax(logits) equals the labels there is nothing left to learn."""
    images = rng.uniform(size=(N_SAMPLES, N_FEATURES))
    weights_gradient, bias_gradient = mt.gradient_of_cross_entropy(
        images, soft_labels, np.log(soft_labels)
    )
    np.testing.assert_allclose(weights_gradient, 0.0, atol=1e-12)
    np.testing.assert_allclose(bias_gradient, 0.0, atol=1e-12)


# --------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------

TWO_ROWS = [[1.0, 0.0], [0.0, 1.0]]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: mt.cross_entropy(TWO_ROWS, [[1.0, 2.0, 3.0]] * 2), "same shape"),
        (lambda: mt.cross_entropy([1.0, 0.0], [1.0, 2.0]), "must be 2-D"),
        (lambda: mt.kl_divergence(TWO_ROWS, [[1.0, 0.0]]), "same shape"),
        (lambda: mt.entropy([0.5, 0.5]), "must be 2-D"),
        (lambda: mt.mean_squared_error(TWO_ROWS, [[1.0, 0.0, 0.0]] * 2), "same shape"),
        (lambda: mt.gradient_of_cross_entropy([[1.0]], TWO_ROWS, TWO_ROWS), "one row per row"),
        (lambda: mt.gradient_of_mean_squared_error([1.0, 2.0], TWO_ROWS, TWO_ROWS), "2-D"),
    ],
)
def test_bad_shapes_raise_value_error(call, message):
    """Mismatched shapes and 1-D arrays where 2-D is needed are refused by name."""
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: mt.softmax([1.0, np.nan]),
        lambda: mt.naive_softmax([np.inf, 0.0]),
        lambda: mt.log_softmax([[-np.inf, 0.0]]),
        lambda: mt.cross_entropy(TWO_ROWS, [[np.nan, 0.0], [0.0, 0.0]]),
        lambda: mt.naive_cross_entropy(TWO_ROWS, [[np.nan, 0.0], [0.0, 1.0]]),
        lambda: mt.gradient_of_cross_entropy([[np.inf], [0.0]], TWO_ROWS, TWO_ROWS),
    ],
)
def test_non_finite_input_raises_value_error(call):
    """NaN or infinite inputs are refused instead of propagating."""
    with pytest.raises(ValueError, match="NaN or infinite"):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: mt.naive_cross_entropy(TWO_ROWS, [[0.5, 0.4], [0.5, 0.5]]),
        lambda: mt.entropy([[0.5, 0.6]]),
        lambda: mt.kl_divergence([[0.5, 0.5]], [[0.2, 0.2]]),
        lambda: mt.mean_squared_error([[0.5, 0.5]], [[0.9, 0.9]]),
        lambda: mt.cross_entropy([[2.0, 1.0]], [[0.0, 0.0]]),
    ],
)
def test_rows_that_do_not_sum_to_one_raise_value_error(call):
    """Probabilities and labels must be distributions: each row sums to 1."""
    with pytest.raises(ValueError, match="must (sum to 1|hold probabilities)"):
        call()


def test_negative_probabilities_raise_value_error():
    """Logits passed where probabilities belong are caught and named."""
    with pytest.raises(ValueError, match=r"probabilities must hold probabilities in \[0, 1\]"):
        mt.entropy([[2.0, -1.0]])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: mt.softmax(3.0), "at least one dimension"),
        (lambda: mt.softmax([[1.0, 2.0]], axis=2), "axis must be from -2 to 1"),
        (lambda: mt.log_softmax(np.zeros((3, 0))), "at least one class"),
    ],
)
def test_softmax_refuses_logits_without_classes(call, message):
    """A number, an axis that does not exist, or an empty class axis is refused."""
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"logits": None}, "logits must hold real numbers"),
        ({"axis": 1.5}, "axis must be an integer, e.g. -1 for the last axis; got 1.5"),
    ],
)
def test_softmax_names_what_is_wrong(arguments, message):
    """softmax(None) and softmax(axis=1.5) say which argument is wrong, and how."""
    with pytest.raises(ValueError, match=message):
        mt.softmax(**{"logits": [[1.0, 2.0]], **arguments})


def test_logits_whose_differences_overflow_are_refused():
    """Logits of +-1e308 differ by more than float64 holds: refused, not -inf with a warning."""
    with pytest.raises(ValueError, match=r"logits must lie within \+-8.99e\+307"):
        mt.log_softmax([[1e308, -1e308]])
