"""Read, verify, download and split the MNIST database of handwritten digits."""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.client
import math
import os
import time
import urllib.request
import warnings
import weakref
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import platformdirs

from . import _checks
from ._checks import N_CLASSES, N_PIXELS, as_digits, as_images, check_count

#: Public mirrors of the original gzip files, tried in this order.
#:
#: See Also
#: --------
#: fetch_mnist : Downloads from them, or from the mirrors it is given.
#:
#: Examples
#: --------
#: >>> import mnist_tutorial as mt
#: >>> mt.MNIST_MIRRORS[0]
#: 'https://storage.googleapis.com/cvdf-datasets/mnist/'
MNIST_MIRRORS: tuple[str, ...] = (
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
)

N_TRAINING_IMAGES = 60_000


class MNISTFile(NamedTuple):
    """What we know of one MNIST file: its shape and the hash that proves it is intact.

    The entries of :data:`MNIST_FILES` are of this type; :func:`fetch_mnist` and
    :func:`load_mnist` check every file against its entry.

    Attributes
    ----------
    shape : tuple of int
        The shape of the array the file holds: (n_samples, 28, 28) for images,
        (n_samples,) for labels.
    content_sha256 : str
        SHA-256 of the decompressed IDX content, in hex (true of any faithful
        re-compression of the file).
    content_size : int
        Bytes of the decompressed IDX file: its header, then one byte per value.

    See Also
    --------
    MNIST_FILES : The registry of the four files.
    read_idx : Reads an IDX file into an array of this shape.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> labels = mt.MNIST_FILES["t10k-labels-idx1-ubyte.gz"]
    >>> labels.shape, labels.content_size  # an 8-byte header, then one byte per label
    ((10000,), 10008)
    """

    shape: tuple[int, ...]
    content_sha256: str

    @property
    def content_size(self) -> int:
        """Bytes of the decompressed IDX file: its header, then one byte per value."""
        return 4 + 4 * len(self.shape) + int(np.prod(self.shape))


#: The registry of the four files: the shape and content hash of each.
#:
#: See Also
#: --------
#: MNISTFile : The type of each entry.
#: fetch_mnist : Checks every download against it.
#:
#: Examples
#: --------
#: >>> import mnist_tutorial as mt
#: >>> for name, entry in mt.MNIST_FILES.items():
#: ...     print(name, entry.shape)
#: train-images-idx3-ubyte.gz (60000, 28, 28)
#: train-labels-idx1-ubyte.gz (60000,)
#: t10k-images-idx3-ubyte.gz (10000, 28, 28)
#: t10k-labels-idx1-ubyte.gz (10000,)
MNIST_FILES: dict[str, MNISTFile] = {
    "train-images-idx3-ubyte.gz": MNISTFile(
        (60_000, 28, 28), "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
    ),
    "train-labels-idx1-ubyte.gz": MNISTFile(
        (60_000,), "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
    ),
    "t10k-images-idx3-ubyte.gz": MNISTFile(
        (10_000, 28, 28), "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
    ),
    "t10k-labels-idx1-ubyte.gz": MNISTFile(
        (10_000,), "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"
    ),
}

# IDX type codes (third byte of the magic number) and the big-endian dtypes they mean.
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


class IdxFormatError(ValueError):
    """An IDX file is malformed: wrong magic number, type code, length, or compression.

    Raised by :func:`read_idx`; its message names the file and what is wrong with
    it. A ``ValueError``, so ``except ValueError`` catches it too.

    See Also
    --------
    MNISTFileError : Raised instead when one of the four MNIST files is bad.
    read_idx : Reads an IDX file.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import mnist_tutorial as mt
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "five.idx")  # declares 5 unsigned bytes, holds 2
    ...     _ = path.write_bytes(bytes([0, 0, 8, 1, 0, 0, 0, 5, 1, 2]))
    ...     try:
    ...         mt.read_idx(path)
    ...     except mt.IdxFormatError as error:
    ...         print(str(error).partition(" is ")[2])
    truncated: its header declares shape (5,) (5 bytes of data) but the body holds 2 bytes.
    """


class MNISTFileError(ValueError):
    """An MNIST file is missing, corrupted, or not the file it claims to be.

    Raised by :func:`load_mnist`, :func:`locate_mnist` and :func:`fetch_mnist`
    when a file is not in the folder given, cannot be downloaded, or fails its
    SHA-256 check; its message says where the files were looked for and how to
    provide them. A ``ValueError``, so ``except ValueError`` catches it too.

    See Also
    --------
    IdxFormatError : Raised by :func:`read_idx` for any malformed IDX file.
    MNIST_FILES : The shape and hash each file is checked against.

    Examples
    --------
    >>> import tempfile
    >>> import mnist_tutorial as mt
    >>> with tempfile.TemporaryDirectory() as empty:
    ...     try:
    ...         mt.load_mnist(empty)
    ...     except mt.MNISTFileError as error:
    ...         print("lacks train-images-idx3-ubyte.gz" in str(error))
    True
    """


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
        If ``path`` is not a path, or names a folder.
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
    path = _checks.as_file_path("path", path)
    content = _decompressed(path, str(path), gzip_required=path.suffix == ".gz")
    return np.require(_idx_array(content, str(path)), requirements="W")  # a copy of its own


def _idx_array(content: bytes, label: str) -> np.ndarray:
    """The array that an IDX file's decompressed ``content`` holds, a read-only view if it can.

    The one IDX reader: :func:`read_idx` and :func:`load_mnist` both decode with it.
    """
    magic = content[:2] == b"\x00\x00" and len(content) >= 4
    type_code, n_dimensions = content[2:4] if magic else (None, 0)
    if type_code not in _IDX_DTYPES:
        problem = f"unknown IDX type code {type_code:#04x}" if magic else "no IDX magic number"
        raise IdxFormatError(f"{label} has {problem} (two zero bytes, then a type code).")
    dtype, body_start = np.dtype(_IDX_DTYPES[type_code]), 4 + 4 * n_dimensions
    if len(content) < body_start:
        raise IdxFormatError(f"{label} is truncated inside its header.")
    shape = tuple(np.frombuffer(content, ">u4", count=n_dimensions, offset=4).tolist())
    expected, actual = math.prod(shape) * dtype.itemsize, len(content) - body_start  # exact
    if actual != expected:
        problem = "truncated" if actual < expected else "followed by trailing bytes"
        raise IdxFormatError(
            f"{label} is {problem}: its header declares shape {shape} ({expected} bytes of data) "
            f"but the body holds {actual} bytes."
        )
    array = np.frombuffer(content, dtype=dtype, offset=body_start).reshape(shape)
    return array.astype(dtype.newbyteorder("="), copy=False)


def _decompressed(path: Path, label: str, *, gzip_required: bool, limit=-1) -> bytes:
    """Return the file's bytes, decompressed if it is gzip, refusing more than ``limit`` bytes.

    ``label`` names the file in messages. Reading stops one byte past ``limit``, so a
    file that expands without end costs no more memory than the real one.
    """
    with open(path, "rb") as handle:
        compressed = handle.read(2) == b"\x1f\x8b"  # the gzip signature
    if not compressed and gzip_required:
        raise IdxFormatError(f"{label} ends in .gz but is not gzip-compressed.")
    try:
        with gzip.open(path) if compressed else open(path, "rb") as stream:
            content = stream.read(limit + 1 if limit >= 0 else -1)
    except (OSError, EOFError, zlib.error) as error:
        raise IdxFormatError(f"{label} is a corrupt or truncated gzip file ({error}).") from error
    if 0 <= limit < len(content):
        raise IdxFormatError(f"{label} expands past {limit} bytes, more than the real file.")
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

    See Also
    --------
    fetch_mnist : Downloads the files into this folder.
    load_mnist : Loads MNIST, from here when no folder is given.

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

    See Also
    --------
    load_mnist : Finds the files this way, then reads and splits them.
    fetch_mnist : Downloads the files to the cache.
    cache_folder : Where downloads go.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> sorted(mt.locate_mnist())[0]  # doctest: +SKIP
    't10k-images-idx3-ubyte.gz'
    """
    source = "data_dir"
    if data_dir is None:
        source, data_dir = "$MNIST_TUTORIAL_DATA", os.environ.get("MNIST_TUTORIAL_DATA")
        if not data_dir:
            return fetch_mnist()
    folder = _checks.as_path("data_dir", data_dir)
    if missing := [name for name in MNIST_FILES if not (folder / name).is_file()]:
        problem = "is not a folder" if folder.exists() else "does not exist"
        problem = f"lacks {', '.join(missing)}" if folder.is_dir() else problem
        raise MNISTFileError(
            f"{source} ({folder}) {problem}. Pass the folder that holds the four MNIST .gz files "
            "(--data-dir on the command line), or unset $MNIST_TUTORIAL_DATA and pass no "
            f"data_dir so that they are downloaded to {cache_folder()}."
        )
    return {name: folder / name for name in MNIST_FILES}


def fetch_mnist(
    cache_dir: str | os.PathLike | None = None,
    *,
    mirrors: Sequence[str] | None = None,
    progressbar: bool = True,
    timeout: float = 60.0,
    time_limit: float = 600.0,
    minimum_speed: float = 1000.0,
    speed_window: float = 30.0,
) -> dict[str, Path]:
    """Download any MNIST file missing from the cache, verify it, and return the paths.

    Parameters
    ----------
    cache_dir : str or path-like, optional
        Where the files are kept; :func:`cache_folder` by default. A folder for
        these files alone (see Notes).
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
    minimum_speed : float, default=1000.0
        Bytes per second a mirror must deliver, on average over every
        ``speed_window`` seconds, or be abandoned for the next (as curl's
        ``--speed-limit``); 0 turns this rule off.
    speed_window : float, default=30.0
        Seconds over which the speed is measured (as curl's ``--speed-time``).

    Returns
    -------
    paths : dict of str to pathlib.Path
        The path of each file in the cache, each one checked.

    Raises
    ------
    ValueError
        If ``cache_dir`` is not a path, ``mirrors`` is a single string or empty,
        ``timeout``, ``time_limit`` or ``speed_window`` is not a finite number
        above zero, or ``minimum_speed`` not one of at least zero.
    MNISTFileError
        If the cache folder cannot be made, or no mirror delivered a file that
        passes its check. Nothing that failed its check is left in the cache.

    See Also
    --------
    load_mnist : Downloads this way when given no folder, then loads MNIST.
    locate_mnist : Finds the files in a folder, or downloads them.
    cache_folder : The default ``cache_dir``.
    MNIST_MIRRORS : The default ``mirrors``.

    Notes
    -----
    pooch (:meth:`pooch.Pooch.fetch`) keeps each download under a temporary
    name of its own until it is complete (so that several processes can
    download at once), deletes it if the download fails or is interrupted, and
    moves it into place. The download itself is this module's, given to pooch
    as its downloader: it tries the mirrors in turn, gives up on one that is
    too slow (pooch's downloader reads 1 kB at a time, so a mirror sending a
    few bytes a second holds it for minutes before any rule could see it), and
    checks the file exactly as :func:`load_mnist` reads it, before pooch moves
    it: it must be gzip-compressed, expand to the known size of the original,
    and the SHA-256 of its decompressed content must be the published one (a
    hash of the compressed file, which pooch checks, would refuse a faithful
    re-compression). A cached file that fails the same check (damaged since) is
    deleted and downloaded again, and a temporary file left by a process that
    was killed (pooch names them ``tmp`` and 8 letters, digits or ``_``) is
    deleted once it is older than ``time_limit + timeout`` seconds (and at least
    an hour), which no running download can be.

    A mirror is abandoned when it sends nothing for ``timeout`` seconds, when a
    file takes longer than ``time_limit``, or when a stretch of at least
    ``speed_window`` seconds brings fewer than ``minimum_speed`` bytes a
    second: by default, a mirror below 1,000 bytes/s over 30 s (a file of MNIST
    would take hours) is given up after about half a minute. The speed is
    measured as bytes arrive, so a mirror silent for longer is ended by
    ``timeout``.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> paths = mt.fetch_mnist()  # doctest: +SKIP
    """
    folder = _checks.as_path("cache_dir", cache_dir) if cache_dir is not None else cache_folder()
    source = "mirrors" if mirrors is not None else "$MNIST_TUTORIAL_MIRRORS"
    if mirrors is None:  # the variable's URLs, else MNIST_MIRRORS (which pass the check)
        listed = [url.strip() for url in os.environ.get("MNIST_TUTORIAL_MIRRORS", "").split(",")]
        mirrors = [url for url in listed if url] or MNIST_MIRRORS
    mirrors = _checks.as_urls(source, mirrors)
    limits = _checks.download_limits(timeout, time_limit, minimum_speed, speed_window)
    _make_folder(folder)
    _remove_stale_parts(folder, max(3600.0, time_limit + timeout))
    paths = {name: folder / name for name in MNIST_FILES}
    for name, path in paths.items():
        if not _is_intact(path, name):
            stream = functools.partial(_stream, name=name, progressbar=progressbar, limits=limits)
            _download(name, folder, mirrors, stream)
    return paths


def _make_folder(folder: Path) -> None:
    """Create the cache folder, or raise ``MNISTFileError`` saying why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        problem = "is a file, not a folder" if isinstance(error, FileExistsError) else error
        raise MNISTFileError(
            f"The cache folder {folder} {problem}. Set $MNIST_TUTORIAL_CACHE (or pass "
            "cache_dir) to a folder you can write, or pass data_dir to a folder of the files."
        ) from error


def _remove_stale_parts(folder: Path, age: float) -> None:
    """Delete pooch's temporary files untouched for ``age`` seconds (a killed process's)."""
    for partial in folder.glob("tmp????????"):  # the names of tempfile, which pooch uses
        with contextlib.suppress(OSError):  # deleted meanwhile, or not ours to delete
            if partial.is_file() and time.time() - partial.stat().st_mtime > age:
                partial.unlink()


def _is_intact(path: Path, name: str) -> bool:
    """Whether the cached file passes its check; a damaged one is deleted, to be fetched again."""
    if path.is_dir():
        raise MNISTFileError(f"{path} is a folder, not the MNIST file {name}. Remove it.")
    try:
        return _decoded(path, name) is not None  # a stamp: the file is read and verified
    except (MNISTFileError, OSError):  # missing (FileNotFoundError), unreadable, or damaged
        path.unlink(missing_ok=True)
        return False


def _download(name: str, folder: Path, mirrors: tuple[str, ...], stream) -> None:
    """Try each mirror until one delivers a file that passes its check, kept by pooch.

    :meth:`pooch.Pooch.fetch` gives each try a temporary file, deletes it on any
    failure, and moves it into place once ``stream`` (:func:`_stream`) has checked it.
    """
    from tqdm import TqdmWarning

    # pooch imports tqdm.auto, which warns "IProgress not found" in a notebook without ipywidgets
    with warnings.catch_warnings(action="ignore", category=TqdmWarning):
        import pooch
    failures = []
    for mirror in mirrors:
        try:
            pooch.create(folder, mirror, registry={name: None}).fetch(name, downloader=stream)
            return
        except (OSError, ValueError, http.client.HTTPException) as error:
            failures.append(f"  {mirror.rstrip('/')}/{name}: {error}")
    raise MNISTFileError(
        f"Could not download {name} into {folder}:\n" + "\n".join(failures) + "\nConnect to "
        "the internet, or set $MNIST_TUTORIAL_DATA to a folder of the four MNIST files (or pass "
        "data_dir, --data-dir on the command line), or list mirrors in $MNIST_TUTORIAL_MIRRORS."
    )


def _stream(url: str, file: str, _, *, name: str, progressbar: bool, limits: tuple) -> None:
    """Download ``url`` into ``file`` and check it as :func:`load_mnist` reads it (for pooch).

    The download stops when the mirror is too slow or sends more than any gzip of the
    file can hold (deflate adds less than 0.1%); ``limits`` are fetch_mnist's four.
    """
    from tqdm.std import tqdm  # not tqdm.auto, which warns in a Jupyter kernel without ipywidgets

    bar = {"desc": name, "unit": "B", "unit_scale": True, "disable": not progressbar}
    try:
        with (
            urllib.request.urlopen(url, timeout=limits[0]) as response,
            open(file, "wb") as output,
            tqdm(total=response.length, **bar) as progress,
        ):
            _copy(response, output, progress.update, MNIST_FILES[name].content_size, limits)
    except TimeoutError as error:
        raise TimeoutError(f"this mirror sent nothing for {limits[0]:g} s (timeout).") from error
    array = _read_mnist_file(Path(file), name, f"the downloaded {name}", "; it was not kept")
    _DECODED[name] = (_stamp(Path(file)), array)  # a move keeps the stamp: loads reuse it


def _copy(response, output, progress, size: int, limits: tuple) -> None:
    """Copy ``response`` into ``output``; stop a mirror too slow, or sending too much.

    A gzip of ``size`` bytes is at most 0.1% larger, plus its header. The speed is
    measured over consecutive stretches of at least ``speed_window`` seconds.
    """
    _, time_limit, minimum_speed, speed_window = limits
    started = window_start = time.monotonic()
    window_bytes, largest = 0, size * 1001 // 1000 + 1024
    while chunk := response.read1(1 << 16):
        output.write(chunk)
        progress(len(chunk))
        now, received = time.monotonic(), output.tell()
        if received > largest:
            raise MNISTFileError(f"the mirror sent more than {largest} bytes, more than any gzip.")
        if now - started > time_limit:
            raise MNISTFileError(f"this mirror is too slow: time limit of {time_limit:g} s is up.")
        if now - window_start >= speed_window:
            if received - window_bytes < minimum_speed * (now - window_start):
                raise MNISTFileError(
                    f"this mirror is too slow: {received - window_bytes} bytes in "
                    f"{now - window_start:.1f} s, under minimum_speed={minimum_speed:g} bytes/s."
                )
            window_start, window_bytes = now, received


# --------------------------------------------------------------------------------------
# Verified decoding
# --------------------------------------------------------------------------------------

# The files this process has decoded, by name: (stamp of the file, its read-only array).
# Every one passed its SHA-256 check when read, so a later load of the same unchanged file
# (same device, inode, size and modification time) reuses the array instead of reading it.
_DECODED: dict[str, tuple[tuple, np.ndarray]] = {}


def _stamp(path: Path) -> tuple:
    """What tells one version of a file from another without reading it; a move keeps it."""
    status = path.stat()
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _decoded(path: Path, name: str) -> tuple:
    """Put an MNIST file's verified array in ``_DECODED``, reading it only if it changed.

    Returns the file's stamp, which keys the array there.
    """
    stamp = _stamp(path)
    if name not in _DECODED or _DECODED[name][0] != stamp:
        advice = "; delete it and download it again"
        _DECODED[name] = (stamp, _read_mnist_file(path, name, str(path), advice))
    return stamp


def _read_mnist_file(path: Path, name: str, label: str, advice: str) -> np.ndarray:
    """Decode an MNIST file, checking its compression, its size and its content's SHA-256.

    A file that fails a check raises ``MNISTFileError``: the message names it by
    ``label`` and ends with ``advice``. Returns a read-only view of the decompressed
    bytes, not a copy: the labels, or the images flattened to one row of 784 pixels
    each. The hash fixes every byte.
    """
    size, sha256 = MNIST_FILES[name].content_size, MNIST_FILES[name].content_sha256
    try:
        content = _decompressed(path, label, gzip_required=True, limit=size)
        if hashlib.sha256(content).hexdigest() != sha256:
            raise IdxFormatError(
                f"{label} is corrupt or not the MNIST file {name}: the SHA-256 of its "
                "decompressed content differs from the published one."
            )
        array = _idx_array(content, label)
    except IdxFormatError as error:  # the same message, ending with the advice
        raise MNISTFileError(f"{str(error).removesuffix('.')}{advice}.") from error
    return array.reshape(len(array), N_PIXELS) if array.ndim == 3 else array


# --------------------------------------------------------------------------------------
# Splits and batches
# --------------------------------------------------------------------------------------


class DataSet:
    """One split of MNIST: images, one-hot labels, digits, and TensorFlow 1's batching.

    Each image comes with its digit and its :term:`label <one-hot>`, the digit
    :term:`one-hot` encoded; :meth:`next_batch` draws :term:`mini-batches
    <mini-batch>` in an order fixed by the :term:`seed`.

    A DataSet does not change once made: its arrays are read-only (a writable
    array given is copied first) and its attributes cannot be set, so digits
    and labels always agree and :meth:`reseeded` can share them.

    Parameters
    ----------
    images : array-like of shape (n_samples, 784), or None
        Pixel intensities in [0, 1], one flattened 28x28 image per row; kept as
        float32 (converted if need be). None when ``pixels`` are given.
    digits : array-like of shape (n_samples,)
        The true digit of each image, as integers 0-9; kept as int64.
    seed : int, default=0
        Seed of the NumPy generator that shuffles the batches, 0 or more.
    pixels : numpy.ndarray of shape (n_samples, 784), optional
        The uint8 intensities 0-255 from which the DataSet makes its images,
        ``pixels * numpy.float32(1 / 255)``, as TensorFlow 1 computed them
        (pass ``images=None``). Training copies the pixels, a quarter of the
        memory of the float32 images; a DataSet built from floats has ``None``.

    Attributes
    ----------
    images : numpy.ndarray of shape (n_samples, 784)
        The float32 pixel intensities in [0, 1], one flattened image per row;
        read-only.
    digits : numpy.ndarray of shape (n_samples,)
        The int64 true digit 0-9 of each image; read-only.
    labels : numpy.ndarray of shape (n_samples, 10)
        The digits one-hot encoded as float32; read-only.
    pixels : numpy.ndarray of shape (n_samples, 784), or None
        The uint8 intensities 0-255 the images were made from, or None for a
        DataSet built from floats; read-only.
    seed : int
        The seed of the generator that shuffles the batches.
    num_examples : int
        The number of images.

    Raises
    ------
    ValueError
        If ``images`` is not of shape (n_samples, 784), holds NaN, infinities or
        values outside [0, 1] (8-bit pixels must be divided by 255 first, or
        passed as ``pixels``), or is given with ``pixels``; if ``pixels`` are not
        uint8 of shape (n_samples, 784); if ``digits`` are not one digit 0-9 per
        image; or if ``seed`` is not an integer of at least 0.

    See Also
    --------
    load_mnist : Returns MNIST's three splits, each a DataSet.
    MNIST : The named tuple of those three splits.

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

    def __init__(self, images, digits, seed: int = 0, pixels: np.ndarray | None = None):
        check_count("seed", seed, 0, None)
        pixels = None if pixels is None else _read_only(_checks.as_pixels(pixels, images))
        images = _read_only(as_images("images", images)) if pixels is None else _scaled(pixels)
        digits = as_digits("digits", digits, n_samples=len(images))  # a new array
        labels = np.eye(N_CLASSES, dtype=np.float32)[digits]
        digits.flags.writeable = labels.flags.writeable = False
        self._arrays, self._seed = (images, digits, labels, pixels), int(seed)
        # The batches' generator, and what is left of the current epoch's permutation.
        self._generator, self._rest = np.random.default_rng(seed), np.empty(0, dtype=np.int64)

    images = property(lambda self: self._arrays[0], doc="The float32 images, read-only.")
    digits = property(lambda self: self._arrays[1], doc="The int64 digits, read-only.")
    labels = property(lambda self: self._arrays[2], doc="The one-hot labels, read-only.")
    pixels = property(lambda self: self._arrays[3], doc="The uint8 pixels or None, read-only.")
    seed = property(lambda self: self._seed, doc="The seed of the batches' generator.")
    num_examples = property(lambda self: len(self._arrays[0]), doc="The number of images.")

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
            How many batches to draw; ``n_batches * batch_size`` may be at
            most 20,000,000 (``MAX_TRAINING_IMAGES``), 160 MB of indices.
        batch_size : int
            Examples per batch, from 1 to ``num_examples``.

        Returns
        -------
        indices : numpy.ndarray of shape (n_batches, batch_size)
            Row ``i`` holds the indices of the images of batch ``i``.

        Notes
        -----
        Every batching reads consecutive pieces of one stream of indices: a
        random permutation per epoch, the epochs joined. A batch that crosses
        the end of an epoch takes the epoch's remaining indices, then the start
        of the next permutation.

        Examples
        --------
        >>> import numpy as np
        >>> import mnist_tutorial as mt
        >>> tiny = mt.DataSet(np.zeros((5, 784), dtype=np.float32), np.arange(5), seed=0)
        >>> np.sort(tiny.batch_indices(1, 5)[0])  # one epoch holds every image once
        array([0, 1, 2, 3, 4])
        """
        _checks.check_batches(n_batches, batch_size, self.num_examples)
        count = n_batches * batch_size
        if count <= self._rest.size:  # inside the current epoch: a view, nothing copied
            taken, self._rest = self._rest[:count], self._rest[count:]
            return taken.reshape(n_batches, batch_size)
        n_epochs = math.ceil((count - self._rest.size) / self.num_examples)  # at least one
        new_epochs = [self._generator.permutation(self.num_examples) for _ in range(n_epochs)]
        stream = np.concatenate([self._rest, *new_epochs])
        self._rest = stream[count:].copy()  # a view would keep the whole stream in memory
        return stream[:count].reshape(n_batches, batch_size)

    def reseeded(self, seed: int) -> DataSet:
        """Return the same split with a fresh batch sequence drawn from ``seed``.

        The read-only arrays are shared, not copied: images made from pixels are
        not scaled again, and images given as floats are only checked again.

        Parameters
        ----------
        seed : int
            Seed of the new batch sequence, 0 or more; the DataSet's own
            ``seed`` starts the sequence over from the beginning.

        Returns
        -------
        dataset : DataSet
            The same images, digits and labels; its batching starts afresh,
            and this DataSet's batching is left where it was.

        Raises
        ------
        ValueError
            If ``seed`` is not an integer of at least 0.

        Examples
        --------
        >>> import numpy as np
        >>> import mnist_tutorial as mt
        >>> tiny = mt.DataSet(np.zeros((6, 784), dtype=np.float32), np.arange(6), seed=1)
        >>> first = tiny.batch_indices(2, 3)
        >>> bool(np.array_equal(tiny.reseeded(1).batch_indices(2, 3), first))
        True
        """
        images = None if self.pixels is not None else self.images
        return DataSet(images, self.digits, seed, self.pixels)


def _read_only(array: np.ndarray) -> np.ndarray:
    """``array`` if it is read-only, else a read-only copy, which no one else can change."""
    array = array.copy() if array.flags.writeable else array
    array.flags.writeable = False
    return array


# The images made from each read-only pixel array, by its id, while that array lives:
# reseeded() and a repeated load_mnist() share them instead of scaling them again.
_SCALED: dict[int, np.ndarray] = {}


def _scaled(pixels: np.ndarray) -> np.ndarray:
    """``pixels * float32(1 / 255)`` in float32, read-only, as TensorFlow 1 scaled them."""
    if id(pixels) not in _SCALED:
        images = pixels * np.float32(1 / 255)  # in float32, as TensorFlow 1 computed them
        images.flags.writeable = False
        _SCALED[id(pixels)] = images
        weakref.finalize(pixels, _SCALED.pop, id(pixels), None)
    return _SCALED[id(pixels)]


class MNIST(NamedTuple):
    """The three splits the blog used, as :func:`load_mnist` returns them.

    A named tuple of the :term:`training set`, the :term:`validation set` and
    the :term:`test set`: ``mnist.train``, or ``train, validation, test = mnist``.

    Attributes
    ----------
    train : DataSet
        The training images: the 60,000 of MNIST's training file minus the
        first ``validation_size`` (55,000 by default).
    validation : DataSet
        The first ``validation_size`` images of the training file (5,000 by
        default), held out to choose settings without touching the test set.
    test : DataSet
        The 10,000 images of MNIST's test file.

    See Also
    --------
    load_mnist : Reads the files and makes the splits.
    DataSet : What each split is.

    Examples
    --------
    >>> import mnist_tutorial as mt
    >>> mnist = mt.load_mnist()
    >>> train, validation, test = mnist
    >>> train.num_examples, validation.num_examples, test.num_examples
    (55000, 5000, 10000)
    >>> mnist.test is test
    True
    """

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
    locate_mnist : Finds the four files without reading them.
    fetch_mnist : Downloads them to the cache.
    cache_folder : Where downloads go.
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
    # Each file read and verified, unless unchanged since the last time.
    stamps = tuple(_decoded(path, name) for name, path in locate_mnist(data_dir).items())
    train, validation, test = _splits(validation_size, stamps)
    return MNIST(train.reseeded(seed), validation.reseeded(seed + 1), test.reseeded(seed + 2))


@functools.lru_cache(maxsize=1)  # the last load's splits only: a train split takes 172 MB
def _splits(validation_size: int, stamps: tuple) -> tuple[DataSet, DataSet, DataSet]:
    """The splits TensorFlow 1 cut, from the verified files of these ``stamps`` (_DECODED)."""
    pixels, digits, test_pixels, test_digits = (_DECODED[name][1] for name in MNIST_FILES)
    kept, held_out = slice(validation_size, None), slice(None, validation_size)
    return (
        DataSet(None, digits[kept], pixels=pixels[kept]),
        DataSet(None, digits[held_out], pixels=pixels[held_out]),
        DataSet(None, test_digits, pixels=test_pixels),
    )
