"""Cost of the killfile at view time: list and count with and without 3 ignore rules, 20,000 articles."""
# Run: /work/venv/bin/python -m bench.ignore_rules
import sys, tempfile, time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from reader.store.db import Store
from reader.model import ArticleIn
from reader.store.query import parse_query

tmp = Path(tempfile.mkdtemp())
store = Store(tmp / "c.db")
fid = store.feed_id("http://x.test/f")
words = ["nato", "russia", "horoscope", "football", "sponsored", "election", "climate", "market"]
start = datetime(2021, 1, 1, tzinfo=timezone.utc)
arts = [ArticleIn(key=f"k{i}", title=f"{words[i % 8]} story {i}", text=f"text about {words[(i * 3) % 8]} {i}",
                  url=f"http://x.test/{i}", published=start + timedelta(minutes=i)) for i in range(20000)]
store.store_articles(fid, arts)
def t(fn, n=20):
    fn(); s = time.perf_counter()
    for _ in range(n): fn()
    return (time.perf_counter() - s) / n * 1000
for label, rules in (("no rules", ()), ("3 rules", (parse_query("horoscope"), parse_query("sponsored OR football"), parse_query("is:read market")))):
    store.ignore_rules = rules
    print(f"{label:9} list first page {t(lambda: store.list_articles('', limit=200)):6.1f} ms   "
          f"count all {t(lambda: store.count('')):6.1f} ms   search 'nato' {t(lambda: store.list_articles('nato', limit=200)):6.1f} ms")
