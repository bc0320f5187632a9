"""Tiny Tiny RSS's JSON API (/api/): one POST per call, {"op": ..., "sid": ...}.

Answers are ``{"seq", "status", "content"}``; status 1 is an error named in
content.error (LOGIN_ERROR, API_DISABLED, NOT_LOGGED_IN: a session that
expired, renewed once). getHeadlines gives at most 200 headlines a call.

Pull: headlines of every article (feed -4) newer than the checkpoint's
article id (``since_id``), paged by ``skip``; their unread and marked flags
come with them. State of older articles: the ids of the unread ones (feed
-4, view_mode unread) and of the starred ones (feed -1), without content.
Headlines carry no time of a mark, so a pending local mark wins.
Push: updateArticle with a comma list of ids (field 2 = unread, 0 = starred).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

from reader.config import AccountConfig
from reader.sources.accounts.base import (PUSH_BATCH, HttpClient, KnownIds, LoginError, Page, RemoteFeed, RemoteItem,
                                          RemoteState, SyncError, as_str, run_secret_command)

PAGE = 200  # the API's own maximum


class TTRssClient(HttpClient):
    def __init__(self, account: AccountConfig, *, timeout: float = 30):
        super().__init__(account, timeout)
        self._sid: str | None = None

    def _call(self, op: str, relogin: bool = True, **params) -> object:
        body = {"op": op, **params}
        if op != "login":
            if self._sid is None:
                self.login()
            body["sid"] = self._sid
        answer = self.http.json("POST", "/api/", json_body=body)
        if not isinstance(answer, dict) or "status" not in answer:
            raise SyncError(f"{self.name}: {self.http.where('/api/')} is not a Tiny Tiny RSS API (check the url)")
        content = answer.get("content")
        if answer["status"] != 0:
            error = as_str(content.get("error")) if isinstance(content, dict) else ""
            if error == "NOT_LOGGED_IN" and relogin and op != "login":
                self._sid = None
                return self._call(op, relogin=False, **params)
            if error == "LOGIN_ERROR":
                raise LoginError(f"{self.name}: the server refused the login ({self.http.where('/api/')}); "
                                 "check username and password_command")
            if error == "API_DISABLED":
                raise LoginError(f"{self.name}: the API is off for this user; turn on "
                                 "Preferences > Enable API access in Tiny Tiny RSS")
            raise SyncError(f"{self.name}: {op} failed: {error or 'unknown error'}")
        return content

    def login(self) -> None:
        secret_command = self.account.password_command or self.account.token_command
        password = run_secret_command(self.account, secret_command, "password_command")
        content = self._call("login", user=self.account.username, password=password)
        sid = content.get("session_id") if isinstance(content, dict) else None
        if not sid:
            raise SyncError(f"{self.name}: the server gave no session on login")
        self._sid = as_str(sid)

    def subscriptions(self) -> list[RemoteFeed]:
        categories = self._call("getCategories") or []
        names = {c.get("id"): as_str(c.get("title")) for c in categories if isinstance(c, dict)}
        feeds = self._call("getFeeds", cat_id=-3)  # every feed, no virtual ones
        if not isinstance(feeds, list):
            raise SyncError(f"{self.name}: getFeeds: expected a list of feeds")
        out = []
        for f in feeds:
            if not isinstance(f, dict) or f.get("id") is None or int(f["id"]) <= 0:
                continue
            folder = names.get(f.get("cat_id"), "") if f.get("cat_id") else ""
            out.append(RemoteFeed(id=as_str(f["id"]), title=as_str(f.get("title")), url=as_str(f.get("feed_url")),
                                  folders=(folder,) if folder else ()))
        return out

    def _headlines(self, feed_id: int, view_mode: str, since_id: int = 0, skip: int = 0,
                   content: bool = False) -> list[dict]:
        page = self._call("getHeadlines", feed_id=feed_id, view_mode=view_mode, since_id=since_id, skip=skip,
                          limit=PAGE, show_content=content, order_by="date_reverse", sanitize=False,
                          include_attachments=content)
        if not isinstance(page, list):
            raise SyncError(f"{self.name}: getHeadlines: expected a list of headlines; sync again")
        return page

    def items(self, checkpoint: str, known: KnownIds | None = None) -> Iterator[Page]:
        # "SINCE" after a complete pull; "SINCE:SKIP:NEWEST" inside one.
        parts = [int(p) for p in checkpoint.split(":")] if checkpoint else [0]
        since = parts[0]
        skip = parts[1] if len(parts) == 3 else 0
        newest = parts[2] if len(parts) == 3 else since
        while True:
            headlines = self._headlines(-4, "all_articles", since_id=since, skip=skip, content=True)
            items, skipped = [], 0
            for h in headlines:
                if not isinstance(h, dict) or not isinstance(h.get("id"), int) or not h.get("feed_id"):
                    skipped += 1
                    continue
                newest = max(newest, h["id"])
                updated = h.get("updated")
                items.append(RemoteItem(
                    id=str(h["id"]), feed_id=as_str(h["feed_id"]), title=as_str(h.get("title")),
                    html=as_str(h.get("content")), url=as_str(h.get("link")), author=as_str(h.get("author")),
                    published=datetime.fromtimestamp(updated, tz=timezone.utc)
                    if isinstance(updated, int) and updated > 0 else None,
                    read=not h.get("unread", True), starred=bool(h.get("marked")),
                    enclosures=[(x.get("content_url"), x.get("content_type"), None, x.get("duration"))
                                for x in h.get("attachments") or [] if isinstance(x, dict)]))
            skip += len(headlines)
            last = len(headlines) < PAGE
            yield Page(items=items, checkpoint=str(newest) if last else f"{since}:{skip}:{newest}", skipped=skipped)
            if last:
                return

    def _ids(self, feed_id: int, view_mode: str) -> set[str]:
        out: set[str] = set()
        skip = 0
        while True:
            page = self._headlines(feed_id, view_mode, skip=skip)
            out.update(str(h["id"]) for h in page if isinstance(h, dict) and isinstance(h.get("id"), int))
            skip += len(page)
            if len(page) < PAGE:
                return out

    def state(self) -> RemoteState:
        return RemoteState(unread=self._ids(-4, "unread"), starred=self._ids(-1, "all_articles"))

    def push(self, flag: str, value: bool, ids: list[str]) -> None:
        field = 2 if flag == "read" else 0
        mode = (0 if value else 1) if flag == "read" else (1 if value else 0)
        for start in range(0, len(ids), PUSH_BATCH):
            self._call("updateArticle", article_ids=",".join(ids[start:start + PUSH_BATCH]), mode=mode, field=field)

    def subscribe(self, url: str, folder: str = "") -> str:
        category = 0
        if folder:
            for c in self._call("getCategories") or []:
                if isinstance(c, dict) and c.get("title") == folder and int(c.get("id", 0)) > 0:
                    category = int(c["id"])
        content = self._call("subscribeToFeed", feed_url=url, category_id=category)
        status = content.get("status") if isinstance(content, dict) else None
        code = status.get("code") if isinstance(status, dict) else None
        if code not in (0, 1):  # 0: added, 1: already subscribed
            raise SyncError(f"{self.name}: the server did not subscribe to {url} (code {code})")
        return as_str(status.get("feed_id", "")) if isinstance(status, dict) else ""

    def unsubscribe(self, feed_id: str) -> None:
        self._call("unsubscribeFeed", feed_id=int(feed_id))

    def close(self) -> None:
        self.http.close()
