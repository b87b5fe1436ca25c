"""Arrays that TensorFlow reads where they lie, without copying them.

``tf.convert_to_tensor`` copies a NumPy array. For the 43 MB of training pixels
that copy takes as long as several hundred training steps (most of it spent on
the first touch of fresh memory), and a reader who calls ``train`` once waits
for it. So the arrays that :func:`~mnist_tutorial.load_mnist` returns are made
by :func:`empty`: their memory starts on a 64-byte boundary, as TensorFlow
requires of a tensor's memory, and this module keeps a writeable handle on it,
because DLPack, the protocol through which TensorFlow takes memory in place,
only hands over writeable arrays. The arrays the library returns are read-only
views of that memory, and nothing writes through the handle once they are
filled, so TensorFlow may read them as it reads its own constants.
"""

from __future__ import annotations

import math
import weakref

import numpy as np
import tensorflow as tf

#: Bytes; the alignment TensorFlow's CPU kernels assume of a tensor's memory (AVX-512).
ALIGNMENT = 64

# The buffers made by empty(), by id (NumPy arrays are not hashable); each entry goes
# with its buffer.
_BUFFERS: weakref.WeakValueDictionary[int, np.ndarray] = weakref.WeakValueDictionary()


def empty(shape: tuple[int, ...], dtype: np.dtype | type) -> np.ndarray:
    """Return a new writeable C-ordered array whose memory TensorFlow can read in place.

    Fill it, then set ``array.flags.writeable = False``: :func:`as_tensor`
    shares only read-only views of this memory.

    Examples
    --------
    >>> from mnist_tutorial import _shared_memory
    >>> array = _shared_memory.empty((2, 3), "float32")
    >>> array.shape, array.dtype, array.ctypes.data % _shared_memory.ALIGNMENT
    ((2, 3), dtype('float32'), 0)
    """
    dtype = np.dtype(dtype)
    buffer = np.empty(math.prod(shape) * dtype.itemsize + ALIGNMENT, dtype=np.uint8)
    _BUFFERS[id(buffer)] = buffer
    return np.ndarray(shape, dtype, buffer=buffer, offset=-buffer.ctypes.data % ALIGNMENT)


def as_tensor(array: np.ndarray) -> tf.Tensor:
    """Return ``array`` as a tensor, sharing its memory if :func:`empty` made it, else copying it.

    The memory is shared when ``array`` is a read-only, C-ordered, 64-byte
    aligned view of memory from :func:`empty` (the splits of ``load_mnist`` and
    row ranges of them that start on such a boundary). Any other array is
    copied, so that later changes to it do not reach the tensor.

    Examples
    --------
    >>> import numpy as np
    >>> from mnist_tutorial import _shared_memory
    >>> array = _shared_memory.empty((2, 2), np.uint8)
    >>> array[:] = 7
    >>> array.flags.writeable = False
    >>> _shared_memory.as_tensor(array).numpy().tolist()
    [[7, 7], [7, 7]]
    """
    buffer = _shared_buffer(array)
    if buffer is None:
        return tf.convert_to_tensor(array)
    offset = array.ctypes.data - buffer.ctypes.data
    in_place = np.ndarray(array.shape, array.dtype, buffer=buffer, offset=offset)
    return tf.experimental.dlpack.from_dlpack(in_place.__dlpack__())


def _shared_buffer(array: np.ndarray) -> np.ndarray | None:
    """The buffer of :func:`empty` that ``array`` views, if TensorFlow may read it in place."""
    if not (
        isinstance(array, np.ndarray)
        and not array.flags.writeable
        and array.size > 0
        and array.flags.c_contiguous
        and array.dtype.kind in "biuf"
        and array.dtype.isnative
        and array.ctypes.data % ALIGNMENT == 0
    ):
        return None
    view = array
    while isinstance(view, np.ndarray):
        if _BUFFERS.get(id(view)) is view:
            return view
        if view.flags.writeable:  # it, or an array that views it, could change
            return None
        view = view.base
    return None
