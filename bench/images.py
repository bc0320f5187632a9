"""Image decode cap and peak memory (issue 21): `python -m bench.images`.

Makes a 20-megapixel photo-like picture (5472 x 3648) as JPEG and as PNG, and a
10,000 x 10,000 PNG header (a pixel bomb), then decodes each with reader.images.decode
in a fresh process and reports the process's peak resident memory (ru_maxrss) over
its baseline (Pillow imported, the file's bytes read; both shown: a peak equal to the
baseline means the decode stayed under what importing had already used), the time taken and the result.

Then what drawing the kept copy as sixels costs (reader/sixel.py), at 44, 80 and 200 columns by
16 rows of 10x20-pixel cells: making the picture ready once (scaled, reduced to 128 colours),
then encoding each of its 16 rows (once a picture: scrolling then writes the rows kept), median of 5;
beside them, the half-block rows the same picture takes (the fallback), as the baseline.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from reader import images
data = open(sys.argv[1], "rb").read()
import PIL.Image
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
image, reason = images.decode(data)
took = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"base_kb": base, "peak_kb": peak, "seconds": took,
                  "result": list(image.size) if image is not None else reason}))
"""


def _photo(width: int, height: int):
    from PIL import Image

    # A gradient with noise: compresses like a photograph, not like a flat colour.
    small = Image.effect_noise((width // 8, height // 8), 60).convert("RGB")
    return small.resize((width, height), Image.Resampling.BICUBIC)


def main() -> int:
    from reader import images
    from tests.image_server import bomb_png

    out = Path(tempfile.mkdtemp(prefix="reader-bench-images-"))
    photo = _photo(5472, 3648)
    files = {}
    for fmt, ext in (("JPEG", "jpg"), ("PNG", "png")):
        buf = io.BytesIO()
        photo.save(buf, fmt, **({"quality": 85} if fmt == "JPEG" else {"compress_level": 1}))
        files[f"20 MP {fmt}"] = out / f"photo.{ext}"
        files[f"20 MP {fmt}"].write_bytes(buf.getvalue())
    files["10000x10000 PNG header"] = out / "bomb.png"
    files["10000x10000 PNG header"].write_bytes(bomb_png())
    print(f"decode cap: {images.MAX_PIXELS:,} pixels; kept copy at most {images.MAX_SIDE} px a side; "
          f"body cap {images.MAX_BYTES:,} bytes")
    print(f"{'input':26} {'bytes':>11} {'base MB':>8} {'peak MB':>8} {'seconds':>8}  result")
    for name, path in files.items():
        run = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)
        r = json.loads(run.stdout)
        print(f"{name:26} {path.stat().st_size:>11,} {r['base_kb'] / 1024:>8.1f} {r['peak_kb'] / 1024:>8.1f} "
              f"{r['seconds']:>8.3f}  {r['result']}")
    sixels(images.decode(files["20 MP JPEG"].read_bytes())[0])
    return 0


def sixels(kept) -> None:
    import statistics
    import time

    from reader import sixel
    from reader.images import half_blocks

    def median_ms(fn) -> float:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

    print(f"\nsixels of the kept copy ({kept.size[0]}x{kept.size[1]}; a noisy picture, the worst case: its colours "
          "change every pixel, so sixels' runs are short), 16 rows of 10x20-pixel cells, median of 5:")
    print(f"{'columns':>8} {'ready ms':>9} {'rows ms':>8} {'bytes':>10} {'half blocks ms':>15} {'ratio':>7}")
    for cols in (44, 80, 200):
        ready = median_ms(lambda: sixel.Picture(kept, cols, 16, (10, 20)))

        def every_row() -> list[str]:
            picture = sixel.Picture(kept, cols, 16, (10, 20))
            t = time.perf_counter()
            rows = [picture.row(r) for r in range(16)]
            times.append((time.perf_counter() - t) * 1000)
            return rows

        times: list[float] = []
        for _ in range(5):
            rows = every_row()
        every = statistics.median(times)
        blocks = median_ms(lambda: half_blocks(kept, cols, 16))
        print(f"{cols:>8} {ready:>9.1f} {every:>8.1f} {sum(map(len, rows)):>10,} "
              f"{blocks:>15.1f} {(ready + every) / blocks:>5.1f}x")


if __name__ == "__main__":
    sys.exit(main())
