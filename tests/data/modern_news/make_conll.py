"""Turn the annotated sources (dev.txt, test.txt) into CoNLL-2003 files.

    python tests/data/modern_news/make_conll.py

Source format: one sentence a line; a line "# doc: NAME" starts a document;
entities are written inline as [PER Jens Stoltenberg], [ORG NATO],
[LOC Brussels], [MISC Russian]. Sentences are tokenized with the reader's
own tokenizer; the .conll files have token, -X-, -X-, IOB1 tag (as
../shared/data/conll2003), a -DOCSTART- line per document.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from reader.nlp.tokenize import tokenize  # noqa: E402

MARK = re.compile(r"\[(PER|ORG|LOC|MISC) ([^\[\]]+)\]")


def parse_line(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text of an annotated line and its entities as character spans."""
    out, spans, pos = [], [], 0
    for m in MARK.finditer(line):
        out.append(line[pos : m.start()])
        start = sum(len(x) for x in out)
        out.append(m.group(2))
        spans.append((start, start + len(m.group(2)), m.group(1)))
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[" in text or "]" in text:
        raise ValueError(f"unbalanced or unknown markup: {line!r}")
    return text, spans


def to_conll(source: str) -> tuple[str, int, int]:
    """CoNLL text, number of sentences, number of entities."""
    lines_out: list[str] = []
    n_sent = n_ent = 0
    for lineno, raw in enumerate(source.splitlines(), 1):
        raw = raw.strip()
        if not raw:
            continue
        if raw.startswith("# doc"):
            lines_out += ["-DOCSTART- -X- -X- O", ""]
            continue
        if raw.startswith("#"):
            continue
        text, spans = parse_line(raw)
        toks = tokenize(text)
        tags = ["O"] * len(toks)
        prev_type = ""
        for s, e, t in spans:
            idx = [i for i, tk in enumerate(toks) if tk.start < e and tk.end > s]
            if not idx or toks[idx[0]].start != s or toks[idx[-1]].end != e:
                raise ValueError(f"line {lineno}: entity {text[s:e]!r} does not fall on token bounds")
            first = "B-" if idx[0] > 0 and tags[idx[0] - 1] == "I-" + t else "I-"
            tags[idx[0]] = first + t
            for i in idx[1:]:
                tags[i] = "I-" + t
            n_ent += 1
        del prev_type
        lines_out += [f"{tk.text} -X- -X- {tg}" for tk, tg in zip(toks, tags)]
        lines_out.append("")
        n_sent += 1
    return "\n".join(lines_out) + "\n", n_sent, n_ent


def main() -> int:
    for name in ("dev", "test"):
        src = HERE / f"{name}.txt"
        conll, n_sent, n_ent = to_conll(src.read_text(encoding="utf-8"))
        (HERE / f"{name}.conll").write_text(conll, encoding="utf-8")
        print(f"{name}: {n_sent} sentences, {n_ent} entities")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
