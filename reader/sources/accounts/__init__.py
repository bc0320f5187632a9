"""Sync with feed servers: one small client per API behind one protocol (base.Client).

- miniflux.py: Miniflux's own JSON API (/v1, Basic auth or X-Auth-Token)
- greader.py:  the Google Reader API (FreshRSS, Miniflux, Inoreader, The Old Reader)
- ttrss.py:    Tiny Tiny RSS's JSON API (/api/)
- engine.py:   pull subscriptions, items and state into the store; push the outbox

Core code: nothing here imports textual or rich.
"""

from __future__ import annotations

from reader.config import AccountConfig
from reader.sources.accounts.base import Client, SyncError


def make_client(account: AccountConfig, *, timeout: float = 30) -> Client:
    """The client for an account's type; the secret is read from its command now."""
    if account.type == "miniflux":
        from reader.sources.accounts.miniflux import MinifluxClient

        return MinifluxClient(account, timeout=timeout)
    if account.type == "greader":
        from reader.sources.accounts.greader import GReaderClient

        return GReaderClient(account, timeout=timeout)
    if account.type == "ttrss":
        from reader.sources.accounts.ttrss import TTRssClient

        return TTRssClient(account, timeout=timeout)
    raise SyncError(f"{account.name}: accounts of type {account.type!r} are not supported")


__all__ = ["Client", "SyncError", "make_client"]
