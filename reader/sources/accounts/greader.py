"""The Google Reader API, as FreshRSS, Miniflux, Inoreader and The Old Reader serve it.

Login: POST /accounts/ClientLogin (Email, Passwd) answers lines of
``key=value``; ``Auth`` goes out as ``Authorization: GoogleLogin auth=...``.
Writes (edit-tag, subscription/edit, quickadd) carry a ``T`` token from
/reader/api/0/token; a server that says the token went stale (FreshRSS:
401 with ``X-Reader-Google-Bad-Token``) gets one new token and one retry.

Pull: the ids of the reading list (stream/items/ids, paged by the
continuation ``c``, which Miniflux writes as a number and FreshRSS as a
string), then the contents of the ids the cache does not hold
(stream/items/contents, POST, in batches). Miniflux has no
stream/contents, and its ``ot`` filters by publication date, not arrival,
so a time filter would miss late-published items: ids are cheap, and
comparing them is exact. Read and starred state comes as two id lists
(unread, starred), since the dialect gives no time of a mark.

Item ids come in three spellings (decimal in item refs, the long
``tag:google.com,2005:reader/item/<16 hex>`` in contents, 16 hex digits):
all are kept as decimal strings. Stream ids name the user as ``-`` or by
number (Inoreader: ``user/1005921515/state/com.google/read``); both are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone

from reader.config import AccountConfig
from reader.sources.accounts.base import (PUSH_BATCH, HttpClient, KnownIds, LoginError, Page, RemoteFeed, RemoteItem,
                                          RemoteState, SyncError, as_str, run_secret_command)

READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LONG_PREFIX = "tag:google.com,2005:reader/item/"
IDS_PAGE = 10_000  # ids per stream/items/ids request (Miniflux's maximum)
CONTENTS_BATCH = 250  # items per stream/items/contents request


def item_id(value: object) -> str:
    """One spelling for an item id: decimal. '' when it is not an id."""
    text = as_str(value).strip()
    try:
        if text.startswith(LONG_PREFIX):
            number = int(text[len(LONG_PREFIX):], 16)
        elif len(text) == 16 and not text.isdigit():
            number = int(text, 16)
        else:
            number = int(text, 10)
    except ValueError:
        return ""
    # Google's ids are signed 64-bit; the long form writes them as unsigned hex.
    if number >= 2**63:
        number -= 2**64
    return str(number) if number else ""


def _is_state(category: str, state: str) -> bool:
    return category.startswith("user/") and category.endswith(f"/state/com.google/{state}")


class GReaderClient(HttpClient):
    def __init__(self, account: AccountConfig, *, timeout: float = 30):
        super().__init__(account, timeout)
        self._auth: str | None = None
        self._token: str | None = None

    def login(self) -> None:
        if self.account.token_command:
            self._auth = run_secret_command(self.account, self.account.token_command, "token_command")
            self._get("/reader/api/0/user-info")
            return
        password = run_secret_command(self.account, self.account.password_command, "password_command")
        _status, body = self.http.request("POST", "/accounts/ClientLogin",
                                          form=[("Email", self.account.username), ("Passwd", password)])
        fields = dict(line.split("=", 1) for line in body.decode("utf-8", "replace").splitlines() if "=" in line)
        if not fields.get("Auth"):
            raise LoginError(f"{self.name}: {self.http.where('/accounts/ClientLogin')} gave no Auth token; "
                             "check the url (it should be the Google Reader API root) and the login")
        self._auth = fields["Auth"].strip()

    def _headers(self) -> dict[str, str]:
        if self._auth is None:
            self.login()
        return {"Authorization": f"GoogleLogin auth={self._auth}"}

    def _get(self, path: str, params: list | None = None) -> object:
        return self.http.json("GET", path, params=params, headers=self._headers())

    def _write(self, path: str, form: list[tuple[str, str]], params: list | None = None) -> bytes:
        """A POST, with the T token (Miniflux wants it on every POST); a stale token is renewed once."""
        for attempt in (1, 2):
            if self._token is None:
                _s, body = self.http.request("GET", "/reader/api/0/token", headers=self._headers())
                self._token = body.decode("utf-8", "replace").strip()
            try:
                _s, body = self.http.request("POST", path, form=form + [("T", self._token)], headers=self._headers(),
                                             params=params)
                return body
            except LoginError:
                self._token = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def subscriptions(self) -> list[RemoteFeed]:
        answer = self._get("/reader/api/0/subscription/list", [("output", "json")])
        subs = answer.get("subscriptions") if isinstance(answer, dict) else None
        if not isinstance(subs, list):
            raise SyncError(f"{self.name}: {self.http.where('/reader/api/0/subscription/list')}: "
                            "expected subscriptions")
        out = []
        for s in subs:
            if not isinstance(s, dict) or not s.get("id"):
                continue
            folders = tuple(as_str(c.get("label")) for c in s.get("categories") or []
                            if isinstance(c, dict) and c.get("label"))
            out.append(RemoteFeed(id=as_str(s["id"]), title=as_str(s.get("title")), url=as_str(s.get("url")),
                                  site_url=as_str(s.get("htmlUrl")), folders=folders))
        return out

    def _ids(self, params: list[tuple[str, str]]) -> Iterator[list[str]]:
        """Pages of item ids of a stream, following the continuation."""
        continuation = ""
        seen_continuations: set[str] = set()
        while True:
            query = params + [("n", str(IDS_PAGE)), ("output", "json")]
            if continuation:
                query.append(("c", continuation))
            answer = self._get("/reader/api/0/stream/items/ids", query)
            refs = answer.get("itemRefs") if isinstance(answer, dict) else None
            if refs is None and isinstance(answer, dict):
                refs = []  # FreshRSS leaves itemRefs out of an empty answer
            if not isinstance(refs, list):
                raise SyncError(f"{self.name}: {self.http.where('/reader/api/0/stream/items/ids')}: expected itemRefs")
            ids = [i for i in (item_id(r.get("id")) for r in refs if isinstance(r, dict)) if i]
            yield ids
            nxt = answer.get("continuation")
            # Miniflux: a number, 0 at the end; FreshRSS and Inoreader: a string, absent at the end.
            continuation = "" if nxt in (None, "", 0, "0") else str(nxt)
            if not continuation or not ids or continuation in seen_continuations:
                return
            seen_continuations.add(continuation)

    def items(self, checkpoint: str, known: KnownIds | None = None) -> Iterator[Page]:
        """The items of the reading list the cache does not hold yet, oldest first."""
        for ids in self._ids([("s", READING_LIST), ("r", "o")]):
            wanted = known.unknown(ids) if known is not None else ids
            for start in range(0, len(wanted), CONTENTS_BATCH):
                batch = wanted[start:start + CONTENTS_BATCH]
                items, skipped = self._contents(batch)
                yield Page(items=items, checkpoint="", skipped=skipped)

    def _contents(self, ids: list[str]) -> tuple[list[RemoteItem], int]:
        form = [("i", i) for i in ids]
        body = self._write("/reader/api/0/stream/items/contents", form, params=[("output", "json")])

        try:
            answer = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise SyncError(f"{self.name}: {self.http.where('/reader/api/0/stream/items/contents')} sent a "
                            f"truncated or invalid JSON body ({len(body)} bytes); sync again to resume") from None
        raw = answer.get("items") if isinstance(answer, dict) else None
        if not isinstance(raw, list):
            raise SyncError(f"{self.name}: {self.http.where('/reader/api/0/stream/items/contents')}: expected items")
        items, skipped = [], 0
        for it in raw:
            rid = item_id(it.get("id")) if isinstance(it, dict) else ""
            origin = it.get("origin") if isinstance(it, dict) else None
            feed = as_str(origin.get("streamId")) if isinstance(origin, dict) else ""
            if not rid or not feed:
                skipped += 1
                continue
            categories = [as_str(c) for c in it.get("categories") or []]
            body_html = ""
            for key in ("content", "summary"):
                part = it.get(key)
                if isinstance(part, dict) and part.get("content"):
                    body_html = as_str(part["content"])
                    break
            url = ""
            for key in ("canonical", "alternate"):
                links = it.get(key)
                if isinstance(links, list) and links and isinstance(links[0], dict) and links[0].get("href"):
                    url = as_str(links[0]["href"])
                    break
            published = None
            if isinstance(it.get("published"), (int, float)) and it["published"] > 0:
                published = datetime.fromtimestamp(it["published"], tz=timezone.utc)
            items.append(RemoteItem(id=rid, feed_id=feed, title=as_str(it.get("title")), html=body_html, url=url,
                                    author=as_str(it.get("author")), published=published,
                                    read=any(_is_state(c, "read") for c in categories),
                                    starred=any(_is_state(c, "starred") for c in categories),
                                    # FreshRSS writes href and length, Miniflux url and no length
                                    enclosures=[(x.get("href") or x.get("url"), x.get("type"), x.get("length"), None)
                                                for x in it.get("enclosure") or [] if isinstance(x, dict)]))
        return items, skipped

    def state(self) -> RemoteState:
        state = RemoteState()
        for ids in self._ids([("s", READING_LIST), ("xt", READ)]):
            state.unread.update(ids)
        for ids in self._ids([("s", STARRED)]):
            state.starred.update(ids)
        return state

    def push(self, flag: str, value: bool, ids: list[str]) -> None:
        tag = READ if flag == "read" else STARRED
        for start in range(0, len(ids), PUSH_BATCH):
            form = [("i", i) for i in ids[start:start + PUSH_BATCH]]
            form.append(("a" if value else "r", tag))
            self._write("/reader/api/0/edit-tag", form)

    def subscribe(self, url: str, folder: str = "") -> str:
        body = self._write("/reader/api/0/subscription/quickadd", [("quickadd", url)])
        try:
            stream = as_str(json.loads(body).get("streamId"))
        except (ValueError, AttributeError):
            stream = ""
        if not stream:
            raise SyncError(f"{self.name}: the server did not subscribe to {url}")
        if folder:
            self._write("/reader/api/0/subscription/edit",
                        [("ac", "edit"), ("s", stream), ("a", f"user/-/label/{folder}")])
        return stream

    def unsubscribe(self, feed_id: str) -> None:
        self._write("/reader/api/0/subscription/edit", [("ac", "unsubscribe"), ("s", feed_id)])

    def close(self) -> None:
        self.http.close()
