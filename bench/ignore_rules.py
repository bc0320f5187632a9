"""Cost of the killfile at view time: the first page of the list, a count and a search, with no
[[ignore]] rules, with one rule hiding 1% of the articles (a typical killfile) and with three
rules hiding 40% (a heavy one)."""
# Run: /work/venv/bin/python -m bench.ignore_rules [ARTICLES]   (default 20,000)
import sys, tempfile, time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from reader.store.db import Store
from reader.model import ArticleIn
from reader.store.query import parse_query

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
tmp = Path(tempfile.mkdtemp())
store = Store(tmp / "c.db")
fid = store.feed_id("http://x.test/f")
words = ["nato", "russia", "horoscope", "football", "sponsored", "election", "climate", "market"]
start = datetime(2021, 1, 1, tzinfo=timezone.utc)
arts = [ArticleIn(key=f"k{i}", title=f"{words[i % 8]} story {i}" + (" astrology" if i % 100 == 0 else ""), text=f"text about {words[(i * 3) % 8]} {i}",
                  url=f"http://x.test/{i}", published=start + timedelta(minutes=i)) for i in range(N)]
store.store_articles(fid, arts)
def t(fn, n=20):
    fn(); s = time.perf_counter()
    for _ in range(n): fn()
    return (time.perf_counter() - s) / n * 1000
for label, rules in (("no rules", ()), ("1 rule, 1% hidden", (parse_query("astrology"),)),
                     ("3 rules, 40% hidden", (parse_query("horoscope"), parse_query("sponsored OR football"), parse_query("is:read market")))):
    store.ignore_rules = rules
    print(f"{label:20} list first page {t(lambda: store.list_articles('', limit=200)):6.1f} ms   "
          f"count all {t(lambda: store.count('')):6.1f} ms   search 'nato' {t(lambda: store.list_articles('nato', limit=200)):6.1f} ms")
