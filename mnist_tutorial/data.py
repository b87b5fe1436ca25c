"""Read, verify, download and split the MNIST database of handwritten digits."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import weakref
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pooch

from . import _shared_memory
from ._checks import as_digits, check_count

__all__ = [
    "DataSet",
    "IdxFormatError",
    "MNIST",
    "MNISTFileError",
    "MNIST_FILES",
    "MNIST_MIRRORS",
    "cache_folder",
    "fetch_mnist",
    "load_mnist",
    "locate_mnist",
    "read_idx",
]

#: Environment variable naming a folder that already holds the four MNIST files.
DATA_ENVIRONMENT_VARIABLE = "MNIST_TUTORIAL_DATA"
#: Environment variable overriding the per-user cache folder.
CACHE_ENVIRONMENT_VARIABLE = "MNIST_TUTORIAL_CACHE"

#: Environment variable with comma-separated mirror URLs to try instead of the public ones.
MIRRORS_ENVIRONMENT_VARIABLE = "MNIST_TUTORIAL_MIRRORS"

#: Public mirrors of the original gzip files, tried in this order.
MNIST_MIRRORS: tuple[str, ...] = (
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
)

N_TRAINING_IMAGES = 60_000
N_PIXELS = 28 * 28
N_CLASSES = 10


class MNISTFile(NamedTuple):
    """What we know of one MNIST file: its shape and the hashes that prove it is intact."""

    shape: tuple[int, ...]
    #: SHA-256 of the decompressed IDX content (true of any faithful re-compression).
    content_sha256: str
    #: Published MD5 of the original ``.gz`` file as the mirrors serve it.
    original_md5: str


#: The registry of the four files, with the hashes published for them.
MNIST_FILES: dict[str, MNISTFile] = {
    "train-images-idx3-ubyte.gz": MNISTFile(
        (60_000, 28, 28),
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    ),
    "train-labels-idx1-ubyte.gz": MNISTFile(
        (60_000,),
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "d53e105ee54ea40749a09fcbcd1e9432",
    ),
    "t10k-images-idx3-ubyte.gz": MNISTFile(
        (10_000, 28, 28),
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "9fb629c4189551a2d022fa330f9573f3",
    ),
    "t10k-labels-idx1-ubyte.gz": MNISTFile(
        (10_000,),
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        "ec29112dd5afa0611ce80d1b7f02629c",
    ),
}

# IDX type codes (third byte of the magic number) and the big-endian dtypes they mean.
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_GZIP_MAGIC = b"\x1f\x8b"


class IdxFormatError(ValueError):
    """An IDX file is malformed: wrong magic number, type code, length, or compression."""


class MNISTFileError(ValueError):
    """An MNIST file is missing, corrupted, or not the file it claims to be."""


# --------------------------------------------------------------------------------------
# Reading IDX files
# --------------------------------------------------------------------------------------


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an IDX file, gzip-compressed or not, into an array of the declared shape.

    Parameters
    ----------
    path : str or path-like
        The IDX file. It is decompressed when it starts with the gzip signature;
        a name ending in ``.gz`` must be gzip-compressed.

    Returns
    -------
    array : numpy.ndarray
        The data, with the shape and the (native byte order) dtype that the
        header declares.

    Raises
    ------
    IdxFormatError
        If the file is not gzip although its name ends in ``.gz``, the gzip
        stream is corrupt, the magic number or type code is wrong, or the body
        is shorter or longer than the header declares. The message names the
        file and what is wrong.

    See Also
    --------
    load_mnist : Reads the four MNIST files and splits them.

    Notes
    -----
    An IDX file starts with a four-byte magic number: two zero bytes, a type
    code (``0x08`` for unsigned bytes) and the number of dimensions. Then come
    the dimensions as big-endian 32-bit integers, then the data in C order.
    MNIST's images have magic number 2051 (``0x00000803``: unsigned bytes,
    three dimensions) and its labels 2049 (``0x00000801``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import mnist_tutorial as mt
    >>> header = bytes([0, 0, 0x08, 2]) + (2).to_bytes(4, "big") + (3).to_bytes(4, "big")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "tiny-idx2-ubyte"
    ...     _ = path.write_bytes(header + bytes(range(6)))
    ...     mt.read_idx(path)
    array([[0, 1, 2],
           [3, 4, 5]], dtype=uint8)
    """
    path = Path(path)
    return _parse_idx(_read_decompressed(path), path)


def _read_decompressed(path: Path) -> bytes:
    """Return the file's bytes, decompressed if it is gzip."""
    raw = path.read_bytes()
    if raw[:2] != _GZIP_MAGIC:
        if path.suffix == ".gz":
            raise IdxFormatError(f"{path} ends in .gz but is not gzip-compressed; re-download it.")
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as error:
        raise IdxFormatError(
            f"{path} is a corrupt or truncated gzip file ({error}); "
            "delete it and download it again."
        ) from error


def _parse_idx(content: bytes, path: Path) -> np.ndarray:
    """Parse decompressed IDX bytes, checking the header against the body's length."""
    if len(content) < 4 or content[:2] != b"\x00\x00":
        raise IdxFormatError(f"{path} has no IDX magic number (expected two zero bytes first).")
    type_code, n_dimensions = content[2], content[3]
    if type_code not in _IDX_DTYPES:
        raise IdxFormatError(f"{path} has unknown IDX type code {type_code:#04x}.")
    dtype = np.dtype(_IDX_DTYPES[type_code])
    body_start = 4 + 4 * n_dimensions
    if len(content) < body_start:
        raise IdxFormatError(f"{path} is truncated inside its header.")
    sizes = [content[4 + 4 * i : 8 + 4 * i] for i in range(n_dimensions)]
    shape = tuple(int.from_bytes(size, "big") for size in sizes)
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    actual = len(content) - body_start
    if actual != expected:
        problem = "truncated" if actual < expected else "followed by trailing bytes"
        raise IdxFormatError(
            f"{path} is {problem}: its header declares shape {shape} ({expected} bytes of data) "
            f"but the body holds {actual} bytes."
        )
    array = np.frombuffer(content, dtype=dtype, offset=body_start).reshape(shape)
    return array.astype(dtype.newbyteorder("="))


# --------------------------------------------------------------------------------------
# Where the files come from
# --------------------------------------------------------------------------------------


def cache_folder() -> Path:
    """Return the per-user cache folder for downloads and decoded arrays.

    Returns
    -------
    folder : pathlib.Path
        ``$MNIST_TUTORIAL_CACHE`` if set, else the operating system's cache
        folder for ``mnist_tutorial`` (for example ``~/.cache/mnist_tutorial``
        on Linux). It is not created here.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mt.cache_folder().name
    'mnist_tutorial'
    """
    override = os.environ.get(CACHE_ENVIRONMENT_VARIABLE)
    return Path(override) if override else Path(pooch.os_cache("mnist_tutorial"))


def locate_mnist(data_dir: str | os.PathLike | None = None) -> dict[str, Path]:
    """Find the four MNIST files, downloading them to the cache when no folder is given.

    Parameters
    ----------
    data_dir : str or path-like, optional
        A folder holding the four files. If omitted, ``$MNIST_TUTORIAL_DATA``
        is used when set; otherwise the files come from the per-user cache
        folder, downloaded there by :func:`fetch_mnist` when missing.

    Returns
    -------
    paths : dict of str to pathlib.Path
        The path of each file, keyed by the names in :data:`MNIST_FILES`.

    Raises
    ------
    MNISTFileError
        If a given folder lacks a file, or a download fails; the message says
        where the files were looked for and how to provide them.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> sorted(mt.locate_mnist())[0]  # doctest: +SKIP
    't10k-images-idx3-ubyte.gz'
    """
    if data_dir is None and os.environ.get(DATA_ENVIRONMENT_VARIABLE):
        data_dir = os.environ[DATA_ENVIRONMENT_VARIABLE]
        source = f"the folder named by ${DATA_ENVIRONMENT_VARIABLE}"
    else:
        source = "data_dir"
    if data_dir is None:
        return fetch_mnist()
    folder = Path(data_dir).expanduser()
    missing = [name for name in MNIST_FILES if not (folder / name).is_file()]
    if missing:
        raise MNISTFileError(
            f"{source} ({folder}) lacks {', '.join(missing)}. Put the four MNIST files there, "
            f"or unset ${DATA_ENVIRONMENT_VARIABLE} and pass no data_dir so that they are "
            f"downloaded to {cache_folder()}."
        )
    return {name: folder / name for name in MNIST_FILES}


def fetch_mnist(
    cache_dir: str | os.PathLike | None = None,
    *,
    mirrors: Sequence[str] | None = None,
    progressbar: bool = True,
) -> dict[str, Path]:
    """Download any MNIST file missing from the cache, verify it, and return the paths.

    Parameters
    ----------
    cache_dir : str or path-like, optional
        Where the files are kept; :func:`cache_folder` by default.
    mirrors : sequence of str, optional
        Base URLs tried in order for each file. By default the comma-separated
        URLs in ``$MNIST_TUTORIAL_MIRRORS`` if set, else :data:`MNIST_MIRRORS`.
    progressbar : bool, default=True
        Show a progress bar while downloading.

    Returns
    -------
    paths : dict of str to pathlib.Path
        The path of each file in the cache.

    Raises
    ------
    MNISTFileError
        If no mirror delivered a file that passes its check. Nothing that failed
        its check is left in the cache.

    Notes
    -----
    Each file is downloaded under a temporary name and moved into place only
    after its check passes: its MD5 must equal the one published for the
    original file, or, for a mirror that re-compressed the data, the SHA-256 of
    its decompressed content must equal the published one (which is the data
    actually used, so either proves the file intact).

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> paths = mt.fetch_mnist()  # doctest: +SKIP
    """
    folder = Path(cache_dir) if cache_dir is not None else cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    if mirrors is None:
        listed = os.environ.get(MIRRORS_ENVIRONMENT_VARIABLE, "")
        mirrors = tuple(url for url in listed.split(",") if url.strip()) or MNIST_MIRRORS
    paths = {}
    for name in MNIST_FILES:
        paths[name] = folder / name
        if not paths[name].is_file():
            _download_one(name, paths[name], mirrors, progressbar)
    return paths


def _download_one(name: str, destination: Path, mirrors: Sequence[str], progressbar: bool) -> None:
    """Try each mirror until one delivers a file that passes its check."""
    partial = destination.with_name(destination.name + ".part")
    failures = []
    for mirror in mirrors:
        url = mirror.rstrip("/") + "/" + name
        try:
            pooch.HTTPDownloader(progressbar=progressbar, timeout=60)(url, str(partial), None)
            _check_download(partial, name)
        except Exception as error:  # any failure: try the next mirror, report them all
            partial.unlink(missing_ok=True)
            failures.append(f"  {url}: {error}")
            continue
        os.replace(partial, destination)
        return
    raise MNISTFileError(
        f"Could not download {name} into {destination.parent}:\n" + "\n".join(failures) + "\n"
        f"Connect to the internet, or download the four MNIST files yourself and set "
        f"${DATA_ENVIRONMENT_VARIABLE} to their folder (or pass data_dir)."
    )


def _check_download(path: Path, name: str) -> None:
    """Accept the original file (published MD5) or a faithful re-compression (content SHA-256).

    A file that fails is left for the caller, which deletes it before trying the next mirror.
    """
    expected = MNIST_FILES[name]
    if pooch.file_hash(str(path), alg="md5") == expected.original_md5:
        return
    try:
        content = _read_decompressed(path)
    except IdxFormatError as error:
        raise MNISTFileError(f"the downloaded {name} is not a valid gzip file: {error}") from error
    if hashlib.sha256(content).hexdigest() != expected.content_sha256:
        raise MNISTFileError(
            f"the downloaded {name} matches neither the published MD5 of the original file nor "
            "the SHA-256 of its content: it is corrupt or not MNIST."
        )


# --------------------------------------------------------------------------------------
# Verified, cached decoding
# --------------------------------------------------------------------------------------


def _read_verified(path: Path, name: str) -> np.ndarray:
    """Decode an MNIST file, checking the SHA-256 of its content and its shape."""
    content = _read_decompressed(path)
    expected = MNIST_FILES[name]
    if hashlib.sha256(content).hexdigest() != expected.content_sha256:
        raise MNISTFileError(
            f"{path} is corrupt or not the MNIST file {name}: the SHA-256 of its decompressed "
            "content differs from the published one. Delete it and download it again."
        )
    array = _parse_idx(content, path)
    if array.shape != expected.shape or array.dtype != np.uint8:
        raise MNISTFileError(
            f"{path} holds {array.dtype} {array.shape}, not {expected.shape} uint8."
        )
    return array


def _file_stamp(path: Path) -> dict:
    """What identifies one version of a file without reading it."""
    status = path.stat()
    return {"path": str(path.resolve()), "size": status.st_size, "mtime_ns": status.st_mtime_ns}


def _load_array(path: Path, name: str) -> np.ndarray:
    """Return the decoded file, from the cache when the file has not changed since it was verified.

    The first load decompresses the file, checks its SHA-256 and stores the
    decoded array as ``.npy`` in the cache, beside a record of the source file's
    resolved path, size and modification time and of the ``.npy`` file's own.
    Later loads read the ``.npy`` directly while both records still match.
    """
    arrays = cache_folder() / "arrays"
    stored, record = arrays / (name + ".npy"), arrays / (name + ".json")
    source = _file_stamp(path)
    try:
        saved = json.loads(record.read_text())
        if saved["source"] == source and saved["array"] == _file_stamp(stored):
            return _read_npy(stored, MNIST_FILES[name].shape)
    except (OSError, ValueError, KeyError):
        pass
    array = _read_verified(path, name)
    _store_array(array, stored, record, source)
    return _read_only(_shared_memory.empty(array.shape, array.dtype), array)


def _read_npy(path: Path, shape: tuple[int, ...]) -> np.ndarray:
    """Read a uint8 ``.npy`` file of the given shape into memory TensorFlow can share."""
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        if version not in _NPY_HEADER_READERS:
            raise ValueError(f"{path} is in .npy format {version}, which the cache never writes")
        header = _NPY_HEADER_READERS[version](handle)
        if header != (shape, False, np.dtype(np.uint8)):
            raise ValueError(f"{path} holds {header}, not C-ordered uint8 {shape}")
        array = _shared_memory.empty(shape, np.uint8)
        if handle.readinto(memoryview(array).cast("B")) != array.nbytes or handle.read(1):
            raise ValueError(f"{path} is not {array.nbytes} bytes of data after its header")
    array.flags.writeable = False
    return array


_NPY_HEADER_READERS = {
    (1, 0): np.lib.format.read_array_header_1_0,
    (2, 0): np.lib.format.read_array_header_2_0,
}


def _read_only(array: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Fill ``array`` with ``values`` and return it read-only."""
    array[...] = values
    array.flags.writeable = False
    return array


def _store_array(array: np.ndarray, stored: Path, record: Path, source: dict) -> None:
    """Write the array and its record atomically; a read-only cache just stays cold."""
    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        temporary = stored.with_name(stored.name + f".{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            np.save(handle, array, allow_pickle=False)
        os.replace(temporary, stored)
        record.write_text(json.dumps({"source": source, "array": _file_stamp(stored)}))
    except OSError:
        return


# --------------------------------------------------------------------------------------
# Splits and batches
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class DataSet:
    """One split of MNIST: images, one-hot labels, digits, and TensorFlow 1's batching.

    Parameters
    ----------
    images : numpy.ndarray of shape (n_samples, 784)
        Pixel intensities as float32 in [0, 1], one flattened 28x28 image per row.
    digits : numpy.ndarray of shape (n_samples,)
        The true digit of each image, as integers 0-9.
    seed : int, default=0
        Seed of the NumPy generator that shuffles the batches.
    pixels : numpy.ndarray of shape (n_samples, 784), optional
        The uint8 intensities 0-255 from which ``images`` was made, so that
        ``images == pixels * numpy.float32(1 / 255)``. :func:`load_mnist` keeps
        them so that training reads a quarter of the memory that the float32
        images take; a DataSet built from floats has ``None``.

    Attributes
    ----------
    labels : numpy.ndarray of shape (n_samples, 10)
        The digits one-hot encoded as float32.
    num_examples : int
        The number of images.

    Examples
    --------
    >>> import numpy as np
    >>> import mnist_tutorial as mt
    >>> tiny = mt.DataSet(np.zeros((4, 784), dtype=np.float32), np.array([3, 1, 4, 1]))
    >>> tiny.labels[0]
    array([0., 0., 0., 1., 0., 0., 0., 0., 0., 0.], dtype=float32)
    >>> images, labels = tiny.next_batch(3)
    >>> images.shape, labels.shape
    ((3, 784), (3, 10))
    """

    images: np.ndarray
    digits: np.ndarray
    seed: int = 0
    pixels: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self):
        images, digits = np.asarray(self.images), as_digits("digits", self.digits)
        if images.ndim != 2 or images.shape[1] != N_PIXELS:
            raise ValueError(f"images must have shape (n_samples, 784); got {images.shape}.")
        if self.pixels is not None:
            _check_pixels(self.pixels, images)
        if digits.shape != (images.shape[0],):
            raise ValueError(
                f"digits must have shape ({images.shape[0]},), one per image; got {digits.shape}."
            )
        labels = np.eye(N_CLASSES, dtype=np.float32)[digits]
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "_state", _BatchState(np.random.default_rng(self.seed)))

    @property
    def num_examples(self) -> int:
        """The number of images in the split."""
        return self.images.shape[0]

    def __repr__(self) -> str:
        return f"DataSet(num_examples={self.num_examples}, seed={self.seed})"

    def next_batch(self, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the next ``batch_size`` images and one-hot labels.

        Batches are consecutive slices of a random permutation; when an epoch
        runs out, its remaining images are joined with the start of a new
        permutation, exactly as TensorFlow 1's ``DataSet.next_batch`` did.

        Parameters
        ----------
        batch_size : int
            Number of examples, from 1 to ``num_examples``.

        Returns
        -------
        images : numpy.ndarray of shape (batch_size, 784)
        labels : numpy.ndarray of shape (batch_size, 10)
        """
        (indices,) = self.batch_indices(1, batch_size)
        return self.images[indices], self.labels[indices]

    def batch_indices(self, n_batches: int, batch_size: int) -> np.ndarray:
        """Advance the batching as ``n_batches`` calls of :meth:`next_batch` would.

        Parameters
        ----------
        n_batches : int
            How many batches to draw.
        batch_size : int
            Examples per batch, from 1 to ``num_examples``.

        Returns
        -------
        indices : numpy.ndarray of shape (n_batches, batch_size)
            Row ``i`` holds the indices of the images of batch ``i``.

        Examples
        --------
        >>> import numpy as np
        >>> import mnist_tutorial as mt
        >>> tiny = mt.DataSet(np.zeros((5, 784), dtype=np.float32), np.arange(5), seed=0)
        >>> np.sort(tiny.batch_indices(1, 5)[0])  # one epoch holds every image once
        array([0, 1, 2, 3, 4])
        """
        check_count("batch_size", batch_size, 1, self.num_examples)
        check_count("n_batches", n_batches, 0, None)
        state = self._state
        return np.stack(
            [state.take(batch_size, self.num_examples) for _ in range(n_batches)]
        ).reshape(n_batches, batch_size)

    def reseeded(self, seed: int) -> DataSet:
        """Return the same split with a fresh batch sequence drawn from ``seed``.

        The arrays are shared, not copied, so this is cheap.

        Examples
        --------
        >>> import numpy as np
        >>> import mnist_tutorial as mt
        >>> tiny = mt.DataSet(np.zeros((6, 784), dtype=np.float32), np.arange(6), seed=1)
        >>> first = tiny.batch_indices(2, 3)
        >>> bool(np.array_equal(tiny.reseeded(1).batch_indices(2, 3), first))
        True
        """
        return DataSet(self.images, self.digits, seed=seed, pixels=self.pixels)


def _check_pixels(pixels, images: np.ndarray) -> None:
    """Raise ``ValueError`` unless ``pixels`` are uint8 intensities of the shape of ``images``."""
    if not isinstance(pixels, np.ndarray) or pixels.dtype != np.uint8:
        raise ValueError(
            "pixels must be a uint8 NumPy array of intensities 0-255; got "
            f"{getattr(pixels, 'dtype', type(pixels).__name__)}. Leave pixels out for images "
            "that were not made from 8-bit pixels."
        )
    if pixels.shape != images.shape:
        raise ValueError(
            f"pixels must have the shape of images, {images.shape}; got {pixels.shape}."
        )


class _BatchState:
    """The position in the current permutation, as TensorFlow 1's DataSet kept it."""

    def __init__(self, generator: np.random.Generator):
        self.generator = generator
        self.permutation: np.ndarray | None = None
        self.start = 0

    def take(self, batch_size: int, n_examples: int) -> np.ndarray:
        """Return the indices of the next batch, reshuffling at the end of each epoch."""
        if self.permutation is None:
            self.permutation = self.generator.permutation(n_examples)
        if self.start + batch_size <= n_examples:
            self.start += batch_size
            return self.permutation[self.start - batch_size : self.start]
        rest = self.permutation[self.start :]
        self.permutation = self.generator.permutation(n_examples)
        self.start = batch_size - rest.size
        return np.concatenate([rest, self.permutation[: self.start]])


class MNIST(NamedTuple):
    """The three splits the blog used."""

    train: DataSet
    validation: DataSet
    test: DataSet


def load_mnist(
    data_dir: str | os.PathLike | None = None, *, validation_size: int = 5000, seed: int = 0
) -> MNIST:
    """Load MNIST as TensorFlow 1's tutorial did: train, validation and test splits.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder holding the four ``.gz`` files. If omitted, ``$MNIST_TUTORIAL_DATA``
        is used when set, otherwise the files are downloaded once to the per-user
        cache folder (see :func:`cache_folder`).
    validation_size : int, default=5000
        How many of the 60,000 training images to hold out, taken from the
        *start* of the original training set (no shuffling), as TensorFlow 1 did.
    seed : int, default=0
        Seed of the generator that shuffles the training batches. The validation
        and test splits get ``seed + 1`` and ``seed + 2``.

    Returns
    -------
    mnist : MNIST
        A named tuple of three :class:`DataSet`: ``train`` (60,000 minus
        ``validation_size`` images), ``validation`` and ``test`` (10,000).

    Raises
    ------
    ValueError
        If ``validation_size`` is not an integer from 0 to 60,000.
    MNISTFileError
        If a file is missing, cannot be downloaded, or fails its SHA-256 check.

    See Also
    --------
    read_idx : Reads one IDX file.
    DataSet.next_batch : Draws batches as TensorFlow 1 did.

    Notes
    -----
    Every file is verified by the SHA-256 of its decompressed content. The
    decoded arrays are then cached as ``.npy`` files, so a later load reads them
    directly as long as the source files are unchanged (same path, size and
    modification time). Pixel values are scaled as TensorFlow 1 did,
    ``float32(pixel) * (1 / 255)``; each split also keeps the unscaled uint8
    intensities as ``pixels``. The image and pixel arrays are read-only, so that
    loads made while an earlier result is still in use can share them, and so
    that TensorFlow can read them where they lie: :func:`train` and
    :func:`accuracy` use them without copying them into TensorFlow first.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mnist = mt.load_mnist()
    >>> mnist.train.images.shape, mnist.validation.num_examples, mnist.test.num_examples
    ((55000, 784), 5000, 10000)
    >>> int(mnist.train.digits[0])  # original training image 5000
    7
    """
    check_count("validation_size", validation_size, 0, N_TRAINING_IMAGES)
    paths = locate_mnist(data_dir)
    arrays = {name: _load_array(path, name) for name, path in paths.items()}
    train_images = _scaled(arrays, paths, "train-images-idx3-ubyte.gz")
    train_pixels = _flat_pixels(arrays["train-images-idx3-ubyte.gz"])
    train_digits = arrays["train-labels-idx1-ubyte.gz"].astype(np.int64)
    kept, held_out = slice(validation_size, None), slice(None, validation_size)
    return MNIST(
        train=DataSet(
            train_images[kept], train_digits[kept], seed=seed, pixels=train_pixels[kept]
        ),
        validation=DataSet(
            train_images[held_out],
            train_digits[held_out],
            seed=seed + 1,
            pixels=train_pixels[held_out],
        ),
        test=DataSet(
            _scaled(arrays, paths, "t10k-images-idx3-ubyte.gz"),
            arrays["t10k-labels-idx1-ubyte.gz"].astype(np.int64),
            seed=seed + 2,
            pixels=_flat_pixels(arrays["t10k-images-idx3-ubyte.gz"]),
        ),
    )


# Scaled images still alive in this process, keyed by the file they came from. Allocating
# 220 MB of float32 is most of a warm load's time, so a second load_mnist() while the first
# result is still in use shares its (read-only) arrays instead.
_SCALED_IMAGES: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def _scaled(arrays: dict[str, np.ndarray], paths: dict[str, Path], name: str) -> np.ndarray:
    """Return the named images flattened and scaled, shared while an earlier copy is alive."""
    key = (name, tuple(sorted(_file_stamp(paths[name]).items())))
    images = _SCALED_IMAGES.get(key)
    if images is None:
        images = _scale(arrays[name])
        _SCALED_IMAGES[key] = images
    return images


def _flat_pixels(images: np.ndarray) -> np.ndarray:
    """Return read-only uint8 images as a read-only (n, 784) view, without copying."""
    return images.reshape(images.shape[0], N_PIXELS)


def _scale(images: np.ndarray) -> np.ndarray:
    """Flatten uint8 images to read-only (n, 784) float32 in [0, 1], scaled as TF1 did."""
    flat = _shared_memory.empty((images.shape[0], N_PIXELS), np.float32)
    # float32(pixel) * float32(1 / 255), computed in float32 as TensorFlow 1 did.
    np.multiply(_flat_pixels(images), np.float32(1.0 / 255.0), out=flat)
    flat.flags.writeable = False
    return flat
