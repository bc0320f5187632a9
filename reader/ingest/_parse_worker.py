"""The parse worker: a child process that runs feeds.parse_inline on request.

A request whose header has "op": "extract" runs extract.extract_document on
a fetched page instead (full text), answering {"text", "structure"} or
{"error"}: the same time and memory bounds then hold for the extractors.

Protocol on stdin/stdout, one request at a time:
  request:  >II (header length, body length), JSON header, body bytes
  response: >Q length, JSON of the ParsedFeed
Exit status 3 means the worker ran out of memory (its address space is
limited so a hostile document cannot exhaust the machine).
"""

from __future__ import annotations

import json
import os
import struct
import sys
from datetime import datetime


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # not POSIX: the parent's timeout still bounds us
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _read_exact(f, n: int) -> bytes | None:
    chunks = []
    while n:
        b = f.read(n)
        if not b:
            return None
        chunks.append(b)
        n -= len(b)
    return b"".join(chunks)


def main() -> None:
    if len(sys.argv) > 2:
        _limit_memory(int(sys.argv[2]))
    from reader.ingest.feeds import ParsedFeed, _to_json, parse_inline
    __import__("feedparser")  # load before the handshake, not on the first feed

    # Our answers go to a private copy of fd 1; fd 1 itself goes to devnull,
    # so a stray print anywhere cannot corrupt the protocol.
    out_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    stdin, stdout = sys.stdin.buffer, os.fdopen(out_fd, "wb")
    stdout.write(b"READY\n\0\0")  # parse_pool._READY: imports worked, requests welcome
    stdout.flush()
    while True:
        head = _read_exact(stdin, 8)
        if head is None:
            return
        hlen, blen = struct.unpack(">II", head)
        header = json.loads(_read_exact(stdin, hlen) or b"{}")
        body = _read_exact(stdin, blen) or b""
        if header.get("op") == "extract":
            out = _extract(body, header["url"])
            del body
            stdout.write(struct.pack(">Q", len(out)) + out)
            stdout.flush()
            continue
        try:
            parsed = parse_inline(body, header["url"],
                                  datetime.fromisoformat(header["fetched_at"]),
                                  header.get("content_type"))
        except MemoryError:
            sys.exit(3)
        except Exception as e:  # noqa: BLE001 - answer, never die on a feed
            parsed = ParsedFeed("", "", error=f"parser failed: {type(e).__name__}")
        del body
        try:
            out = _to_json(parsed)
        except MemoryError:
            sys.exit(3)
        stdout.write(struct.pack(">Q", len(out)) + out)
        stdout.flush()


def _extract(body: bytes, url: str) -> bytes:
    from reader.ingest.extract import ExtractError, extract_document

    try:
        doc = extract_document(body, url)
        answer = {"text": doc.text, "structure": doc.structure_json()}
    except MemoryError:
        sys.exit(3)
    except ExtractError as e:
        answer = {"error": str(e)}
    except Exception as e:  # noqa: BLE001 - answer, never die on a page
        answer = {"error": f"the page could not be read ({type(e).__name__})"}
    return json.dumps(answer, ensure_ascii=False).encode("utf-8", "surrogatepass")


if __name__ == "__main__":
    main()
