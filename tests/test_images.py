"""reader.images: fetched through the bounded fetcher, decoded under a pixel cap, cached small on disk."""

from __future__ import annotations

import os
import time

import pytest

from reader import images
from tests.image_server import ImageServer, bomb_png, png_bytes


@pytest.fixture
def server():
    s = ImageServer().start()
    yield s
    s.stop()


def test_a_png_is_fetched_decoded_small_and_cached(server, tmp_path):
    result = images.load(server.url("/red.png"), tmp_path / "img")
    assert result.ok and result.reason is None
    assert result.image.size == (40, 20)
    assert result.image.getpixel((0, 0)) == (200, 30, 30)
    assert result.image.getpixel((0, 19)) == (30, 30, 200)
    cached = images.cache_path(tmp_path / "img", server.url("/red.png"))
    assert cached.is_file()
    # The second time comes from the disk cache: no request.
    hits = len(server.hits)
    again = images.load(server.url("/red.png"), tmp_path / "img")
    assert again.ok and again.image.getpixel((0, 0)) == (200, 30, 30)
    assert len(server.hits) == hits


def test_a_big_picture_is_kept_at_most_max_side(server, tmp_path):
    result = images.load(server.url("/wide.png"), tmp_path, max_side=100)
    assert result.ok and result.image.size == (100, 25)


def test_a_page_that_is_not_an_image_says_so(server, tmp_path):
    result = images.load(server.url("/page.html"), tmp_path)
    assert not result.ok
    assert result.reason == "not an image (text/html)"
    liar = images.load(server.url("/liar.png"), tmp_path)
    assert not liar.ok and liar.reason.startswith("not an image")
    assert list(tmp_path.iterdir()) == []  # nothing cached for a failure


def test_a_pixel_bomb_is_refused_from_its_header(server, tmp_path):
    result = images.load(server.url("/bomb.png"), tmp_path)
    assert not result.ok
    assert result.reason == f"too large: 10000x10000 pixels (cap {images.MAX_PIXELS:,})"


def test_the_decode_cap_is_a_parameter():
    data = png_bytes(100, 100)
    image, reason = images.decode(data, max_pixels=9_999)
    assert image is None and reason == "too large: 100x100 pixels (cap 9,999)"
    image, reason = images.decode(data, max_pixels=10_000)
    assert image is not None and reason is None
    image, reason = images.decode(bomb_png(8000, 8000))
    assert image is None and "8000x8000" in reason


def test_a_slow_host_gives_a_reason_within_the_deadline(server, tmp_path):
    result = images.load(server.url("/slow.png"), tmp_path, timeout=0.5)
    assert not result.ok
    assert "timed out" in result.reason or "deadline" in result.reason


def test_only_http_and_https(tmp_path):
    (tmp_path / "x.png").write_bytes(png_bytes())
    result = images.load((tmp_path / "x.png").as_uri(), tmp_path / "cache")
    assert not result.ok and "only http and https" in result.reason
    assert not images.load("data:image/png;base64,AAAA", None).ok
    assert images.load("", None).reason


def test_a_missing_image_says_its_status(server, tmp_path):
    result = images.load(server.url("/nothing.png"), tmp_path)
    assert not result.ok and "404" in result.reason


def test_the_disk_cache_is_trimmed_oldest_use_first(tmp_path):
    from PIL import Image

    cache = tmp_path / "img"
    cache.mkdir()
    paths = []
    for i in range(5):
        p = images.cache_path(cache, f"http://127.0.0.1/{i}.png")
        Image.new("RGB", (50, 50), (90, 0, 0)).save(p)  # all one size
        os.utime(p, (1000 + i, 1000 + i))
        paths.append(p)
    other = cache / "notes.txt"  # not the cache's own file: never touched
    other.write_text("mine")
    size = paths[0].stat().st_size
    os.utime(paths[0], (5000, 5000))  # the first one was used last
    removed = images.trim(cache, size * 2)
    assert removed == 3
    assert [p.exists() for p in paths] == [True, False, False, False, True]
    assert other.read_text() == "mine"


def test_storing_keeps_the_cache_under_its_limit(server, tmp_path):
    cache = tmp_path / "img"
    images.load(server.url("/red.png"), cache)
    one = images.cache_path(cache, server.url("/red.png")).stat().st_size
    # A limit that holds one file: the older one goes when the newer one is stored.
    images.load(server.url("/wide.png"), cache, cache_mb=one * 1.5 / 1_000_000)
    assert not images.cache_path(cache, server.url("/red.png")).exists()
    assert images.cache_path(cache, server.url("/wide.png")).exists()


def test_half_blocks_pair_top_and_bottom_pixels():
    from PIL import Image

    im = Image.new("RGB", (4, 4), (255, 0, 0))
    im.paste(Image.new("RGB", (4, 2), (0, 0, 255)), (0, 2))
    rows = images.half_blocks(im, 10)
    assert len(rows) == 2 and len(rows[0]) == 4
    assert rows[0][0] == ((255, 0, 0), (255, 0, 0))
    assert rows[1][0] == ((0, 0, 255), (0, 0, 255))
    wide = images.half_blocks(Image.new("RGB", (400, 100)), 40)
    assert len(wide[0]) == 40 and len(wide) == 5
    tall = images.half_blocks(Image.new("RGB", (100, 1000)), 40, max_rows=10)
    assert len(tall) == 10 and len(tall[0]) == 2  # 20 pixels tall: 2 wide


def test_a_fetch_in_flight_ends_when_cancelled(server, tmp_path):
    import threading

    cancel = threading.Event()
    out = {}
    worker = threading.Thread(target=lambda: out.update(r=images.load(server.url("/slow.png"), tmp_path,
                                                                       timeout=60, cancel=cancel)))
    worker.start()
    for _ in range(400):  # the request has reached the (silent) server
        if "/slow.png" in server.hits:
            break
        time.sleep(0.01)
    cancel.set()
    worker.join(30)  # far under the 60 s deadline: ends because cancelled, not timed out
    assert not worker.is_alive()
    assert not out["r"].ok and "cancel" in out["r"].reason
