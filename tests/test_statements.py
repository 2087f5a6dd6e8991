"""Segmentation and speakers."""

from briefing.clean import Block, clean
from briefing.sentences import segment
from briefing.statements import find_speaker, split_blocks


def texts(text: str) -> list[str]:
    return [text[a:b] for a, b in segment(text)]


def test_abbreviations_stay_whole():
    assert texts("The U.S. Secretary of State met Mr. Li in Washington, D.C. on Monday. Talks went on.") == [
        "The U.S. Secretary of State met Mr. Li in Washington, D.C. on Monday.", "Talks went on."]


def test_sentence_after_an_abbreviation_is_split():
    assert texts("Exports reached the U.S. Towards the end of the year, prices fell.") == [
        "Exports reached the U.S.", "Towards the end of the year, prices fell."]


def test_multi_sentence_quotation_is_one_statement():
    got = texts('She said: "We are ready. We will sign." Then she left.')
    assert got == ['She said: "We are ready. We will sign."', "Then she left."]


def test_spans_are_offsets_into_the_text():
    text = "First one here. Second one there."
    for a, b in segment(text):
        assert text[a:b] in {"First one here.", "Second one there."}


def test_speakers_from_attribution_patterns():
    assert find_speaker("“We will not back down,” said Maria Lopez, the union's leader.") == "Maria Lopez"
    assert find_speaker("“It is over,” Ms Lopez told reporters.") == "Lopez"
    assert find_speaker("Mr Kim said the talks had stalled.") == "Kim"
    assert find_speaker("Professor Ana Ruiz, an economist at Madrid University, told the BBC the plan was late.") == "Ana Ruiz"
    assert find_speaker("The plan was late.") is None
    assert find_speaker("China said the plan was late.") is None


def test_quote_paragraph_after_lead_in_and_pronoun_continuations():
    src = ("Finance ministers of the G7 met in Rome on Friday to agree a debt relief plan.\n\n"
           "Here's what Finance Minister Ana Ruiz said on Friday when meeting her counterparts:\n\n"
           "\"We have never been closer to a deal on debt relief for the poorest countries.\"\n\n"
           "Professor Jon Berg, a historian at Oslo University, told reporters he was doubtful about it. "
           "He says the deal \"will not survive the winter.\"")
    blocks = clean(src).blocks
    statements, _ = split_blocks(blocks)
    by_start = {s.text[:12]: s for s in statements}
    assert by_start['"We have nev'].speaker == "Ana Ruiz"
    assert by_start['"We have nev'].kind == "quote"
    assert by_start["Professor Jo"].speaker == "Jon Berg"
    assert by_start["He says the "].speaker == "Jon Berg"


def test_transcript_turn_reporting_someone_else():
    blocks = [Block("Kim said the talks had stalled. It was a long day.", 0, 51, speaker="Ann Lee",
                    speaker_role="correspondent", paragraph=1)]
    statements, _ = split_blocks(blocks)
    assert statements[0].speaker == "Kim"
    assert statements[1].speaker == "Ann Lee"


def test_filler_is_dropped_with_a_reason():
    statements, dropped = split_blocks([Block("Thanks, Leila. The vote is on Friday.", 0, 37, speaker="A B", paragraph=1)])
    assert [s.text for s in statements] == ["The vote is on Friday."]
    assert dropped[0].reason == "conversational filler"


def test_continuation_is_flagged():
    statements, _ = split_blocks([Block("The army wants a hotline. That imperative grew after the clash.", 0, 64, paragraph=1)])
    assert [s.continues for s in statements] == [False, True]


TRICKY = [
    "Sen. Warren spoke. Gen. Milley agreed. Mrs. Smith left. Apple Inc. Shares rose. Gov. Newsom said so.",
    "It rose 3.5 per cent. Then it fell. At 10 a.m. The market opened. He has a PhD. Prassana agreed.",
    "Leaders met in Jan. They met again in Feb. 2023. World War II. Then peace. Vol. Two is out. See fig. Four.",
    "He said it (see the report. It is long.) Then he left. [Editor's note. Checked.] Done now.",
    "\u200bA zero-width start. Then more. Line one.\nLine two here. End.",
    "“We are ready. We will sign,” she said. Was it true? Yes! He wrote at www.example.com. Nobody read it.",
    "The E.U. Commission met. The EU Commission met. He met U.N. officials. Talks went on… Then nothing.",
    "No. 10 Downing Street said no. No comment was made. It was over; Then again.",
]


def test_fast_path_gives_syntok_own_spans():
    """The sentences taken without syntok are the ones syntok gives, on hard cases and on every
    paragraph of the bundled articles and the ingest fixtures."""
    from pathlib import Path

    from briefing.sentences import _sentences, _syntok_spans

    root = Path(__file__).resolve().parent.parent
    paragraphs = list(TRICKY)
    for path in [*sorted((root / "articles").glob("*.txt")), *sorted((root / "tests/fixtures").rglob("*.txt"))]:
        paragraphs += [b.text for b in clean(path.read_text(encoding="utf-8", errors="replace")).blocks]
    assert len(paragraphs) > 120
    for p in paragraphs:
        assert _sentences(p) == _syntok_spans(p), p


def test_fast_path_agrees_with_syntok_on_random_tricky_text():
    """Random sequences of abbreviations, initials, numbers, brackets, quotes and ordinary words (a
    fixed seed): the spans are syntok's own, whichever path found them."""
    import random

    from briefing.sentences import _sentences, _syntok_spans

    words = ("The he said Mr. U.S. Sen. Gen. 2023. 1999 3.5 Inc. Jan. No. no. etc. vs. II. (see it) [note x] "
             "“We go.” \"Yes.\" ‘a b.’ Then It A I a officials. PhD. McDonald. Xi. home. home! home? why? ok; "
             "wait: ... … e.g. i.e. p.m. Washington, D.C. — - 's O'Neil. café. Then, THE NATO. Co. St. Dr Dr. "
             "war. He She ( ), ) ! ? . Apple www.x.com. U.N. A. B. J.R.R. 1. 10. a.m. Fig. fig. al. et").split()
    rng = random.Random(4)
    for _ in range(1500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(2, 25)))
        assert _sentences(text) == _syntok_spans(text), text
