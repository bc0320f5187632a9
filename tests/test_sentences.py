from reader.nlp.sentences import sentences


def split(text):
    return [text[a:b] for a, b in sentences(text)]


def test_abbreviations_initials_and_quotes():
    text = 'Mr. Smith met Dr. J. R. Ewing in the U.S. capital. “It went well,” he said. Then he left!'
    assert split(text) == ['Mr. Smith met Dr. J. R. Ewing in the U.S. capital.',
                           '“It went well,” he said.', 'Then he left!']


def test_headings_and_paragraphs():
    text = "A heading without a stop\n\nFirst sentence. Second one?\n\n  Last line"
    assert split(text) == ["A heading without a stop", "First sentence.", "Second one?", "Last line"]


def test_offsets_are_trimmed_and_empty_text():
    assert sentences("") == []
    assert sentences("   \n\n  ") == []
    text = "  One.  Two.  "
    assert [text[a:b] for a, b in sentences(text)] == ["One.", "Two."]


def test_lowercase_after_period_does_not_split():
    assert len(sentences("The price was 3.5 p.c. higher than expected. Good.")) == 2
