"""Helpers of the cache fault tests: a cache with articles, read marks and stars, and its fingerprint.

Every fault test builds a cache with ``build_cache``, does something hostile to
it, and asserts ``fingerprint`` (count, checksum of every stored article with
its read and star marks) is what it was: nothing stored was lost or changed.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from reader.store import schema

TEXT = ("NATO Secretary General Jens Stoltenberg met Sergei Lavrov in Brussels on Wednesday. "
        "In April, the Czech Republic had expelled 18 Russian diplomats. ")


def build_cache(path: Path, articles: int = 200, *, version: int | None = None, text: str = TEXT * 2) -> tuple[int, str]:
    """A cache at schema ``version`` (default: the current one) with ``articles`` articles in two feeds,
    every 3rd read and every 7th starred, none analysed; returns its fingerprint."""
    version = schema.VERSION if version is None else version
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for step, script in enumerate(schema.MIGRATIONS[:version], 1):
        db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {step};\nCOMMIT;")
    db.execute("BEGIN")
    db.execute("INSERT INTO feeds (id, url, title, kind) VALUES (1, 'https://a.test/feed', 'A', 'feed'), "
               "(2, 'local:files', 'Local files', 'files')")
    db.executemany(
        "INSERT INTO articles (id, feed_id, key, title, text, published, hash, read, starred) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(n, 1 + n % 2, f"k{n}", f"Article {n} about NATO", f"{n}. {text}",
          f"2021-10-{1 + n % 28:02} 12:00:00", f"h{n}", int(n % 3 == 0), int(n % 7 == 0))
         for n in range(1, articles + 1)])
    db.execute("COMMIT")
    db.close()
    return fingerprint(path)


def fingerprint(path: Path) -> tuple[int, str]:
    """(articles, checksum of every article's id, key, title, text, read and starred marks)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        count = 0
        for row in db.execute("SELECT id, feed_id, key, title, text, read, starred FROM articles ORDER BY id"):
            digest.update(repr(row).encode())
            count += 1
        return count, digest.hexdigest()
    finally:
        db.close()


def reader_env(tmp_path: Path, data_dir: Path | None = None) -> dict[str, str]:
    """The environment of a `reader` subprocess on this test's own config and data folder."""
    return dict(os.environ, READER_CONFIG=str(tmp_path / "config" / "config.toml"),
                READER_DATA=str(data_dir or tmp_path / "data"), PYTHONPATH=str(Path(__file__).resolve().parent.parent))


def run_reader(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (children, their children...), from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] == "Z":
            continue
        parents[int(entry)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until(condition, deadline: float = 120.0, step: float = 0.05) -> bool:
    """Poll ``condition`` until it holds or ``deadline`` seconds pass (a bound, not a speed claim)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return condition()


def _can_mount() -> bool:
    try:
        probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                               capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


CAN_MOUNT = _can_mount()


def in_mount_namespace(setup: str, args: list[str], env: dict[str, str], timeout: float = 600,
                       module: str = "reader") -> subprocess.CompletedProcess:
    """Run ``python -m reader ARGS`` in a mount namespace of its own, after the shell ``setup``
    (mounts made there vanish with the process: nothing to clean up, nothing seen outside)."""
    import shlex

    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", module, *args])
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", f"set -e; {setup}; exec {command}"],
                          env=env, capture_output=True, text=True, timeout=timeout)


def read_only(folder: Path) -> str:
    """Shell lines that make ``folder`` a read-only bind mount of itself."""
    import shlex

    q = shlex.quote(str(folder))
    return f"mount --bind {q} {q}; mount -o remount,bind,ro {q} {q}"
