import json
import re
import subprocess
import sys

from reader import __version__
from reader.cli import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert capsys.readouterr().out.strip() == f"reader {__version__}"


def test_ingest_search_show_json(seed_file, capsys):
    assert main(["ingest", "--no-analyse", str(seed_file)]) == 0
    assert main(["ingest", "--no-analyse", str(seed_file)]) == 0  # twice: stored once
    capsys.readouterr()
    assert main(["search", "--json", "stoltenberg"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1
    assert rows[0]["published"].startswith("2021-10-06") and rows[0]["feed"] == "Seed"
    assert main(["show", "--json", str(rows[0]["id"])]) == 0
    article = json.loads(capsys.readouterr().out)
    for key in ("id", "title", "published", "date_is_guess", "feed", "url", "text", "entities", "events"):
        assert key in article
    assert article["date_is_guess"] is False
    assert "Jens Stoltenberg" in article["text"]


def test_ingest_reports_each_bad_file_and_stores_the_good(tmp_path, seed_file, capsys):
    bad = seed_file.parent / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00binary")
    code = main(["ingest", "--no-analyse", str(seed_file.parent)])
    err = capsys.readouterr().err
    assert code == 2 and str(bad) in err and "1 of 2 files stored" in err
    assert main(["ingest", "--no-analyse", str(tmp_path / "nope.txt")]) == 1


def test_config_error_is_one_line_naming_the_file(tmp_path, monkeypatch, capsys):
    config = tmp_path / "broken.toml"
    config.write_text("[[feeds]]\nurl = \n")
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert main(["feeds"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"reader: {config}:2") and "\n" not in err


def test_show_missing_article(capsys, library):
    assert main(["show", "999"]) == 1
    assert "no article 999" in capsys.readouterr().err


def test_python_dash_m_runs():
    out = subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and __version__ in out.stdout


def test_check_reports_a_healthy_cache(seed_file, capsys):
    main(["ingest", "--no-analyse", str(seed_file)])
    capsys.readouterr()
    assert main(["check"]) == 0
    assert "ok (1 article, 1 waiting for analysis)" in capsys.readouterr().out


def test_styles_and_samples_are_found():
    from reader.locations import samples_dir, styles_dir

    assert any(styles_dir().glob("*.tcss"))
    assert (samples_dir() / "feeds.toml").is_file()


def test_relink_recomputes_links_and_stories(capsys):
    from reader.library import make_library

    lib = make_library()  # no config file: the bundled samples
    assert lib.load_samples_if_empty()
    lib.analyse_pending()
    seed = lib.search('"Spies exposed in Brussels"', limit=1)[0].id
    with lib.store.transaction() as db:
        db.execute("DELETE FROM related")
        db.execute("DELETE FROM stories")
    assert lib.related(seed).articles == []
    lib.close()

    assert main(["relink"]) == 0
    err = capsys.readouterr().err
    assert "relinked 61 articles in" in err
    # Quick on the samples: in milliseconds, not "0.0 s".
    assert re.search(r"relinked 61 articles in [1-9]\d* ms", err), err
    assert main(["related", "--json", str(seed)]) == 0
    related = json.loads(capsys.readouterr().out)
    titles = " | ".join(a["title"] for a in related["articles"]).lower()
    assert "skripal" in titles and "aukus" in titles
    assert len(related["story"]) == 3


def test_relink_of_an_unanalysed_backlog_links_once(capsys, monkeypatch):
    import reader.analysis_runs
    import reader.library
    from reader.library import make_library

    lib = make_library()
    assert lib.load_samples_if_empty()
    lib.close()
    monkeypatch.setattr(reader.analysis_runs, "RELINK_BACKLOG", 20)
    runs = []
    relink = reader.library.Library._relink
    monkeypatch.setattr(reader.library.Library, "_relink", lambda self, *a: (runs.append(1), relink(self, *a))[1])
    assert main(["relink"]) == 0
    err = capsys.readouterr().err
    assert "analysed 61 articles" in err and "relinked while analysing" in err
    assert runs == [1]


def test_show_json_gives_an_events_other_passages(tmp_path, capsys):
    f = tmp_path / "twice.txt"
    f.write_text("Date: 2021-10-06\n\nNATO expels eight Russians\n\n"
                 "NATO decided on Wednesday to expel eight Russians. Other news followed.\n\n"
                 "The alliance expelled eight Russian officials on Wednesday, a spokesman said.\n", encoding="utf-8")
    assert main(["ingest", str(f)]) == 0
    capsys.readouterr()
    assert main(["search", "--json", "alliance"]) == 0
    aid = json.loads(capsys.readouterr().out)[0]["id"]
    assert main(["show", "--json", str(aid)]) == 0
    article = json.loads(capsys.readouterr().out)
    [event] = [e for e in article["events"] if e["when"]["value"] == "2021-10-06"]
    [(start, end)] = event["evidence"]
    assert article["text"][start:end].startswith("The alliance expelled eight Russian officials")


def test_check_reports_a_damaged_cache_without_moving_it_and_later_commands_name_the_one_set_aside(
        seed_file, tmp_path, capsys):
    """`reader check` is a diagnosis: a file SQLite cannot open (its header overwritten) is
    reported and left where it is. The next other command moves it aside and starts a new cache,
    as before; from then on every command says where the earlier cache is, since its articles and
    marks are not in the new one (it once started an empty cache and said nothing)."""
    import os

    assert main(["ingest", str(seed_file)]) == 0
    assert main(["star", "1"]) == 0
    capsys.readouterr()
    cache = tmp_path / "data" / "cache.sqlite"
    assert main(["check"]) == 0  # healthy: checkpointed and closed
    with open(cache, "r+b") as f:
        f.write(b"XQLite")  # "SQLite format 3" no more: not a database
    inode, size = os.stat(cache).st_ino, os.stat(cache).st_size
    capsys.readouterr()
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "not a usable cache" in err and "left where it is" in err
    assert os.stat(cache).st_ino == inode and os.stat(cache).st_size == size
    assert not list(cache.parent.glob("cache.sqlite.corrupt-*"))
    assert main(["search", "is:starred"]) == 1  # any other command sets it aside, as documented
    assert "moved to" in capsys.readouterr().err
    [aside] = list(cache.parent.glob("cache.sqlite.corrupt-*"))
    assert main(["search", "is:starred"]) == 0
    out, err = capsys.readouterr()
    assert str(aside) in err and "earlier cache, moved aside" in err


def test_feed_titles_from_the_config_reach_the_terminal_without_escape_sequences(tmp_path, capsys):
    """Feed text is cleaned as it is stored; a title written in the config (or stored by an older
    reader) is text from the user's file, and `reader feeds` printed it raw: ESC [2J cleared the
    screen. Titles are cleaned as the config is read, and printed on one line."""
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[[feeds]]\nurl = "https://example.org/feed.xml"\ntitle = "Raw \\u001b[2J\\u009b31m feed\\r\\nx"\n'
                      'tags = ["qa\\u001b]0;pwn\\u0007"]\n')
    assert main(["feeds"]) == 0
    out = capsys.readouterr().out
    assert "Raw feed x [qa]" in out
    assert not any(c in out for c in "\x1b\x9b\x07\r")



def test_the_eval_commands_name_a_file_that_is_not_their_format(tmp_path, capsys):
    """They ended in a traceback (JSONDecodeError, TypeError) on a README or a wrong JSON (QA)."""
    for name, text in (("notes.md", "# not JSON\n"), ("bad.json", '[{"x": 1}]')):
        path = tmp_path / name
        path.write_text(text)
        for command in ("eval-events", "eval-related", "eval-merge", "eval-timeline"):
            assert main([command, str(path)]) == 1
            err = capsys.readouterr().err
            assert err.startswith(f"reader: {path}: not {command}'s format") and "Traceback" not in err


def test_an_unknown_action_in_keys_is_reported_by_the_cli_too(tmp_path, capsys):
    """Only the app said so (QA); the README says problems in the file are named."""
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[keys]\nfoo = "z"\nhelp = "F1"\nrefresh = "q"\n')
    assert main(["feeds"]) == 0
    err = capsys.readouterr().err
    assert f"reader: warning: {config}:2: [keys] 'foo' is not an action" in err and "'help'" not in err
    assert f"reader: warning: {config}:4: [keys] refresh = 'q': 'q' is already the key of 'back'" in err
