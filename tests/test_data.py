"""Tests of mnist_tutorial.data: IDX parsing, verification, download, splits and batches."""

import gzip
import http.server
import json
import shutil
import threading
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
        (np.zeros((3, 784), dtype=np.uint8), r"pixels must have the shape of images, \(2, 784\)"),
    ],
)
def test_dataset_rejects_bad_pixels(pixels, message):
    """Pixels that are not uint8 or not of the images' shape are refused."""
    with pytest.raises(ValueError, match=message):
        mt.DataSet(np.zeros((2, 784), dtype=np.float32), np.array([1, 2]), pixels=pixels)


def test_warm_load_reads_the_cache(tmp_path, monkeypatch, mnist_folder):
    """A second load reads the decoded arrays and does not decompress again."""
    monkeypatch.setenv("MNIST_TUTORIAL_CACHE", str(tmp_path))
    mt.load_mnist(mnist_folder)
    assert len(list((tmp_path / "arrays").glob("*.npy"))) == 4
    cold = mt.load_mnist(mnist_folder)
    monkeypatch.setattr(mt.data, "_read_decompressed", _fail_if_called)
    warm = mt.load_mnist(mnist_folder)
    for cold_split, warm_split in zip(cold, warm, strict=True):
        np.testing.assert_array_equal(warm_split.pixels, cold_split.pixels)
        np.testing.assert_array_equal(warm_split.digits, cold_split.digits)


@pytest.mark.parametrize(
    "replacement",
    [np.zeros((10000, 28, 28), dtype=np.uint8)[:, :, :27], np.zeros(10000, dtype=np.int64)],
    ids=["wrong shape", "wrong type"],
)
def test_a_bad_cached_array_is_decoded_again(tmp_path, monkeypatch, mnist_folder, replacement):
    """A cached .npy that is not the file's array is ignored, even with a matching record."""
    monkeypatch.setenv("MNIST_TUTORIAL_CACHE", str(tmp_path))
    expected = mt.load_mnist(mnist_folder).test.digits
    _tamper_with_cache(
        tmp_path, "t10k-labels-idx1-ubyte.gz", lambda stored: np.save(stored, replacement)
    )
    np.testing.assert_array_equal(mt.load_mnist(mnist_folder).test.digits, expected)


def test_a_truncated_cached_array_is_decoded_again(tmp_path, monkeypatch, mnist_folder):
    """A cached .npy cut short is ignored, even with a matching record."""
    monkeypatch.setenv("MNIST_TUTORIAL_CACHE", str(tmp_path))
    expected = mt.load_mnist(mnist_folder).train.pixels.copy()
    _tamper_with_cache(
        tmp_path,
        "train-images-idx3-ubyte.gz",
        lambda stored: stored.write_bytes(stored.read_bytes()[:-1]),
    )
    np.testing.assert_array_equal(mt.load_mnist(mnist_folder).train.pixels, expected)


def _tamper_with_cache(cache: Path, name: str, tamper) -> None:
    """Change the cached .npy of ``name`` with ``tamper(path)``, then make its record match."""
    stored, record = cache / "arrays" / f"{name}.npy", cache / "arrays" / f"{name}.json"
    tamper(stored)
    saved = json.loads(record.read_text())
    saved["array"] = mt.data._file_stamp(stored)
    record.write_text(json.dumps(saved))


def test_changed_source_is_verified_again(tmp_path, monkeypatch, mnist_folder):
    """A source file that changed since it was cached is decoded and checked anew."""
    data = tmp_path / "data"
    shutil.copytree(mnist_folder, data)
    monkeypatch.setenv("MNIST_TUTORIAL_CACHE", str(tmp_path / "cache"))
    mt.load_mnist(data)
    _corrupt_content(data / "t10k-labels-idx1-ubyte.gz")
    with pytest.raises(mt.MNISTFileError, match="t10k-labels-idx1-ubyte.gz.*SHA-256"):
        mt.load_mnist(data)


def _fail_if_called(path):
    raise AssertionError(f"{path} was decompressed again")


def _corrupt_content(path: Path) -> None:
    """Re-compress the file with one label changed (a valid gzip with wrong content)."""
    content = bytearray(gzip.decompress(path.read_bytes()))
    content[-1] = (content[-1] + 1) % 10
    path.write_bytes(gzip.compress(bytes(content)))


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


def test_environment_folder_is_used(tmp_path, monkeypatch):
    """$MNIST_TUTORIAL_DATA names where files are looked for."""
    monkeypatch.setenv("MNIST_TUTORIAL_DATA", str(tmp_path))
    with pytest.raises(mt.MNISTFileError, match=r"\$MNIST_TUTORIAL_DATA"):
        mt.load_mnist()


def test_read_only_data_folder_is_not_written(tmp_path, monkeypatch, mnist_folder):
    """Loading writes nothing into the data folder; the cache gets the decoded arrays."""
    data = tmp_path / "data"
    shutil.copytree(mnist_folder, data)
    data.chmod(0o555)
    monkeypatch.setenv("MNIST_TUTORIAL_CACHE", str(tmp_path / "cache"))
    try:
        before = sorted(path.name for path in data.iterdir())
        mt.load_mnist(data)
        assert sorted(path.name for path in data.iterdir()) == before
    finally:
        data.chmod(0o755)


# --- downloads from a real local HTTP server ------------------------------------------


class _Server:
    """A real HTTP server on 127.0.0.1 serving one folder and counting requests."""

    def __init__(self, folder: Path):
        self.requests: list[str] = []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(folder), **kwargs)

            def do_GET(self):
                server.requests.append(self.path)
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def served(tmp_path, monkeypatch, mnist_folder):
    """A copy of the MNIST files behind a local server, with the loader pointed at it."""
    folder = tmp_path / "served"
    shutil.copytree(mnist_folder, folder)
    server = _Server(folder)
    monkeypatch.delenv("MNIST_TUTORIAL_DATA", raising=False)
    monkeypatch.setenv("MNIST_TUTORIAL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("MNIST_TUTORIAL_MIRRORS", server.url)
    yield folder, server, tmp_path / "cache"
    server.close()


def test_download_fetches_verifies_and_caches(served):
    """Missing files are downloaded into the cache and load correctly."""
    folder, server, cache = served
    mnist = mt.load_mnist()
    assert sorted(server.requests) == sorted("/" + name for name in mt.MNIST_FILES)
    assert all((cache / name).is_file() for name in mt.MNIST_FILES)
    assert np.bincount(mnist.test.digits).tolist() == TEST_COUNTS


def test_second_load_does_not_download(served):
    """Files already in the cache are not fetched again."""
    _, server, _ = served
    mt.load_mnist()
    count = len(server.requests)
    mt.load_mnist()
    assert len(server.requests) == count


def test_corrupted_download_is_rejected(served):
    """A served file with wrong content is refused and nothing is left in the cache."""
    folder, _, cache = served
    _corrupt_content(folder / "train-labels-idx1-ubyte.gz")
    with pytest.raises(mt.MNISTFileError, match="train-labels-idx1-ubyte.gz") as caught:
        mt.load_mnist()
    assert "neither the published MD5" in str(caught.value)
    assert not (cache / "train-labels-idx1-ubyte.gz").exists()
    assert not list(cache.glob("*.part"))


def test_truncated_download_is_rejected(served):
    """A served file cut short is refused and nothing is left in the cache."""
    folder, _, cache = served
    path = folder / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(mt.MNISTFileError, match="t10k-labels-idx1-ubyte.gz.*not a valid gzip"):
        mt.load_mnist()
    assert not (cache / "t10k-labels-idx1-ubyte.gz").exists()
    assert not list(cache.glob("*.part"))


def test_missing_on_server_tries_next_mirror(served, monkeypatch):
    """A mirror that fails is skipped for the next one."""
    folder, server, _ = served
    monkeypatch.setenv("MNIST_TUTORIAL_MIRRORS", server.url + "nowhere/," + server.url)
    assert mt.load_mnist().train.num_examples == 55000


def test_no_network_error_says_how_to_fix(tmp_path, monkeypatch):
    """With no files and no reachable mirror the error says where to put the files."""
    monkeypatch.delenv("MNIST_TUTORIAL_DATA", raising=False)
    monkeypatch.setenv("MNIST_TUTORIAL_CACHE", str(tmp_path))
    monkeypatch.setenv("MNIST_TUTORIAL_MIRRORS", "http://127.0.0.1:9/")
    with pytest.raises(mt.MNISTFileError, match="Could not download") as caught:
        mt.load_mnist()
    assert "http://127.0.0.1:9/train-images-idx3-ubyte.gz" in str(caught.value)
    assert "MNIST_TUTORIAL_DATA" in str(caught.value)
