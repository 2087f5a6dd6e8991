"""The cleaner on boilerplate variants written for these tests (not the seeds' own strings)."""

from briefing.clean import boilerplate_reason, clean

BODY = (
    "The finance ministers of the G7 met in Rome on Tuesday to discuss the debt relief plan.\n\n"
    "Officials said the plan would cover forty countries and take effect next year.\n\n"
    "The ministers will meet again in October to review the results of the debt relief plan.\n\n"
    "Italy's finance minister, who chaired the session, called the agreement a turning point for lenders "
    "and borrowers alike, while several charities warned that the relief would come too late for some.\n\n"
    "The plan still needs the approval of parliaments in three member states before the loans are written off."
)


def kept_text(result) -> str:
    return "\n".join(b.text for b in result.blocks)


def reasons(result) -> dict[str, str]:
    return {d.text.strip(): d.reason for d in result.dropped}


def test_ad_slots_player_and_page_chrome_are_dropped():
    src = "\n\n".join([
        "Skip to main content", "Listen · 4:12", "Now Playing: Morning Edition", "1:02", BODY,
        "728x90 Ad", "ADVERTISEMENT", "Story continues below advertisement", "Back to top",
        "Share this article",
    ])
    r = clean(src)
    assert kept_text(r).count("finance ministers") == 1
    got = reasons(r)
    assert got["728x90 Ad"] == "ad slot"
    assert got["ADVERTISEMENT"] == "ad slot"
    assert got["Story continues below advertisement"] == "ad slot"
    assert got["Listen · 4:12"] == "player chrome"
    assert got["Back to top"] == "page chrome"
    assert "Skip to main content" in got
    assert all(b.text not in got for b in r.blocks)


def test_repeated_captions_with_agency_credit_are_dropped():
    caption = "Protesters gather outside parliament in Rome on Tuesday. Reuters"
    r = clean("\n".join([caption, caption, caption]) + "\n\nG7 debt plan agreed\n\n" + BODY)
    assert caption not in kept_text(r)
    assert r.meta["title"] == "G7 debt plan agreed"


def test_donation_navigation_and_copyright_are_dropped():
    src = BODY + "\n\nRead more:\n\nMost Read\n\nPlease support independent journalism with a donation today.\n\n" \
        "© 2024 Reuters. All rights reserved."
    r = clean(src)
    got = reasons(r)
    assert got["Read more:"] == "navigation"
    assert got["Most Read"] == "navigation"
    assert got["Please support independent journalism with a donation today."] == "donation appeal"
    assert got["© 2024 Reuters. All rights reserved."] == "copyright"
    assert r.meta["outlet"] == "Reuters"


def test_fact_box_of_another_story_is_dropped():
    src = BODY + "\n\nFact file\n\nFounded: 1998\n\nHeadquarters: Lagos, Nigeria\n\nEmployees: 1,200\n\nSector: Fintech"
    r = clean(src)
    assert "Lagos" not in kept_text(r)
    assert reasons(r)["Founded: 1998"] == "fact box"
    assert reasons(r)["Fact file"] == "fact box"


def test_unrelated_section_is_dropped_by_its_words():
    src = BODY + "\n\nKitchen corner\n\nWhisk three eggs with sugar until pale, then fold in sifted flour and bake gently."
    r = clean(src)
    assert "Whisk" not in kept_text(r)
    assert reasons(r)["Kitchen corner"] in {"unrelated block", "empty section heading"}


def test_transcript_labels_and_stage_directions_become_attribution():
    src = (
        "STEVE INSKEEP, HOST:\n\nThe G7 ministers met in Rome today to discuss debt relief for poor countries.\n\n"
        "SARAH LEE, BYLINE: They agreed on a plan covering forty countries.\n\n"
        "(SOUNDBITE OF ARCHIVED RECORDING)\n\n"
        "JANET YELLEN: This plan will help the poorest nations recover.\n\n"
        "INSKEEP: Will it pass?\n\nLEE: Most likely, yes."
    )
    r = clean(src)
    by_text = {b.text: b for b in r.blocks}
    assert "STEVE INSKEEP" not in kept_text(r) and "(SOUNDBITE" not in kept_text(r)
    first = by_text["The G7 ministers met in Rome today to discuss debt relief for poor countries."]
    assert (first.speaker, first.speaker_role) == ("Steve Inskeep", "host")
    assert by_text["They agreed on a plan covering forty countries."].speaker_role == "correspondent"
    yellen = by_text["This plan will help the poorest nations recover."]
    assert (yellen.speaker, yellen.speaker_role) == ("Janet Yellen", "archived recording")
    assert by_text["Will it pass?"].speaker == "Steve Inskeep"
    assert by_text["Most likely, yes."].speaker == "Sarah Lee"


def test_bios_bylines_dates_and_dateline_become_metadata():
    src = (
        "World | Economy\n\nG7 agrees debt relief plan for forty countries\n\nBy Maria Rossi and John Smith\n\n"
        "Published: 12 March 2024\n\n"
        "ROME (Reuters) - The finance ministers of the G7 agreed a debt relief plan on Tuesday after long talks.\n\n"
        "Officials said the plan would take effect next year.\n\n"
        "Maria Rossi is a senior correspondent covering European economics."
    )
    r = clean(src)
    assert r.meta["title"] == "G7 agrees debt relief plan for forty countries"
    assert r.meta["authors"] == ["Maria Rossi", "John Smith"]
    assert r.meta["published"] == "2024-03-12"
    assert r.meta["dateline"] == "ROME (Reuters)"
    assert r.blocks[0].text.startswith("The finance ministers")
    assert "senior correspondent" not in kept_text(r)


def test_spans_point_into_the_source():
    src = "  • First point of the story is here and it is long enough to count.\n\nSecond paragraph of prose text, also long."
    r = clean(src)
    for b in r.blocks:
        assert src[b.start:b.end] == b.text
    assert r.blocks[0].kind == "bullet"


def test_sentence_level_boilerplate():
    assert boilerplate_reason("Thanks, Maria.") == "conversational filler"
    assert boilerplate_reason("Transcript provided by WBUR, Copyright WBUR.") == "copyright"
    assert boilerplate_reason("Tap the play button above to hear the full interview.") == "player chrome"
    assert boilerplate_reason("The ministers agreed on the plan.") is None
