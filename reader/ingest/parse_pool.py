"""The parse workers: processes that parse feeds and extract pages, bounded in time and memory
(an address-space limit, a deadline a request), kept idle for reuse and reaped after a while.
reader/ingest/feeds.py hands them work (parse_feed, extract_page); _parse_worker.py is the
program each one runs."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from .clean import clean_line

WORKER_MEMORY = 2 * 1024**3  # address-space limit of a parse worker (POSIX)
WORKER_START_TIMEOUT = 30.0  # seconds for a worker to start and import feedparser


def _one_line(e: object, limit: int = 200) -> str:
    return clean_line(str(e), limit) or type(e).__name__


class _WorkerDied(Exception):
    pass


class _ParseTimeout(Exception):
    pass


class _WorkerUnavailable(Exception):
    """The worker never became ready: the environment, not the feed, is at fault."""


_READY = b"READY\n\0\0"


class _Worker:
    """One parse worker process speaking length-prefixed frames on stdio."""

    def __init__(self) -> None:
        self.ready = False
        root = str(Path(__file__).resolve().parents[2])
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]); "
            "from reader.ingest._parse_worker import main; main()"
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, root, str(WORKER_MEMORY)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            close_fds=True,
        )

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        try:
            self.proc.kill()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass

    def _run(self, fn, timeout: float) -> dict:
        """Run fn(box) in a helper thread; kill the worker if it overruns."""
        box: dict = {}
        t = threading.Thread(target=fn, args=(box,), name="reader-parse-io", daemon=True)
        t.start()
        t.join(timeout)
        if t.is_alive():
            self.kill()  # unblocks the thread: its pipes close
            t.join(5)
            box["timeout"] = True
        return box

    def start(self) -> None:
        """Wait for the worker's handshake (imports done), outside the parse timeout."""
        if self.ready:
            return

        def handshake(box: dict) -> None:
            try:
                box["ok"] = _read_exact(self.proc.stdout, len(_READY)) == _READY
            except Exception as e:  # noqa: BLE001 - reported below
                box["e"] = e

        box = self._run(handshake, WORKER_START_TIMEOUT)
        if not box.get("ok"):
            self.kill()
            why = box.get("e") or ("no answer" if box.get("timeout") else "bad handshake")
            raise _WorkerUnavailable(_one_line(why))
        self.ready = True

    def call(self, header: dict, body: bytes, timeout: float) -> bytes:
        self.start()

        def exchange(box: dict) -> None:
            try:
                h = json.dumps(header).encode("utf-8")
                self.proc.stdin.write(struct.pack(">II", len(h), len(body)) + h)
                self.proc.stdin.write(body)
                self.proc.stdin.flush()
                n = struct.unpack(">Q", _read_exact(self.proc.stdout, 8))[0]
                box["r"] = _read_exact(self.proc.stdout, n)
            except Exception as e:  # noqa: BLE001 - reported by the caller
                box["e"] = e

        box = self._run(exchange, timeout)
        if box.get("timeout"):
            raise _ParseTimeout
        if "e" in box:
            raise _WorkerDied(_one_line(box["e"]))
        return box["r"]


def _read_exact(f, n: int) -> bytes:
    chunks = []
    while n:
        b = f.read(n)
        if not b:
            raise EOFError("worker closed its output")
        chunks.append(b)
        n -= len(b)
    return b"".join(chunks)


class _Pool:
    """Workers kept for reuse.

    At most `limit` parses run at once (default: one per core; more
    processes than cores only add start-up cost and switching). A parse
    that finds all of them busy waits up to `overflow_wait` seconds for one
    to come back while none does, then starts another worker anyway, so
    slow or hostile feeds (which may hold their workers for the whole parse
    timeout) never stall the others for longer than that. Up to max_idle
    are kept after use (starting one costs about 0.1 s, so a refresh of many
    feeds must not start one per feed) and each is stopped after
    idle_seconds without work (an idle worker holds about 25 MB)."""

    def __init__(self, max_idle: int = 8, idle_seconds: float = 60.0,
                 limit: int | None = None, overflow_wait: float = 1.0) -> None:
        self.max_idle = max_idle
        self.idle_seconds = idle_seconds
        self.limit = max(1, limit if limit is not None else (os.cpu_count() or 2))
        self.overflow_wait = overflow_wait
        self.idle: list[tuple[float, _Worker]] = []
        self.busy = 0
        self.last_release = 0.0
        self.lock = threading.Lock()
        self.freed = threading.Condition(self.lock)
        self.pid = os.getpid()
        self.broken: str | None = None  # why workers cannot start, once seen
        self._reaper: threading.Timer | None = None

    def _forked(self) -> None:
        if self.pid != os.getpid():  # forked: the workers belong to the parent
            self.idle = []
            self.busy = 0
            self.pid = os.getpid()

    def prestart(self, n: int) -> None:
        """Start workers so that up to n (at most `limit`) are idle, without
        waiting for them: their interpreters start while feeds are fetched."""
        if self.broken is not None:
            return
        with self.lock:
            self._forked()
            self.idle = [(t, w) for t, w in self.idle if w.alive()]
            missing = min(n, self.limit) - len(self.idle) - self.busy
        started = []
        try:
            for _ in range(max(0, missing)):
                started.append(_Worker())
        except OSError as e:
            self.broken = _one_line(e)
        with self.lock:
            now = time.monotonic()
            self.idle.extend((now, w) for w in started)
            self._schedule_reap()

    def acquire(self) -> _Worker:
        with self.lock:
            self._forked()
            since = time.monotonic()
            while self.busy >= self.limit and not self.idle:
                # Wait while workers keep coming back; start one more only
                # when none has for overflow_wait (all stuck on slow feeds).
                left = max(since, self.last_release) + self.overflow_wait - time.monotonic()
                if left <= 0:
                    break
                self.freed.wait(left)
            self.busy += 1
            while self.idle:
                _, w = self.idle.pop()
                if w.alive():
                    return w
        try:
            return _Worker()
        except BaseException:
            with self.lock:
                self.busy -= 1
                self.freed.notify()
            raise

    def release(self, w: _Worker) -> None:
        """Give back a worker from acquire(), alive or not (a dead one is cleaned up)."""
        with self.lock:
            if self.pid == os.getpid():
                self.busy = max(0, self.busy - 1)
                self.last_release = time.monotonic()
                self.freed.notify()
            if w.alive() and len(self.idle) < self.max_idle:
                self.idle.append((time.monotonic(), w))
                self._schedule_reap()
                return
        w.kill()

    def _schedule_reap(self) -> None:
        # with self.lock held
        if self.idle and self._reaper is None:
            self._reaper = threading.Timer(self.idle_seconds, self._reap)
            self._reaper.daemon = True
            self._reaper.start()

    def _reap(self) -> None:
        now = time.monotonic()
        with self.lock:
            self._reaper = None
            stale = [w for t, w in self.idle if now - t >= self.idle_seconds]
            self.idle = [(t, w) for t, w in self.idle if now - t < self.idle_seconds]
            if self.idle:
                wait = self.idle_seconds - (now - min(t for t, _ in self.idle))
                self._reaper = threading.Timer(max(0.1, wait), self._reap)
                self._reaper.daemon = True
                self._reaper.start()
        for w in stale:
            w.kill()

    def close(self) -> None:
        with self.lock:
            idle, self.idle = self.idle, []
            if self._reaper is not None:
                self._reaper.cancel()
                self._reaper = None
        for _, w in idle:
            w.kill()
