"""Keystroke latency of the reader app, measured through Textual's Pilot on a large corpus.

    .venv/bin/python benchmarks/latency.py [--folder /tmp/briefing-bench/corpus-10000-seed4]
                                           [--cache /tmp/briefing-bench/index-10000.sqlite3] [--runs 40]

``measure(corpus)`` opens ``BriefingApp(corpus)`` with ``app.run_test(size=(160, 48))`` and times,
per action, the wall time from the key press to the app having processed it:

* **topic toggle**: a topic digit (1-4), alternately on and off;
* **statement move**: ``j`` / ``k`` in the reader;
* **article move**: ``J`` / ``K`` (the next or previous article of the list opens in the reader);
* **search keystroke**: ``/`` opens the search, then a realistic word is typed one character at a
  time; each character is timed until the results list is updated.

"Processed" means: every message the key caused has been handled by the app, the screen and its
widgets (``Pilot._wait_for_screen`` until no queue holds a message), and the screen has been
redrawn (what ``Pilot.pause`` does last). This is the *latency* column (p50/p95, ms).

``pilot.press(key)`` followed by ``pilot.pause()`` is timed too (the *press+pause* column), but it
is not a latency: Textual's Pilot waits for the process to be idle in steps of 20 ms, at least three
times per press (twice in ``press``, once in ``pause``), so it reads about 60 ms for a key that costs
nothing, and changes in 20 ms steps. The *floor* row is that same measurement for a key bound to
nothing (``_``).

Benchmarks are not tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from briefing.corpus import Corpus
from briefing.state import UserState

SIZE = (160, 48)
SEARCH_WORDS = ("military", "minister", "officials", "ceasefire", "election", "government")
TOPIC_KEYS = ("1", "2", "3", "4")
_CHARS = {"slash": "/", "underscore": "_", "escape": None}


def _percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between the closest ranks."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def _summary(values: list[float]) -> dict:
    return {"p50": _percentile(values, 50), "p95": _percentile(values, 95), "max": max(values, default=float("nan")),
            "mean": statistics.fmean(values) if values else float("nan"), "n": len(values)}


async def settle(pilot: Pilot) -> None:
    """Wait until every message queued on the app, the screen and its widgets has been handled, and
    redraw the screen (as ``Pilot.pause`` does), without Pilot's fixed idle sleeps."""
    app = pilot.app
    for _ in range(100):
        await pilot._wait_for_screen()
        screen = app.screen
        nodes = [app, *screen.walk_children(with_self=True)]
        if any(not n._message_queue.empty() for n in nodes):
            continue
        screen._on_timer_update()  # the redraw Pilot.pause forces (in a terminal: the next frame)
        await pilot._wait_for_screen()  # callbacks run after the refresh
        if all(n._message_queue.empty() for n in [app, *app.screen.walk_children(with_self=True)]):
            return


async def key(pilot: Pilot, name: str) -> float:
    """Press one key (as ``Pilot.press`` sends it) and return the milliseconds until it is processed."""
    char = _CHARS.get(name, name if len(name) == 1 else None)
    t0 = time.perf_counter()
    pilot.app.post_message(events.Key(name, char))
    await settle(pilot)
    return (time.perf_counter() - t0) * 1000


async def press_pause(pilot: Pilot, name: str) -> float:
    """``pilot.press`` then ``pilot.pause``, timed (includes Pilot's idle sleeps, see the module doc)."""
    t0 = time.perf_counter()
    await pilot.press(name)
    await pilot.pause()
    return (time.perf_counter() - t0) * 1000


async def _series(pilot: Pilot, keys: list[str], timer: Callable[[Pilot, str], Awaitable[float]]) -> list[float]:
    return [await timer(pilot, k) for k in keys]


async def _measure(corpus: Corpus, runs: int, pilot_runs: int, size: tuple[int, int]) -> dict:
    from briefing.tui.app import BriefingApp  # noqa: PLC0415
    from briefing.tui.screens import SearchScreen  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:  # never the user's stars, notes, theme or read state
        app = BriefingApp(corpus, state=UserState(Path(tmp) / "state.json"))
        results: dict[str, dict] = {}
        async with app.run_test(size=size) as pilot:
            t0 = time.perf_counter()
            await settle(pilot)
            results["first settle (s)"] = time.perf_counter() - t0
            keys = [t for t in TOPIC_KEYS if any(tp.key == t for tp in corpus.topics)] or ["1"]

            def toggles(n: int) -> list[str]:
                out: list[str] = []
                while len(out) < n:
                    for t in keys:
                        out += [t, t]  # on, then off
                return out[:n]

            def moves(n: int, down: str, up: str) -> list[str]:
                return [down if (i // 5) % 2 == 0 else up for i in range(n)]  # 5 down, 5 up, …

            latency = {
                "topic toggle": await _series(pilot, toggles(runs), key),
                "statement move": await _series(pilot, moves(runs, "j", "k"), key),
                "article move": await _series(pilot, moves(runs, "J", "K"), key),
            }
            typed: list[float] = []
            opened: list[float] = []
            words = iter(SEARCH_WORDS * (runs // 4 + 1))
            while len(typed) < runs:
                opened.append(await key(pilot, "slash"))
                assert isinstance(app.screen, SearchScreen), "the search screen did not open"
                for ch in next(words):
                    typed.append(await key(pilot, ch))
                await key(pilot, "escape")
            latency["search keystroke"] = typed[:runs]
            latency["search open (/)"] = opened
            results["latency"] = {k: _summary(v) for k, v in latency.items()}

            pp = {
                "floor (_: no binding)": await _series(pilot, ["underscore"] * pilot_runs, press_pause),
                "topic toggle": await _series(pilot, toggles(pilot_runs), press_pause),
                "statement move": await _series(pilot, moves(pilot_runs, "j", "k"), press_pause),
                "article move": await _series(pilot, moves(pilot_runs, "J", "K"), press_pause),
            }
            await pilot.press("slash")
            await pilot.pause()
            pp["search keystroke"] = await _series(pilot, list("ministers")[:pilot_runs], press_pause)
            await pilot.press("escape")
            results["press+pause"] = {k: _summary(v) for k, v in pp.items()}
        return results


def measure(corpus: Corpus, *, runs: int = 40, pilot_runs: int = 9, size: tuple[int, int] = SIZE) -> dict:
    """p50/p95 (ms) of topic toggle, statement move, article move and search keystroke, measured
    through the Pilot on ``BriefingApp(corpus)`` (see the module doc for what is timed)."""
    return asyncio.run(_measure(corpus, runs, pilot_runs, size))


def print_table(results: dict, file=sys.stdout) -> None:
    print(f"{'action':<24}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'n':>5}", file=file)
    for name, s in results["latency"].items():
        print(f"{name:<24}{s['p50']:>9.1f}{s['p95']:>9.1f}{s['max']:>9.1f}{s['n']:>5}", file=file)
    print("\npilot.press + pilot.pause (includes Pilot's >= 3 x 20 ms idle waits):", file=file)
    for name, s in results["press+pause"].items():
        print(f"{name:<24}{s['p50']:>9.1f}{s['p95']:>9.1f}{s['max']:>9.1f}{s['n']:>5}", file=file)


def _load(folder: str, cache: str) -> Corpus:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from run import _warm_articles  # noqa: PLC0415 - benchmarks/run.py: the articles read from the index

    topics, articles = _warm_articles(folder, cache)
    return Corpus(articles=tuple(articles), topics=tuple(topics), name=Path(folder).name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", default="/tmp/briefing-bench/corpus-10000-seed4")
    parser.add_argument("--cache", default="/tmp/briefing-bench/index-10000.sqlite3")
    parser.add_argument("--runs", type=int, default=40, help="presses per action (default 40)")
    parser.add_argument("--pilot-runs", type=int, default=9, help="press+pause samples per action (default 9)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    corpus = _load(args.folder, args.cache)
    statements = sum(len(a.statements) for a in corpus.articles)
    print(f"{len(corpus.articles)} articles, {statements} statements, {len(corpus.topics)} topics "
          f"(loaded from the index in {time.perf_counter() - t0:.1f} s; no corroboration: the lists, topics "
          f"and search do not depend on it)")
    t0 = time.perf_counter()
    results = measure(corpus, runs=args.runs, pilot_runs=args.pilot_runs)
    print(f"app opened and settled in {results['first settle (s)']:.1f} s; measured in "
          f"{time.perf_counter() - t0:.1f} s in all, {SIZE[0]}x{SIZE[1]}\n")
    print_table(results)


if __name__ == "__main__":
    main()
