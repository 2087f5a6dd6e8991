"""The filter language on the bundled corpus and on the discrepancy fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import ConfigError, load_config, save_view
from briefing.filters import Filter, FilterError, Marks, Term, completions, matching, parse
from briefing.pipeline import build_corpus


@pytest.fixture(scope="module")
def corpus():
    return build_corpus()


def test_parse_terms_fields_flags_phrases_and_negation():
    f = parse('topic:taiwan outlet:NPR speaker:blinken -topic:flights "Exact  Phrase" single-source discrepancy word')
    assert f.terms == (
        Term("topic", "taiwan"), Term("outlet", "npr"), Term("speaker", "blinken"), Term("topic", "flights", True),
        Term("phrase", "exact phrase"), Term("flag", "single-source"), Term("flag", "discrepancy"),
        Term("word", "word"))
    assert str(parse('-"a b" -x is:starred')) == '-"a b" -x is:starred'
    assert parse("").empty and parse("   ") == Filter()


@pytest.mark.parametrize("text, message", [
    ("foo:bar", "unknown field 'foo'"), ("is:happy", "unknown mark"), ('"unclosed', "close the quotation mark"),
    ("topic:", "needs a value"),
])
def test_bad_filters_say_why_in_one_line(text, message):
    with pytest.raises(FilterError, match=message):
        parse(text)


def count(corpus, text, marks=None):
    return len(matching(corpus, parse(text), marks))


def test_fields_on_the_bundled_corpus(corpus):
    taiwan = count(corpus, "topic:taiwan")
    assert taiwan == corpus.topic_counts()["taiwan"]
    assert count(corpus, "topic:military") == corpus.topic_counts()["military-channels"]  # label prefix
    # Same field: alternatives; different fields: all must hold.
    assert count(corpus, "topic:taiwan topic:flights") == taiwan + corpus.topic_counts()["flights"]
    npr_taiwan = matching(corpus, parse("topic:taiwan outlet:npr"))
    assert npr_taiwan and all(corpus.article_of(s.id).outlet == "NPR" and "taiwan" in s.topics for s in npr_taiwan)
    # speaker: any form of the name.
    blinken = matching(corpus, parse("speaker:blinken"))
    assert len(blinken) >= 15 and all(corpus.speaker_name(s.id) == "Antony Blinken" for s in blinken)
    assert count(corpus, "speaker:antony") == len(blinken)
    # Negation.
    no_mil = matching(corpus, parse("speaker:blinken -topic:military-channels"))
    assert no_mil and all("military-channels" not in s.topics for s in no_mil) and len(no_mil) < len(blinken)
    # Phrase and words (whole words only).
    assert all("military-to-military" in s.text.lower() for s in matching(corpus, parse('"military-to-military"')))
    assert count(corpus, "fent") == 0 and count(corpus, "fentanyl") >= 1
    # Flags.
    single = matching(corpus, parse("single-source topic:flights"))
    assert len(single) == 2 and all(corpus.corroborating_outlets(s.id) == 0 for s in single)
    assert all(corpus.corroborating_outlets(s.id) > 0 for s in matching(corpus, parse("corroborated")))
    assert count(corpus, "discrepancy") == 0


def test_marks(corpus):
    first = next(corpus.statements())
    marks = Marks(stars={first.id}, notes=set(), read={first.article})
    assert [s.id for s in matching(corpus, parse("is:starred"), marks)] == [first.id]
    assert all(s.article != first.article for s in matching(corpus, parse("is:unread"), marks))


def test_discrepancy_flag_on_the_fixture_pair():
    corpus = build_corpus([Path(__file__).parent / "fixtures" / "discrepancy"])
    flagged = matching(corpus, parse("discrepancy"))
    assert sorted(s.id for s in flagged) == sorted(sid for sid, _ in corpus.discrepancies()[0].values)
    assert [s.id for s in matching(corpus, parse("discrepancy outlet:coastal"))] == ["coastal-times#1"]


def test_completion(corpus):
    assert completions(corpus, "topic:ta") == ["topic:taiwan"]
    assert completions(corpus, "sp") == ["speaker:"]
    assert "speaker:blinken" in completions(corpus, "speaker:b")
    assert completions(corpus, "topic:taiwan -out") == ["topic:taiwan -outlet:"]
    assert set(completions(corpus, "outlet:")) == {"outlet:npr", "outlet:atlantic", "outlet:national"}
    assert completions(corpus, "sing") == ["single-source"]


def test_views_are_saved_in_the_config_file_and_read_back(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nstar = "x"\n', encoding="utf-8")
    save_view("taiwan-npr", "topic:taiwan outlet:npr", path)
    save_view("quotes", 'speaker:blinken "said \\"no\\""', path)
    config = load_config(path, binding_ids={"star"})
    assert config.views == {"taiwan-npr": "topic:taiwan outlet:npr", "quotes": 'speaker:blinken "said \\"no\\""'}
    assert config.keys == {"star": "x"}  # the rest of the file is kept
    with pytest.raises(ConfigError, match="view name"):
        save_view("bad name!", "topic:taiwan", path)


@pytest.mark.parametrize("content, message", [
    ('[views]\ngood = "topic:taiwan"\nbad = "foo:bar"\n', "line 3: view 'bad': unknown field 'foo'"),
    ('[keys]\nstar = "x"\nstra = "y"\n', "line 3: unknown binding id 'stra'"),
    ('[keys]\nstar = 5\n', "line 2: keys for 'star' must be a string"),
    ('[colours]\nx = 1\n', "line 1: unknown section or setting 'colours'"),
    ('[views\n', "line 1"),
])
def test_config_mistakes_name_the_line(tmp_path, content, message):
    path = tmp_path / "config.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        load_config(path, binding_ids={"star", "note"})
    assert str(path) in str(info.value) and "\n" not in str(info.value)
