from datetime import date, datetime, timezone

import pytest

from reader.ingest.text import ArticleFileError, paragraphs, parse_article_text, read_article_file


def test_seed_article_title_paragraphs_and_subheadings(seed_file):
    article = read_article_file(seed_file)
    assert article.title.startswith("Spies exposed in Brussels")
    assert article.published == datetime(2021, 10, 6, 12, tzinfo=timezone.utc)
    assert not article.date_is_guess
    assert article.source == "Seed"
    headings = [article.text[s:e] for s, e, h in paragraphs(article.text) if h]
    assert headings == ["No meeting of the NATO-Russia Council since the end of 2019", "more on the subject"]
    assert len(paragraphs(article.text)) == 10
    assert not article.text.startswith("Spies exposed")


def test_headers_are_only_read_before_the_first_blank_line():
    parsed = parse_article_text("Title: T\nURL: https://x.org/a\nAuthor: A B\n\nDate: not a header\n\nBody.")
    assert parsed.title == "T"
    assert parsed.headers == {"url": "https://x.org/a", "author": "A B"}
    assert "Date: not a header" in parsed.text


def test_date_option_and_mtime_guess(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("A title\n\nSome text.")
    assert read_article_file(path, date(2020, 1, 2)).published.date() == date(2020, 1, 2)
    guessed = read_article_file(path)
    assert guessed.date_is_guess


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty"), (b"\n\n  \n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
     (b"Caf\xe9 au lait\n\ntext", "not UTF-8"), (b"Date: 2021-13-45\n\nTitle\n\ntext", "Date header")],
)
def test_bad_files_name_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleFileError) as info:
        read_article_file(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_control_characters_are_removed(tmp_path):
    path = tmp_path / "esc.txt"
    path.write_text("Title \x1b[2J here\n\nText \x1b]52;c;aGk=\x07 end.")
    article = read_article_file(path)
    assert "\x1b" not in article.title + article.text and "\x07" not in article.text
