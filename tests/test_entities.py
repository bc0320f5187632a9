"""Tests for the named-entity extractor (reader.nlp.entities and friends)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from reader.model import MISC, ORG, PERSON, PLACE, Span
from reader.nlp import entities as ents
from reader.nlp.conll import detokenize, iob_chunks, read_docs
from reader.nlp.eval_ner import evaluate, format_report, main as eval_main
from reader.nlp.tokenize import norm, sentences, tokenize

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def _shared(*parts: str) -> Path | None:
    """shared/ sits beside the repository (CI, main) or at /work/shared (worktrees)."""
    for base in (ROOT.parent / "shared", Path("/work/shared")):
        p = base.joinpath(*parts)
        if p.exists():
            return p
    return None


SEED = _shared("seeds", "000_cd2b639b69759d49.txt")
TESTA = _shared("data", "conll2003", "eng.testa")


@pytest.fixture(scope="module")
def ex():
    return ents.default_extractor()


def found(ex, text):
    return [(s.text, s.label) for s in ex.extract(text)]


# -- tokenizer ---------------------------------------------------------------


def test_tokens_keep_offsets_and_split_clitics():
    text = "NATO’s chief didn't meet the NATO-Russia Council in the U.S. on “Wednesday”."
    toks = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    words = [t.text for t in toks]
    assert words[:2] == ["NATO", "’s"]
    assert ["did", "n't"] == words[3:5]
    assert "NATO-Russia" in words and "U.S." in words
    assert "“" in words and "”" in words
    assert [norm(w) for w in ("’s", "“", "”", "—")] == ["'s", '"', '"', "--"]


def test_sentences_split_on_lines_and_full_stops():
    text = "Title Here\nHe said it. Then Mr. Smith left the U.S. embassy. \"Fine.\" She agreed.\n\nNew paragraph"
    got = [" ".join(t.text for t in s) for s in sentences(text)]
    assert got == [
        "Title Here",
        "He said it .",
        "Then Mr. Smith left the U.S. embassy .",
        '" Fine . "',
        "She agreed .",
        "New paragraph",
    ]


# -- the shipped model on sentences we wrote ------------------------------------


def test_people_places_organisations(ex):
    got = found(ex, "Jens Stoltenberg met Sergei Lavrov in Moscow on Tuesday, a NATO official said.")
    assert ("Jens Stoltenberg", PERSON) in got
    assert ("Sergei Lavrov", PERSON) in got
    assert ("Moscow", PLACE) in got
    assert ("NATO", ORG) in got
    assert not any(t == "Tuesday" for t, _ in got)


def test_spans_are_exact_sorted_and_unnamed(ex):
    text = "Angela Merkel flew from Berlin to Paris to meet the French president at the Elysee."
    spans = ex.extract(text)
    assert spans, "no entities found"
    assert all(text[s.start : s.end] == s.text and s.name == "" for s in spans)
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert {s.label for s in spans} <= {PERSON, ORG, PLACE, MISC}
    assert ("French", MISC) in [(s.text, s.label) for s in spans]


def test_hyphenated_org_and_possessive(ex):
    got = found(ex, "There has been no meeting of the NATO-Russia Council since 2019, NATO’s chief said.")
    assert ("NATO-Russia Council", ORG) in got
    assert ("NATO", ORG) in got  # without the ’s


def test_all_caps_headline_and_dateline(ex):
    text = ("RUSSIA EXPELS NATO DIPLOMATS\nMOSCOW 2021-10-06\n"
            "Russia expelled eight NATO diplomats from Moscow on Wednesday, the foreign ministry said.")
    got = found(ex, text)
    assert got[:3] == [("RUSSIA", PLACE), ("NATO", ORG), ("MOSCOW", PLACE)]
    assert ("EXPELS", ORG) not in got and not any(t in ("EXPELS", "DIPLOMATS") for t, _ in got)


def test_title_case_headline(ex):
    assert found(ex, "Breaking News: Markets Tumble As Inflation Soars") == []
    text = "US President Joe Biden met French President Emmanuel Macron in Paris. Biden said talks on Ukraine helped."
    spans, infos = ents.entities(text, title="Biden And Macron Meet In Paris To Discuss Ukraine", extractor=ex)
    assert all(text[s.start : s.end] == s.text for s in spans)
    names = {e.name for e in infos}
    assert {"Joe Biden", "Emmanuel Macron", "Paris", "Ukraine"} <= names
    assert not any("Meet" in n for n in names)
    sal = {e.name: e.salience for e in infos}
    assert sal["Emmanuel Macron"] > sal["United States"]  # Macron is in the title ("Macron" alone)


def test_business_sentence(ex):
    got = found(ex, "Apple and Microsoft shares rose in New York after the Federal Reserve held rates, "
                    "said Janet Yellen.")
    assert got == [("Apple", ORG), ("Microsoft", ORG), ("New York", PLACE), ("Federal Reserve", ORG),
                   ("Janet Yellen", PERSON)]


def test_ordinary_words_are_not_entities(ex):
    for text in (
        "The Secretary General said the alliance must be vigilant.",
        "Despite the espionage affair, talks will go on next week.",
        "More on the subject tomorrow.",
    ):
        assert found(ex, text) == [], text


def test_spans_match_text_on_odd_input(ex):
    import random

    rnd = random.Random(4)
    pieces = ["NATO", "’s", "'s", "Jens", "Stoltenberg", "U.S.", "“", "”", '"', "(", ")", "-", "—", "\n",
              "\r\n", "\t", "  ", ".", "?", "Zürich", "Gdańsk", "Москва", "東京", "don't", "O’Neill",
              "1996-08-22", "20,000", "C$", "AT&T", "e-mail", "http://example.com/a.b", "…", "\u00a0", "ß"]
    for _ in range(200):
        text = " ".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))
        spans = ex.extract(text)
        assert all(text[sp.start : sp.end] == sp.text and sp.start < sp.end for sp in spans), text
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:])), text
        ents.entities(text, title=text[:30], extractor=ex)


def test_empty_and_blank_text(ex):
    assert ex.extract("") == []
    assert ex.extract("   \n\n ") == []


@pytest.mark.skipif(SEED is None, reason="seed article not available")
def test_seed_article_entities(ex):
    text = SEED.read_text(encoding="utf-8")
    spans = ex.extract(text)
    texts = {s.text for s in spans}
    expected = {
        "Jens Stoltenberg": PERSON, "Dmitry Peskov": PERSON, "Sergei Lavrov": PERSON,
        "Sergei Skripal": PERSON, "Stoltenberg": PERSON, "NATO": ORG, "GRU": ORG,
        "NATO-Russia Council": ORG, "Brussels": PLACE, "Moscow": PLACE, "Czech Republic": PLACE,
        "Great Britain": PLACE, "France": PLACE, "Australia": PLACE, "USA": PLACE,
        "Europe": PLACE, "Russia": PLACE,
    }
    by_text = {}
    for s in spans:
        by_text.setdefault(s.text, set()).add(s.label)
    for name, label in expected.items():
        assert name in texts, f"missing {name}"
        assert label in by_text[name], f"{name}: {by_text[name]}"
    assert "Kremlin" in texts and by_text["Kremlin"] <= {ORG, PLACE}
    # every mention of Aukus, also at the start of a sentence
    assert sum(1 for s in spans if s.text == "Aukus") == text.count("Aukus")
    ordinary = {"Secretary General", "Secretary", "General", "Despite", "Spies", "Wednesday",
                "September", "April", "He", "The", "There", "It"}
    assert not texts & ordinary
    # every NATO and Stoltenberg mention is found
    assert sum(1 for s in spans if s.text == "NATO") == len(re.findall(r"\bNATO\b(?!-)", text))
    assert sum(1 for s in spans if s.text.endswith("Stoltenberg")) == text.count("Stoltenberg")


# -- canonical names and salience ------------------------------------------------


class FakeExtractor:
    """Finds the given (string, label) pairs wherever they occur, longest first."""

    version = "fake-1"

    def __init__(self, names: dict[str, str]):
        alts = sorted(names, key=len, reverse=True)
        self.names = names
        self.rx = re.compile("|".join(r"(?<!\w)" + re.escape(n) + r"(?!\w)" for n in alts))

    def extract(self, text: str) -> list[Span]:
        return [Span(m.start(), m.end(), self.names[m.group()], m.group()) for m in self.rx.finditer(text)]


def test_canonical_names_with_fake_extractor():
    fake = FakeExtractor({
        "Stoltenberg": PERSON, "Jens Stoltenberg": PERSON, "NATO’s": ORG, "NATO": ORG,
        "the Kremlin": ORG, "Kremlin": ORG, "Peskov": PERSON, "RUSSIA": PLACE, "Russia": PLACE,
    })
    text = ("Secretary General Stoltenberg spoke. Jens Stoltenberg said NATO’s door is open. "
            "Kremlin spokesman Peskov said the Kremlin disagreed. Stoltenberg and NATO went on. Russia. RUSSIA")
    spans, infos = ents.entities(text, title="Stoltenberg warns Russia", extractor=fake)
    names = [(s.text, s.name) for s in spans]
    assert ("Stoltenberg", "Jens Stoltenberg") in names  # also the mention before the full name
    assert ("NATO’s", "NATO") in names
    assert ("the Kremlin", "Kremlin") in names and ("Kremlin", "Kremlin") in names
    assert ("Peskov", "Peskov") in names
    assert ("RUSSIA", "Russia") in names
    assert all(text[s.start : s.end] == s.text for s in spans)
    by_name = {e.name: e for e in infos}
    assert set(by_name) == {"Jens Stoltenberg", "NATO", "Kremlin", "Peskov", "Russia"}
    assert by_name["Jens Stoltenberg"].mentions == 3
    assert by_name["Kremlin"].mentions == 2
    assert by_name["Jens Stoltenberg"].label == PERSON


def test_half_of_a_title_case_name_is_not_a_name_of_its_own(ex):
    # "Strategic" was an organisation, "Concept" left out
    got = found(ex, "The leaders asked Stoltenberg to draft a new Strategic Concept, to be adopted in Madrid.")
    assert ("Strategic Concept", MISC) in got and ("Strategic", ORG) not in got
    # a title after a name is not the name's second half
    assert ("Jens Stoltenberg", PERSON) in found(ex, "NATO Secretary General Jens Stoltenberg spoke.")


def test_a_one_word_person_after_in_at_or_near_is_a_place_and_stays_one_in_the_document(ex):
    # eng.train's cricketer Ian Salisbury made the town a person in the Skripal reports
    text = ("Police say nerve agent was used in Salisbury; detective among the victims\n\n"
            "Counter-terrorism police said on Wednesday that Sergei Skripal and his daughter Yulia were "
            "deliberately targeted with a nerve agent, turning the incident in Salisbury into an attempted "
            "murder inquiry. They were found on a bench in the centre of Salisbury.")
    got = [(s.text, s.label) for s in ex.extract(text)]
    assert got.count(("Salisbury", PLACE)) == 3, got
    # a possessive, or a surname of a person named in full, stays a person
    got = found(ex, "Andy Murray won. Murray served well. The crowd was in Murray's corner.")
    assert ("Murray", PLACE) not in got


def test_an_organisation_going_on_with_for_is_one_name(ex):
    got = found(ex, "Britain wants Moscow to give the Organisation for the Prohibition of Chemical Weapons "
                    "full details of the programme.")
    assert ("Organisation for the Prohibition of Chemical Weapons", ORG) in got, got
    # "for" after a name that does not end like an organisation's joins nothing
    got = found(ex, "Smith left Manchester United for Chelsea in May.")
    assert ("Manchester United", ORG) in got and not any(t.startswith("Manchester United for") for t, _ in got)


def test_organisation_names_going_on_with_for_join_in_a_chain():
    words = [["the", "Commission", "for", "Trade", "Council", "for", "Europe", "met"]]
    tags = [["O", "B-ORG", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"]]
    assert ents.consistent_tags(words, tags, {}, {}, {}) == [["O"] + ["B-ORG"] + ["I-ORG"] * 5 + ["O"]]


def test_a_first_name_joined_to_a_full_name_shares_its_surname():
    fake = FakeExtractor({"Sergei Skripal": PERSON, "Sergei": PERSON, "Yulia Skripal": PERSON,
                          "Sergei Lavrov": PERSON, "Armin Laschet": PERSON, "Laschet": PERSON,
                          "Annalena Baerbock": PERSON, "Boris": PERSON, "Marina Litvinenko": PERSON,
                          "Boris Johnson": PERSON})
    text = ("Sergei Skripal was found on a bench. Sergei Lavrov denied it. It follows the attack on "
            "Sergei and Yulia Skripal in Salisbury. Armin Laschet spoke; Laschet and Annalena Baerbock "
            "debated. Boris Johnson spoke. Boris and Marina Litvinenko were not there.")
    spans, _infos = ents.entities(text, extractor=fake)
    names = [(s.text, s.name) for s in spans]
    # the full name is in the article: "Sergei" here is Sergei Skripal, not Sergei Lavrov
    assert names[2:4] == [("Sergei", "Sergei Skripal"), ("Yulia Skripal", "Yulia Skripal")]
    # "Laschet" ends a full name: a surname, not a first name to share Baerbock's
    assert ("Laschet", "Armin Laschet") in names and ("Annalena Baerbock", "Annalena Baerbock") in names
    # "Boris" opens a full name and ends none: a first name, so Boris Litvinenko
    assert ("Boris", "Boris Litvinenko") in names


def test_spans_keep_their_labels_entity_takes_the_majority():
    text = "Russia beat Italy. Russia is big. RUSSIA won."
    labels = [ORG, PLACE, PLACE, PLACE]

    class ListExtractor:
        version = "list-1"

        def extract(self, t):
            return [Span(m.start(), m.end(), lab, m.group())
                    for m, lab in zip(re.finditer(r"Russia|RUSSIA|Italy", t), labels)]

    spans, infos = ents.entities(text, extractor=ListExtractor())
    assert [(s.text, s.label, s.name) for s in spans] == [
        ("Russia", ORG, "Russia"), ("Italy", PLACE, "Italy"), ("Russia", PLACE, "Russia"),
        ("RUSSIA", PLACE, "Russia")]
    info = {e.name: e for e in infos}
    assert (info["Russia"].label, info["Russia"].mentions) == (PLACE, 3)


def test_aliases_merge():
    fake = FakeExtractor({"US": PLACE, "U.S.": PLACE, "United States": PLACE, "EU": ORG,
                          "European Union": ORG, "UN": ORG})
    text = "The United States and the EU met. US officials said the European Union and U.S. agree. UN staff"
    spans, infos = ents.entities(text, extractor=fake)
    assert {s.text: s.name for s in spans} == {
        "United States": "United States", "US": "United States", "U.S.": "United States",
        "EU": "European Union", "European Union": "European Union", "UN": "United Nations"}
    assert {e.name: e.mentions for e in infos} == {"United States": 3, "European Union": 2, "United Nations": 1}


def test_ambiguous_short_names_stay_as_written():
    fake = FakeExtractor({"Sergei Lavrov": PERSON, "Sergei Skripal": PERSON, "Sergei": PERSON,
                          "Lavrov": PERSON, "Skripal": PERSON})
    text = "Sergei Lavrov spoke of Sergei Skripal. Lavrov said Sergei was ill. Skripal did not reply."
    spans, infos = ents.entities(text, extractor=fake)
    assert [(s.text, s.name) for s in spans] == [
        ("Sergei Lavrov", "Sergei Lavrov"), ("Sergei Skripal", "Sergei Skripal"),
        ("Lavrov", "Sergei Lavrov"), ("Sergei", "Sergei"), ("Skripal", "Sergei Skripal")]
    assert {e.name: e.mentions for e in infos} == {"Sergei Lavrov": 2, "Sergei Skripal": 2, "Sergei": 1}


def test_salience_order_and_range():
    fake = FakeExtractor({"Alpha": ORG, "Beta": PLACE, "Gamma": PERSON})
    text = "Beta. " + "Alpha and Alpha and Alpha. " * 3 + "Gamma was late."
    _, infos = ents.entities(text, title="About Gamma", extractor=fake)
    assert all(0.0 <= e.salience <= 1.0 for e in infos)
    assert [e.salience for e in infos] == sorted((e.salience for e in infos), reverse=True)
    assert infos[0].name == "Alpha"  # most mentions
    sal = {e.name: e.salience for e in infos}
    # same single mention, but Gamma is in the title and that outweighs Beta's earlier position
    assert sal["Gamma"] > sal["Beta"]
    _, no_title = ents.entities(text, extractor=fake)
    assert {e.name: e.salience for e in no_title}["Gamma"] < sal["Gamma"]


@pytest.mark.skipif(SEED is None, reason="seed article not available")
def test_seed_canonical_names_with_the_model():
    raw = SEED.read_text(encoding="utf-8")
    title, _, text = raw.partition("\n")
    spans, infos = ents.entities(text, title=title)
    for s in spans:
        if s.text == "Stoltenberg":
            assert s.name == "Jens Stoltenberg"
        if s.text in ("NATO", "Kremlin"):
            assert s.name == s.text
    names = [e.name for e in infos]
    assert len(names) == len(set(names))
    assert names[0] in ("NATO", "Jens Stoltenberg", "Russia")
    assert "Stoltenberg" not in names


# -- eval-ner scoring ------------------------------------------------------------------


def test_iob_chunks():
    assert iob_chunks(["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]) == [
        (0, 1, "PER"), (3, 3, "LOC"), (4, 4, "LOC"), (5, 5, "ORG")]
    assert iob_chunks(["B-PER", "I-PER", "B-PER"]) == [(0, 1, "PER"), (2, 2, "PER")]


def test_detokenize():
    text, offs = detokenize(["NATO", "'s", "chief", "said", '"', "no", '"', "(", "AFP", ")", "."])
    assert text == 'NATO\'s chief said "no" (AFP).'
    assert [text[a:b] for a, b in offs] == ["NATO", "'s", "chief", "said", '"', "no", '"', "(", "AFP", ")", "."]


def test_eval_scoring_on_tiny_file(capsys):
    docs = read_docs(DATA / "tiny.conll")
    assert docs[0].text == 'Jens Stoltenberg visited New York.\nNATO\'s chief met Peskov and Lavrov, said "Russian" officials.'
    assert docs[1].text == "Paris Saint-Germain won in France."
    fake = FakeExtractor({
        "Jens Stoltenberg": PERSON,  # right
        "York": PLACE,  # wrong boundary
        "NATO": ORG,  # right
        "Peskov and Lavrov": PERSON,  # one span over two people
        "Russian": MISC,  # right
        "Paris Saint-Germain": ORG,  # gold: Paris LOC + Saint-Germain ORG
        "France": PLACE,  # right
        "visited": "DATE",  # not scored
    })
    res = evaluate(DATA / "tiny.conll", fake)
    pt = res["per_type"]
    assert (pt["PER"]["tp"], pt["PER"]["pred"], pt["PER"]["gold"]) == (1, 2, 3)
    assert (pt["LOC"]["tp"], pt["LOC"]["pred"], pt["LOC"]["gold"]) == (1, 2, 3)
    assert (pt["ORG"]["tp"], pt["ORG"]["pred"], pt["ORG"]["gold"]) == (1, 2, 2)
    assert (pt["MISC"]["tp"], pt["MISC"]["pred"], pt["MISC"]["gold"]) == (1, 1, 1)
    o = res["overall"]
    assert o["precision"] == pytest.approx(4 / 7)
    assert o["recall"] == pytest.approx(4 / 9)
    assert res["f1"] == pytest.approx(0.5)
    assert res["tokens"] == 26
    last = format_report(res).splitlines()[-1]
    assert re.fullmatch(r"F1 0\.500 tokens/s \d+", last), last


def test_file_without_docstart_is_cut_into_small_documents(tmp_path):
    lines = (DATA / "tiny.conll").read_text().splitlines()
    body = "\n".join(l for l in lines if not l.startswith("-DOCSTART-")).strip() + "\n\n"
    f = tmp_path / "nodoc.conll"
    f.write_text(body * 15)  # 45 sentences
    docs = read_docs(f)
    assert [len(d.sent_bounds) for d in docs] == [20, 20, 5]
    assert docs[0].text.splitlines()[0] == "Jens Stoltenberg visited New York."
    fake = FakeExtractor({"Jens Stoltenberg": PERSON})
    res = evaluate(f, fake)
    assert res["per_type"]["PER"]["tp"] == 15 and res["per_type"]["PER"]["gold"] == 45


def test_eval_main_prints_f1_last(capsys):
    assert eval_main([str(DATA / "tiny.conll")]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"F1 [01]\.\d{3} tokens/s \d+", last), last


# -- the shipped model ------------------------------------------------------------------


def _meta() -> dict:
    return json.loads(resources.files("reader.nlp.models").joinpath("ner.json").read_text())


def test_version_and_model_size():
    meta = _meta()
    assert ents.VERSION.startswith(meta["version"])
    assert ents.default_extractor().version == ents.VERSION
    d = resources.files("reader.nlp.models")
    size = sum(len(d.joinpath(n).read_bytes()) for n in (ents.MODEL_FILE, ents.MODEL2_FILE, ents.LEX_FILE))
    assert size <= 25 * 1024 * 1024


def test_second_pass_features_use_other_mentions():
    from reader.nlp.features import label_features

    sents = [["Aukus", "is", "new"], ["The", "Aukus", "pact"], ["Aukus", "again"]]
    tags = [["O", "O", "O"], ["O", "B-ORG", "O"], ["B-ORG", "O"]]
    base = [[["b"] for _ in s] for s in sents]
    out = label_features(sents, base, tags)
    first = out[0][0]
    assert "p1=O" in first and "dl=ORG" in first and "dlB" in first and "+1p1=O" in first
    # the second mention, itself left out, sees one O and one ORG: a tie,
    # broken by name order (O before ORG)
    assert "dl=O" in out[1][1] and "dlB" in out[1][1] and "-1p1=O" in out[1][1]
    assert not any(f.startswith("dl") for f in out[0][1])  # lower-case word
    assert out[0][0][0] == "b"


@pytest.mark.skipif(TESTA is None, reason="CoNLL-2003 eng.testa not available")
def test_shipped_model_reproduces_recorded_dev_f1():
    meta = _meta()
    res = evaluate(TESTA)
    assert res["f1"] == pytest.approx(meta["dev_f1"], abs=0.005)
    assert res["f1"] >= 0.87


def test_core_does_not_import_textual_or_rich():
    code = (
        "import sys, reader.nlp.entities, reader.nlp.eval_ner, reader.nlp.train;"
        "reader.nlp.entities.default_extractor().extract('Jens Stoltenberg in Brussels.');"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_title_is_not_part_of_the_name_it_comes_before(ex):
    # the tagger read the whole run as one organisation, and a title into a person
    got = found(ex, "Allies voiced alarm, and US Secretary of State Antony Blinken and Defence Secretary "
                    "Lloyd Austin flew to Brussels.")
    assert ("Antony Blinken", PERSON) in got and ("Lloyd Austin", PERSON) in got, got
    assert not any("Secretary" in t for t, _ in got), got


def test_split_titles_keeps_royal_titles_and_names_that_are_not_people():
    split = lambda ws, tg: (ents._split_titles(ws, tg, {"us": "LOC"}, {"agency": "ORG"}, {"initiative": "L"}), tg)[1]
    assert split(["US", "Secretary", "of", "State", "Antony", "Blinken"], ["B-ORG"] + ["I-ORG"] * 5) == \
        ["B-LOC", "O", "O", "O", "B-PER", "I-PER"]
    assert split(["Secretary", "Austin"], ["B-PER", "I-PER"]) == ["O", "B-PER"]
    # CoNLL keeps a royal title in the name; an agency or an initiative is no person
    assert split(["Prince", "Charles"], ["B-PER", "I-PER"]) == ["B-PER", "I-PER"]
    assert split(["Defense", "Logistics", "Agency"], ["B-ORG"] * 1 + ["I-ORG"] * 2) == ["B-ORG", "I-ORG", "I-ORG"]
    assert split(["Foreign", "Policy", "Initiative"], ["B-ORG", "I-ORG", "I-ORG"]) == ["B-ORG", "I-ORG", "I-ORG"]
