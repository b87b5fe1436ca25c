"""TensorFlow reads the arrays of load_mnist in place, and copies any other array."""

import hashlib

import numpy as np
import pytest

import mnist_tutorial as mt
from mnist_tutorial import _shared_memory


def shared_read_only(shape=(4, 784), dtype=np.uint8) -> np.ndarray:
    """A read-only array of shared memory holding 0, 1, 2, ..."""
    array = _shared_memory.empty(shape, dtype)
    array[...] = np.arange(array.size).reshape(shape) % 251
    array.flags.writeable = False
    return array


def write_behind(array: np.ndarray, value) -> None:
    """Change the first element of ``array`` through the writeable buffer it views."""
    buffer = _shared_memory._shared_buffer(array)
    offset = array.ctypes.data - buffer.ctypes.data
    np.ndarray(array.shape, array.dtype, buffer=buffer, offset=offset)[(0,) * array.ndim] = value


@pytest.mark.parametrize("dtype", [np.uint8, np.float32, np.int64])
def test_empty_is_aligned_and_writeable(dtype):
    """empty gives C-ordered memory on a 64-byte boundary, ready to be filled."""
    array = _shared_memory.empty((3, 5), dtype)
    assert array.flags.c_contiguous and array.flags.writeable and array.dtype == dtype
    assert array.ctypes.data % _shared_memory.ALIGNMENT == 0


def test_a_read_only_shared_array_is_read_in_place():
    """The tensor sees the memory itself: a change behind it shows (no copy was made)."""
    array = shared_read_only()
    tensor = _shared_memory.as_tensor(array)
    np.testing.assert_array_equal(tensor.numpy(), array)
    write_behind(array, 99)
    assert int(tensor[0, 0]) == 99


def test_an_aligned_row_range_is_read_in_place():
    """Rows 16 onward of 784-byte rows start on a 64-byte boundary, so they are shared too."""
    rows = shared_read_only((32, 784))[16:]
    tensor = _shared_memory.as_tensor(rows)
    write_behind(rows, 42)
    assert int(tensor[0, 0]) == 42


def test_an_unaligned_row_range_is_copied():
    """Rows 1 onward start 784 bytes in, off a 64-byte boundary: copied, and still right."""
    array = shared_read_only()
    rows = array[1:]
    assert _shared_memory._shared_buffer(rows) is None
    np.testing.assert_array_equal(_shared_memory.as_tensor(rows).numpy(), array[1:])


def test_a_writeable_array_is_copied():
    """Later changes to an array that can change do not reach the tensor."""
    array = _shared_memory.empty((2, 3), np.float32)
    array[...] = 1.0
    tensor = _shared_memory.as_tensor(array)
    array[0, 0] = 5.0
    assert float(tensor[0, 0]) == 1.0


def test_a_read_only_view_of_changeable_memory_is_copied():
    """A read-only view of memory that another array can change is copied too."""
    pixels = np.zeros((3, 784), dtype=np.uint8)
    view = pixels.view()
    view.flags.writeable = False
    first = _shared_memory.as_tensor(view)
    pixels[0, 0] = 7
    assert int(_shared_memory.as_tensor(view)[0, 0]) == 7 and int(first[0, 0]) == 0


def test_arrays_not_from_empty_are_copied():
    """Ordinary NumPy arrays, read-only or not, are converted by copying."""
    array = np.arange(6, dtype=np.float32).reshape(2, 3)
    array.flags.writeable = False
    assert _shared_memory._shared_buffer(array) is None
    np.testing.assert_array_equal(_shared_memory.as_tensor(array).numpy(), array)


def test_the_splits_of_load_mnist_are_shared():
    """Every image and pixel array of load_mnist is read in place, as the splits are aligned."""
    for split in mt.load_mnist():
        assert _shared_memory._shared_buffer(split.pixels) is not None
        assert _shared_memory._shared_buffer(split.images) is not None


def test_any_validation_size_trains_correctly():
    """A split starting off a 64-byte boundary is copied; training on it still works."""
    mnist = mt.load_mnist(validation_size=1)
    assert _shared_memory._shared_buffer(mnist.train.pixels) is None
    model = mt.LinearSoftmax()
    mt.train(model, mnist.train, steps=20)
    assert mt.accuracy(model, mnist.test) > 0.7


def test_training_does_not_write_to_the_split():
    """TensorFlow never writes into the memory it shares: the splits are unchanged."""
    mnist = mt.load_mnist()
    before = [_digest(array) for split in mnist for array in (split.pixels, split.images)]
    model = mt.LinearSoftmax()
    mt.train(model, mnist.train, steps=50, evaluate_every=25, evaluation_set=mnist.validation)
    mt.train_seeds(mnist.train, [0, 1], steps=20)
    mt.accuracy(model, mnist.test)
    model.predict(mnist.test.images)
    assert before == [_digest(array) for split in mnist for array in (split.pixels, split.images)]


def _digest(array: np.ndarray) -> str:
    return hashlib.sha256(array.tobytes()).hexdigest()
