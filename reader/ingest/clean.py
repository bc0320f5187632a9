"""Sanitising text and links that come from feeds and files.

Everything a feed says ends up painted on a terminal. A terminal obeys
control sequences (ESC, CSI, OSC, C1 controls) found in what it prints, so
a feed that could smuggle one through could move the cursor, clear the
screen, set the clipboard (OSC 52) or plant a hyperlink (OSC 8). Bidi
overrides can make text read differently from what it is. Lone surrogates
cannot be encoded for output and would crash a writer. All of these are
removed here, before anything is stored, so no later layer has to care.

Nothing here knows about markup: text like ``[link=file:///etc/passwd]``
stays literal text. The UI must never render feed text as markup.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Field length caps (characters), applied by the feed parser.
MAX_TITLE = 1_000
MAX_AUTHOR = 200
MAX_URL = 2_048
MAX_KEY = 512
MAX_TEXT = 200_000

# C0 controls except \t and \n (\r is normalised first), DEL, C1 controls,
# bidi embeddings/overrides (U+202A-202E) and isolates (U+2066-2069), and
# lone surrogates (U+D800-DFFF, which only arise from bad decoding).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")
# Anything either of the two above would change (\r and \x85 are in _UNSAFE's
# ranges): one scan decides whether there is any work at all.
_ANY_WORK = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SPACES = re.compile(r"\s+")
# Whole terminal escape sequences, so that what follows their introducer does not stay behind
# as text ("\x1b[31mRED" is "RED", not "[31mRED"): CSI (ESC [ or C1 CSI) with its parameters
# and final byte; OSC, DCS, SOS, PM and APC (ESC ] P X ^ _ or their C1 forms) up to their
# terminator (BEL, ESC \\ or C1 ST), when it comes within 512 characters; other ESC sequences
# (ESC, intermediates, a final byte). An unterminated string loses only its introducer.
_ESCAPES = re.compile(
    "(?:\x1b\\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    "|(?:\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,512}(?:\x07|\x1b\\\\|\x9c)"
    "|\x1b[\x20-\x2f]*[\x30-\x7e]"
)

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def clean_text(s: str, max_len: int | None = None) -> str:
    """Return s without control characters except newline and tab.

    CR LF, lone CR and the Unicode line/paragraph separators become "\\n";
    terminal escape sequences go whole (_ESCAPES); then the C0 and C1 controls left
    (ESC included, so no CSI/OSC sequence can survive),
    NUL, DEL, bidi overrides and isolates, and lone surrogates are dropped.
    If max_len is given the result is cut to at most that many characters.
    """
    if not s:
        return ""
    if _ANY_WORK.search(s) is not None:  # most text needs nothing: one scan, no copy
        s = _NEWLINES.sub("\n", s)
        if "\x1b" in s or "\x9b" in s or any(c in s for c in "\x90\x98\x9d\x9e\x9f"):
            s = _ESCAPES.sub("", s)
        s = _UNSAFE.sub("", s)
    if max_len is not None and len(s) > max_len:
        s = s[:max_len]
    return s


def clean_line(s: str, max_len: int = MAX_TITLE) -> str:
    """clean_text for single-line fields: all whitespace runs become one space."""
    if not s:
        return ""
    # Cut generously first so a huge input costs no more than needed.
    s = clean_text(s[: max_len * 4 + 64])
    s = _SPACES.sub(" ", s).strip()
    if len(s) > max_len:
        s = s[:max_len].rstrip()
    return s


def safe_url(s: str) -> str:
    """Return the cleaned URL if its scheme is http, https or mailto, else "".

    http(s) URLs must name a host. URLs longer than MAX_URL are refused
    rather than cut, since a cut URL points somewhere else.
    """
    if not s:
        return ""
    s = clean_text(s[: MAX_URL * 2]).strip()
    # Whitespace inside a URL is never meaningful to us; a space is encoded,
    # other whitespace (newlines, tabs) is refused.
    if any(c in s for c in "\n\t"):
        return ""
    s = s.replace(" ", "%20")
    if len(s) > MAX_URL:
        return ""
    try:
        parts = urlsplit(s)
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return ""
    if scheme in ("http", "https") and not parts.hostname:
        return ""
    return s
