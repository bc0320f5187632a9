"""Analysing the cache's articles and linking them, on every core: the analysis half of Library.

Library (reader/library.py) takes these methods as a base class; they use its ``store`` and
its ``_analysis_lock`` (one analysis or relink at a time in a process). Retention waits for
that lock too (Library.apply_retention).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from reader.store.db import Store
from reader.store.related import VERSION as LINKS_VERSION
from reader.workers import analyse_batch, analysis_pool, plan_chunk, relink_init

PARALLEL_THRESHOLD = 400  # below this, starting processes costs more than it saves
RELINK_BACKLOG = 2000  # pending articles (and at least half the analysed ones) linked at once, at the end
RELINK_CHUNK = 500  # articles planned per task of a relink worker (Library.relink)
LINKS_DUE = "links.due"  # state key: "1" while a relink is owed (see analyse_pending)
LINKS_VERSION_KEY = "links.version"  # state key: the related.VERSION the links were made by


class AnalysisRuns:
    store: Store
    _analysis_lock: threading.Lock

    def pending_analysis(self) -> int:
        from reader.nlp.analyse import version

        return self.store.count_pending(version())

    def analyse_pending(self, *, batch: int = 50, workers: int | None = None,
                        on_progress: Callable[[int, int, list[int]], None] | None = None,
                        cancel: threading.Event | None = None,
                        on_relink: Callable[[int, int], None] | None = None,
                        on_relink_writing: Callable[[int, int], None] | None = None) -> int:
        """Analyse articles never analysed (or by another version); returns how many were done.

        Results are saved a batch per transaction: a killed process loses at
        most the batches in hand, and the next run picks up where it stopped.
        With many articles pending, the work is spread over processes (one per
        core) while this thread writes the results.

        Each batch is linked as it is saved, unless most of the cache is waiting
        (RELINK_BACKLOG: a first import, new analysers): then the articles are
        linked all at once at the end (relink, reporting to ``on_relink`` while it plans and to
        ``on_relink_writing`` while it writes the links), which
        at 5,000 articles and more is much less work than one by one, and leaves
        the cores to the analysis meanwhile. LINKS_DUE in the state table says
        so until it is done, so a run stopped half-way finishes it next time.
        """
        from reader.nlp.analyse import version

        done = 0
        if self.store.readonly:
            return 0  # nothing could be saved: reading goes on without analysis
        with self._analysis_lock:
            current = version()
            total = self.store.count_pending(current)
            due = self.store.get_state(LINKS_DUE) == "1"
            if not due and self.store.get_state(LINKS_VERSION_KEY) != LINKS_VERSION:
                # links made by another version of the linking (related.VERSION): all redone
                if self.store.count_analysed() > 0:
                    self.store.set_state(LINKS_DUE, "1")
                    due = True
                else:
                    self.store.set_state(LINKS_VERSION_KEY, LINKS_VERSION)
            if total == 0 and not due:
                if self.store.readonly:
                    return 0
                # Left unlinked by an earlier run (killed, or raced by a relink elsewhere): link them now.
                self.store.link_queued()
                return 0
            if not due and total >= RELINK_BACKLOG and total * 2 >= self.store.count_analysed():
                self.store.set_state(LINKS_DUE, "1")
                due = True
            workers = workers if workers is not None else (os.cpu_count() or 1)
            pool = analysis_pool(workers) if workers > 1 and total >= PARALLEL_THRESHOLD else None
            owner = f"{os.getpid()}:{id(self):x}:{time.monotonic_ns()}"
            try:
                seen: set[int] = set()
                while cancel is None or not cancel.is_set():
                    # Ask for a few batches at once so every process has one; claimed, so that
                    # another process analysing now gets other articles.
                    pending = [p for p in self.store.claim_pending(current, owner, batch * max(1, workers) * 2)
                               if p[0] not in seen]
                    if not pending:
                        break
                    chunks = [pending[i:i + batch] for i in range(0, len(pending), batch)]
                    results_iter = pool.map(analyse_batch, chunks) if pool else map(analyse_batch, chunks)
                    for chunk_results in results_iter:
                        self.store.save_analysis([(aid, current, *rest) for aid, *rest in chunk_results],
                                                 link=not due)
                        ids = [r[0] for r in chunk_results]
                        seen.update(ids)
                        done += len(ids)
                        if on_progress is not None:
                            on_progress(done, max(total, done), ids)
                        if cancel is not None and cancel.is_set():
                            break
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
                try:
                    self.store.release_claims(owner)
                except Exception:  # a full disk, say: claims of an ended process are taken back anyway
                    pass
            if due and (cancel is None or not cancel.is_set()):
                self._relink(workers, RELINK_CHUNK, on_relink, cancel, on_relink_writing)
            elif cancel is None or not cancel.is_set():
                self.store.link_queued()
        return done

    def relink(self, *, workers: int | None = None, chunk: int = RELINK_CHUNK,
               on_progress: Callable[[int, int], None] | None = None,
               cancel: threading.Event | None = None,
               on_writing: Callable[[int, int], None] | None = None) -> int:
        """Recompute every related link and story from the stored entities; returns the articles linked
        (0 when cancelled: the links are then left as they were, and still due, see LINKS_DUE).
        ``on_progress(done, total)``: articles planned; ``on_writing(done, total)``: articles whose
        links are written (the transaction that replaces them all; it cannot be stopped).

        Every analysed article finds its links among all the others, as when
        it is analysed, on every core; each then keeps the best of the links
        it found and those found to it (LinkTable, spooled to a scratch file
        beside the cache), and the tables are written at once, in one
        transaction. At 100,000 articles that takes minutes where linking them
        one by one takes half an hour. Used after a change
        to how articles are linked, when analysis meets a backlog (see
        analyse_pending), and to build the benchmark caches.
        """
        with self._analysis_lock:
            return self._relink(workers, chunk, on_progress, cancel, on_writing)

    def _relink(self, workers: int | None, chunk: int, on_progress: Callable[[int, int], None] | None,
                cancel: threading.Event | None, on_writing: Callable[[int, int], None] | None = None) -> int:
        from reader.store.linktable import LinkTable
        from reader.store.related import BatchCache, plan_links

        ids = self.store.analysed_ids()
        workers = workers if workers is not None else (os.cpu_count() or 1)
        chunks = [ids[i:i + chunk] for i in range(0, len(ids), chunk)]
        done = 0
        # The links found go to a scratch file beside the cache, not memory (tens of millions at a
        # million articles); the cache's own tables change only in replace_links' one transaction.
        with LinkTable(self.store.path.parent) as table:
            if workers > 1 and len(ids) >= PARALLEL_THRESHOLD:
                pool = analysis_pool(workers, initializer=relink_init, initargs=(str(self.store.path),))
                results = pool.map(plan_chunk, chunks)
            else:
                pool, cache = None, BatchCache()
                results = ([(aid, plan_links(self.store.db, aid, cache)) for aid in part] for part in chunks)
            try:
                for plans in results:
                    if cancel is not None and cancel.is_set():
                        return 0
                    table.add_many(plans)
                    done += len(plans)
                    if on_progress is not None:
                        on_progress(done, len(ids))
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
            written = None if on_writing is None else (lambda n: on_writing(min(n, len(ids)), len(ids)))
            self.store.replace_links(table.related_rows(written), table.partner_rows(), table.story_rows(),
                                     planned=ids)
        if on_writing is not None:
            on_writing(len(ids), len(ids))
        self.store.set_state(LINKS_DUE, "0")
        self.store.set_state(LINKS_VERSION_KEY, LINKS_VERSION)
        return len(ids)
