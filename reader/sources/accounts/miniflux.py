"""Miniflux's own API (/v1): Basic auth, or an API key in X-Auth-Token.

Items are pulled with ``changed_after`` (the server's ``changed_at``, set
when an entry is created and whenever its status or star changes), paged by
``after_entry_id`` in id order, so one loop brings new entries and every
state change since the last sync, each with the server's change time. The
checkpoint is the newest ``changed_at`` seen, in the server's clock, so a
client clock that is off does not lose changes.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import datetime

from reader.config import AccountConfig
from reader.sources.accounts.base import (PUSH_BATCH, HttpClient, KnownIds, Page, RemoteFeed, RemoteItem, RemoteState,
                                          SyncError, as_str, run_secret_command)

PAGE = 250  # entries per request: a page of full entries stays a few MB


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class MinifluxClient(HttpClient):
    def __init__(self, account: AccountConfig, *, timeout: float = 30, page: int = PAGE):
        super().__init__(account, timeout)
        self.page = page
        self._headers: dict[str, str] | None = None

    def _auth(self) -> dict[str, str]:
        if self._headers is None:
            if self.account.token_command:
                token = run_secret_command(self.account, self.account.token_command, "token_command")
                self._headers = {"X-Auth-Token": token}
            else:
                password = run_secret_command(self.account, self.account.password_command, "password_command")
                pair = base64.b64encode(f"{self.account.username}:{password}".encode()).decode()
                self._headers = {"Authorization": f"Basic {pair}"}
        return self._headers

    def _json(self, method: str, path: str, **kwargs) -> object:
        return self.http.json(method, path, headers=self._auth(), **kwargs)

    def login(self) -> None:
        me = self._json("GET", "/v1/me")
        if not isinstance(me, dict) or "id" not in me:
            raise SyncError(f"{self.name}: {self.http.where('/v1/me')} is not a Miniflux API (check the url)")

    def subscriptions(self) -> list[RemoteFeed]:
        feeds = self._json("GET", "/v1/feeds")
        if not isinstance(feeds, list):
            raise SyncError(f"{self.name}: {self.http.where('/v1/feeds')}: expected a list of feeds")
        out = []
        for f in feeds:
            if not isinstance(f, dict) or f.get("id") is None:
                continue
            category = f.get("category") or {}
            folder = as_str(category.get("title")) if isinstance(category, dict) else ""
            out.append(RemoteFeed(id=as_str(f["id"]), title=as_str(f.get("title")), url=as_str(f.get("feed_url")),
                                  site_url=as_str(f.get("site_url")), folders=(folder,) if folder else ()))
        return out

    def items(self, checkpoint: str, known: KnownIds | None = None) -> Iterator[Page]:
        """Entries created or changed since the checkpoint (all of them the first time), oldest id first."""
        # "SINCE" after a complete pull; "SINCE:AFTER:NEWEST" inside one, to resume at the next page.
        parts = [int(float(p)) for p in checkpoint.split(":")] if checkpoint else [0]
        since = parts[0]
        after = parts[1] if len(parts) == 3 else 0
        newest = float(parts[2] if len(parts) == 3 else since)
        while True:
            params = {"order": "id", "direction": "asc", "limit": self.page, "after_entry_id": after}
            if since:
                # changed_after is strict; one second back re-reads at most a few entries, harmlessly.
                params["changed_after"] = since - 1
            answer = self._json("GET", "/v1/entries", params=params)
            entries = answer.get("entries") if isinstance(answer, dict) else None
            if not isinstance(entries, list):
                raise SyncError(f"{self.name}: {self.http.where('/v1/entries')}: expected entries; sync again")
            items, skipped = [], 0
            for e in entries:
                if not isinstance(e, dict) or not isinstance(e.get("id"), int) or e.get("feed_id") is None:
                    skipped += 1
                    continue
                after = max(after, e["id"])
                changed = _time(e.get("changed_at"))
                if changed is not None:
                    newest = max(newest, changed.timestamp())
                items.append(RemoteItem(
                    id=str(e["id"]), feed_id=as_str(e["feed_id"]), title=as_str(e.get("title")),
                    html=as_str(e.get("content")), url=as_str(e.get("url")), author=as_str(e.get("author")),
                    published=_time(e.get("published_at")),
                    read=None if e.get("status") not in ("read", "unread") else e.get("status") == "read",
                    starred=bool(e.get("starred")), changed=changed.timestamp() if changed else None,
                    enclosures=[(x.get("url"), x.get("mime_type"), x.get("size"), None)
                                for x in e.get("enclosures") or [] if isinstance(x, dict)]))
            last = len(entries) < self.page
            # A sync stopped half-way resumes after the last page stored; SINCE moves
            # only when the last page is in.
            resume = str(int(newest)) if last else f"{since}:{after}:{int(newest)}"
            yield Page(items=items, checkpoint=resume, skipped=skipped)
            if last:
                return

    def state(self) -> RemoteState | None:
        return None  # every state change comes with its entry in items()

    def push(self, flag: str, value: bool, ids: list[str]) -> None:
        for start in range(0, len(ids), PUSH_BATCH):
            batch = [int(i) for i in ids[start:start + PUSH_BATCH]]
            body: dict = {"entry_ids": batch}
            if flag == "read":
                body["status"] = "read" if value else "unread"
            else:
                body["starred"] = bool(value)
            self.http.request("PUT", "/v1/entries", json_body=body, headers=self._auth())

    def subscribe(self, url: str, folder: str = "") -> str:
        categories = self._json("GET", "/v1/categories") or []
        category = next((c for c in categories if isinstance(c, dict) and c.get("title") == folder), None)
        if category is None and folder:
            category = self._json("POST", "/v1/categories", json_body={"title": folder})
        if category is None:
            category = categories[0] if categories else self._json("POST", "/v1/categories",
                                                                    json_body={"title": "All"})
        answer = self._json("POST", "/v1/feeds", json_body={"feed_url": url, "category_id": category["id"]})
        return as_str(answer.get("feed_id")) if isinstance(answer, dict) else ""

    def unsubscribe(self, feed_id: str) -> None:
        self.http.request("DELETE", f"/v1/feeds/{int(feed_id)}", headers=self._auth())

    def close(self) -> None:
        self.http.close()
