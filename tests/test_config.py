import pytest

from reader.config import ConfigError, add_feed, load_config
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
