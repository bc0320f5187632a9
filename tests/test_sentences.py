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


def test_short_line_without_stop_is_a_heading_even_without_a_blank_line():
    text = "No meeting since 2019\nThere has been no meeting. It ended.\nKENYA:\nTotal Dead: 192"
    assert split(text) == ["No meeting since 2019", "There has been no meeting.", "It ended.",
                           "KENYA:", "Total Dead: 192"]


def test_wrapped_lines_are_not_split():
    # text wrapped at 72 columns: every line but the last is long
    text = ("The alliance said on Wednesday that the measure was taken after a long\n"
            "Review of the mission and of its staff in Brussels, said Secretary Jens\n"
            "Stoltenberg in Brussels.")
    assert len(split(text)) == 1


def test_abbreviation_at_the_end_of_a_sentence():
    assert split("He moved to the U.S. The company followed. Gen. Smith met Sen. Jones.") == [
        "He moved to the U.S.", "The company followed.", "Gen. Smith met Sen. Jones."]
    assert len(sentences("The U.S. Embassy was hit.")) == 1
