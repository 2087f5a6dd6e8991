"""The topic tagger reads words, not substrings, and the topics file is validated."""

import pytest

from briefing.resources import bundled_topics
from briefing.tagger import compile_topics, tag_sequence, tag_text
from briefing.topics import TopicsError, load_topics, tokens

TOPICS = load_topics(bundled_topics())
COMPILED = compile_topics(TOPICS)


def tags(text: str) -> set[str]:
    return tag_text(text, COMPILED)[0]


def test_bundled_topics_file_defines_the_four_topics():
    assert [t.id for t in TOPICS] == ["taiwan", "military-channels", "fentanyl", "flights"]
    assert [t.key for t in TOPICS] == ["1", "2", "3", "4"]


def test_words_not_substrings():
    assert tokens("Military-to-military flights") == ["military", "to", "military", "flight"]
    assert "flights" not in tags("The balloon flew over Montana for a week.")
    assert "flights" not in tags("The balloon's flight over Montana lasted a week.")
    assert "flights" not in tags("A fighter jet buzzed a US spy plane.")
    assert "flights" in tags("Airlines will add more flights between Beijing and New York.")
    assert "flights" in tags("They stressed people-to-people exchanges and the planes that carry them.")
    assert "taiwan" in tags("The Taiwan Strait saw another incident.")
    assert "military-channels" in tags("China refused to restore communications between the two militaries.")
    assert "military-channels" not in tags("Both sides agreed to keep communication channels open.")


def test_several_topics_and_inheritance():
    result = tag_sequence(
        ["Fentanyl precursors and military-to-military talks were raised.", "That imperative grew.", "Unrelated."],
        [False, True, False], [1, 1, 1], COMPILED)
    assert result == [("military-channels", "fentanyl"), ("military-channels", "fentanyl"), ()]


def test_continuation_reaches_only_the_next_paragraph_and_never_overrides_own_topic():
    result = tag_sequence(["Airlines add flights.", "That decision pleased Taiwan."], [False, True], [1, 1], COMPILED)
    assert result == [("flights",), ("taiwan",)]
    result = tag_sequence(["Airlines add flights.", "That decision was late."], [False, True], [1, 2], COMPILED)
    assert result == [("flights",), ("flights",)]  # a reply in the next paragraph still refers back
    result = tag_sequence(["Airlines add flights.", "That decision was late."], [False, True], [1, 3], COMPILED)
    assert result == [("flights",), ()]


@pytest.mark.parametrize("content, message", [
    ("not toml [", "not valid TOML"),
    ("[[topic]]\nid = 'Bad Id'\nterms=['x']", "needs an id"),
    ("[[topic]]\nid = 'a'\nterms=['x']\n[[topic]]\nid='a'\nterms=['y']", "defined twice"),
    ("[[topic]]\nid = 'a'", "has no terms"),
    ("x = 1", "no [[topic]]"),
])
def test_bad_topics_files_give_one_line(tmp_path, content, message):
    f = tmp_path / "t.toml"
    f.write_text(content)
    with pytest.raises(TopicsError) as err:
        load_topics(f)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_missing_topics_file():
    with pytest.raises(TopicsError, match="not found"):
        load_topics("/nonexistent/topics.toml")


def test_the_first_word_shortcut_and_shared_positions_tag_as_the_full_match_does():
    """tag_text skips a topic none of whose phrases can start in the text, and shares one position
    map between topics: checked against matching every topic in full, on the bundled articles."""
    from briefing.pipeline import analyse_text
    from briefing.resources import bundled_articles, find_topics_file
    from briefing.tagger import _positions, compile_topics
    from briefing.topics import tokens

    from briefing.ingest import load_paths

    compiled = compile_topics(load_topics(find_topics_file([bundled_articles()])))
    texts = [r.text for d in load_paths([bundled_articles()]).documents for r in analyse_text(d.text).statements]
    texts += ["The balloon flew over Montana.", "Fentanyl precursors", "", "military-to-military hotline"]
    skipped = 0
    for text in texts:
        toks = tokens(text)
        for ct in compiled:
            full = type(ct)(ct.topic, ct.terms, ct.context, ct.exclude)
            full.__dict__["first_words"] = frozenset(toks) | ct.first_words  # never skips
            assert ct.matches(toks, _positions(toks)) == full.matches(toks) == ct.matches(toks)
            skipped += ct.first_words.isdisjoint(toks)
    assert skipped > len(texts)  # the shortcut is taken, for most statements and topics
