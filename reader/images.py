"""Article images: fetched through the bounded fetcher, decoded under a pixel cap, cached small on disk.

Core (no textual, no rich). ``load(url, cache_dir)`` never raises into the caller: it returns an
``ImageResult`` with either a small RGB Pillow image or a one-line reason ("not an image",
"too large: 10000x10000 pixels (cap 40,000,000)", "timed out ...").

The pixel cap is checked from the header (Pillow reads the size without decoding the pixels)
before anything is decoded, so a 10,000 x 10,000 "bomb" costs a few bytes of reading, not
300 MB of memory. A picture under the cap is decoded with ``draft`` (JPEG: decoded at 1/2, 1/4
or 1/8 scale straight away) and shrunk to at most ``MAX_SIDE`` pixels; only that small copy is
kept, as a PNG named by the URL's hash under the cache dir, which is trimmed to ``cache_mb``
(oldest use first: a file's mtime is touched each time it is read).
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from reader.ingest.fetch import Limits, fetch

MAX_BYTES = 5_000_000  # an image's body, before and after decompression
MAX_PIXELS = 40_000_000  # decode cap (width x height): a 20-megapixel photo passes, 10,000 x 10,000 does not
MAX_SIDE = 400  # the kept copy's longest side, in pixels (a pane is at most a few hundred cells wide)
CACHE_MB = 50  # the disk cache's total size
TIMEOUT = 20  # seconds for one image, all redirects included
_ACCEPT = "image/png, image/jpeg, image/gif, image/webp, image/*;q=0.8"

_lock = threading.Lock()  # Pillow's MAX_IMAGE_PIXELS is global: set once, under a lock


@dataclass
class ImageResult:
    url: str
    image: object | None = None  # a PIL.Image.Image in RGB mode, at most MAX_SIDE on a side
    reason: str | None = None  # why there is no image (one line, without the URL)

    @property
    def ok(self) -> bool:
        return self.image is not None


def image_limits(timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Limits:
    return Limits(connect_timeout=min(10, timeout), read_timeout=min(15, timeout), deadline=timeout,
                  max_bytes=max_bytes, max_decoded_bytes=max_bytes, max_redirects=5)


def cache_path(cache_dir: Path, url: str) -> Path:
    return Path(cache_dir) / (hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:32] + ".png")


def decode(data: bytes, *, max_pixels: int = MAX_PIXELS, max_side: int = MAX_SIDE):
    """(image, None) or (None, reason): ``data`` decoded to a small RGB image under the pixel cap."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is a dependency
        return None, "Pillow is not installed"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with _lock:
                if Image.MAX_IMAGE_PIXELS is None:  # someone turned Pillow's own guard off: back on
                    Image.MAX_IMAGE_PIXELS = 2 * MAX_PIXELS
            try:
                im = Image.open(io.BytesIO(data))  # reads the header only
            except Image.DecompressionBombError:
                return None, f"too large (over {max_pixels:,} pixels)"
            width, height = im.size
            if width <= 0 or height <= 0:
                return None, "not an image (no size)"
            if width * height > max_pixels:  # refused before a single pixel is decoded
                return None, f"too large: {width}x{height} pixels (cap {max_pixels:,})"
            scale = min(1.0, max_side / max(width, height))
            target = (max(1, round(width * scale)), max(1, round(height * scale)))
            if im.format == "JPEG":
                im.draft("RGB", target)  # decode at 1/2..1/8 scale: a fraction of the memory
            if getattr(im, "is_animated", False):
                im.seek(0)
            im = im.convert("RGBA") if im.mode in ("P", "LA", "PA", "RGBa", "La") or "A" in im.mode else im
            if im.mode == "RGBA":
                background = Image.new("RGB", im.size, (0, 0, 0))
                background.paste(im, mask=im.getchannel("A"))
                im = background
            else:
                im = im.convert("RGB")
            if im.size != target:
                im = im.resize(target, Image.Resampling.LANCZOS if hasattr(Image, "Resampling") else 1)
            return im, None
    except Image.DecompressionBombError:
        return None, f"too large (over {max_pixels:,} pixels)"
    except Image.UnidentifiedImageError:
        return None, "not an image"
    except MemoryError:
        return None, "too large to decode"
    except Exception as e:  # a truncated or broken file: Pillow raises many kinds
        return None, f"could not decode ({type(e).__name__}: {str(e).splitlines()[0][:80] if str(e) else 'broken'})"


def _from_cache(path: Path):
    try:
        from PIL import Image

        with Image.open(path) as im:
            im.load()
            image = im.convert("RGB")
        try:
            os.utime(path)  # used now: trimmed last
        except OSError:
            pass
        return image
    except Exception:
        return None


def _store(cache_dir: Path, path: Path, image, cache_bytes: int) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        image.save(tmp, "PNG", optimize=False)
        os.replace(tmp, path)
        trim(cache_dir, cache_bytes, keep=path)
    except Exception:
        pass  # a cache that cannot be written only means fetching again next time


def trim(cache_dir: Path, cache_bytes: int, *, keep: Path | None = None) -> int:
    """Remove the least recently used cached images until the folder holds at most ``cache_bytes``;
    returns how many were removed. Only this cache's own files (*.png named by hash) are touched."""
    files = []
    try:
        for entry in os.scandir(cache_dir):
            if entry.is_file() and entry.name.endswith(".png") and len(entry.name) == 36:
                try:
                    st = entry.stat()
                except OSError:
                    continue
                files.append((st.st_mtime, st.st_size, Path(entry.path)))
    except OSError:
        return 0
    total = sum(size for _, size, _ in files)
    removed = 0
    for _, size, path in sorted(files, key=lambda f: f[0]):
        if total <= cache_bytes:
            break
        if keep is not None and path == keep:
            continue
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        removed += 1
    return removed


def load(url: str, cache_dir: Path | None, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
         max_pixels: int = MAX_PIXELS, max_side: int = MAX_SIDE, cache_mb: float = CACHE_MB,
         cancel: threading.Event | None = None) -> ImageResult:
    """The image at ``url`` (http or https only), small, from the disk cache or fetched; never raises."""
    try:
        url = (url or "").strip()
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError:
            return ImageResult(url, reason="not a valid URL")
        if scheme not in ("http", "https"):
            return ImageResult(url, reason=f"not fetched ({scheme or 'no'} scheme; only http and https)")
        path = cache_path(cache_dir, url) if cache_dir is not None else None
        if path is not None and path.is_file():
            image = _from_cache(path)
            if image is not None:
                return ImageResult(url, image=image)
        result = fetch(url, limits=image_limits(timeout, max_bytes), cancel=cancel)
        if result.error or result.body is None:
            reason = result.error or "no body"
            if reason.startswith(url):  # the fetcher's messages name the URL: the line shows it already
                reason = reason[len(url):].lstrip(": ")
            return ImageResult(url, reason=reason or "could not be fetched")
        image, reason = decode(result.body, max_pixels=max_pixels, max_side=max_side)
        if image is None:
            ctype = (result.content_type or "").split(";")[0].strip()
            if reason == "not an image" and ctype and not ctype.startswith("image/"):
                reason = f"not an image ({ctype})"
            return ImageResult(url, reason=reason)
        if path is not None and cache_dir is not None:
            _store(Path(cache_dir), path, image, int(cache_mb * 1_000_000))
        return ImageResult(url, image=image)
    except Exception as e:  # never into the caller
        return ImageResult(url, reason=f"failed ({type(e).__name__})")


def half_blocks(image, width: int, max_rows: int = 24) -> list[list[tuple[tuple[int, int, int], tuple[int, int, int]]]]:
    """Rows of (top, bottom) RGB colour pairs: each cell is a "▀" with the top pixel as its
    foreground and the bottom one as its background. At most ``width`` cells and ``max_rows`` rows,
    the aspect kept (a cell is about twice as tall as wide: two pixels a cell)."""
    from PIL import Image

    w, h = image.size
    cols = max(1, min(width, w))
    rows2 = max(2, round(h * cols / w))  # pixels tall, at one pixel a column
    if rows2 > max_rows * 2:
        rows2 = max_rows * 2
        cols = max(1, min(width, round(w * rows2 / h)))
    rows2 += rows2 % 2
    small = image.resize((cols, rows2), Image.Resampling.BILINEAR if hasattr(Image, "Resampling") else 2)
    px = small.load()
    out = []
    for y in range(0, rows2, 2):
        out.append([(px[x, y], px[x, y + 1]) for x in range(cols)])
    return out
