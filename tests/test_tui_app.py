"""The Textual app, driven with Pilot on the bundled corpus: every binding and the main flows."""

from __future__ import annotations

import json

import pytest

from briefing.pipeline import build_corpus
from briefing.state import STATE_FILE, UserState
from briefing.tui.app import BriefingApp
from briefing.tui.screens import ConfirmScreen, ExportScreen, HelpScreen, NoteScreen, SearchScreen
from briefing.tui.widgets.corroboration import SINGLE_SOURCE

WIDE = (160, 48)
NPR_TRANSCRIPT = "003_c05f0c92d6ef5827"
MILITARY_TEXT = "did not agree to reestablish military-to-military"


@pytest.fixture
def app(corpus, data):
    return BriefingApp(corpus)


def ids(app, selector):
    return app.query_one(selector).ids()


def prompt_text(app, selector, option_id):
    option = app.query_one(selector).get_option(option_id)
    return option.prompt.plain


def rendered(widget) -> str:
    """The text the widget actually draws on screen, line by line."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def static_text(app, selector) -> str:
    return app.query_one(selector).visual.plain


async def goto(pilot, app, statement_id):
    """Select a statement with the keys a user would press (J to its article, j to it)."""
    target = app.corpus.statement(statement_id)
    articles = ids(app, "#articles")
    steps = articles.index(target.article) - articles.index(app.article_id)
    await pilot.press(*(["J"] * steps if steps >= 0 else ["K"] * -steps))
    await pilot.pause()
    assert app.article_id == target.article
    statements = ids(app, "#reader")
    steps = statements.index(statement_id) - statements.index(app.statement_id)
    await pilot.press(*(["j"] * steps if steps >= 0 else ["k"] * -steps))
    await pilot.pause()
    assert app.statement_id == statement_id


def military_statement(corpus):
    return next(s.id for s in corpus.article(NPR_TRANSCRIPT).statements if MILITARY_TEXT in s.text)


# -- layout ------------------------------------------------------------------------------------------
async def test_layout_header_topics_articles_reader(app, corpus):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.title == "articles"
        assert "5 articles" in app.sub_title and "4 independent sources" in app.sub_title
        assert "2023-06-19" in app.sub_title
        topics = app.query_one("#topics")
        assert topics.option_count == 4
        assert "[2] Military channels  22" in prompt_text(app, "#topics", "military-channels")
        assert ids(app, "#articles") == [a.id for a in corpus.articles]
        first = corpus.articles[0]
        assert app.article_id == first.id and app.statement_id == first.statements[0].id
        assert ids(app, "#reader") == [s.id for s in first.statements]
        assert app.focused is app.query_one("#reader")
        screen = rendered(app.query_one("#reader"))
        assert "+3" in screen and "·" in screen  # badges: corroborated and single-source statements
        # A quote shows its speaker.
        quoted = next(s for s in corpus.statements() if s.speaker == "Bonnie Glaser")
        await goto(pilot, app, quoted.id)
        assert "— Bonnie Glaser" in prompt_text(app, "#reader", quoted.id)


async def test_loading_happens_in_a_worker_with_progress(data):
    app = BriefingApp()  # no corpus: it is analysed in a thread
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.corpus is not None and len(app.corpus.articles) == 5
        assert not app.query_one("#loading").display and app.query_one("#main").display
        assert static_text(app, "#loading-label") == "analysing 5/5 articles"
        assert app.query_one("#reader").option_count > 0


# -- topics ------------------------------------------------------------------------------------------
async def test_topic_keys_filter_articles_and_zero_clears(app, corpus):
    with_military = [a.id for a in corpus.articles if any("military-channels" in s.topics for s in a.statements)]
    with_fentanyl = {a.id for a in corpus.articles if any("fentanyl" in s.topics for s in a.statements)}
    assert 0 < len(with_military) < 5
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert app.active == ["military-channels"]
        assert ids(app, "#articles") == with_military
        assert prompt_text(app, "#topics", "military-channels").startswith("● [2] Military channels  22")
        assert prompt_text(app, "#topics", "taiwan").startswith("○")
        assert app.query_one("#articles").border_subtitle == f"{len(with_military)} of 5"
        await pilot.press("3")  # several at once: articles with either topic
        await pilot.pause()
        assert app.active == ["military-channels", "fentanyl"]
        assert set(ids(app, "#articles")) == set(with_military) | with_fentanyl
        await pilot.press("2")  # toggles off
        await pilot.pause()
        assert app.active == ["fentanyl"]
        await pilot.press("0")
        await pilot.pause()
        assert app.active == [] and len(ids(app, "#articles")) == 5
        await pilot.press("9")  # no topic has that key: nothing happens
        await pilot.pause()
        assert app.active == []


async def test_active_topic_statements_are_highlighted(app, corpus):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        article = corpus.article(app.article_id)
        hot = next(s for s in article.statements if "military-channels" in s.topics)
        cold = next(s for s in article.statements if "military-channels" not in s.topics)
        assert prompt_text(app, "#reader", hot.id).startswith("▌")
        assert not prompt_text(app, "#reader", cold.id).startswith("▌")


async def test_enter_on_a_topic_toggles_it(app):
    async with app.run_test(size=WIDE) as pilot:
        app.query_one("#topics").focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.active == ["military-channels"]


async def test_focus_mode_shows_only_active_topic_statements(app, corpus):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2", "f")
        await pilot.pause()
        assert app.focus_mode
        shown = ids(app, "#reader")
        assert shown and all("military-channels" in corpus.statement(s).topics for s in shown)
        assert len(shown) < len(corpus.article(app.article_id).statements)
        assert "focus mode" in app.query_one("#reader-pane").border_subtitle
        await pilot.press("f")
        await pilot.pause()
        assert not app.focus_mode
        assert len(ids(app, "#reader")) == len(corpus.article(app.article_id).statements)


# -- navigation --------------------------------------------------------------------------------------
async def test_statement_keys_j_k_down_up(app, corpus):
    first = corpus.articles[0].statements
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert app.statement_id == first[1].id
        await pilot.press("down")
        await pilot.pause()
        assert app.statement_id == first[2].id
        await pilot.press("k")
        await pilot.pause()
        assert app.statement_id == first[1].id
        await pilot.press("up")
        await pilot.pause()
        assert app.statement_id == first[0].id
        app.query_one("#topics").focus()  # j moves the reader from any pane
        await pilot.press("j")
        await pilot.pause()
        assert app.statement_id == first[1].id


async def test_article_keys_J_K_n_p(app, corpus):
    order = [a.id for a in corpus.articles]
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("J")
        await pilot.pause()
        assert app.article_id == order[1]
        await pilot.press("n")
        await pilot.pause()
        assert app.article_id == order[2]
        assert app.query_one("#articles").highlighted == 2
        assert app.statement_id == corpus.article(order[2]).statements[0].id
        await pilot.press("K")
        await pilot.pause()
        assert app.article_id == order[1]
        await pilot.press("p")
        await pilot.pause()
        assert app.article_id == order[0]
        await pilot.press("p")  # already first: stays
        await pilot.pause()
        assert app.article_id == order[0]


async def test_article_list_highlight_opens_and_enter_goes_to_reader(app, corpus):
    async with app.run_test(size=WIDE) as pilot:
        app.query_one("#articles").focus()
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.article_id == corpus.articles[2].id
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.query_one("#reader")


async def test_tab_and_shift_tab_move_between_panes(app):
    async with app.run_test(size=WIDE) as pilot:
        order = []
        for _ in range(4):
            await pilot.press("tab")
            order.append(app.focused.id)
        assert order == ["corro", "topics", "articles", "reader"]
        await pilot.press("shift+tab")
        assert app.focused.id == "articles"


# -- corroboration -----------------------------------------------------------------------------------
async def test_corroboration_pane_jump_and_back(app, corpus):
    sid = military_statement(corpus)
    async with app.run_test(size=WIDE) as pilot:
        await goto(pilot, app, sid)
        pane_ids = ids(app, "#corro")
        assert pane_ids == [c.other for c in corpus.corroborations_of(sid)]
        outlets = {corpus.article_of(o).outlet for o in pane_ids}
        assert {"Atlantic Council", "The National"} <= outlets
        assert "Backed by 2 other independent outlets" in static_text(app, "#corro-head")
        first = corpus.statement(pane_ids[0])
        text = prompt_text(app, "#corro", first.id)
        assert corpus.article(first.article).outlet in text and first.text in text
        # Shared words are highlighted (styled spans over words both statements use).
        option = app.query_one("#corro").get_option(first.id)
        styled = {option.prompt.plain[sp.start:sp.end].lower() for sp in option.prompt.spans if "$accent" in str(sp.style)}
        assert "military" in styled
        # enter on a corroborating statement (reached with tab, or enter in the reader) jumps to it.
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.query_one("#corro")
        await pilot.press("enter")
        await pilot.pause()
        assert (app.article_id, app.statement_id) == (first.article, first.id)
        assert app.query_one("#reader").highlighted == ids(app, "#reader").index(first.id)
        assert app.history == [(NPR_TRANSCRIPT, sid)]
        await pilot.press("backspace")
        await pilot.pause()
        assert (app.article_id, app.statement_id) == (NPR_TRANSCRIPT, sid)
        assert app.history == []
        await pilot.press("backspace")  # nothing left: stays
        await pilot.pause()
        assert app.article_id == NPR_TRANSCRIPT


async def test_single_source_statement_says_so(app, corpus):
    single = next(s for s in corpus.articles[0].statements if s.is_claim and corpus.corroborating_outlets(s.id) == 0)
    async with app.run_test(size=WIDE) as pilot:
        await goto(pilot, app, single.id)
        assert SINGLE_SOURCE in static_text(app, "#corro-head")
        assert "Single source: no other outlet states this." in rendered(app.query_one("#corro-head"))


async def test_jump_to_an_article_hidden_by_the_topic_filter_clears_the_filter(app, corpus):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("4")  # flights: only some articles
        await pilot.pause()
        hidden = next(a.id for a in corpus.articles if a.id not in ids(app, "#articles"))
        app.jump_to(corpus.article(hidden).statements[0].id)
        await pilot.pause()
        assert app.article_id == hidden and app.active == []


# -- search ------------------------------------------------------------------------------------------
async def test_search_as_you_type_enter_jumps_escape_leaves(app, corpus):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"hotline")
        await pilot.pause()
        results = app.screen.query_one("#search-results")
        assert results.option_count > 0
        found = [o.id for o in results.options]
        assert all("hotline" in corpus.statement(i).text.lower() for i in found)
        await pilot.press("down")
        await pilot.pause()
        chosen = found[1] if len(found) > 1 else found[0]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert app.statement_id == chosen and app.article_id == corpus.statement(chosen).article
        assert app.history  # backspace returns from a search jump too
        before = (app.article_id, app.statement_id)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"taiwan", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen) and (app.article_id, app.statement_id) == before


async def test_search_counts_what_it_found(app, corpus):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        count = app.screen.query_one("#search-count")
        for query in ("fentanyl", "hotline", "zzzzqq"):
            await pilot.press(*query)
            await pilot.pause()
            n = app.screen.query_one("#search-results").option_count
            assert str(count.render()) == f"{n} statement{'' if n == 1 else 's'}"
            await pilot.press(*["backspace"] * len(query))
            await pilot.pause()
        assert "type to search" in str(count.render())


async def test_keys_do_nothing_under_a_dialog(app):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("s", "q", "2")  # typed into the search box, not stars/quit/topics
        await pilot.pause()
        assert app.screen.query_one("#search-input").value == "sq2"
        assert app.state.stars == set() and app.active == [] and app.is_running


# -- stars, notes, read --------------------------------------------------------------------------------
async def test_star_and_note(app, corpus, data):
    async with app.run_test(size=WIDE) as pilot:
        sid = app.statement_id
        await pilot.press("s")
        await pilot.pause()
        assert app.state.stars == {sid}
        assert "★" in prompt_text(app, "#reader", sid)
        assert json.loads((data / STATE_FILE).read_text())["stars"] == [sid]
        await pilot.press("s")
        await pilot.pause()
        assert app.state.stars == set() and "★" not in prompt_text(app, "#reader", sid)
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"ask [State] about this", "enter")
        await pilot.pause()
        assert app.state.notes == {sid: "ask [State] about this"}
        text = prompt_text(app, "#reader", sid)
        assert "✎" in text and "ask [State] about this" in text
        await pilot.press("N")  # escape leaves the note as it was
        await pilot.pause()
        await pilot.press("x", "escape")
        await pilot.pause()
        assert app.state.notes == {sid: "ask [State] about this"}


async def test_read_toggle_dims_the_article(app, corpus):
    async with app.run_test(size=WIDE) as pilot:
        aid = app.article_id
        assert prompt_text(app, "#articles", aid).startswith("•")
        await pilot.press("r")
        await pilot.pause()
        assert app.state.read == {aid}
        assert prompt_text(app, "#articles", aid).startswith("✓")
        assert "read" in static_text(app, "#article-head")
        await pilot.press("r")
        await pilot.pause()
        assert app.state.read == set()


# -- export ------------------------------------------------------------------------------------------
async def test_export_dialog_markdown_starred(app, corpus, tmp_path):
    sid = military_statement(corpus)
    async with app.run_test(size=WIDE) as pilot:
        await goto(pilot, app, sid)
        await pilot.press("s", "e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.scope == "starred" and app.screen.format == "md"
        assert app.screen.query_one("#export-path").value == "briefing.md"
        await pilot.press("enter")
        await pilot.pause()
        out = tmp_path / "briefing.md"
        assert out.is_file() and app.export_path == "briefing.md"
        text = out.read_text(encoding="utf-8")
        assert "military" in text.lower() and text.startswith("#")
        assert any("Wrote briefing.md" in n.message for n in app._notifications)


async def test_export_dialog_json_everything_then_overwrite_confirmation(app, corpus, tmp_path):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.click("#fmt-json")
        await pilot.click("#scope-all")
        await pilot.pause()
        assert app.screen.query_one("#export-path").value == "briefing.json"
        await pilot.click("#export-ok")
        await pilot.pause()
        out = tmp_path / "briefing.json"
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["schema"] == "briefing/v1" and len(data["articles"]) == 5
        assert len(data["statements"]) == sum(len(a.statements) for a in corpus.articles)
        # Again: the file exists, so the dialog asks. "n" keeps the file, "y" overwrites it.
        out.write_text("old", encoding="utf-8")
        for answer, expected_old in (("n", True), ("y", False)):
            await pilot.press("e")
            await pilot.pause()
            await pilot.click("#fmt-json")
            await pilot.click("#export-ok")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press(answer)
            await pilot.pause()
            if answer == "n":
                assert isinstance(app.screen, ExportScreen)
                await pilot.press("escape")
                await pilot.pause()
            assert (out.read_text(encoding="utf-8") == "old") is expected_old
        assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "briefing/v1"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".briefing")] == []


async def test_export_active_topics_and_errors_are_reported(app, tmp_path):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("4", "e")
        await pilot.pause()
        assert app.screen.scope == "topics"
        path = app.screen.query_one("#export-path")
        path.value = str(tmp_path / "flights.md")
        await pilot.press("enter")
        await pilot.pause()
        assert "Flights" in (tmp_path / "flights.md").read_text(encoding="utf-8")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(tmp_path / "no" / "such" / "x.md")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert any(n.severity == "error" and "does not exist" in n.message for n in app._notifications)


# -- theme, help, palette, quit ------------------------------------------------------------------------
async def test_theme_cycles_and_is_saved(app, data):
    async with app.run_test(size=WIDE) as pilot:
        assert app.theme == "dark"
        await pilot.press("t")
        await pilot.pause()
        assert app.theme == "light"
        assert UserState.load().theme == "light"
        await pilot.press("t", "t")
        await pilot.pause()
        assert app.theme == "dark"


async def test_help_lists_every_binding(app):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text
        for binding in app.BINDINGS:
            if binding.action.startswith("toggle_topic("):
                continue
            assert binding.description in text, binding.description
        assert "1-9" in text and "enter" in text and "ctrl+p" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_every_action_is_in_the_command_palette(app):
    async with app.run_test(size=WIDE) as pilot:
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for binding in app.BINDINGS:
            if binding.action.startswith("toggle_topic("):
                continue
            if binding.action == "quit":
                assert "Quit" in titles
            else:
                assert binding.description in titles, binding.description
        assert "Toggle topic: Military channels" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Focus mode")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.focus_mode


async def test_q_quits(app):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


# -- persistence ---------------------------------------------------------------------------------------
async def test_state_survives_a_new_app(corpus, data):
    first = BriefingApp(corpus)
    async with first.run_test(size=WIDE) as pilot:
        sid = first.statement_id
        aid = first.article_id
        await pilot.press("s", "N")
        await pilot.pause()
        await pilot.press(*"follow up", "enter")
        await pilot.pause()
        await pilot.press("r", "t")
        await pilot.pause()
    second = BriefingApp(corpus)
    async with second.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert second.state.stars == {sid} and second.state.notes == {sid: "follow up"}
        assert second.state.read == {aid} and second.theme == "light"
        text = prompt_text(second, "#reader", sid)
        assert "★" in text and "✎" in text and "follow up" in text
        assert prompt_text(second, "#articles", aid).startswith("✓")


async def test_theme_option_overrides_the_saved_one_without_saving(corpus, data):
    UserState.load().set_theme("light")
    app = BriefingApp(corpus, theme="high-contrast")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.theme == "high-contrast"
    assert UserState.load().theme == "light"


async def test_corrupt_state_is_reported_not_fatal(corpus, data):
    data.mkdir(parents=True)
    (data / STATE_FILE).write_text("{oops", encoding="utf-8")
    app = BriefingApp(corpus)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert any("afresh" in n.message for n in app._notifications)
        await pilot.press("s")
        await pilot.pause()
    assert UserState.load().stars == {app.statement_id}


# -- layout sizes ------------------------------------------------------------------------------------
async def test_narrow_terminal_stacks_the_corroboration_pane(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        reader = app.query_one("#reader-pane").region
        corro = app.query_one("#corro-pane").region
        left = app.query_one("#left").region
        for region in (reader, corro, left):
            assert region.width > 0 and region.height > 0 and region.right <= 80 and region.bottom <= 24
        assert corro.y > reader.y and corro.x == reader.x  # below the reader
        assert app.query_one("#reader").option_count and app.query_one("#corro-head").region.height
        await pilot.press("c")
        await pilot.pause()
        assert not app.query_one("#corro-pane").display
        assert app.query_one("#reader-pane").region.height > reader.height
        await pilot.press("c")
        await pilot.pause()
        assert app.query_one("#corro-pane").display


async def test_wide_terminal_puts_panes_side_by_side(app):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-wide")
        reader = app.query_one("#reader-pane").region
        corro = app.query_one("#corro-pane").region
        assert corro.x >= reader.right and corro.y == reader.y and corro.right <= WIDE[0]
        assert app.query_one("#left").region.right <= reader.x


# -- hostile text -------------------------------------------------------------------------------------
async def test_markup_and_escape_sequences_in_articles_are_shown_literally(tmp_path, data):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil.txt").write_text(
        "Officials said the talks about [bold red]x[/] were productive and would continue next week.\n\n"
        "The ministry statement read \x1b[31mred\x1b[0m in the official record of the meeting.\n\n"
        "Negotiators will meet again in Geneva to discuss the [link=http://evil]terms[/link] of the deal.\n",
        encoding="utf-8")
    corpus = build_corpus([folder])
    app = BriefingApp(corpus)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = rendered(app.query_one("#reader"))
        assert "[bold red]x[/]" in screen
        assert "[link=http://evil]terms[/link]" in screen
        assert "\x1b" not in screen and "[31mred" in screen
        # Search results and the corroboration pane use the same literal rendering.
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"bold")
        await pilot.pause()
        assert "[bold red]x[/]" in rendered(app.screen.query_one("#search-results"))


async def test_a_failed_load_is_shown_and_the_app_stays_usable(tmp_path, data):
    app = BriefingApp(paths=[tmp_path], topics_path=tmp_path / "missing-topics.toml")
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.corpus is None
        assert "could not load the articles" in static_text(app, "#loading-label")
        await pilot.press("s", "2")  # main-view keys are disabled, not crashing
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


# -- discrepancies -------------------------------------------------------------------------------------
async def test_discrepancy_flag_in_reader_and_corroboration_pane(data):
    from pathlib import Path

    corpus = build_corpus([Path(__file__).parent / "fixtures" / "discrepancy"])
    app = BriefingApp(corpus)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        flagged = corpus.discrepancies()[0].values[0][0]
        await goto(pilot, app, flagged)
        assert "≠" in prompt_text(app, "#reader", flagged)
        head = static_text(app, "#corro-head")
        assert "≠ Sources differ on distance:" in head
        assert "150 metres (Harbour Wire)" in head and "200 metres (Coastal Times)" in head
        # A statement that agrees with its group carries no flag.
        call = next(s.id for s in corpus.statements() if "35-minute" in s.text)
        await goto(pilot, app, call)
        assert "≠" not in prompt_text(app, "#reader", call)
        assert "differ" not in static_text(app, "#corro-head")


async def test_w_opens_who_said_what_and_enter_jumps(app, corpus):
    from briefing.tui.screens import SpeakersScreen

    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, SpeakersScreen)
        lst = app.screen.query_one("#speakers-list")
        text = "\n".join(o.prompt.plain for o in lst.options)
        assert "Antony Blinken" in rendered(lst)
        assert "Antony Blinken" in text and "NPR, Atlantic Council, The National" in text and "(also Blinken)" in text
        assert "Qin Gang" in text and "Wang Yi" in text and "Xi Jinping" in text
        first = app.screen.statement_ids[0]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SpeakersScreen)
        assert app.statement_id == first and app.article_id == corpus.statement(first).article
        await pilot.press("w", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, SpeakersScreen)


# -- filter language, views, bulk actions, keymap ------------------------------------------------------
async def test_F_filters_with_completion_and_focus_mode(app, corpus):
    from briefing.tui.screens.filter import FilterScreen

    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        await pilot.press(*"speaker:bl")
        await pilot.pause(0.2)
        await pilot.press("right")  # accepts the completion
        await pilot.pause()
        assert app.screen.query_one("#filter-input").value == "speaker:blinken"
        await pilot.press(*" -topic:military-channels")
        await pilot.pause()
        assert "statements match" in app.screen.query_one("#filter-count").visual.plain
        await pilot.press("enter")
        await pilot.pause()
        assert str(app.filter) == "speaker:blinken -topic:military-channels"
        assert "filter: speaker:blinken -topic:military-channels" in app.sub_title
        kept = [s for s in corpus.statements() if app.in_scope(s)]
        assert kept and all(corpus.speaker_name(s.id) == "Antony Blinken" and "military-channels" not in s.topics
                            for s in kept)
        assert set(ids(app, "#articles")) == {s.article for s in kept}
        await pilot.press("f")
        await pilot.pause()
        assert set(ids(app, "#reader")) <= {s.id for s in kept}
        # Topics and the filter combine: Flights has no Blinken statement outside military channels.
        await pilot.press("4")
        await pilot.pause()
        assert all("flights" in corpus.statement(s).topics for s in ids(app, "#reader"))
        # An empty filter clears it.
        await pilot.press("0", "F", "ctrl+u", "enter")
        await pilot.pause()
        assert app.filter.empty and "filter:" not in app.sub_title
        assert len(ids(app, "#articles")) == len(corpus.articles)


async def test_bad_filter_is_reported_in_the_box(app):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("F", *"foo:bar")
        await pilot.pause()
        assert "unknown field 'foo'" in app.screen.query_one("#filter-count").visual.plain
        await pilot.press("enter")
        await pilot.pause()
        assert app.filter.empty


async def test_saving_a_view_and_opening_with_it(app, corpus, data):
    from briefing.config import load_config

    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("F", *"topic:taiwan outlet:npr", "tab", *"taiwan-npr", "enter")
        await pilot.pause()
        assert str(app.filter) == "topic:taiwan outlet:npr"
    config = load_config()
    assert config.views == {"taiwan-npr": "topic:taiwan outlet:npr"}
    second = BriefingApp(corpus, filter_query=config.views["taiwan-npr"], config=config)
    async with second.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert all(corpus.article(a).outlet == "NPR" for a in ids(second, "#articles"))


async def test_bulk_star_and_read_act_on_the_filtered_set_only(app, corpus):
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("S")  # nothing narrows the view: refused
        await pilot.pause()
        assert not app.state.stars
        await pilot.press("4", "S")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        flights = {s.id for s in corpus.statements(["flights"]) if s.is_claim}
        assert app.state.stars == flights
        await pilot.press("R", "y")
        await pilot.pause()
        assert app.state.read == {s.article for s in corpus.statements(["flights"])}
        assert len(app.state.read) < len(corpus.articles)


async def test_user_keymap_remaps_bindings_and_help_shows_the_users_keys(corpus, data):
    from briefing.config import Config

    app = BriefingApp(corpus, config=Config(keys={"star": "x", "next_statement": "ctrl+n"}))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        from textual.widgets import Footer

        shown = [(k.key_display, k.description) for k in app.screen.query_one(Footer).query("FooterKey")]
        assert ("x", "Star") in shown and ("s", "Star") not in shown  # the footer shows the user's key
        first = app.statement_id
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.statement_id != first
        await pilot.press("x")
        await pilot.pause()
        assert app.state.stars == {app.statement_id}
        await pilot.press("s")  # no longer bound to star
        await pilot.pause()
        assert app.state.stars == {app.statement_id}
        await pilot.press("question_mark")
        await pilot.pause()
        text = app.screen.text
        assert any(line.startswith("x") and "Star" in line for line in text.splitlines())
        assert any(line.startswith("ctrl+n") and "Next statement" in line for line in text.splitlines())


async def test_full_garbage_collections_wait_for_a_pause_and_are_given_back_on_exit(corpus, data):
    import gc

    before = gc.get_threshold()
    app = BriefingApp(corpus)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] > before[2]  # no automatic full collection while the app runs
        assert gc.get_threshold()[:2] == before[:2]
        collected = []
        real = gc.collect
        gc.collect = lambda *a: collected.append(1) or 0  # noqa: E731
        try:
            app._last_input = __import__("time").monotonic()
            app._collect_when_idle()
            assert collected == []  # a key was just pressed
            app._last_input -= 10
            app._collect_when_idle()
            assert collected == [1]
        finally:
            gc.collect = real
    assert gc.get_threshold() == before


async def test_the_title_bar_shows_title_and_subtitle_as_plain_text(corpus, data):
    app = BriefingApp(corpus)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        bar = app.query_one("#title-bar")
        assert bar.visual.plain == f"{app.title} — {app.sub_title}" and "5 articles" in bar.visual.plain
        app.title = "[bold]x[/bold] \x1b[31m"  # a hostile corpus name stays literal text
        await pilot.pause()
        assert bar.visual.plain.startswith("[bold]x[/bold]")


async def test_a_one_statement_article_says_one_statement(tmp_path, data):
    folder = tmp_path / "short"
    folder.mkdir()
    (folder / "brief.txt").write_text("Officials said the talks in Geneva would continue next week.\n", encoding="utf-8")
    corpus = build_corpus([folder])
    assert [len(a.statements) for a in corpus.articles] == [1]
    app = BriefingApp(corpus)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.query_one("#reader-pane").border_subtitle == "1 statement"
