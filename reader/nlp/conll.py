"""CoNLL-2003 files: read them and rebuild each document's raw text.

Training and evaluation both go through raw text, exactly as articles do at
run time: a document's tokens are detokenized into text (one sentence per
line), the tokenizer splits that text again, and gold entities are carried
as character spans.  So the model is trained and scored on the same
tokenization it meets in real articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# CoNLL types -> our labels
CONLL_TO_LABEL = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "MISC": "MISC"}
LABEL_TO_CONLL = {v: k for k, v in CONLL_TO_LABEL.items()}

_NO_SPACE_BEFORE = frozenset(
    [",", ".", ":", ";", ")", "]", "}", "%", "?", "!", "...", "'", "'s", "'S", "n't", "N'T",
     "'re", "'ve", "'ll", "'m", "'d", "'RE", "'VE", "'LL", "'M", "'D"]
)
_NO_SPACE_AFTER = frozenset(["(", "[", "{", "$"])


@dataclass
class Doc:
    """A document rebuilt as raw text.

    ``tokens`` are the file's tokens with their character offsets in
    ``text``; ``chunks`` are the gold entities as (first token, last token,
    CoNLL type); ``sent_bounds`` gives each sentence's token range.
    """

    text: str
    tokens: list[tuple[str, int, int]] = field(default_factory=list)
    chunks: list[tuple[int, int, str]] = field(default_factory=list)
    sent_bounds: list[tuple[int, int]] = field(default_factory=list)

    def gold_spans(self) -> list[tuple[int, int, str]]:
        """Gold entities as (start char, end char, CoNLL type)."""
        return [(self.tokens[a][1], self.tokens[b][2], t) for a, b, t in self.chunks]


def read_sentences(path: str | Path) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, IOB tag) pairs.

    Documents split on -DOCSTART- lines; a file without them is cut into
    documents of at most 20 sentences so that document-level evidence
    stays local, as it would in an article.
    """
    docs: list[list[list[tuple[str, str]]]] = []
    cur_doc: list[list[tuple[str, str]]] = []
    cur_sent: list[tuple[str, str]] = []
    saw_docstart = False
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                if cur_sent:
                    cur_doc.append(cur_sent)
                    cur_sent = []
                continue
            if parts[0] == "-DOCSTART-":
                saw_docstart = True
                if cur_sent:
                    cur_doc.append(cur_sent)
                    cur_sent = []
                if cur_doc:
                    docs.append(cur_doc)
                cur_doc = []
                continue
            cur_sent.append((parts[0], parts[-1] if len(parts) > 1 else "O"))
    if cur_sent:
        cur_doc.append(cur_sent)
    if cur_doc:
        docs.append(cur_doc)
    if not saw_docstart:
        sents = [s for d in docs for s in d]
        docs = [sents[i : i + 20] for i in range(0, len(sents), 20)]
    return docs


def iob_chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """Chunks from IOB1 or IOB2 tags: (first, last, type), inclusive."""
    chunks: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate(tags + ["O"]):
        if tag == "O" or "-" not in tag:
            bio, t = "O", ""
        else:
            bio, t = tag.split("-", 1)
        begins = bio == "B" or (bio == "I" and t != typ)
        if typ and (bio == "O" or begins):
            chunks.append((start, i - 1, typ))
            typ = ""
        if begins:
            start, typ = i, t
    return chunks


def detokenize(words: list[str], base: int = 0) -> tuple[str, list[tuple[int, int]]]:
    """Join tokens as a detokenizer would; return text and token offsets."""
    out: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = base
    quote_open = False
    glue_next = True
    for w in words:
        space = not glue_next
        glue_next = False
        if w in _NO_SPACE_BEFORE:
            space = False
        elif w == '"':
            if quote_open:
                space = False
            else:
                glue_next = True
            quote_open = not quote_open
        if w in _NO_SPACE_AFTER:
            glue_next = True
        if space:
            out.append(" ")
            pos += 1
        out.append(w)
        offsets.append((pos, pos + len(w)))
        pos += len(w)
    return "".join(out), offsets


def build_doc(sents: list[list[tuple[str, str]]]) -> Doc:
    """Rebuild one document as raw text, one sentence per line."""
    lines: list[str] = []
    doc = Doc(text="")
    pos = 0
    for sent in sents:
        words = [w for w, _ in sent]
        line, offs = detokenize(words, pos)
        first = len(doc.tokens)
        for (w, _), (a, b) in zip(sent, offs):
            doc.tokens.append((w, a, b))
        for a, b, t in iob_chunks([tag for _, tag in sent]):
            doc.chunks.append((first + a, first + b, t))
        doc.sent_bounds.append((first, len(doc.tokens)))
        lines.append(line)
        pos += len(line) + 1
    doc.text = "\n".join(lines)
    return doc


def read_docs(path: str | Path) -> list[Doc]:
    """Read a CoNLL-2003 file as rebuilt raw-text documents."""
    return [build_doc(d) for d in read_sentences(path)]
