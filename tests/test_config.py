import pytest

from reader.config import ConfigError, load_config
from reader.config_edit import add_feed
from reader.opml import OPMLError, read_opml, write_opml


def test_feeds_titles_tags_and_local_paths(tmp_path):
    path = tmp_path / "config.toml"
    (tmp_path / "local.xml").write_text("<rss/>")
    path.write_text('[[feeds]]\nurl = "https://a.org/f"\ntitle = "A"\ntags = ["x", "y"]\n\n'
                    '[[feeds]]\nurl = "local.xml"\n\n[settings]\nrefresh_minutes = 15\n')
    config = load_config(path)
    assert [f.url for f in config.feeds] == ["https://a.org/f", str(tmp_path / "local.xml")]
    assert config.feeds[0].tags == ("x", "y") and not config.feeds[0].is_local
    assert config.feeds[1].is_local
    assert config.settings.refresh_minutes == 15


def test_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[[feeds]]\nurl = "https://a.org/f"\ntitle = "unclosed\n')
    with pytest.raises(ConfigError, match=rf"{path}:3"):
        load_config(path)


def test_unknown_key_names_file_line_and_key(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('# comment\n[[feeds]]\nurl = "https://a.org/f"\ntitel = "typo"\n')
    config = load_config(path)
    # Reported (file, line, key), and the feed itself still works.
    assert len(config.problems) == 1
    assert f"{path}:4" in config.problems[0] and "titel" in config.problems[0]
    assert [f.url for f in config.feeds] == ["https://a.org/f"]


def test_add_feed_keeps_comments_and_layout(tmp_path):
    path = tmp_path / "config.toml"
    original = '# my feeds\n\n[settings]\ntheme = "nord"  # dark\n\n[[feeds]]\nurl = "https://a.org/f"\n'
    path.write_text(original)
    assert add_feed(path, "https://b.org/f", "B", ["news"])
    assert not add_feed(path, "https://b.org/f")
    text = path.read_text()
    assert text.startswith(original)
    assert [f.url for f in load_config(path).feeds] == ["https://a.org/f", "https://b.org/f"]


def test_opml_round_trip(tmp_path, library):
    library.add_feed("https://a.org/f", "A feed", ["eu", "security"])
    library.add_feed("https://b.org/f")
    exported = tmp_path / "out.opml"
    exported.write_text(library.export_opml())
    outlines = read_opml(exported)
    assert [(o.url, o.title, o.tags) for o in outlines] == [
        ("https://a.org/f", "A feed", ("eu", "security")), ("https://b.org/f", "https://b.org/f", ())]


def test_opml_folders_become_tags_and_bad_files_are_named(tmp_path):
    path = tmp_path / "in.opml"
    path.write_text('<opml version="1.0"><body><outline text="Tech"><outline text="X" xmlUrl="https://x.org/rss"/>'
                    '</outline></body></opml>')
    assert read_opml(path)[0].tags == ("Tech",)
    with pytest.raises(OPMLError, match="no such file"):
        read_opml(tmp_path / "missing.opml")
    (tmp_path / "bad.opml").write_text("<opml><body>")
    with pytest.raises(OPMLError, match="bad.opml"):
        read_opml(tmp_path / "bad.opml")


def test_opml_titles_and_tags_are_cleaned_and_urls_checked_as_reader_add_does(tmp_path):
    """An OPML file is text from elsewhere: titles lose escape sequences, bidi overrides and line
    breaks (they reach `reader feeds` and `reader refresh` on the terminal); a URL with a space is
    skipped with its line, as `reader add` refuses it; folder names and categories become tags
    without the characters neither tag: nor OPML's categories can carry."""
    path = tmp_path / "in.opml"
    path.write_text('<opml version="2.0"><body><outline text="World, News">'
                    '<outline text="C1 &#x9b;2J&#x9b;31mRED &#x202e;gnp.exe" xmlUrl="https://a.org/rss" '
                    'category="x,(y)"/>\n'
                    '<outline text="Multi&#10;line&#13;title" xmlUrl="https://b.org/rss"/>\n'
                    '<outline text="Spaced" xmlUrl="https://c.org/a b"/>'
                    '</outline></body></opml>')
    feeds = read_opml(path)
    assert [(o.url, o.title, o.tags) for o in feeds] == [
        ("https://a.org/rss", "C1 RED gnp.exe", ("World News", "x", "y")),
        ("https://b.org/rss", "Multi line title", ("World News",))]
    assert feeds.problems == [f"{path}:3: outline 'Spaced': https://c.org/a b: the url contains spaces "
                              "(write a space as %20); skipped"]


def test_opml_export_of_a_title_stored_with_control_characters_reads_back(tmp_path):
    """A title an older reader stored with an ESC in it made `reader export` write XML that no
    parser reads (`reader import` of it failed): export cleans it."""
    from reader.config import FeedConfig

    text = write_opml([FeedConfig(url="https://a.org/f", title="T\x1b[2Jx\ufffe", tags=("eu",))])
    (tmp_path / "out.opml").write_text(text)
    assert [(o.url, o.title, o.tags) for o in read_opml(tmp_path / "out.opml")] == [("https://a.org/f", "Tx", ("eu",))]


def test_add_feeds_to_an_inline_feeds_array_keeps_the_file_valid(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('feeds = [{url = "https://a.org/f"}]\n')
    assert add_feed(path, "https://b.org/f", "B", ["x"])
    feeds = load_config(path).feeds
    assert [(f.url, f.title, f.tags) for f in feeds] == [("https://a.org/f", "", ()), ("https://b.org/f", "B", ("x",))]


def test_adding_a_feed_keeps_a_private_configs_mode_and_its_symlink(tmp_path):
    import os
    import stat

    real = tmp_path / "dotfiles" / "reader.toml"
    real.parent.mkdir()
    real.write_text('[[feeds]]\nurl = "https://me:secret@a.org/f"\n')
    os.chmod(real, 0o600)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    assert add_feed(link, "https://b.org/f")
    assert link.is_symlink() and "b.org" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_a_folder_with_a_blank_xmlurl_is_a_folder_and_a_lone_blank_is_named(tmp_path):
    path = tmp_path / "in.opml"
    path.write_text('<opml version="2.0"><body>\n<outline text="Tech" xmlUrl="">\n'
                    '  <outline text="X" xmlUrl="https://x.org/rss"/>\n</outline>\n'
                    '<outline text="Lost" xmlUrl=" "/>\n</body></opml>')
    found = read_opml(path)
    assert [(o.url, o.tags, o.line) for o in found] == [("https://x.org/rss", ("Tech",), 3)]
    assert found.problems == [f"{path}:5: outline 'Lost': blank xmlUrl; skipped"]


@pytest.mark.parametrize("a, b", [
    ("https://Example.ORG/feed", "https://example.org/feed"),
    ("https://example.org:443/feed", "https://example.org/feed"),
    ("http://example.org:80", "http://example.org/"),
    ("https://example.org/feed/", "https://example.org/feed"),
    ("https://example.org/feed#top", "https://example.org/feed"),
    ("https://u:one@example.org/f", "https://u:two@example.org/f"),
    ("https://B\u00fccher.example/f", "https://xn--bcher-kva.example/f"),
])
def test_spellings_of_one_feed_share_an_identity(a, b):
    from reader.urls import identity

    assert identity(a) == identity(b)


@pytest.mark.parametrize("a, b", [
    ("https://example.org/Feed", "https://example.org/feed"),  # paths keep their case
    ("http://example.org/f", "https://example.org/f"),
    ("https://example.org:8443/f", "https://example.org/f"),
    ("https://example.org/f?a=1", "https://example.org/f?a=2"),
    ("https://a@example.org/f", "https://b@example.org/f"),
])
def test_different_feeds_keep_different_identities(a, b):
    from reader.urls import identity

    assert identity(a) != identity(b)


def test_normalize_keeps_the_trailing_slash_and_redact_masks_passwords():
    from reader.urls import normalize, redact, strip_password

    assert normalize("HTTPS://Example.org:443/feed/") == "https://example.org/feed/"
    assert normalize("https://example.org") == "https://example.org/"
    assert strip_password("https://bob:hunter2@Example.org/f") == "https://bob@Example.org/f"
    assert redact("https://bob:hunter2@x.org/f: HTTP 401; http://a:b@c/") == "https://bob:***@x.org/f: HTTP 401; http://a:***@c/"


def test_added_titles_and_tags_with_quotes_backslashes_and_control_characters_read_back(tmp_path):
    from reader.config_edit import NewFeed, add_feeds

    path = tmp_path / "config.toml"
    original = "# mine\n[settings]\nworkers = 2 # no newline at the end"
    path.write_text(original)
    title = 'He said "hi" \\ C:\\path \u00e9 \U0001f389'
    result = add_feeds(path, [NewFeed("https://a.org/f", title, ("a\"b", "\u65e5\u672c")),
                              NewFeed("https://b.org/f")])
    assert result.added == ["https://a.org/f", "https://b.org/f"]
    assert path.read_text().startswith(original)
    config = load_config(path)
    assert config.problems == () and config.settings.workers == 2
    # A quote cannot be searched for in tag:, nor carried by OPML's categories: it becomes a space.
    assert [(f.url, f.title, f.tags) for f in config.feeds] == [
        ("https://a.org/f", title, ("a b", "\u65e5\u672c")), ("https://b.org/f", "", ())]
    assert result.config == config
    # A title is shown on the terminal: control characters are refused, the file left as it was.
    before = path.read_text()
    for bad in ("tab\there", "del\x7f", "esc \x1b[2J", "csi \x9b31m", "line\u2028sep"):
        with pytest.raises(ConfigError, match="control characters"):
            add_feeds(path, [NewFeed("https://c.org/f", bad)])
    assert path.read_text() == before
    # Written by hand, they are cleaned when the file is read: escape sequences go whole.
    path.write_text('[[feeds]]\nurl = "https://d.org/f"\ntitle = "Raw \\u001b[31m feed\\u0007"\n'
                    'tags = ["x\\u009b2J", "a,b"]\n')
    [feed] = load_config(path).feeds
    assert (feed.title, feed.tags) == ("Raw feed", ("x", "a b"))


def test_images_setting(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[settings]\nimages = "blocks"\n')
    assert load_config(path).settings.images == "blocks"
    path.write_text('[settings]\nimages = "kitty"\n')
    assert load_config(path).settings.images == "kitty"
    assert load_config(tmp_path / "none.toml").settings.images == "auto"
    path.write_text('[settings]\nimages = "sixel"\n')
    assert load_config(path).settings.images == "sixel"
    path.write_text('[settings]\nimages = "iterm"\n')
    config = load_config(path)
    assert config.settings.images == "auto"
    assert len(config.problems) == 1
    assert ("config.toml:2: 'settings.images' is 'iterm' (expected one of: auto, off, blocks, kitty, sixel)"
            in config.problems[0])


def test_a_config_saved_with_a_byte_order_mark_reads_and_takes_new_feeds(tmp_path):
    """Some editors on Windows save UTF-8 with a BOM; tomllib calls it an invalid statement at line 1."""
    from reader.config_edit import add_feed

    path = tmp_path / "config.toml"
    path.write_bytes('\ufeff[[feeds]]\nurl = "https://a.org/f"\ntitle = "Ä"\n'.encode("utf-8"))
    assert [(f.url, f.title) for f in load_config(path).feeds] == [("https://a.org/f", "Ä")]
    assert add_feed(path, "https://b.org/f")
    assert [f.url for f in load_config(path).feeds] == ["https://a.org/f", "https://b.org/f"]
