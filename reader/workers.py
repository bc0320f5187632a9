"""Worker processes for analysis and relinking: what runs in them and how they start.

The analysis of a batch (``analyse_batch``) and a relink worker's plans
(``relink_init``, ``plan_chunk``) run in processes of ``analysis_pool``: a
forkserver pool (never a fork of a process that runs threads, as the app and
the refresh pool do) whose workers end with their parent, whatever ends it,
and which starts inside the app, where Textual has replaced stderr.
"""

from __future__ import annotations

import os
import threading
from datetime import datetime


def analyse_batch(batch: list[tuple[int, str, str, datetime]]) -> list[tuple]:
    """Runs in a worker process (or inline): analysis results of one batch."""
    from reader.nlp.analyse import analyse

    out = []
    for article_id, title, text, published in batch:
        try:
            result = analyse(title, text, published)
        except Exception:  # one bad article must not stop the others; it is stored as analysed, empty
            out.append((article_id, [], [], [], []))
            continue
        out.append((article_id, result.spans, result.timexes, result.entities, result.events))
    return out


_relinking: tuple | None = None  # in a relink worker process: (read-only connection, BatchCache)


def relink_init(path: str) -> None:
    """Runs once in each relink worker: nothing writes entities while plans are made,
    so one cache holds for the whole run."""
    import sqlite3

    from reader.store.db import WRITER_CACHE_KB
    from reader.store.related import BatchCache

    global _relinking
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")  # as much page cache as the writer's
    _relinking = (db, BatchCache())


def plan_chunk(ids: list[int]) -> list[tuple]:
    from reader.store.related import plan_links

    db, cache = _relinking
    return [(aid, plan_links(db, aid, cache)) for aid in ids]


def real_fd(stream) -> bool:
    """Whether a standard stream stands on a real file descriptor (Textual's capture has -1)."""
    try:
        return stream is not None and stream.fileno() >= 0
    except Exception:  # io.UnsupportedOperation and friends: multiprocessing then passes none
        return True


_helpers_lock = threading.Lock()


def start_process_helpers(ctx) -> None:
    """Start the forkserver and the resource tracker with a real stderr.

    multiprocessing hands ``sys.stderr.fileno()`` to the resource tracker it
    starts; inside the app Textual has replaced sys.stderr with a capture whose
    fileno() is -1, and starting workers failed with "bad value(s) in
    fds_to_keep" (issue 15, case 5). While they start, stderr is os.devnull:
    nothing they say could be shown on the app's screen anyway.
    """
    import sys

    with _helpers_lock:
        if real_fd(sys.stderr):
            return  # nothing to fix: the helpers start on first use
        saved = sys.stderr
        with open(os.devnull, "w") as null:
            sys.stderr = null
            try:
                from multiprocessing import forkserver, resource_tracker

                resource_tracker.ensure_running()
                if ctx.get_start_method() == "forkserver":
                    forkserver.ensure_running()
            finally:
                sys.stderr = saved


def worker_init(parent: int, quiet: bool, initializer, initargs) -> None:
    """Runs first in every worker process: end with the parent, whatever ends the parent.

    A forkserver's workers are not the parent's children, and each holds the
    forkserver's "alive" pipe open, so neither notices a parent killed by
    SIGTERM: they ran on (issue 15, case 15). A thread waits on a pidfd of the
    parent and ends the worker when the parent is gone. ``quiet`` (the parent is
    the app, drawing on the terminal) sends the worker's own output to
    os.devnull."""
    import select

    if quiet:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)

    def watch() -> None:
        try:
            fd = os.pidfd_open(parent)
        except ProcessLookupError:
            os._exit(1)
        except (AttributeError, OSError):  # no pidfd (old kernel, not Linux): look twice a second
            import time

            while True:
                time.sleep(0.5)
                if os.getppid() == 1:
                    os._exit(1)
                try:
                    os.kill(parent, 0)
                except ProcessLookupError:
                    os._exit(1)
                except PermissionError:
                    pass
        select.select([fd], [], [])
        os._exit(1)

    threading.Thread(target=watch, name="reader-parent-watch", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def analysis_pool(workers: int, initializer=None, initargs=()):
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: never fork a process that runs threads (the app, the refresh pool).
    ctx = multiprocessing.get_context("forkserver")
    quiet = not real_fd(sys.stderr)
    start_process_helpers(ctx)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init,
                               initargs=(os.getpid(), quiet, initializer, initargs))
