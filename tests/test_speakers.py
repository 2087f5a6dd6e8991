"""Who said what: speaker names normalised across sources, reported speech, the bundled corpus."""

from __future__ import annotations

import pytest

from briefing.pipeline import build_corpus
from briefing.speakers import full_names_in, normalise, reported_speaker, strip_titles, who_said_what


@pytest.mark.parametrize("raw, bare", [
    ("Secretary of State Antony Blinken", "Antony Blinken"), ("Mr Blinken", "Blinken"), ("Mr. Xi", "Xi"),
    ("Chinese President Xi Jinping", "Xi Jinping"), ("Foreign Minister Qin Gang", "Qin Gang"),
    ("Dr Bonnie Glaser", "Bonnie Glaser"), ("Blinken", "Blinken"),
])
def test_titles_go(raw, bare):
    assert strip_titles(raw) == bare


def test_the_forms_of_one_name_are_one_person():
    names = normalise(["Mr Blinken", "Blinken", "Antony Blinken", "Secretary of State Antony Blinken",
                       "Mr Xi", "President Xi", "Xi Jinping", "Qin", "Foreign Minister Qin Gang"])
    assert {names[n] for n in ("Mr Blinken", "Blinken", "Antony Blinken", "Secretary of State Antony Blinken")} \
        == {"Antony Blinken"}
    assert {names[n] for n in ("Mr Xi", "President Xi", "Xi Jinping")} == {"Xi Jinping"}  # family name first
    assert names["Qin"] == names["Foreign Minister Qin Gang"] == "Qin Gang"


def test_a_lone_name_that_fits_two_people_stays_apart():
    names = normalise(["Wang", "Wang Yi", "Wang Wenbin"])
    assert names["Wang"] == "Wang" and names["Wang Yi"] == "Wang Yi" and names["Wang Wenbin"] == "Wang Wenbin"


def test_full_names_mentioned_in_the_text_complete_lone_names():
    mentioned = full_names_in(["He met Wang Yi on Sunday.", "Wang Yi said little.", "The White House agreed."])
    assert mentioned == {"Wang Yi"}
    assert normalise(["Wang"], mentioned)["Wang"] == "Wang Yi"


@pytest.mark.parametrize("text, who", [
    ("Meanwhile, in talks with Blinken, Qin identified the Taiwan issue as a risk.", "Qin"),
    ("China's foreign ministry statement revealed that Wang urged the U.S. side to reflect.", "Wang"),
    ("During their talks, Wang accused the United States of harboring a flawed perception.", "Wang"),
    ("Mr Xi said progress had been made.", "Xi"),
    ("China said it would respond.", None),
    ("The White House said nothing.", None),
    ("Officials said the talks went well.", None),
])
def test_reported_speech_names_its_speaker(text, who):
    assert reported_speaker(text) == who


def test_who_said_what_on_the_bundled_corpus():
    corpus = build_corpus()
    entries = {e.name: e for e in who_said_what(corpus)}
    assert {"Antony Blinken", "Xi Jinping", "Wang Yi", "Qin Gang", "Bonnie Glaser"} <= set(entries)
    blinken = entries["Antony Blinken"]
    assert set(blinken.outlets) == {"NPR", "Atlantic Council", "The National"}
    assert "Blinken" in blinken.aliases and "Antony Blinken" in blinken.aliases
    assert len(blinken.statements) >= 15
    assert who_said_what(corpus)[0].name == "Antony Blinken"  # most widely reported first
    assert any("Qin identified the Taiwan issue" in corpus.statement(s).text for s in entries["Qin Gang"].statements)
    # No one appears twice under two forms of a name.
    assert not {"Blinken", "Xi", "Wang", "Qin", "Mr Blinken"} & set(entries)
