"""Tests of mnist_tutorial.plotting: what each figure holds, not its pixels."""

import types

import matplotlib.pyplot as plt
import numpy as np
import pytest

import mnist_tutorial as mt


@pytest.fixture
def rng():
    """A fresh, seeded random generator for each test."""
    return np.random.default_rng(0)


@pytest.fixture
def weights(rng):
    """A weight matrix with one known positive and one known negative pixel."""
    weights = rng.normal(scale=0.1, size=(784, 10))
    weights[0, 3], weights[1, 3] = 0.5, -2.0
    return weights


@pytest.fixture
def digits(rng):
    """Two hundred true digits, every digit present."""
    return np.concatenate([np.arange(10), rng.integers(0, 10, size=190)])


@pytest.fixture
def predicted(rng, digits):
    """Predictions with about one in five wrong."""
    wrong = rng.random(digits.size) < 0.2
    return np.where(wrong, (digits + rng.integers(1, 10, size=digits.size)) % 10, digits)


def _has_title_and_labels(ax):
    """Whether an Axes has a title and both axis labels."""
    return bool(ax.get_title() and ax.get_xlabel() and ax.get_ylabel())


# show_digit, show_digits, show_examples ------------------------------------------------


def test_show_digit_draws_28x28_in_greys():
    """A 784-vector is drawn as a 28x28 image with the Greys map, titled and labelled."""
    ax = mt.show_digit(np.linspace(0, 1, 784))
    (image,) = ax.images
    assert image.get_array().shape == (28, 28)
    assert image.get_cmap().name == "Greys"
    assert _has_title_and_labels(ax)


def test_show_digit_uses_given_axes():
    """Given an Axes, show_digit draws there and returns it."""
    _, ax = plt.subplots()
    assert mt.show_digit(np.zeros((28, 28)), ax) is ax


def test_show_digit_rejects_wrong_size():
    """An image that is not 784 pixels raises ValueError naming the argument."""
    with pytest.raises(ValueError, match="image must be one image of shape"):
        mt.show_digit(np.zeros(783))


def test_show_digits_grid_and_titles():
    """show_digits makes one titled panel per image and switches off the rest."""
    axes = mt.show_digits(np.zeros((5, 784)), list("abcde"), n_columns=3)
    assert axes.shape == (2, 3)
    assert [ax.get_title() for ax in axes.flat[:5]] == list("abcde")
    assert not axes[1, 2].axison
    assert axes[0, 0].figure.get_suptitle()


def test_show_digits_rejects_mismatched_titles():
    """A titles list of the wrong length raises ValueError."""
    with pytest.raises(ValueError, match="one title per image"):
        mt.show_digits(np.zeros((2, 784)), ["only one"])


def test_show_examples_one_row_per_digit(digits, rng):
    """show_examples draws one row per digit, each panel an image of that row's digit."""
    images = np.zeros((digits.size, 784))
    images[np.arange(digits.size), digits] = 1.0  # pixel d lights up for digit d
    axes = mt.show_examples(mt.DataSet(images.astype(np.float32), digits), n_per_digit=3)
    assert axes.shape == (10, 3)
    for digit, row in enumerate(axes):
        assert row[0].get_ylabel() == str(digit)
        for ax in row:
            if ax.images:
                assert ax.images[0].get_array().ravel()[digit] == 1.0


def test_show_examples_rejects_a_hand_made_split():
    """A split that is not a DataSet, whose digits no one checked (12 here), is refused."""

    class Split:
        images = np.zeros((2, 784))
        digits = np.array([3, 12])

    with pytest.raises(ValueError, match="dataset must be a mnist_tutorial.DataSet"):
        mt.show_examples(Split())


# plot_weights ---------------------------------------------------------------------------


def test_plot_weights_ten_panels_and_colour_bar(weights):
    """plot_weights draws a 2x5 grid of 28x28 images plus one colour-bar Axes."""
    axes = mt.plot_weights(weights)
    assert axes.shape == (2, 5)
    assert all(ax.images[0].get_array().shape == (28, 28) for ax in axes.flat)
    assert len(axes[0, 0].figure.axes) == 11
    assert axes[0, 0].images[0].colorbar is not None


def test_plot_weights_draws_column_d_in_panel_d(weights):
    """Panel d shows column d of W, reshaped row by row."""
    axes = mt.plot_weights(weights)
    for digit, ax in enumerate(axes.flat):
        np.testing.assert_array_equal(ax.images[0].get_array().ravel(), weights[:, digit])


def test_plot_weights_positive_is_red(weights):
    """A positive weight is drawn red and a negative one blue."""
    image = mt.plot_weights(weights)[0, 3].images[0]
    red, _, blue, _ = image.to_rgba(0.5)
    assert red > blue + 0.2
    red, _, blue, _ = image.to_rgba(-2.0)
    assert blue > red + 0.2


def test_plot_weights_symmetric_shared_limits(weights):
    """All panels share the colour limits -L to +L, L the 99th percentile of |W|."""
    axes = mt.plot_weights(weights)
    limit = np.percentile(np.abs(weights), 99)
    assert {ax.images[0].get_clim() for ax in axes.flat} == {(-limit, limit)}


def test_plot_weights_limit_can_be_given(weights):
    """limit= overrides the percentile; a bad limit is refused."""
    assert mt.plot_weights(weights, limit=3.0)[0, 0].images[0].get_clim() == (-3.0, 3.0)
    with pytest.raises(ValueError, match="limit must be a finite number above 0"):
        mt.plot_weights(weights, limit=0)


def test_plot_weights_takes_a_numpy_limit(weights):
    """A NumPy number is a number: limit=np.float32(2) sets the colour limits to 2."""
    assert mt.plot_weights(weights, limit=np.float32(2))[0, 0].images[0].get_clim() == (-2, 2)


def test_plot_weights_lets_a_faint_digit_be_seen():
    """One extreme weight does not wash out the others: a typical weight gets a strong colour."""
    weights = np.random.default_rng(0).normal(size=(784, 10))
    weights[0, 0] = 1000.0
    image = mt.plot_weights(weights)[0, 1].images[0]
    assert image.norm(np.abs(weights[:, 1])).mean() > 0.6  # 0.5 is white


def test_plot_weights_colour_bar_says_red_is_positive(weights):
    """The colour bar's label says which colour is positive."""
    colorbar = mt.plot_weights(weights)[0, 0].images[0].colorbar
    assert "red = positive" in colorbar.ax.get_ylabel()


def test_plot_weights_naive_map_says_blue_is_positive(weights):
    """With plain RdBu the label follows the map: blue is positive."""
    colorbar = mt.plot_weights(weights, cmap="RdBu")[0, 0].images[0].colorbar
    assert "blue = positive" in colorbar.ax.get_ylabel()


@pytest.mark.parametrize("shape", [(10, 784), (784, 9), (784,), (28, 28, 10)])
def test_plot_weights_rejects_wrong_shape(shape):
    """A W that is not 784x10 raises ValueError naming the expected shape."""
    with pytest.raises(ValueError, match=r"weights must have shape \(784, 10\)"):
        mt.plot_weights(np.zeros(shape))


def test_plot_weights_rejects_nan(weights):
    """NaN weights raise ValueError."""
    weights[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        mt.plot_weights(weights)


# plot_errors_per_digit ------------------------------------------------------------------


def test_errors_bars_equal_computed_errors(digits, predicted):
    """The bar heights are the errors that errors_per_digit computes."""
    errors = mt.errors_per_digit(digits, predicted)
    ax = mt.plot_errors_per_digit(errors)
    heights = [bar.get_height() for bar in ax.containers[0]]
    np.testing.assert_array_equal(heights, errors)
    assert _has_title_and_labels(ax)


def test_errors_rates_drawn_as_percent(digits, predicted):
    """With kind="rate" the bars are the error rates in percent."""
    rates = mt.error_rate_per_digit(digits, predicted)
    ax = mt.plot_errors_per_digit(rates, kind="rate")
    np.testing.assert_allclose([bar.get_height() for bar in ax.containers[0]], 100 * rates)
    assert "%" in ax.get_ylabel()


def test_errors_over_seeds_draw_mean_and_error_bars(rng):
    """Rows of seeds give bars at the mean with error bars one standard deviation long."""
    rates = rng.random((4, 10)) * 0.1
    ax = mt.plot_errors_per_digit(rates, kind="rate")
    bars = ax.containers[-1]
    np.testing.assert_allclose([bar.get_height() for bar in bars], 100 * rates.mean(axis=0))
    (segments,) = bars.errorbar.lines[2]
    lengths = [top - bottom for (_, bottom), (_, top) in segments.get_segments()]
    np.testing.assert_allclose(lengths, 2 * 100 * rates.std(axis=0, ddof=1))


@pytest.mark.parametrize("errors", [np.zeros(9), np.zeros((2, 11))])
def test_errors_rejects_wrong_shape(errors):
    """Errors without one value per digit raise ValueError."""
    with pytest.raises(ValueError, match="one value per digit"):
        mt.plot_errors_per_digit(errors)


def test_errors_rejects_unknown_kind():
    """An unknown kind raises ValueError listing the choices."""
    with pytest.raises(ValueError, match="'count' or 'rate'"):
        mt.plot_errors_per_digit(np.zeros(10), kind="percent")


# plot_confusion_matrix ------------------------------------------------------------------


def test_confusion_annotations_match_matrix(digits, predicted):
    """Every cell is annotated with its count, row by row."""
    matrix = mt.confusion_matrix(digits, predicted)
    ax = mt.plot_confusion_matrix(matrix)
    written = np.array([int(text.get_text()) for text in ax.texts]).reshape(10, 10)
    np.testing.assert_array_equal(written, matrix)
    assert _has_title_and_labels(ax)


def test_confusion_diagonal_drawn_apart(digits, predicted):
    """The diagonal and the off-diagonal cells are drawn by separate images."""
    matrix = mt.confusion_matrix(digits, predicted)
    diagonal_image, errors_image = mt.plot_confusion_matrix(matrix).images
    diagonal = np.eye(10, dtype=bool)
    np.testing.assert_array_equal(np.ma.getmaskarray(diagonal_image.get_array()), ~diagonal)
    np.testing.assert_array_equal(np.ma.getmaskarray(errors_image.get_array()), diagonal)
    assert errors_image.colorbar is not None


def test_confusion_text_contrasts_with_cell():
    """The largest confusion (darkest cell) is written in white, an empty one in black."""
    matrix = np.diag(np.full(10, 90))
    matrix[4, 9] = 30
    ax = mt.plot_confusion_matrix(matrix)
    assert ax.texts[4 * 10 + 9].get_color() == "white"
    assert ax.texts[4 * 10 + 8].get_color() == "black"


@pytest.mark.parametrize("matrix", [np.zeros((9, 10)), -np.ones((10, 10)), np.full((10, 10), 0.5)])
def test_confusion_rejects_bad_matrix(matrix):
    """A matrix that is not 10x10 counts raises ValueError."""
    with pytest.raises(ValueError, match="matrix must"):
        mt.plot_confusion_matrix(matrix)


# plot_misclassified ---------------------------------------------------------------------


def test_misclassified_titles_true_arrow_predicted(digits, predicted):
    """Each panel is titled "true -> predicted" for the wrong images, in order."""
    images = np.zeros((digits.size, 784))
    axes = mt.plot_misclassified(images, digits, predicted, n_images=6, n_columns=3)
    wrong = np.flatnonzero(digits != predicted)[:6]
    expected = [f"{digits[i]} -> {predicted[i]}" for i in wrong]
    assert [ax.get_title() for ax in axes.flat] == expected


def test_misclassified_shows_the_wrong_images(digits, predicted, rng):
    """The panels show the images at the wrong indices."""
    images = rng.random((digits.size, 784), dtype=np.float32)
    axes = mt.plot_misclassified(images, digits, predicted, n_images=4, n_columns=4)
    wrong = np.flatnonzero(digits != predicted)[:4]
    for ax, index in zip(axes.flat, wrong, strict=True):
        np.testing.assert_array_equal(ax.images[0].get_array().ravel(), images[index])


def test_misclassified_rejects_mismatched_lengths(digits, predicted):
    """Images and digits of different lengths raise ValueError."""
    with pytest.raises(ValueError, match="one digit per image"):
        mt.plot_misclassified(np.zeros((3, 784)), digits, predicted)


# plot_training_curve --------------------------------------------------------------------


def test_training_curve_raw_and_smoothed():
    """The raw loss and its moving average are drawn, with title and labels."""
    loss = np.linspace(2.3, 0.3, 200)
    ax = mt.plot_training_curve(loss, smoothing=20)
    raw, smoothed = ax.lines
    np.testing.assert_array_equal(raw.get_ydata(), loss)
    np.testing.assert_allclose(smoothed.get_ydata(), np.convolve(loss, np.ones(20) / 20, "valid"))
    assert _has_title_and_labels(ax)


def test_training_curve_reads_history_loss():
    """An object with a loss attribute is accepted like the array itself."""

    class History:
        loss = np.linspace(1.0, 0.5, 30)

    (raw, _) = mt.plot_training_curve(History(), smoothing=5).lines
    np.testing.assert_array_equal(raw.get_ydata(), History.loss)


@pytest.mark.parametrize(
    ("loss_name", "name"), [("cross_entropy", "cross-entropy"), ("mse", "squared error")]
)
def test_training_curve_names_the_loss_of_the_history(loss_name, name):
    """Title and y label name the history's loss: a squared error is not called cross-entropy."""

    class History:
        loss = np.linspace(1.0, 0.5, 30)

    History.loss_name = loss_name
    ax = mt.plot_training_curve(History(), smoothing=5)
    assert (ax.get_ylabel(), ax.get_title()) == (name, f"Training: {name} per step")


def test_training_curve_accuracy_on_twin_axis():
    """A history's accuracies are drawn on a second Axes, in percent, at their steps."""
    history = types.SimpleNamespace(
        loss=np.ones(100), accuracy=[0.5, 0.9], accuracy_steps=[50, 100]
    )
    ax = mt.plot_training_curve(history)
    twin = [other for other in ax.figure.axes if other is not ax]
    (line,) = twin[0].lines
    np.testing.assert_allclose(line.get_xdata(), [50, 100])
    np.testing.assert_allclose(line.get_ydata(), [50, 90])
    assert twin[0].get_ylabel()
    assert [text.get_text() for text in ax.get_legend().get_texts()][-1] == "accuracy"


def test_training_curve_without_accuracy_draws_only_the_loss():
    """A history whose accuracy is None (no evaluations) gets no accuracy axis."""
    history = types.SimpleNamespace(loss=np.ones(100), accuracy=None, accuracy_steps=None)
    ax = mt.plot_training_curve(history)
    assert ax.figure.axes == [ax] and len(ax.get_legend().get_texts()) == 2


@pytest.mark.parametrize(
    ("smoothing", "message"),
    [
        (0, "smoothing must be at least 1; got 0"),
        (2.5, "smoothing must be an integer; got 2.5"),
        (True, "smoothing must be an integer; got True"),
    ],
)
def test_training_curve_rejects_bad_smoothing(smoothing, message):
    """A smoothing that is not a positive integer raises ValueError."""
    with pytest.raises(ValueError, match=message):
        mt.plot_training_curve(np.ones(10), smoothing=smoothing)


@pytest.mark.parametrize(
    "fields",
    [{"accuracy_steps": [5]}, {}],
    ids=["one step for two accuracies", "no accuracy_steps"],
)
def test_training_curve_rejects_mismatched_accuracy(fields):
    """A hand-made history needs one step per accuracy; a missing or short list is refused."""
    history = types.SimpleNamespace(loss=np.ones(10), accuracy=[0.5, 0.9], **fields)
    with pytest.raises(ValueError, match="history.accuracy_steps must give one step per accuracy"):
        mt.plot_training_curve(history)


@pytest.mark.parametrize(
    ("errors", "kind", "message"),
    [([-1] * 10, "count", "counts"), ([0.5] * 10, "count", "counts"), ([2] * 10, "rate", "rates")],
)
def test_errors_per_digit_plot_refuses_impossible_values(errors, kind, message):
    """Negative or fractional counts, and rates beyond [-1, 1], raise ValueError."""
    with pytest.raises(ValueError, match=message):
        mt.plot_errors_per_digit(errors, kind=kind)


# refusals of issue 23: counts, sizes, figures and Axes -----------------------------------


@pytest.mark.parametrize("n_columns", [0, -2, 2.5, 100_000])
def test_show_digits_refuses_a_bad_n_columns(n_columns):
    """No, negative, fractional or absurdly many columns: a ValueError naming n_columns."""
    with pytest.raises(ValueError, match="n_columns must be"):
        mt.show_digits(np.zeros((3, 784)), n_columns=n_columns)


def test_show_digits_refuses_more_panels_than_a_figure_shows():
    """Ten thousand images are refused at once, not drawn for minutes."""
    with pytest.raises(ValueError, match="images must be at most 400 images"):
        mt.show_digits(np.zeros((10_000, 784)))


def test_show_digits_refuses_a_string_of_titles():
    """A string is not a list of titles, even when its length matches."""
    with pytest.raises(ValueError, match="titles must be a list"):
        mt.show_digits(np.zeros((3, 784)), "abc")


@pytest.mark.parametrize("n_per_digit", [-1, 0, 100_000])
def test_show_examples_refuses_a_bad_n_per_digit(n_per_digit):
    """A negative count is not read as a slice; zero and absurd counts are refused too."""
    tiny = mt.DataSet(np.zeros((20, 784), dtype=np.float32), np.arange(20) % 10)
    with pytest.raises(ValueError, match="n_per_digit must be from 1 to 40"):
        mt.show_examples(tiny, n_per_digit=n_per_digit)


def test_show_examples_refuses_what_is_not_a_dataset():
    """A string as dataset is a ValueError naming dataset, not an AttributeError."""
    with pytest.raises(ValueError, match="dataset must be a mnist_tutorial.DataSet, e.g. mt.load"):
        mt.show_examples("x")


@pytest.mark.parametrize("n_images", [-1, 0, 10**6])
def test_misclassified_refuses_a_bad_n_images(n_images):
    """n_images=-1 would have drawn all but the last wrong image; it is refused."""
    with pytest.raises(ValueError, match="n_images must be from 1 to 400"):
        mt.plot_misclassified(np.zeros((3, 784)), [1, 2, 3], [1, 7, 8], n_images=n_images)


@pytest.mark.parametrize(
    "draw",
    [
        lambda fig: mt.show_digits(np.zeros((3, 784)), fig=fig),
        lambda fig: mt.plot_weights(np.eye(784, 10), fig=fig),
        lambda fig: mt.plot_misclassified(np.zeros((2, 784)), [1, 2], [1, 7], fig=fig),
    ],
)
def test_grid_helpers_refuse_a_figure_in_use(draw):
    """A figure that already holds Axes is refused: it is documented as needing to be empty."""
    fig = plt.figure()
    fig.add_subplot()
    with pytest.raises(ValueError, match="fig must be an empty figure; it already holds 1 Axes"):
        draw(fig)


def test_grid_helpers_refuse_what_is_not_a_figure():
    """fig="x" is a ValueError naming fig, not an AttributeError."""
    with pytest.raises(ValueError, match="fig must be a matplotlib"):
        mt.show_digits(np.zeros((3, 784)), fig="x")


@pytest.mark.parametrize(
    "draw",
    [
        lambda ax: mt.show_digit(np.zeros(784), ax=ax),
        lambda ax: mt.plot_errors_per_digit(np.arange(10), ax=ax),
        lambda ax: mt.plot_confusion_matrix(np.eye(10), ax=ax),
        lambda ax: mt.plot_training_curve([1.0, 2.0], ax=ax),
    ],
)
def test_axes_helpers_refuse_what_is_not_an_axes(draw):
    """ax="x" is a ValueError naming ax, not "'str' object has no attribute 'imshow'"."""
    with pytest.raises(ValueError, match="ax must be a matplotlib.Axes"):
        draw("x")


def test_show_digit_refuses_0_255_pixels():
    """Pixels of 0-255 would be drawn all black; they are refused with the fix."""
    with pytest.raises(ValueError, match="image must hold pixel intensities in .0, 1.*255"):
        mt.show_digit(np.full(784, 255.0))


def test_errors_plot_refuses_no_seeds():
    """An empty stack of seeds is a ValueError naming errors, not a NumPy reduction error."""
    with pytest.raises(ValueError, match="errors must have shape"):
        mt.plot_errors_per_digit(np.zeros((0, 10)))


def test_training_curve_refuses_percent_accuracy():
    """Accuracies are fractions: 92 (percent) is refused, not drawn as 9,200%."""
    history = types.SimpleNamespace(loss=np.ones(3), accuracy=[50.0, 92.0], accuracy_steps=[1, 3])
    with pytest.raises(ValueError, match="history.accuracy must hold fractions from 0 to 1"):
        mt.plot_training_curve(history)
