"""Tests of mnist_tutorial.data: IDX parsing, verification, download, splits and batches."""

import gzip
import shutil
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import mnist_tutorial as mt

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


# --- the real files ------------------------------------------------------------------


def test_split_shapes(mnist):
    """The splits have the blog's sizes and the documented shapes."""
    assert mnist.train.images.shape == (55000, 784)
    assert mnist.validation.images.shape == (5000, 784)
    assert mnist.test.images.shape == (10000, 784)
    assert mnist.train.labels.shape == (55000, 10)
    assert mnist.test.digits.shape == (10000,)


def test_dtypes(mnist):
    """Images and labels are float32, digits are integers."""
    assert mnist.train.images.dtype == np.float32
    assert mnist.train.labels.dtype == np.float32
    assert np.issubdtype(mnist.train.digits.dtype, np.integer)


def test_value_range(mnist):
    """Pixels lie in [0, 1] and reach both ends."""
    assert mnist.test.images.min() == 0.0
    assert mnist.test.images.max() == 1.0


def test_labels_are_one_hot_digits(mnist):
    """Each label row is the one-hot encoding of the digit."""
    assert np.array_equal(mnist.test.labels.argmax(axis=1), mnist.test.digits)
    assert np.all(mnist.test.labels.sum(axis=1) == 1)


def test_training_label_counts(mnist):
    """Train plus validation hold the published per-digit counts."""
    digits = np.concatenate([mnist.validation.digits, mnist.train.digits])
    assert np.bincount(digits, minlength=10).tolist() == TRAIN_COUNTS


def test_test_label_counts(mnist):
    """The test split holds the published per-digit counts."""
    assert np.bincount(mnist.test.digits, minlength=10).tolist() == TEST_COUNTS


def test_validation_is_the_first_5000(mnist):
    """Validation starts with the first original training labels, as TensorFlow 1 did."""
    assert mnist.validation.digits[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert mnist.test.digits[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


def test_first_training_image_is_original_5000(mnist, mnist_folder):
    """train.images[0] is original training image 5000, a 7."""
    original = mt.read_idx(mnist_folder / "train-images-idx3-ubyte.gz")[5000]
    assert mnist.train.digits[0] == 7
    assert np.array_equal(mnist.train.images[0], original.reshape(784) * np.float32(1 / 255))


def test_validation_size_changes_the_split():
    """validation_size moves images from train to validation."""
    mnist = mt.load_mnist(validation_size=0)
    assert (mnist.train.num_examples, mnist.validation.num_examples) == (60000, 0)


@pytest.mark.parametrize("size", [-1, 60001, 2.5, "5000"])
def test_bad_validation_size(size):
    """validation_size outside [0, 60000] or not an integer is refused."""
    with pytest.raises(ValueError, match="validation_size"):
        mt.load_mnist(validation_size=size)


def test_images_are_read_only(mnist):
    """The shared image arrays cannot be changed by accident."""
    with pytest.raises(ValueError, match="read-only"):
        mnist.train.images[0, 0] = 1.0


def test_pixels_are_the_unscaled_images(mnist):
    """Each split keeps read-only uint8 pixels from which its images are scaled exactly."""
    for split in mnist:
        assert split.pixels.dtype == np.uint8 and not split.pixels.flags.writeable
        np.testing.assert_array_equal(split.pixels * np.float32(1 / 255), split.images)


def test_reseeded_keeps_the_pixels(mnist):
    """A reseeded split shares the pixels (and images) of its source."""
    reseeded = mnist.train.reseeded(3)
    assert reseeded.pixels is mnist.train.pixels and reseeded.images is mnist.train.images


def test_dataset_from_floats_has_no_pixels():
    """A DataSet built from float images has pixels None, and its repr does not show them."""
    dataset = mt.DataSet(np.zeros((2, 784), dtype=np.float32), np.array([1, 2]))
    assert dataset.pixels is None
    assert repr(dataset) == "DataSet(num_examples=2, seed=0)"


@pytest.mark.parametrize(
    ("pixels", "message"),
    [
        (np.zeros((2, 784), dtype=np.float32), "pixels must be a uint8 NumPy array"),
        ([[0] * 784] * 2, "pixels must be a uint8 NumPy array"),
        (np.zeros((2, 28, 28), dtype=np.uint8), r"pixels must have shape \(n_samples, 784\)"),
    ],
)
def test_dataset_rejects_bad_pixels(pixels, message):
    """Pixels that are not uint8, or not one row of 784 per image, are refused."""
    with pytest.raises(ValueError, match=message):
        mt.DataSet(None, np.array([1, 2]), pixels=pixels)


def test_dataset_rejects_a_digit_count_other_than_the_image_count():
    """Three digits for two images are refused, with both counts in the message."""
    with pytest.raises(ValueError, match=r"digits must hold one digit per image \(2\); got 3"):
        mt.DataSet(np.zeros((2, 784), dtype=np.float32), np.array([1, 2, 3]))


def _fail_if_called(*args):
    raise AssertionError(f"{args[0]} was decompressed again")


def _corrupt_content(path: Path) -> None:
    """Re-compress the file with one label changed (a valid gzip with wrong content)."""
    content = bytearray(gzip.decompress(path.read_bytes()))
    content[-1] = (content[-1] + 1) % 10
    path.write_bytes(gzip.compress(bytes(content)))


def test_a_repeated_load_reuses_the_arrays(mnist_folder, monkeypatch):
    """A second load of unchanged files reads nothing and shares the read-only arrays."""
    first = mt.load_mnist(mnist_folder)
    monkeypatch.setattr(mt.data, "_read_mnist_file", _fail_if_called)
    second = mt.load_mnist(mnist_folder, validation_size=100)
    assert second.test.images is first.test.images
    assert np.shares_memory(second.train.pixels, first.train.pixels)
    np.testing.assert_array_equal(second.validation.digits, first.validation.digits[:100])


def test_a_repeated_load_starts_fresh_batches(mnist_folder):
    """Splits of a repeated load share arrays but not their place in the batch sequence."""
    first = mt.load_mnist(mnist_folder)
    first.train.next_batch(100)
    again = mt.load_mnist(mnist_folder)
    np.testing.assert_array_equal(
        again.train.batch_indices(1, 5), first.train.reseeded(0).batch_indices(1, 5)
    )


def test_changed_source_is_verified_again(tmp_path, mnist_folder):
    """A source file that changed since it was read is decoded and checked anew."""
    data = tmp_path / "data"
    shutil.copytree(mnist_folder, data)
    mt.load_mnist(data)
    _corrupt_content(data / "t10k-labels-idx1-ubyte.gz")
    with pytest.raises(mt.MNISTFileError, match="t10k-labels-idx1-ubyte.gz.*SHA-256"):
        mt.load_mnist(data)


def test_a_gzip_that_expands_too_far_is_stopped_at_the_known_size(tmp_path, mnist_folder):
    """A file expanding past the real file's size is refused without reading the rest."""
    data = tmp_path / "data"
    shutil.copytree(mnist_folder, data)
    megabyte_of_zeros = gzip.compress(bytes(1 << 20))  # about 1 kB
    (data / "train-images-idx3-ubyte.gz").write_bytes(megabyte_of_zeros * 2000)  # 2 GB
    tracemalloc.start()
    try:
        with pytest.raises(mt.MNISTFileError, match="expands past 47040016 bytes"):
            mt.load_mnist(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200e6  # about the real file's 47 MB, not 2 GB


def test_nothing_is_written_when_a_data_folder_is_given(tmp_path, monkeypatch, mnist_folder):
    """Loading from a read-only data folder writes nothing, there or in the cache."""
    data = tmp_path / "data"
    shutil.copytree(mnist_folder, data)
    data.chmod(0o555)
    monkeypatch.setenv("MNIST_TUTORIAL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(mt.data, "_DECODED", {})
    try:
        before = sorted(path.name for path in data.iterdir())
        mt.load_mnist(data)
        assert sorted(path.name for path in data.iterdir()) == before
        assert not (tmp_path / "cache").exists()
    finally:
        data.chmod(0o755)


# --- batches --------------------------------------------------------------------------


def _tiny(n=7, seed=0):
    return mt.DataSet(np.zeros((n, 784), dtype=np.float32), np.arange(n) % 10, seed=seed)


def test_next_batch_is_deterministic_for_a_seed(mnist):
    """Two datasets with one seed yield the same batches."""
    first, second = mnist.train.reseeded(5), mnist.train.reseeded(5)
    for _ in range(3):
        (images_a, labels_a), (images_b, labels_b) = first.next_batch(100), second.next_batch(100)
        assert np.array_equal(images_a, images_b) and np.array_equal(labels_a, labels_b)


def test_different_seeds_give_different_batches():
    """Another seed gives another order."""
    assert not np.array_equal(_tiny(seed=0).batch_indices(1, 7), _tiny(seed=1).batch_indices(1, 7))


def test_each_epoch_is_a_permutation():
    """Within an epoch every example appears exactly once."""
    indices = _tiny().batch_indices(7, 3).ravel()  # three epochs of seven
    for epoch in indices.reshape(3, 7):
        assert sorted(epoch.tolist()) == list(range(7))


def test_epoch_wrap_around_joins_two_permutations():
    """A batch that crosses an epoch's end takes the rest, then the start of a new order."""
    batches = _tiny().batch_indices(3, 3)  # 9 indices: 7 of epoch one, 2 of epoch two
    flat = batches.ravel()
    assert sorted(flat[:7].tolist()) == list(range(7))
    assert len(set(flat[7:].tolist())) == 2
    next_batch = _tiny().reseeded(0)
    joined = np.concatenate([next_batch.batch_indices(1, 7)[0], next_batch.batch_indices(1, 2)[0]])
    assert np.array_equal(flat, joined)  # the same stream, however it is cut into batches


def test_next_batch_follows_batch_indices():
    """next_batch returns the rows that batch_indices names."""
    dataset = mt.DataSet(np.eye(784, dtype=np.float32)[:9], np.arange(9), seed=3)
    (indices,) = dataset.reseeded(3).batch_indices(1, 4)
    images, labels = dataset.next_batch(4)
    assert np.array_equal(images.argmax(axis=1), indices)
    assert np.array_equal(labels.argmax(axis=1), indices)


def test_zero_batches_are_an_empty_array_and_do_not_advance():
    """batch_indices(0, size) returns shape (0, size) and leaves the batch order where it was."""
    dataset = _tiny(seed=2)
    assert dataset.batch_indices(0, 3).shape == (0, 3)
    np.testing.assert_array_equal(dataset.batch_indices(1, 3), _tiny(seed=2).batch_indices(1, 3))


@pytest.mark.parametrize("size", [0, -3, 8, 2.0])
def test_bad_batch_size(size):
    """batch_size must lie in 1..num_examples."""
    with pytest.raises(ValueError, match="batch_size"):
        _tiny().next_batch(size)


def test_dataset_rejects_wrong_image_shape():
    """Images that are not (n, 784) are refused."""
    with pytest.raises(ValueError, match=r"images must have shape \(n_samples, 784\)"):
        mt.DataSet(np.zeros((3, 28, 28)), np.zeros(3, dtype=int))


@pytest.mark.parametrize(
    ("digits", "message"),
    [
        (np.array([3, 10]), "digits must hold digits 0-9; got values from 3 to 10"),
        (np.array([0.5, 1.0]), "digits must hold whole numbers 0-9"),
        (np.zeros((2, 1), dtype=int), "digits must be a 1-D array"),
    ],
)
def test_dataset_rejects_bad_digits(digits, message):
    """Digits outside 0-9, fractional or not 1-D are refused with a message that says so."""
    with pytest.raises(ValueError, match=message):
        mt.DataSet(np.zeros((2, 784)), digits)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_dataset_refuses_non_finite_images(bad):
    """NaN or infinite intensities are refused before they can reach training."""
    images = np.zeros((2, 784), dtype=np.float32)
    images[1, 5] = bad
    with pytest.raises(ValueError, match="images contains NaN or infinite values"):
        mt.DataSet(images, np.array([1, 2]))


@pytest.mark.parametrize(
    "images",
    [np.full((2, 784), 255.0), np.full((2, 784), 255, dtype=np.uint8), np.full((2, 784), -0.5)],
    ids=["float 0-255", "uint8 0-255", "negative"],
)
def test_dataset_refuses_values_outside_0_1(images):
    """Intensities outside [0, 1] are refused, and the message says to divide by 255."""
    with pytest.raises(ValueError, match=r"intensities in \[0, 1\].*Divide 0-255 pixels by 255"):
        mt.DataSet(images, np.array([1, 2]))


def test_an_intensity_just_above_1_is_shown_as_it_is():
    """The message shows 1.00000012, not a rounded 1 that looks allowed."""
    with pytest.raises(ValueError, match="to 1.00000012"):
        mt.DataSet(np.full((2, 784), 1.0000001, dtype=np.float32), np.array([1, 2]))


def test_dataset_refuses_images_given_with_pixels(mnist):
    """Images and pixels together could disagree, so a DataSet takes one or the other."""
    pixels = mnist.test.pixels[:3]
    with pytest.raises(ValueError, match="images must be None when pixels are given"):
        mt.DataSet(pixels / 255, mnist.test.digits[:3], pixels=pixels)


def test_dataset_from_pixels_keeps_the_documented_dtypes(mnist):
    """Pixels become float32 images; any integer digits become int64."""
    dataset = mt.DataSet(
        None, mnist.test.digits[:50].astype(np.uint8), pixels=mnist.test.pixels[:50]
    )
    assert dataset.images.dtype == np.float32 and dataset.digits.dtype == np.int64


@pytest.mark.parametrize(
    "images",
    [np.zeros((2, 784), dtype=complex), np.full((2, 784), "0"), [[0.0] * 784, [0.0] * 3]],
    ids=["complex", "strings", "ragged list"],
)
def test_dataset_refuses_images_that_are_not_real_numbers(images):
    """Complex numbers, strings and ragged lists are refused with a message naming images."""
    with pytest.raises(ValueError, match="images must"):
        mt.DataSet(images, np.array([1, 2]))


def test_dataset_flatten_hint_for_28_by_28_images():
    """Unflattened images get the reshape that fixes them."""
    with pytest.raises(ValueError, match=r"images.reshape\(-1, 784\)"):
        mt.DataSet(np.zeros((2, 28, 28)), np.array([1, 2]))


def test_dataset_keeps_lists_as_arrays():
    """Lists of numbers become the documented float32 images and int64 digits."""
    dataset = mt.DataSet([[0.5] * 784] * 3, [1, 2, 3])
    assert dataset.images.dtype == np.float32 and dataset.digits.dtype == np.int64
    assert dataset.num_examples == 3


BAD_SEEDS = [-1, "abc", 1.5, None]


@pytest.mark.parametrize("seed", BAD_SEEDS)
def test_dataset_refuses_bad_seeds(seed):
    """A seed must be an integer of at least 0; the message names the seed."""
    with pytest.raises(ValueError, match="seed must be"):
        _tiny(seed=seed)


@pytest.mark.parametrize("seed", BAD_SEEDS)
def test_reseeded_refuses_bad_seeds(mnist, seed):
    """reseeded checks its seed, for read-only arrays too."""
    with pytest.raises(ValueError, match="seed must be"):
        mnist.train.reseeded(seed)
    with pytest.raises(ValueError, match="seed must be"):
        _tiny().reseeded(seed)


@pytest.mark.parametrize("seed", BAD_SEEDS)
def test_load_mnist_refuses_bad_seeds(seed):
    """load_mnist checks its seed before reading anything."""
    with pytest.raises(ValueError, match="seed must be"):
        mt.load_mnist(seed=seed)


def test_a_datasets_arrays_are_read_only():
    """Digits, labels, images and pixels cannot be changed in place, so they always agree."""
    pixels = np.zeros((3, 784), dtype=np.uint8)
    dataset = mt.DataSet(None, np.array([1, 2, 3]), pixels=pixels)
    for array in (dataset.images, dataset.digits, dataset.labels, dataset.pixels):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0


def test_a_writable_array_given_is_copied():
    """Changing the array a DataSet was made from leaves the DataSet as it was checked."""
    images, digits = np.zeros((2, 784), dtype=np.float32), np.array([1, 2])
    dataset = mt.DataSet(images, digits)
    images[0, 0], digits[0] = np.nan, 7
    assert dataset.images[0, 0] == 0 and dataset.digits[0] == 1 == dataset.labels[0].argmax()
    assert images.flags.writeable  # the caller's array is left as it was


@pytest.mark.parametrize("name", ["images", "digits", "labels", "pixels", "seed"])
def test_a_datasets_attributes_cannot_be_replaced(name):
    """Assigning digits without their labels (or any attribute) is refused."""
    with pytest.raises(AttributeError):
        setattr(_tiny(), name, None)


def test_reseeded_shares_the_arrays_of_images_made_from_pixels(mnist):
    """reseeded copies nothing and scales nothing again."""
    again = mnist.test.reseeded(4)
    assert again.images is mnist.test.images and again.pixels is mnist.test.pixels
    assert again.seed == 4


def test_dataset_scales_pixels_as_tensorflow_1(mnist):
    """Given pixels alone, the images are pixels * float32(1 / 255)."""
    dataset = mt.DataSet(None, mnist.test.digits[:20], pixels=mnist.test.pixels[:20])
    np.testing.assert_array_equal(dataset.images, mnist.test.images[:20])


@pytest.mark.parametrize(("n_batches", "batch_size"), [(10**12, 7), (2_000_001, 10)])
def test_absurd_batch_counts_are_refused_at_once(n_batches, batch_size):
    """More than 20,000,000 indices in one call are refused before any is drawn."""
    with pytest.raises(ValueError, match="n_batches \\* batch_size must be at most 20,000,000"):
        _tiny(n=20).batch_indices(n_batches, batch_size)


# --- malformed IDX files --------------------------------------------------------------


def _idx(type_code=0x08, shape=(2, 3), body=None, magic_zeros=b"\x00\x00"):
    header = magic_zeros + bytes([type_code, len(shape)])
    header += b"".join(size.to_bytes(4, "big") for size in shape)
    return header + (bytes(i % 256 for i in range(int(np.prod(shape)))) if body is None else body)


def test_read_idx_plain_and_gzip(tmp_path):
    """The same content reads alike compressed or not."""
    (tmp_path / "a-idx2-ubyte").write_bytes(_idx())
    (tmp_path / "a-idx2-ubyte.gz").write_bytes(gzip.compress(_idx()))
    plain = mt.read_idx(tmp_path / "a-idx2-ubyte")
    packed = mt.read_idx(tmp_path / "a-idx2-ubyte.gz")
    assert np.array_equal(plain, packed) and plain.shape == (2, 3)


def test_read_idx_big_endian_integers(tmp_path):
    """Multi-byte types are read big-endian into native order."""
    body = np.array([1, -2], dtype=">i4").tobytes()
    (tmp_path / "b").write_bytes(_idx(0x0C, (2,), body))
    assert mt.read_idx(tmp_path / "b").tolist() == [1, -2]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_idx(magic_zeros=b"\x01\x00"), "no IDX magic number"),
        (_idx(type_code=0x07), "unknown IDX type code 0x07"),
        (_idx(body=bytes(5)), "truncated"),
        (_idx(body=bytes(7)), "trailing bytes"),
        (_idx()[:6], "truncated inside its header"),
    ],
)
def test_read_idx_rejects_malformed(tmp_path, content, message):
    """Each malformation raises IdxFormatError naming the file and the problem."""
    path = tmp_path / "bad-idx"
    path.write_bytes(content)
    with pytest.raises(mt.IdxFormatError, match=message) as caught:
        mt.read_idx(path)
    assert str(path) in str(caught.value)


def test_read_idx_rejects_gz_that_is_not_gzip(tmp_path):
    """A .gz name on an uncompressed file is an error."""
    path = tmp_path / "plain.gz"
    path.write_bytes(_idx())
    with pytest.raises(mt.IdxFormatError, match="not gzip-compressed"):
        mt.read_idx(path)


def test_read_idx_rejects_truncated_gzip(tmp_path):
    """A gzip stream cut short is reported as corrupt or truncated."""
    path = tmp_path / "cut.gz"
    path.write_bytes(gzip.compress(_idx(shape=(50, 50)))[:-12])
    with pytest.raises(mt.IdxFormatError, match="corrupt or truncated gzip"):
        mt.read_idx(path)


def test_idx_format_error_is_a_value_error():
    """Callers catching ValueError also catch format errors."""
    assert issubclass(mt.IdxFormatError, ValueError)


# --- local folders --------------------------------------------------------------------


def test_missing_files_are_named(tmp_path):
    """A data folder that lacks files says which and how to fix it."""
    with pytest.raises(mt.MNISTFileError, match="lacks train-images-idx3-ubyte.gz") as caught:
        mt.load_mnist(tmp_path)
    assert "MNIST_TUTORIAL_DATA" in str(caught.value)


class _BytesPath:
    """An os.PathLike whose __fspath__ gives bytes, which pathlib refuses with a TypeError."""

    def __fspath__(self):
        return b"/data"


@pytest.mark.parametrize("data_dir", [123, "", b"/data", _BytesPath()])
def test_load_mnist_refuses_a_data_dir_that_is_no_path(data_dir):
    """data_dir must be a path; the message names it and shows what came in."""
    with pytest.raises(ValueError, match="data_dir must be a path"):
        mt.load_mnist(data_dir)


def test_a_data_dir_of_an_unknown_user_is_named():
    """A "~user" that does not exist is refused as a path, saying so."""
    with pytest.raises(ValueError, match="data_dir must be a path.*whose ~user does not exist"):
        mt.load_mnist("~no_such_user_x/mnist")


def test_a_data_dir_that_does_not_exist_is_named(tmp_path):
    """A data_dir that does not exist says so (not that it is a file)."""
    with pytest.raises(mt.MNISTFileError, match="nowhere\\) does not exist"):
        mt.load_mnist(tmp_path / "nowhere")


def test_a_huge_idx_header_is_reported_with_its_true_size(tmp_path):
    """A header declaring more data than int64 holds is reported with the exact byte count."""
    path = tmp_path / "huge-idx3-ubyte"
    path.write_bytes(bytes([0, 0, 8, 3]) + b"\xff\xff\xff\xff" * 3 + b"x")
    with pytest.raises(mt.IdxFormatError, match=f"{(2**32 - 1) ** 3} bytes of data"):
        mt.read_idx(path)


def test_read_idx_refuses_none():
    """read_idx(None) names the argument instead of giving pathlib's message."""
    with pytest.raises(ValueError, match="path must be a path.*got NoneType None"):
        mt.read_idx(None)


def test_a_data_dir_that_is_a_file_is_named(mnist_folder):
    """A file given as data_dir says to pass its folder."""
    with pytest.raises(mt.MNISTFileError, match="is not a folder. Pass the folder"):
        mt.load_mnist(mnist_folder / "t10k-labels-idx1-ubyte.gz")


def test_environment_folder_is_used(tmp_path, monkeypatch):
    """$MNIST_TUTORIAL_DATA names where files are looked for."""
    monkeypatch.setenv("MNIST_TUTORIAL_DATA", str(tmp_path))
    with pytest.raises(mt.MNISTFileError, match=r"\$MNIST_TUTORIAL_DATA"):
        mt.load_mnist()


def test_read_idx_names_a_folder_given_as_its_path(tmp_path):
    """A folder passed as the IDX file is a ValueError naming path, not IsADirectoryError."""
    with pytest.raises(ValueError, match="path must be a file, not a folder"):
        mt.read_idx(tmp_path)
