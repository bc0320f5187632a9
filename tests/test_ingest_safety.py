"""Issue 15, cases 2, 3, 7 and 17 (files): local article files and dates never lose, hide or
hang. Each case checks the message the user sees and that every article, read mark and star
stored before it is still there, unchanged."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.ingest.text import read_article_file
from reader.library import make_library
from reader.store import schema
from reader.store.db import content_hash

ROOT = Path(__file__).resolve().parent.parent


def cache_file(tmp_path) -> Path:
    return tmp_path / "data" / "cache.sqlite"


def snapshot(tmp_path) -> list[tuple]:
    """Every stored article with its read and star marks, read straight from the file."""
    db = sqlite3.connect(cache_file(tmp_path))
    try:
        return db.execute("SELECT id, title, text, published, read, starred FROM articles ORDER BY id").fetchall()
    finally:
        db.close()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def stored(tmp_path, capsys):
    """A cache with three articles, one read, one starred: what every case must leave alone."""
    folder = tmp_path / "kept"
    for n in range(3):
        write(folder / f"k{n}.txt", f"Date: 2021-10-0{n + 1}\n\nKept article {n}\n\nKept text {n}.\n")
    assert main(["ingest", "--no-analyse", str(folder)]) == 0
    ids = [row[0] for row in snapshot(tmp_path)]
    db = sqlite3.connect(cache_file(tmp_path))
    with db:
        db.execute("UPDATE articles SET read = 1 WHERE id = ?", (ids[0],))
        db.execute("UPDATE articles SET starred = 1 WHERE id = ?", (ids[1],))
    db.close()
    capsys.readouterr()
    return snapshot(tmp_path)


def ingest(capsys, *args) -> tuple[int, str, str]:
    code = main(["ingest", "--no-analyse", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error")]


# -- case 2: files are keyed by their path ------------------------------------------


def test_two_files_of_one_name_are_two_articles(tmp_path, capsys, stored, monkeypatch):
    a = write(tmp_path / "a" / "story.txt", "Date: 2021-10-06\n\nStory A\n\nText of A.\n")
    b = write(tmp_path / "b" / "story.txt", "Date: 2021-10-06\n\nStory B\n\nText of B.\n")
    code, out, _err = ingest(capsys, a, b)
    assert code == 0 and out.count("new") == 2
    rows = snapshot(tmp_path)
    assert rows[:3] == stored
    titles = {row[1]: row[0] for row in rows[3:]}
    assert set(titles) == {"Story A", "Story B"}
    make_library().set_starred([titles["Story A"]])
    # Unchanged files: nothing to do. The same file by a relative path or a link is the same article.
    os.symlink(a, tmp_path / "link.txt")
    monkeypatch.chdir(tmp_path)
    code, out, _err = ingest(capsys, Path("a") / "story.txt", b, tmp_path / "link.txt")
    assert code == 0 and out.split().count("unchanged") == 3
    # An edited file is updated in place, its star kept.
    write(a, "Date: 2021-10-06\n\nStory A, revised\n\nText of A.\n")
    code, out, _err = ingest(capsys, a)
    assert code == 0 and out.startswith("updated")
    after = snapshot(tmp_path)
    assert after[:3] == stored and len(after) == 5
    revised = [row for row in after if row[0] == titles["Story A"]][0]
    assert revised[1] == "Story A, revised" and revised[5] == 1
    assert [row[1] for row in after if row[0] == titles["Story B"]] == ["Story B"]


def old_cache(tmp_path, rows: list[tuple[str, str, str, str, int, int]]) -> None:
    """A cache as the version before path keys left it: files keyed 'file:' + name."""
    path = cache_file(tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    step = schema.MIGRATIONS.index(schema._FILE_KEYS)
    for version, script in enumerate(schema.MIGRATIONS[:step], start=1):
        db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")
    db.execute("INSERT INTO feeds (url, title, kind) VALUES ('local:files', 'Local files', 'files')")
    for key, title, text, digest, read, starred in rows:
        db.execute("INSERT INTO articles (feed_id, key, title, text, published, hash, read, starred) "
                   "VALUES (1, ?, ?, ?, '2021-10-06 12:00:00', ?, ?, ?)", (key, title, text, digest, read, starred))
    db.close()


def two_stories(tmp_path) -> tuple[Path, Path]:
    a = write(tmp_path / "a" / "story.txt", "Date: 2021-10-06\n\nStory A\n\nText of A.\n")
    b = write(tmp_path / "b" / "story.txt", "Date: 2021-10-06\n\nStory B\n\nText of B.\n")
    return a, b


def test_an_old_name_key_stays_with_the_file_it_holds(tmp_path, capsys):
    a, b = two_stories(tmp_path)
    art_b = read_article_file(b)
    # The old version stored a/story.txt, then b/story.txt over it: one article, holding B.
    old_cache(tmp_path, [("file:story.txt", art_b.title, art_b.text, content_hash(art_b.title, art_b.text, ""), 1, 1),
                         ("file:other.txt", "Other", "Other text.", "x", 0, 1)])
    code, out, _err = ingest(capsys, tmp_path / "a", tmp_path / "b")
    assert code == 0
    assert out.split()[0::3] == ["new", "unchanged"]  # A is new; B found its old article
    rows = {row[1]: row for row in snapshot(tmp_path)}
    assert len(rows) == 3
    assert rows["Story B"][0] == 1 and rows["Story B"][4:] == (1, 1)  # same article, read and starred
    assert rows["Story A"][4:] == (0, 0)
    assert rows["Other"][4:] == (0, 1)
    # Again: nothing changes, nothing doubles.
    code, out, _err = ingest(capsys, tmp_path / "a", tmp_path / "b")
    assert code == 0 and out.split()[0::3] == ["unchanged", "unchanged"] and len(snapshot(tmp_path)) == 3


def test_an_old_name_key_of_an_edited_file_is_updated_not_doubled(tmp_path, capsys):
    a, b = two_stories(tmp_path)
    old_cache(tmp_path, [("file:story.txt", "Story A (before the edit)", "Old text.", "old", 0, 1)])
    code, out, _err = ingest(capsys, a)
    assert code == 0 and out.startswith("updated")
    rows = snapshot(tmp_path)
    assert len(rows) == 1 and rows[0][0] == 1 and rows[0][1] == "Story A" and rows[0][5] == 1
    # The other file of that name is a new article; the first keeps its star.
    code, out, _err = ingest(capsys, a, b)
    assert code == 0 and out.split()[0::3] == ["unchanged", "new"]
    rows = {row[1]: row for row in snapshot(tmp_path)}
    assert len(rows) == 2 and rows["Story A"][5] == 1 and rows["Story B"][5] == 0


def test_the_migration_keeps_every_article_and_mark(tmp_path):
    old_cache(tmp_path, [("file:story.txt", "S", "T.", "h", 1, 0), ("https://example.org/a", "U", "T.", "h", 0, 1)])
    before = snapshot(tmp_path)
    make_library().close()
    assert snapshot(tmp_path) == before
    db = sqlite3.connect(cache_file(tmp_path))
    keys = [r[0] for r in db.execute("SELECT key FROM articles ORDER BY id")]
    assert keys == ["name:story.txt", "https://example.org/a"]
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    db.close()


# -- case 3: dates -------------------------------------------------------------------


@pytest.mark.parametrize("header, message", [
    ("0001-01-01", "0001-01-01 is before 1900-01-01"),
    ("1899-12-31", "1899-12-31 is before 1900-01-01"),
    ("2999-01-01", "2999-01-01 is in the future"),
    ("9999-12-31T23:00:00-05:00", "out of range"),
])
def test_a_date_out_of_range_is_refused_naming_the_file(tmp_path, capsys, stored, header, message):
    bad = write(tmp_path / "new" / "odd.txt", f"Date: {header}\n\nOdd date\n\nText.\n")
    good = write(tmp_path / "new" / "good.txt", "Date: 2021-10-06\n\nGood date\n\nText.\n")
    code, out, err = ingest(capsys, tmp_path / "new")
    assert code == 2
    assert error_lines(err) == [f"error     {bad}: Date header: {error_lines(err)[0].split('Date header: ')[1]}"]
    assert message in err and "1 of 2 files stored" in err
    assert str(good) in out
    rows = snapshot(tmp_path)
    assert rows[:3] == stored and [r[1] for r in rows[3:]] == ["Good date"]
    assert main(["search", "text"]) == 0


def test_date_option_out_of_range_is_refused(tmp_path, capsys, stored):
    path = write(tmp_path / "undated.txt", "Undated\n\nText.\n")
    with pytest.raises(SystemExit) as info:
        main(["ingest", "--no-analyse", "--date", "0001-01-01", str(path)])
    assert info.value.code == 2
    assert "--date: 0001-01-01 is before 1900-01-01" in capsys.readouterr().err
    assert snapshot(tmp_path) == stored


def test_a_file_time_in_the_future_is_a_guess_of_now(tmp_path, capsys, stored):
    path = write(tmp_path / "undated.txt", "Undated\n\nText.\n")
    os.utime(path, (4_102_444_800, 4_102_444_800))  # 2100-01-01
    code, out, err = ingest(capsys, path)
    assert code == 0
    assert f"note      {path}: its file time 2100-01-01 is in the future" in err and "dated now, as a guess" in err
    assert main(["search", "--json", "undated"]) == 0
    import json

    row = json.loads(capsys.readouterr().out)[0]
    assert row["date_is_guess"] is True and not row["published"].startswith("2100")
    assert snapshot(tmp_path)[:3] == stored


ODD_TIMES = ["0001-01-01 00:00:00", "9999-12-31 23:59:59", "1-01-01 12:00:00", "garbage", "", 0]


def store_odd_dates(tmp_path) -> None:
    """Rows an older version, another program or a hand edit may have left: written with sqlite3."""
    db = sqlite3.connect(cache_file(tmp_path))
    with db:
        feed = db.execute("INSERT INTO feeds (url, title, kind) VALUES ('local:odd', 'Odd', 'files')").lastrowid
        for n, value in enumerate(ODD_TIMES):
            db.execute("INSERT INTO articles (feed_id, key, title, text, published, hash) VALUES (?, ?, ?, ?, ?, 'x')",
                       (feed, f"odd{n}", f"Odd time {n}", "Odd text.", value))
    db.close()


def test_odd_stored_dates_are_listed_and_shown_by_the_cli(tmp_path, capsys, stored):
    store_odd_dates(tmp_path)
    assert main(["search", "odd"]) == 0
    out = capsys.readouterr().out
    assert all(f"Odd time {n}" in out for n in range(len(ODD_TIMES)))
    assert "0001-01-01" in out and "9999-12-31" in out
    for row in snapshot(tmp_path)[3:]:
        assert main(["show", str(row[0])]) == 0
        assert row[1] in capsys.readouterr().out
    assert snapshot(tmp_path)[:3] == stored


def test_paging_past_odd_dates_shows_each_article_once(tmp_path, stored):
    store_odd_dates(tmp_path)
    library = make_library()
    seen, before = [], None
    while True:
        page = library.list_articles("", limit=2, before=before)
        if not page:
            break
        seen += [row.id for row in page]
        before = (page[-1].published, page[-1].id)
        assert len(seen) <= 20
    library.close()
    # 'garbage' and '' sort apart from real dates; every article comes once, none is lost.
    assert sorted(seen) == [row[0] for row in snapshot(tmp_path)]


async def test_odd_stored_dates_are_listed_and_shown_by_the_app(tmp_path, stored):
    from reader.ui.app import ReaderApp
    from tests.test_ui_app import SIZE, list_lines, reading_text, settle
    from tests.ui_support import NOW

    store_odd_dates(tmp_path)
    library = make_library()
    app = ReaderApp(library, now=NOW, autostart=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = "\n".join(list_lines(app))
        assert all(f"Odd time {n}" in shown for n in range(len(ODD_TIMES))), shown
        assert "Kept article 0" in shown
        for _ in range(len(ODD_TIMES) + 3):
            await pilot.press("j")
            await settle(pilot, 1)
            assert "text" in reading_text(app)
    library.close()
    assert snapshot(tmp_path)[:3] == stored


# -- case 7: only regular files, of a bounded size -----------------------------------


def run_cli(tmp_path, *args, limit_memory: bool = False) -> subprocess.CompletedProcess:
    """reader in a process of its own: a hang ends at the timeout, an endless read at 1 GB."""
    def cap():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "reader", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120, preexec_fn=cap if limit_memory else None)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_not_read(tmp_path, stored):
    result = run_cli(tmp_path, "ingest", "--no-analyse", "/dev/zero", limit_memory=True)
    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        "error     /dev/zero: a character device, not a regular file; only regular files are read"]
    assert snapshot(tmp_path) == stored


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_not_waited_for(tmp_path, stored):
    folder = tmp_path / "new"
    write(folder / "good.txt", "Good\n\nText.\n")
    os.mkfifo(folder / "pipe.txt")
    for target in (folder / "pipe.txt", folder):
        result = run_cli(tmp_path, "ingest", "--no-analyse", target)
        assert result.returncode != 0
        assert error_lines(result.stderr) == [
            f"error     {folder / 'pipe.txt'}: a FIFO, not a regular file; only regular files are read"]
    rows = snapshot(tmp_path)
    assert rows[:3] == stored and [r[1] for r in rows[3:]] == ["Good"]


def test_a_file_over_the_size_cap_is_refused(tmp_path, capsys, stored):
    config = tmp_path / "config" / "config.toml"
    write(config, "[settings]\nmax_file_mb = 0.001\n")
    big = write(tmp_path / "big.txt", "Big\n\n" + "word " * 400)
    small = write(tmp_path / "small.txt", "Small\n\nText.\n")
    code, _out, err = ingest(capsys, big, small)
    assert code == 2
    assert error_lines(err) == [f"error     {big}: too large (2,005 bytes; at most 1,000)"]
    rows = snapshot(tmp_path)
    assert rows[:3] == stored and [r[1] for r in rows[3:]] == ["Small"]


@pytest.mark.parametrize("value", ["nan", "0", "-1", "inf"])
def test_a_bad_size_cap_names_the_key(tmp_path, capsys, value):
    write(tmp_path / "config" / "config.toml", f"[settings]\nmax_file_mb = {value}\n")
    assert main(["feeds"]) == 0  # a bad setting is named and replaced by its default; the rest works
    err = capsys.readouterr().err
    assert "config.toml:2: 'settings.max_file_mb' must be between 0.001 and 1000" in err and "using 5" in err


def test_link_loops_in_a_folder_do_not_hang(tmp_path, stored):
    folder = tmp_path / "new"
    write(folder / "sub" / "good.txt", "Good\n\nText.\n")
    os.symlink(folder, folder / "sub" / "up")  # a loop through a link to a folder
    os.symlink("self.txt", folder / "self.txt")  # a link to itself
    result = run_cli(tmp_path, "ingest", "--no-analyse", folder)
    assert result.returncode == 2
    assert error_lines(result.stderr) == [f"error     {folder / 'self.txt'}: cannot read: Too many levels of symbolic links"]
    rows = snapshot(tmp_path)
    assert rows[:3] == stored and [r[1] for r in rows[3:]] == ["Good"]


def test_every_failure_is_one_line_and_the_exit_is_not_zero(tmp_path, capsys, stored):
    folder = tmp_path / "new"
    write(folder / "ok.txt", "Fine\n\nText.\n")
    (folder / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(folder / "line\nbreak.txt", "")
    code, _out, err = ingest(capsys, folder, tmp_path / "missing.txt")
    assert code == 2
    lines = error_lines(err)
    # Besides the note that no config file exists yet: three failures and the summary.
    others = [line for line in err.splitlines() if line.strip() and not line.startswith("reader: no config file")]
    assert len(lines) == 3 and len(others) == 4
    assert f"{folder / 'bin.txt'}: binary file" in err and "line\\nbreak.txt: empty" in err
    assert f"{tmp_path / 'missing.txt'}: no such file or folder" in err
    assert snapshot(tmp_path)[:3] == stored


# -- case 17: UTF-16 and UTF-32 with a byte order mark --------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_read(tmp_path, capsys, stored, encoding):
    text = "Date: 2021-10-06\n\nKöln und Zürich\n\nDer Text — mit Umlauten.\n"
    data = text.encode(encoding)
    if encoding in ("utf-16-be", "utf-32-be"):
        data = "\ufeff".encode(encoding) + data
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb", b"\x00\x00")
    path = tmp_path / "bom.txt"
    path.write_bytes(data)
    code, out, _err = ingest(capsys, path)
    assert code == 0 and out.startswith("new")
    assert main(["search", "--json", "umlauten"]) == 0
    import json

    rows = json.loads(capsys.readouterr().out)
    assert [r["title"] for r in rows] == ["Köln und Zürich"]
    assert snapshot(tmp_path)[:3] == stored


def test_bad_utf16_and_real_binary_are_refused(tmp_path, capsys, stored):
    odd = tmp_path / "odd.txt"
    odd.write_bytes(b"\xff\xfe" + "Title\n\ntext".encode("utf-16-le") + b"\x00")  # odd length
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"\xff\xfe" + "Title\0\0\0\n\ntext".encode("utf-16-le"))
    code, _out, err = ingest(capsys, odd, nul)
    assert code == 1
    assert error_lines(err) == [
        f"error     {odd}: not UTF-16 text despite its byte order mark (bad data at offset 24)",
        f"error     {nul}: binary file, not an article"]
    assert snapshot(tmp_path) == stored


def test_a_moved_file_keeps_its_article_and_a_copy_is_new(tmp_path, capsys, stored):
    a = write(tmp_path / "a" / "story.txt", "Date: 2021-10-06\n\nStory\n\nText of the story.\n")
    code, out, _err = ingest(capsys, a)
    article_id = int(out.split()[1])
    make_library().set_starred([article_id])
    moved = tmp_path / "c" / "renamed.txt"
    moved.parent.mkdir()
    a.rename(moved)
    code, out, _err = ingest(capsys, moved)
    assert code == 0 and out.split()[:2] == ["unchanged", str(article_id)]
    copy = write(tmp_path / "d" / "story.txt", moved.read_text(encoding="utf-8"))
    code, out, _err = ingest(capsys, moved, copy)
    assert code == 0 and out.split()[0::3] == ["unchanged", "new"]
    rows = snapshot(tmp_path)
    assert rows[:3] == stored and len(rows) == 5
    assert [r[5] for r in rows[3:]] == [1, 0]  # the star stayed with the moved file's article


def test_a_name_with_undecodable_bytes_is_not_taken_for_a_moved_file(tmp_path, capsys, stored):
    odd = tmp_path / os.fsdecode(b"caf\xe9.txt")
    write(odd, "Same\n\nSame text.\n")
    code, out, _err = ingest(capsys, odd)
    assert code == 0 and out.startswith("new")
    twin = write(tmp_path / "twin.txt", "Same\n\nSame text.\n")
    code, out, _err = ingest(capsys, twin, odd)
    assert code == 0 and out.split()[0::3] == ["new", "unchanged"]
    assert len(snapshot(tmp_path)) == 5


def test_analysis_and_linking_read_odd_stored_dates(tmp_path, capsys, stored):
    """Linking compares the dates of related articles: an odd one must not stop it."""
    text = ("Jens Stoltenberg met Sergei Lavrov in Brussels on Wednesday. NATO expelled eight "
            "members of the Russian mission to NATO in Brussels. Stoltenberg said NATO was open to dialogue.")
    db = sqlite3.connect(cache_file(tmp_path))
    with db:
        feed = db.execute("INSERT INTO feeds (url, title, kind) VALUES ('local:odd', 'Odd', 'files')").lastrowid
        for n, value in enumerate(["garbage", "1-01-01 12:00:00", "2021-10-06 12:00:00"]):
            db.execute("INSERT INTO articles (feed_id, key, title, text, published, hash) VALUES (?, ?, ?, ?, ?, 'x')",
                       (feed, f"nato{n}", f"NATO expels Russians {n}", text, value))
    db.close()
    assert main(["analyse"]) == 0
    assert main(["relink"]) == 0
    capsys.readouterr()
    ids = [row[0] for row in snapshot(tmp_path)[3:]]
    assert main(["related", str(ids[2])]) == 0
    out = capsys.readouterr().out
    assert "NATO expels Russians 0" in out or "NATO expels Russians 1" in out
    assert snapshot(tmp_path)[:3] == stored


def test_a_feed_date_out_of_range_is_stored_as_a_guess(tmp_path, capsys, stored):
    feed = write(tmp_path / "feed.xml", """<?xml version="1.0"?><rss version="2.0"><channel><title>Odd</title>
<item><guid>a</guid><title>Year one</title><description>Oldest text.</description>
<pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate></item>
<item><guid>b</guid><title>Year 2999</title><description>Newest text.</description>
<pubDate>Tue, 01 Jan 2999 00:00:00 GMT</pubDate></item>
</channel></rss>""")
    write(tmp_path / "config" / "config.toml", f'[[feeds]]\nurl = "{feed}"\n')
    assert main(["refresh", "--no-analyse"]) == 0
    capsys.readouterr()
    assert main(["search", "--json", "text"]) == 0
    import json

    rows = {r["title"]: r for r in json.loads(capsys.readouterr().out)}
    for title in ("Year one", "Year 2999"):
        assert rows[title]["date_is_guess"] is True
        assert rows[title]["published"][:4] not in ("0001", "2999")
    assert snapshot(tmp_path)[:3] == stored


def test_the_store_replaces_a_date_out_of_range_from_any_source(library):
    from datetime import datetime, timezone

    from reader.model import ArticleIn

    feed = library.store.feed_id("local:other", title="Other", kind="files")
    library.store.store_articles(feed, [
        ArticleIn(key="old", title="Old", text="t", published=datetime(1, 1, 1, tzinfo=timezone.utc)),
        ArticleIn(key="far", title="Far", text="t", published=datetime(9999, 12, 31, tzinfo=timezone.utc)),
        ArticleIn(key="ok", title="Fine", text="t", published=datetime(2021, 10, 6, tzinfo=timezone.utc))])
    rows = {r.title: r for r in library.list_articles("")}
    assert rows["Fine"].published.year == 2021 and not rows["Fine"].date_is_guess
    for title in ("Old", "Far"):
        assert rows[title].date_is_guess
        assert abs(rows[title].published - datetime.now(timezone.utc)).total_seconds() < 86400  # the time it came in


@pytest.mark.parametrize("value, listed, full", [
    ("0001-01-01 00:00:00", "1 Jan 0001", "Monday 1 January 0001, 00:00 UTC"),
    ("9999-12-31 23:59:59", "31 Dec 9999", "Friday 31 December 9999, 23:59 UTC"),
    ("1-01-01 12:00:00", "1 Jan 0001", "Monday 1 January 0001, 12:00 UTC"),
    ("garbage", "1 Jan 1970", "Thursday 1 January 1970, 00:00 UTC")])
def test_list_and_reading_pane_dates_of_odd_stored_values(value, listed, full):
    from reader.store.db import from_db_time
    from reader.ui.format import full_date, relative_date
    from tests.ui_support import NOW

    when = from_db_time(value)
    assert relative_date(when, NOW) == listed
    assert full_date(when) == full
