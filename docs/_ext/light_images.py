"""Figures as light as they can be without losing a pixel, sized, and loaded when needed.

* The gallery saves its figures as lossless WebP (``webp_scraper``): the pixels of
  matplotlib's PNGs in under half the bytes (lesson one's ten figures: 590 kB of PNG,
  254 kB of WebP; issue 25). sphinx-gallery scales the thumbnails down from them with
  Pillow, as lossy WebP.
* Each image of a page's text gets its ``width`` and ``height``, so the browser keeps
  its place before it arrives (custom.css scales it down on narrow screens); all but
  the first, which may be in the first screen, load lazily.
* A matplotlib animation embedded as JavaScript (``to_jshtml``, page 04) carries its
  frames as base64 PNGs inside the page (1.6 MB of HTML a phone must read before it
  shows anything). They are written as lossless WebP files instead, each fetched
  when the player first shows it.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from PIL import Image
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx_gallery import glr_path_static
from sphinx_gallery.scrapers import matplotlib_scraper

logger = logging.getLogger(__name__)

#: Lossless WebP at Pillow's slowest, smallest setting.
WEBP_OPTIONS = {"lossless": True, "method": 6}
IMAGE_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""")  # a ">" may sit in alt="..."
SOURCE = re.compile(r'\bsrc="([^"]+)"')
#: One frame of a jshtml animation, as matplotlib's HTMLWriter embeds it.
EMBEDDED_FRAME = re.compile(r'frames\[(\d+)\] = "data:image/png;base64,([A-Za-z0-9+/=\\\n]+)"')
#: The player fetching every frame at once; without it, set_frame fetches the one shown.
PRELOAD = "this.frames[i] = new Image();\n     this.frames[i].src = frames[i];"
NO_PRELOAD = "this.frames[i] = {src: frames[i]};"


def webp_scraper(block, block_vars: dict, gallery_conf: dict) -> str:
    """sphinx-gallery's matplotlib scraper, saving lossless WebP instead of PNG."""
    return matplotlib_scraper(
        block, block_vars, gallery_conf, format="webp", pil_kwargs=WEBP_OPTIONS
    )


def _size(app: Sphinx, source: str) -> tuple[int, int] | None:
    """The pixel size of an image the page links to in ``_images/``, or None."""
    if "_images/" not in source:
        return None
    path = Path(app.outdir) / "_images" / source.rsplit("_images/", 1)[1]
    if not path.is_file():  # Sphinx copies the images after writing the pages
        original = {name: src for src, name in app.builder.images.items()}
        path = Path(app.srcdir) / original.get(path.name, "-")
    if path.suffix == ".svg" or not path.is_file():
        return None
    with Image.open(path) as image:
        return image.size


def size_and_defer(app: Sphinx, body: str, frame_size: tuple[int, int] | None) -> str:
    """Give each image its width and height, and all but the first ``loading="lazy"``."""
    count = 0

    def rewrite(match: re.Match) -> str:
        nonlocal count
        tag = match.group(0)
        source = SOURCE.search(tag)
        size = _size(app, source.group(1)) if source else frame_size
        extra = ""
        if size and "width=" not in tag and "height=" not in tag:
            extra += f' width="{size[0]}" height="{size[1]}"'
        if count and "loading=" not in tag:
            extra += ' loading="lazy"'
        count += 1
        end = -2 if tag.endswith("/>") else -1
        return tag[:end].rstrip() + extra + tag[end:]

    return IMAGE_TAG.sub(rewrite, body)


def unembed_frames(app: Sphinx, pagename: str, context: dict) -> tuple[str, tuple | None]:
    """Write an animation's embedded frames as WebP files; link the page to them."""
    body = context["body"]
    if not EMBEDDED_FRAME.search(body):
        return body, None
    if PRELOAD not in body:
        logger.warning(
            f"light_images: {pagename}'s animation player no longer reads as "
            "expected (matplotlib's template changed?); its frames stay inline."
        )
        return body, None
    folder, stem, size = Path(app.outdir) / "_images", "sphx_glr_" + pagename.rsplit("/")[-1], None
    folder.mkdir(parents=True, exist_ok=True)

    def write(match: re.Match) -> str:
        nonlocal size
        number, data = match.group(1), match.group(2).replace("\\\n", "")
        name = f"{stem}_frame_{int(number):02d}.webp"
        with Image.open(io.BytesIO(base64.b64decode(data))) as frame:
            frame.save(folder / name, **WEBP_OPTIONS)
            size = frame.size
        return f'frames[{number}] = "{context["pathto"]("_images/" + name, 1)}"'

    return EMBEDDED_FRAME.sub(write, body).replace(PRELOAD, NO_PRELOAD), size


def lighten_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Unembed the page's animation frames, then size its images and defer all but one."""
    if "body" not in context:
        return
    body, frame_size = unembed_frames(app, pagename, context)
    context["body"] = size_and_defer(app, body, frame_size)


def webp_placeholder(app: Sphinx, config) -> None:
    """Make the thumbnail of a page the build did not run a WebP, like the real ones.

    Where a page has thumbnails in two formats, sphinx-gallery shows the PNG: a PNG
    placeholder left by a narrowed build would hide the real WebP thumbnail for good.
    """
    conf = config.sphinx_gallery_conf
    if conf.get("default_thumb_file"):
        return
    placeholder = Path(app.doctreedir) / "sphx_glr_no_image.webp"
    if not placeholder.is_file():
        placeholder.parent.mkdir(parents=True, exist_ok=True)
        with Image.open(Path(glr_path_static()) / "no_image.png") as image:
            image.save(placeholder, **WEBP_OPTIONS)
    conf["default_thumb_file"] = str(placeholder)


def drop_old_png_thumbnails(app: Sphinx) -> None:
    """Delete each PNG thumbnail that a WebP one replaces (see ``webp_placeholder``)."""
    gallery = Path(app.srcdir) / app.config.sphinx_gallery_conf["gallery_dirs"]
    for thumbnail in gallery.glob("**/images/thumb/*_thumb.png"):
        if thumbnail.with_suffix(".webp").is_file():
            thumbnail.unlink()


def setup(app: Sphinx) -> dict:
    """Lighten every page after the other extensions have written their HTML."""
    app.connect("config-inited", webp_placeholder, priority=5)  # before sphinx-gallery's
    app.connect("builder-inited", drop_old_png_thumbnails, priority=400)  # before the gallery
    app.connect("html-page-context", lighten_page, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
