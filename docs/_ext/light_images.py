"""Figures as light as they can be without losing a pixel, sized, and loaded when needed.

* The gallery saves its figures as lossless WebP (``webp_scraper``, named in
  ``sphinx_gallery_conf["image_scrapers"]``): the same pixels as the PNGs matplotlib
  writes by default, in under half the bytes (2.2 MB of PNG were 1.0 MB of WebP
  when we switched; issue 25).
* Every image of a page's text gets its ``width`` and ``height`` in pixels, so the
  browser keeps its place before it arrives (no layout shift; custom.css scales it
  down on narrow screens), and every image after the first loads lazily, when the
  reader scrolls near it. The first may be in the first screen, and is often the
  page's largest element.
* A matplotlib animation embedded as JavaScript (``to_jshtml``, page 04) carries its
  frames inside the page as base64 PNGs: 1.6 MB of HTML that a phone must read
  before it shows anything. The frames are written next to the figures as
  lossless WebP files instead, and each is fetched when the player first shows it.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from PIL import Image
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx_gallery.scrapers import matplotlib_scraper

logger = logging.getLogger(__name__)

#: What Pillow writes: lossless WebP at its slowest, smallest setting.
WEBP_OPTIONS = {"lossless": True, "method": 6}
IMAGE_TAG = re.compile(r"<img\b[^>]*>")
SOURCE = re.compile(r'\bsrc="([^"]+)"')
#: One frame of a jshtml animation, as matplotlib's HTMLWriter embeds it.
EMBEDDED_FRAME = re.compile(r'frames\[(\d+)\] = "data:image/png;base64,([A-Za-z0-9+/=\\\n]+)"')
#: The player's constructor fetching every frame at once, which we replace by the frame
#: addresses alone: set_frame gives the shown frame's address to its <img>.
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
    if not path.is_file():
        # Sphinx copies the images after writing the pages: read the source file.
        original = {name: src for src, name in app.builder.images.items()}
        source_file = original.get(path.name)
        if source_file is None:
            return None
        path = Path(app.srcdir) / source_file
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
    folder = Path(app.outdir) / "_images"
    folder.mkdir(parents=True, exist_ok=True)
    stem = "sphx_glr_" + pagename.rsplit("/", 1)[-1]
    size = None

    def write(match: re.Match) -> str:
        nonlocal size
        number, data = match.group(1), match.group(2).replace("\\\n", "")
        name = f"{stem}_frame_{int(number):02d}.webp"
        with Image.open(io.BytesIO(base64.b64decode(data))) as frame:
            frame.save(folder / name, **WEBP_OPTIONS)
            size = frame.size
        return f'frames[{number}] = "{context["pathto"]("_images/" + name, 1)}"'

    body = EMBEDDED_FRAME.sub(write, body).replace(PRELOAD, NO_PRELOAD)
    return body, size


def lighten_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Unembed the page's animation frames, then size its images and defer all but one."""
    if "body" not in context:
        return
    body, frame_size = unembed_frames(app, pagename, context)
    context["body"] = size_and_defer(app, body, frame_size)


def setup(app: Sphinx) -> dict:
    """Lighten every page after the other extensions have written their HTML."""
    app.connect("html-page-context", lighten_page, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
