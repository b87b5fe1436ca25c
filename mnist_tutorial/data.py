"""Read, verify, download and split the MNIST database of handwritten digits."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.client
import math
import os
import secrets
import time
import urllib.request
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import platformdirs
from tqdm.std import tqdm  # not tqdm.auto, which warns in a Jupyter kernel without ipywidgets

from ._checks import N_CLASSES, N_PIXELS, as_digits, as_images, check_count, check_seconds

#: Public mirrors of the original gzip files, tried in this order.
MNIST_MIRRORS: tuple[str, ...] = (
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
)

N_TRAINING_IMAGES = 60_000


class MNISTFile(NamedTuple):
    """What we know of one MNIST file: its shape and the hash that proves it is intact.

    The entries of :data:`MNIST_FILES` are of this type; :func:`fetch_mnist` and
    :func:`load_mnist` check every file against its entry.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> labels = mt.MNIST_FILES["t10k-labels-idx1-ubyte.gz"]
    >>> labels.shape, labels.content_size  # an 8-byte header, then one byte per label
    ((10000,), 10008)
    """

    #: The shape of the array the file holds.
    shape: tuple[int, ...]
    #: SHA-256 of the decompressed IDX content (true of any faithful re-compression).
    content_sha256: str

    @property
    def content_size(self) -> int:
        """Bytes of the decompressed IDX file: its header, then one byte per value."""
        return 4 + 4 * len(self.shape) + int(np.prod(self.shape))


#: The registry of the four files: the shape and content hash of each.
MNIST_FILES: dict[str, MNISTFile] = {
    "train-images-idx3-ubyte.gz": MNISTFile(
        (60_000, 28, 28),
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ),
    "train-labels-idx1-ubyte.gz": MNISTFile(
        (60_000,),
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ),
    "t10k-images-idx3-ubyte.gz": MNISTFile(
        (10_000, 28, 28),
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ),
    "t10k-labels-idx1-ubyte.gz": MNISTFile(
        (10_000,),
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ),
}

# IDX type codes (third byte of the magic number) and the big-endian dtypes they mean.
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


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
    ValueError
        If ``path`` is not a path.
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
    path = _as_path("path", path)
    content = _read_decompressed(path, str(path), gzip_required=path.suffix == ".gz")
    if len(content) < 4 or content[:2] != b"\x00\x00":
        raise IdxFormatError(f"{path} has no IDX magic number (expected two zero bytes first).")
    type_code, n_dimensions = content[2], content[3]
    if type_code not in _IDX_DTYPES:
        raise IdxFormatError(f"{path} has unknown IDX type code {type_code:#04x}.")
    dtype = np.dtype(_IDX_DTYPES[type_code])
    body_start = 4 + 4 * n_dimensions
    if len(content) < body_start:
        raise IdxFormatError(f"{path} is truncated inside its header.")
    shape = tuple(np.frombuffer(content, ">u4", count=n_dimensions, offset=4).tolist())
    expected = math.prod(shape) * dtype.itemsize  # exact, however large the header claims
    actual = len(content) - body_start
    if actual != expected:
        problem = "truncated" if actual < expected else "followed by trailing bytes"
        raise IdxFormatError(
            f"{path} is {problem}: its header declares shape {shape} ({expected} bytes of data) "
            f"but the body holds {actual} bytes."
        )
    array = np.frombuffer(content, dtype=dtype, offset=body_start).reshape(shape)
    return array.astype(dtype.newbyteorder("="))


def _as_path(name: str, value) -> Path:
    """Return ``value`` as a Path, or raise ``ValueError`` naming the argument."""
    if not isinstance(value, str | os.PathLike) or value == "":
        raise ValueError(
            f"{name} must be a path (a non-empty str or os.PathLike); "
            f"got {type(value).__name__} {value!r}."
        )
    return Path(value).expanduser()


def _read_decompressed(
    path: Path,
    label: str,
    *,
    gzip_required: bool,
    limit: int | None = None,
    advice: str = "delete it and download it again",
) -> bytes:
    """Return the file's bytes, decompressed if it is gzip, refusing more than ``limit`` bytes.

    ``label`` names the file in messages, which end with ``advice``. Reading stops one
    byte past ``limit``, so a file that expands without end costs no more memory than
    the real one.
    """
    with open(path, "rb") as handle:
        compressed = handle.read(2) == b"\x1f\x8b"  # the gzip signature
    if not compressed and gzip_required:
        raise IdxFormatError(f"{label} ends in .gz but is not gzip-compressed; {advice}.")
    try:
        with gzip.open(path) if compressed else open(path, "rb") as stream:
            content = stream.read(-1 if limit is None else limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise IdxFormatError(
            f"{label} is a corrupt or truncated gzip file ({error}); {advice}."
        ) from error
    if limit is not None and len(content) > limit:
        raise IdxFormatError(
            f"{label} expands past {limit} bytes, the size of the real file, so it is not "
            f"that file; {advice}."
        )
    return content


# --------------------------------------------------------------------------------------
# Where the files come from
# --------------------------------------------------------------------------------------


def cache_folder() -> Path:
    """Return the per-user cache folder for downloads.

    Returns
    -------
    folder : pathlib.Path
        ``$MNIST_TUTORIAL_CACHE`` if set, else the operating system's cache
        folder for ``mnist_tutorial`` (for example ``~/.cache/mnist_tutorial``
        on Linux). It is not created here.

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> import mnist_tutorial as mt
    >>> with mock.patch.dict(os.environ, {"MNIST_TUTORIAL_CACHE": ""}):  # the default
    ...     mt.cache_folder().name
    'mnist_tutorial'
    """
    override = os.environ.get("MNIST_TUTORIAL_CACHE")
    return Path(override) if override else Path(platformdirs.user_cache_dir("mnist_tutorial"))


def locate_mnist(data_dir: str | os.PathLike | None = None) -> dict[str, Path]:
    """Find the four MNIST files, downloading them to the cache when no folder is given.

    Parameters
    ----------
    data_dir : str or path-like, optional
        A folder holding the four files. If omitted, ``$MNIST_TUTORIAL_DATA``
        is used when set; otherwise the files come from the per-user cache
        folder, downloaded there by :func:`fetch_mnist` when missing. A data
        folder is only read, never written.

    Returns
    -------
    paths : dict of str to pathlib.Path
        The path of each file, keyed by the names in :data:`MNIST_FILES`.

    Raises
    ------
    ValueError
        If ``data_dir`` is not a path.
    MNISTFileError
        If a given folder lacks a file, or a download fails; the message says
        where the files were looked for and how to provide them.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> sorted(mt.locate_mnist())[0]  # doctest: +SKIP
    't10k-images-idx3-ubyte.gz'
    """
    source = "data_dir"
    if data_dir is None:
        source = "the folder named by $MNIST_TUTORIAL_DATA"
        data_dir = os.environ.get("MNIST_TUTORIAL_DATA")
        if not data_dir:
            return fetch_mnist()
    folder = _as_path("data_dir", data_dir)
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        raise MNISTFileError(
            f"{source} ({folder}) {problem}. Pass the folder that holds the four MNIST .gz "
            "files (--data-dir on the command line)."
        )
    missing = [name for name in MNIST_FILES if not (folder / name).is_file()]
    if missing:
        raise MNISTFileError(
            f"{source} ({folder}) lacks {', '.join(missing)}. Put the four MNIST files there, "
            "or unset $MNIST_TUTORIAL_DATA and pass no data_dir so that they are "
            f"downloaded to {cache_folder()}."
        )
    return {name: folder / name for name in MNIST_FILES}


def fetch_mnist(
    cache_dir: str | os.PathLike | None = None,
    *,
    mirrors: Sequence[str] | None = None,
    progressbar: bool = True,
    timeout: float = 60.0,
    time_limit: float = 600.0,
) -> dict[str, Path]:
    """Download any MNIST file missing from the cache, verify it, and return the paths.

    Parameters
    ----------
    cache_dir : str or path-like, optional
        Where the files are kept; :func:`cache_folder` by default.
    mirrors : sequence of str, optional
        Base URLs tried in order for each file, such as
        ``["https://host/mnist/"]``. By default the comma-separated URLs in
        ``$MNIST_TUTORIAL_MIRRORS`` if set, else :data:`MNIST_MIRRORS`.
    progressbar : bool, default=True
        Show a progress bar (on standard error) while downloading.
    timeout : float, default=60.0
        Seconds to wait for a mirror to connect or to send the next bytes.
    time_limit : float, default=600.0
        Seconds one file's download from one mirror may take in all; a slower
        mirror is abandoned for the next.

    Returns
    -------
    paths : dict of str to pathlib.Path
        The path of each file in the cache, each one checked.

    Raises
    ------
    ValueError
        If ``mirrors`` is a single string or empty, or ``timeout`` or
        ``time_limit`` is not a finite number above zero.
    MNISTFileError
        If the cache folder cannot be made, or no mirror delivered a file that
        passes its check. Nothing that failed its check is left in the cache.

    Notes
    -----
    Each file is downloaded under a temporary name of its own (so that several
    processes can download at once) and checked exactly as :func:`load_mnist`
    reads it: it must be gzip-compressed, expand to the known size of the
    original, and the SHA-256 of its decompressed content must be the published
    one. Only then is it moved into place. A cached file that fails the same
    check (damaged since) is deleted and downloaded again, and a temporary file
    left by a process that was killed is deleted once it is older than
    ``time_limit + timeout`` seconds (and at least an hour), which no running
    download can be.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> paths = mt.fetch_mnist()  # doctest: +SKIP
    """
    folder = _as_path("cache_dir", cache_dir) if cache_dir is not None else cache_folder()
    mirrors = _mirror_list(mirrors)
    check_seconds("timeout", timeout)
    check_seconds("time_limit", time_limit)
    _make_folder(folder)
    _remove_stale_parts(folder, max(3600.0, time_limit + timeout))
    paths = {name: folder / name for name in MNIST_FILES}
    for name, path in paths.items():
        if not _is_intact(path, name):
            _download(name, path, mirrors, progressbar, timeout, time_limit)
    return paths


def _mirror_list(mirrors) -> tuple[str, ...]:
    """Return the base URLs to try, or raise ``ValueError`` saying what a mirror list is."""
    source = "mirrors"
    if mirrors is None:  # the variable's URLs, else MNIST_MIRRORS (which pass the check below)
        source = "$MNIST_TUTORIAL_MIRRORS"
        listed = os.environ.get("MNIST_TUTORIAL_MIRRORS", "").split(",")
        mirrors = [url.strip() for url in listed if url.strip()] or MNIST_MIRRORS
    if isinstance(mirrors, str | bytes):
        raise ValueError(
            f"mirrors must be a list of base URLs, not one string; got {mirrors!r}. "
            f"Pass [{mirrors!r}]."
        )
    if not isinstance(mirrors, Iterable):
        raise ValueError(f"mirrors must be a list of base URLs; got {mirrors!r}.")
    mirrors = tuple(mirrors)
    if not mirrors:
        raise ValueError("mirrors must name at least one base URL; got an empty list.")
    for url in mirrors:
        if not isinstance(url, str) or "://" not in url:
            raise ValueError(
                f"{source} must hold URLs such as 'https://host/mnist/'; got {url!r}."
            )
    return mirrors


def _make_folder(folder: Path) -> None:
    """Create the cache folder, or raise ``MNISTFileError`` saying why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:
        raise MNISTFileError(
            f"The cache folder {folder} is a file, not a folder. Remove it, or set "
            "$MNIST_TUTORIAL_CACHE (or pass cache_dir) to a folder."
        ) from error
    except OSError as error:
        raise MNISTFileError(
            f"Cannot create the cache folder {folder} ({error}). Set "
            "$MNIST_TUTORIAL_CACHE to a folder you can write, or pass data_dir "
            "(--data-dir on the command line) to a folder that holds the files."
        ) from error


def _remove_stale_parts(folder: Path, age: float) -> None:
    """Delete our temporary download files untouched for ``age`` seconds (a killed process's)."""
    for name in MNIST_FILES:
        for partial in folder.glob(f"{name}.*.part"):
            with contextlib.suppress(OSError):  # deleted meanwhile, or not ours to delete
                if time.time() - partial.stat().st_mtime > age:
                    partial.unlink()


def _is_intact(path: Path, name: str) -> bool:
    """Whether the cached file passes its check; a damaged one is deleted, to be fetched again."""
    if path.is_dir():
        raise MNISTFileError(
            f"{path} is a folder, not the MNIST file {name}. Remove it, so that the file "
            "can be downloaded there."
        )
    try:
        _decoded(path, name)
        return True
    except (MNISTFileError, OSError):  # missing (FileNotFoundError), unreadable, or damaged
        path.unlink(missing_ok=True)
        return False


def _download(
    name: str,
    destination: Path,
    mirrors: Sequence[str],
    progressbar: bool,
    timeout: float,
    time_limit: float,
) -> None:
    """Try each mirror until one delivers a file that passes its check, then move it in place.

    Each try downloads under a name of its own and checks the file as load_mnist reads
    it; the temporary file is deleted whatever happens, unless it was moved into place.
    """
    failures = []
    for url in (mirror.rstrip("/") + "/" + name for mirror in mirrors):
        partial = destination.with_name(f"{name}.{secrets.token_hex(8)}.part")
        try:
            with open(partial, "xb") as output:
                _stream(url, output, name, progressbar, timeout, time_limit)
            array = _read_mnist_file(partial, name, f"the downloaded {name}", "it was not kept")
            os.replace(partial, destination)
            _DECODED[name] = (_stamp(destination), array)
            return
        except (OSError, ValueError, http.client.HTTPException) as error:
            failures.append(f"  {url}: {error}")
        finally:
            partial.unlink(missing_ok=True)
    raise MNISTFileError(
        f"Could not download {name} into {destination.parent}:\n" + "\n".join(failures) + "\n"
        "Connect to the internet, or download the four MNIST files yourself and set "
        "$MNIST_TUTORIAL_DATA to their folder (or pass data_dir, --data-dir on the "
        "command line), or list working mirrors in $MNIST_TUTORIAL_MIRRORS."
    )


def _stream(url, output, name: str, progressbar: bool, timeout: float, time_limit: float) -> None:
    """Copy ``url`` into ``output``; give up after ``time_limit`` s or past any gzip's size."""
    give_up_at = time.monotonic() + time_limit
    largest = MNIST_FILES[name].content_size * 1001 // 1000 + 1024  # deflate adds < 0.1%
    try:
        with (
            urllib.request.urlopen(url, timeout=timeout) as response,
            _progress(name, response, progressbar) as progress,
        ):
            while chunk := response.read1(1 << 16):
                output.write(chunk)
                progress.update(len(chunk))
                if output.tell() > largest:
                    raise MNISTFileError(
                        f"the mirror sent more than {largest} bytes, more than any gzip of {name}."
                    )
                if time.monotonic() > give_up_at:
                    raise MNISTFileError(
                        f"this mirror is too slow: {output.tell()} bytes after the time limit of "
                        f"{time_limit:g} s (time_limit). Try another mirror."
                    )
    except TimeoutError as error:
        raise TimeoutError(
            f"this mirror sent nothing for {timeout:g} s (timeout); it is down or too slow."
        ) from error


def _progress(name: str, response, shown: bool) -> tqdm:
    """A progress bar on standard error for the download of ``name``."""
    total = getattr(response, "length", None)  # an HTTP response's Content-Length
    return tqdm(desc=name, total=total, unit="B", unit_scale=True, disable=not shown)


# --------------------------------------------------------------------------------------
# Verified decoding
# --------------------------------------------------------------------------------------

# The files this process has decoded, by name: (stamp of the file, its read-only array).
# Every one passed its SHA-256 check when read, so a later load of the same unchanged file
# (same path, inode, size and modification time) reuses the array instead of reading it again.
_DECODED: dict[str, tuple[tuple, np.ndarray]] = {}


def _stamp(path: Path) -> tuple:
    """What tells one version of a file from another without reading it."""
    status = path.stat()
    return (str(path.resolve()), status.st_ino, status.st_size, status.st_mtime_ns)


def _decoded(path: Path, name: str) -> np.ndarray:
    """Return the verified, read-only array of an MNIST file, reading it only if it changed."""
    stamp = _stamp(path)
    if name not in _DECODED or _DECODED[name][0] != stamp:
        advice = "delete it and download it again"
        _DECODED[name] = (stamp, _read_mnist_file(path, name, str(path), advice))
    return _DECODED[name][1]


def _read_mnist_file(path: Path, name: str, label: str, advice: str) -> np.ndarray:
    """Decode an MNIST file, checking its compression, its size and its content's SHA-256.

    The hash fixes every byte, so the header and shape need no check of their own. The
    array is a read-only view of the decompressed bytes, not a copy.
    """
    expected = MNIST_FILES[name]
    try:
        content = _read_decompressed(
            path, label, gzip_required=True, limit=expected.content_size, advice=advice
        )
    except IdxFormatError as error:
        raise MNISTFileError(str(error)) from error
    if hashlib.sha256(content).hexdigest() != expected.content_sha256:
        raise MNISTFileError(
            f"{label} is corrupt or not the MNIST file {name}: the SHA-256 of its decompressed "
            f"content differs from the published one; {advice}."
        )
    header_size = expected.content_size - math.prod(expected.shape)
    return np.frombuffer(content, np.uint8, offset=header_size).reshape(expected.shape)


# --------------------------------------------------------------------------------------
# Splits and batches
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class DataSet:
    """One split of MNIST: images, one-hot labels, digits, and TensorFlow 1's batching.

    Parameters
    ----------
    images : array-like of shape (n_samples, 784)
        Pixel intensities in [0, 1], one flattened 28x28 image per row; kept as
        float32 (converted if need be).
    digits : array-like of shape (n_samples,)
        The true digit of each image, as integers 0-9; kept as int64.
    seed : int, default=0
        Seed of the NumPy generator that shuffles the batches, 0 or more.
    pixels : numpy.ndarray of shape (n_samples, 784), optional
        The uint8 intensities 0-255 from which ``images`` was made, so that
        ``images == pixels / 255`` (to within 1e-6: :func:`load_mnist` computes
        ``pixels * numpy.float32(1 / 255)``, as TensorFlow 1 did). It keeps them
        so that training reads a quarter of the memory that the float32 images
        take; a DataSet built from floats has ``None``.

    Attributes
    ----------
    labels : numpy.ndarray of shape (n_samples, 10)
        The digits one-hot encoded as float32.
    num_examples : int
        The number of images.

    Raises
    ------
    ValueError
        If ``images`` is not of shape (n_samples, 784), holds NaN, infinities or
        values outside [0, 1] (8-bit pixels must be divided by 255 first), or
        disagrees with ``pixels``; if ``digits`` are not one digit 0-9 per image;
        or if ``seed`` is not an integer of at least 0.

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
        check_count("seed", self.seed, 0, None)
        images = as_images("images", self.images)
        digits = as_digits("digits", self.digits, n_samples=len(images))
        if self.pixels is not None:
            _check_pixels(self.pixels, images)
        vars(self).update(images=images, digits=digits)  # frozen: set past __setattr__
        self._start_batching()

    @classmethod
    def _of_checked_arrays(cls, images, digits, seed, pixels) -> DataSet:
        """Build a split from arrays that passed the checks already, without scanning them again.

        For :func:`load_mnist`, whose images are computed from verified pixels, and for
        :meth:`reseeded` copies of read-only arrays: the scan of 43 million values would
        otherwise be most of the time of a repeated load.
        """
        split = cls.__new__(cls)
        vars(split).update(images=images, digits=digits, seed=seed, pixels=pixels)
        split._start_batching()
        return split

    def _start_batching(self) -> None:
        """Set the one-hot labels and a fresh batch sequence from the seed."""
        vars(self).update(
            labels=np.eye(N_CLASSES, dtype=np.float32)[self.digits],
            _batches=_IndexStream(np.random.default_rng(self.seed), self.num_examples),
        )

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
        return self._batches.take(n_batches * batch_size).reshape(n_batches, batch_size)

    def reseeded(self, seed: int) -> DataSet:
        """Return the same split with a fresh batch sequence drawn from ``seed``.

        The arrays are shared, not copied, so this is cheap: read-only arrays
        (those of :func:`load_mnist`) are not checked again, writable ones are,
        since they may have changed.

        Examples
        --------
        >>> import numpy as np
        >>> import mnist_tutorial as mt
        >>> tiny = mt.DataSet(np.zeros((6, 784), dtype=np.float32), np.arange(6), seed=1)
        >>> first = tiny.batch_indices(2, 3)
        >>> bool(np.array_equal(tiny.reseeded(1).batch_indices(2, 3), first))
        True
        """
        if any(array.flags.writeable for array in (self.images, self.pixels) if array is not None):
            return DataSet(self.images, self.digits, seed=seed, pixels=self.pixels)
        check_count("seed", seed, 0, None)
        return DataSet._of_checked_arrays(self.images, self.digits, seed, self.pixels)


def _check_pixels(pixels, images: np.ndarray) -> None:
    """Raise ``ValueError`` unless ``pixels`` are the uint8 intensities that ``images`` scale."""
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
    differs = ~np.isclose(images, _scale(pixels), rtol=0, atol=1e-6)
    if differs.any():
        row = int(np.argmax(differs.any(axis=1)))
        raise ValueError(
            f"images and pixels disagree ({int(differs.sum())} values, the first in image "
            f"{row}): images must equal pixels / 255, as load_mnist makes them. Pass "
            "images=pixels / 255, or leave pixels out."
        )


class _IndexStream:
    """TensorFlow 1's batch order: one random permutation per epoch, the epochs joined.

    A batch that crosses the end of an epoch takes the epoch's remaining indices, then the
    start of the next permutation, so every batching reads consecutive pieces of this stream.
    """

    def __init__(self, generator: np.random.Generator, n_examples: int):
        self.generator = generator
        self.n_examples = n_examples
        self.rest = np.empty(0, dtype=np.int64)  # what is left of the current epoch

    def take(self, count: int) -> np.ndarray:
        """Return the next ``count`` indices, drawing a new permutation whenever an epoch ends."""
        if count <= self.rest.size:  # inside the current epoch: a view, nothing copied
            taken, self.rest = self.rest[:count], self.rest[count:]
            return taken
        n_epochs = math.ceil((count - self.rest.size) / self.n_examples)  # at least one
        new_epochs = [self.generator.permutation(self.n_examples) for _ in range(n_epochs)]
        stream = np.concatenate([self.rest, *new_epochs])
        self.rest = stream[count:].copy()  # a view would keep the whole stream in memory
        return stream[:count]


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
        Seed of the generator that shuffles the training batches, 0 or more. The
        validation and test splits get ``seed + 1`` and ``seed + 2``.

    Returns
    -------
    mnist : MNIST
        A named tuple of three :class:`DataSet`: ``train`` (60,000 minus
        ``validation_size`` images), ``validation`` and ``test`` (10,000).

    Raises
    ------
    ValueError
        If ``validation_size`` is not an integer from 0 to 60,000, ``seed`` is
        not an integer of at least 0, or ``data_dir`` is not a path.
    MNISTFileError
        If a file is missing, cannot be downloaded, or fails its SHA-256 check.

    See Also
    --------
    read_idx : Reads one IDX file.
    DataSet.next_batch : Draws batches as TensorFlow 1 did.

    Notes
    -----
    Every file is decompressed and verified by the SHA-256 of its decompressed
    content the first time a process reads it; the process then keeps the
    decoded arrays, so a later load of the unchanged files costs almost
    nothing. Pixel values are scaled as TensorFlow 1 did,
    ``float32(pixel) * float32(1 / 255)``; each split also keeps the unscaled
    uint8 intensities as ``pixels``. The image and pixel arrays are read-only,
    so that every load in a process can share them.

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
    check_count("seed", seed, 0, None)
    arrays = {name: _decoded(path, name) for name, path in locate_mnist(data_dir).items()}
    train_images, train_pixels = _images_and_pixels(arrays, "train-images-idx3-ubyte.gz")
    train_digits = arrays["train-labels-idx1-ubyte.gz"].astype(np.int64)
    test_images, test_pixels = _images_and_pixels(arrays, "t10k-images-idx3-ubyte.gz")
    test_digits = arrays["t10k-labels-idx1-ubyte.gz"].astype(np.int64)
    kept, held_out = slice(validation_size, None), slice(None, validation_size)
    split = DataSet._of_checked_arrays  # the images are the verified pixels, scaled here
    return MNIST(
        train=split(train_images[kept], train_digits[kept], seed, train_pixels[kept]),
        validation=split(
            train_images[held_out], train_digits[held_out], seed + 1, train_pixels[held_out]
        ),
        test=split(test_images, test_digits, seed + 2, test_pixels),
    )


# The float32 images of each decoded image file: (the decoded array, its images). A repeated
# load_mnist() shares them instead of allocating 220 MB again.
_SCALED: dict[str, tuple[np.ndarray, np.ndarray]] = {}


def _images_and_pixels(arrays: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, np.ndarray]:
    """The read-only float32 images and flat uint8 pixels of an image file, scaled once."""
    pixels = arrays[name].reshape(len(arrays[name]), N_PIXELS)  # a view, read-only like its base
    if name not in _SCALED or _SCALED[name][0] is not arrays[name]:
        images = _scale(pixels)
        images.flags.writeable = False
        _SCALED[name] = (arrays[name], images)
    return _SCALED[name][1], pixels


def _scale(pixels: np.ndarray) -> np.ndarray:
    """Scale uint8 intensities to float32 in [0, 1], computed in float32 as TensorFlow 1 did."""
    return np.multiply(pixels, np.float32(1.0 / 255.0), dtype=np.float32)
