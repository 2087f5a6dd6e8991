"""The command line: ``briefing [PATH ...]`` (the app on a terminal, else the summary),
``briefing summary``, ``briefing export``, ``briefing check``.

User errors (a missing path, a bad topics file, an export that would overwrite a file) print one line
and exit with a non-zero code; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from briefing import __version__
from briefing.wording import plural

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
COMMANDS = ("summary", "export", "check", "cache", "diff", "open", "verify")


class UserError(Exception):
    """An error the user can act on: shown as one line, exit code ``code``."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, as for every usage error
        raise UserError(f"{message} (see '{self.prog} --help')", EXIT_USAGE)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="article files or folders (default: the bundled articles/)")
    p.add_argument("--topics", metavar="FILE", help="topics file (default: topics.toml beside the articles)")
    p.add_argument("--max-size", metavar="MB", type=float, default=5.0,
                   help="largest article file to load, in MB (default: 5)")
    p.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    p.add_argument("--no-cache", action="store_true",
                   help="analyse everything afresh, without reading or writing the index (see 'briefing cache')")


def build_parser() -> dict[str, argparse.ArgumentParser]:
    main = _Parser(
        prog="briefing",
        description="Read a pile of news articles by topic, see which statements other outlets "
                    "corroborate, and export a cited briefing.",
        epilog="Commands: 'briefing summary', 'briefing export --help', 'briefing check --help', "
               "'briefing cache --help', 'briefing diff --help', 'briefing open --help', 'briefing verify --help'. "
               "With no command, briefing opens the reader app on a terminal (press ? in it for the keys) "
               "and prints the summary per topic otherwise.",
    )
    main.add_argument("--version", action="version", version=f"briefing {__version__}")
    _common(main)
    _filter_options(main)
    main.add_argument("--theme", metavar="NAME",
                      help="colour theme of the app: dark (default), light, high-contrast, or the name of a "
                           "theme file in your config folder's themes/")

    export = _Parser(prog="briefing export", description="Write the corpus as a markdown briefing or as JSON (schema briefing/v1).")
    _common(export)
    export.add_argument("--format", "-f", choices=("md", "json"), default="md", help="md (default) or json")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    export.add_argument("--topic", action="append", default=[], metavar="ID",
                        help="only statements of this topic (repeatable)")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export.add_argument("--date", metavar="YYYY-MM-DD",
                        help="date printed as generated (default: SOURCE_DATE_EPOCH, else today)")
    export.add_argument("--title", help="title of the briefing (default: the corpus folder's name)")
    export.add_argument("--provenance", action="store_true",
                        help="markdown: append a manifest (file hashes, character spans) for 'briefing open' and "
                             "'briefing verify'")
    _filter_options(export)

    check = _Parser(prog="briefing check", description="List every file: loaded (statements, outlet, date) or failed (reason). "
                    "Exit code 0 when all loaded, 1 when some failed, 2 on a usage error.")
    _common(check)
    check.add_argument("-v", "--verbose", action="store_true", help="also list what the cleaner dropped from each article")
    cache = _Parser(prog="briefing cache", description="Show or clear the index of analysed articles "
                    "(in the user cache dir, or $BRIEFING_CACHE_DIR).")
    cache.add_argument("action", choices=("info", "clear"), help="info: where it is, its size and contents; "
                       "clear: forget everything in it")
    cache.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    diff = _Parser(prog="briefing diff", description="What appeared, changed or went away between two briefings: "
                   "statements, corroboration groups, points where sources differ. Each side is a JSON export "
                   "or a corpus folder (analysed now).")
    diff.add_argument("old", metavar="OLD", help="a briefing/v1 JSON export or a corpus folder")
    diff.add_argument("new", metavar="NEW", help="a briefing/v1 JSON export or a corpus folder")
    diff.add_argument("--format", "-f", choices=("table", "md"), default="table",
                      help="table (default, for the terminal) or md")
    diff.add_argument("-o", "--output", metavar="FILE", help="file to write (markdown; default: standard output)")
    diff.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    diff.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    opener = _Parser(prog="briefing open", description="Reopen the app on the files a markdown briefing (exported "
                     "with --provenance) cites, with every cited statement starred.")
    opener.add_argument("briefing", metavar="BRIEFING.md")
    opener.add_argument("--theme", metavar="NAME", help="colour theme of the app")
    opener.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    verify = _Parser(prog="briefing verify", description="Check every citation of a markdown briefing (exported "
                     "with --provenance) against its source file. Exit 0 when all hold, 1 naming each that does not.")
    verify.add_argument("briefing", metavar="BRIEFING.md")
    verify.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    return {"summary": main, "export": export, "check": check, "cache": cache, "diff": diff, "open": opener,
            "verify": verify}


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--filter", metavar="QUERY", help="filter language, e.g. 'topic:taiwan outlet:npr -topic:flights' "
                   "(see the README)")
    p.add_argument("--view", metavar="NAME", help="a view (named filter) saved in config.toml")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        command = args_list[0] if args_list and args_list[0] in COMMANDS else "summary"
        explicit = bool(args_list) and args_list[0] == command
        if explicit:
            args_list = args_list[1:]
        args = build_parser()[command].parse_args(args_list)
        if command == "summary":
            _check_theme(args)
            if not explicit and _interactive():
                return _app(args)
        return {"summary": _summary, "export": _export, "check": _check, "cache": _cache, "diff": _diff,
                "open": _open, "verify": _verify}[command](args)
    except UserError as exc:
        if debug:
            traceback.print_exc()
        print(f"briefing: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - last resort: one line, or the traceback with --debug
        if debug:
            traceback.print_exc()
        else:
            print(f"briefing: unexpected error: {type(exc).__name__}: {exc} (run with --debug for details)",
                  file=sys.stderr)
        return EXIT_FAILED


def _load(args: argparse.Namespace, *, quiet: bool = False, discrepancies: bool = False):
    from briefing.store import BuildStats, open_corpus  # noqa: PLC0415 - lazy
    from briefing.topics import TopicsError  # noqa: PLC0415

    _check_inputs(args)
    stats = BuildStats()
    progress = None if quiet else _progress()
    try:
        corpus = open_corpus(args.paths or None, topics_path=args.topics, max_bytes=int(args.max_size * 1_000_000),
                             progress=progress, cache=not getattr(args, "no_cache", False), stats=stats,
                             discrepancies=discrepancies)
    except TopicsError as exc:
        raise UserError(str(exc)) from exc
    finally:
        if progress is not None:
            progress.close()
    if stats.recovered:
        print(f"briefing: note: the index was unusable ({stats.recovered}); set it aside and rebuilt it",
              file=sys.stderr)
    if stats.cache_error:
        print(f"briefing: note: index not used ({stats.cache_error}); use --no-cache to silence this",
              file=sys.stderr)
    return corpus


def _cache(args: argparse.Namespace) -> int:
    """``briefing cache info`` and ``briefing cache clear``."""
    from briefing.store import Index, cache_path  # noqa: PLC0415
    from briefing.store.index import IndexUnavailable  # noqa: PLC0415

    path = cache_path()
    if args.action == "info" and not path.exists():
        from briefing.store.fingerprint import engine_version  # noqa: PLC0415

        print(f"path        {path} (not created yet)\nengine      {engine_version()}")
        return EXIT_OK
    try:
        with Index.open(path) as index:
            if index.recovered:
                print(f"briefing: note: the index was unusable ({index.recovered}); set it aside and rebuilt it",
                      file=sys.stderr)
            if args.action == "clear":
                before = index.info()
                index.clear()
                print(f"cleared {path} ({plural(before.files, 'file')}, {plural(before.statements, 'statement')})")
                return EXIT_OK
            info = index.info()
    except IndexUnavailable as exc:
        raise UserError(f"index unavailable: {exc}") from exc
    from briefing.ingest.documents import human_size  # noqa: PLC0415

    print(f"path        {info.path}\n"
          f"size        {human_size(info.size)}\n"
          f"engine      {info.engine}\n"
          f"files       {info.files} (articles analysed, by text)\n"
          f"statements  {info.statements}\n"
          f"tagged      {info.tagged} (article × topics file)\n"
          f"corpora     {info.corpora} (corroboration cached)")
    return EXIT_OK


def _check_inputs(args: argparse.Namespace) -> None:
    """Refuse missing paths and a non-positive size limit with one line each."""
    for p in args.paths:
        if not os.path.exists(p):
            raise UserError(f"{p}: no such file or directory")
    if args.max_size <= 0:
        raise UserError("--max-size must be positive", EXIT_USAGE)


class _ProgressBar:
    """A rich progress bar on standard error for long loads: shown only on a terminal and only once
    the load has taken a second (a quick load prints nothing); removed when done."""

    def __init__(self) -> None:
        import time  # noqa: PLC0415

        self._clock = time.monotonic
        self._start = self._clock()
        self._bar = None
        self._task = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if self._clock() - self._start < 1.0 or done >= total:
                return
            from rich.console import Console  # noqa: PLC0415
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415

            self._bar = Progress(TextColumn("analysing articles"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("analyse", total=total)
        self._bar.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _progress() -> _ProgressBar | None:
    """A progress bar for long loads (only when standard error is a terminal)."""
    return _ProgressBar() if sys.stderr.isatty() else None


def _interactive() -> bool:
    """Whether to open the app: standard input and output are both terminals."""
    try:
        return sys.stdout.isatty() and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _check_theme(args: argparse.Namespace) -> None:
    if args.theme is None:
        return
    from briefing.tui.themes import theme_names  # noqa: PLC0415 - needs no textual

    names = theme_names()
    if args.theme not in names:
        raise UserError(f"unknown theme {args.theme!r} (themes: {', '.join(names)})", EXIT_USAGE)


def _app(args: argparse.Namespace) -> int:
    """Open the reader app; the corpus is analysed inside it, with a progress display."""
    from briefing.pipeline import find_topics_file  # noqa: PLC0415
    from briefing.topics import TopicsError, load_topics  # noqa: PLC0415

    _check_inputs(args)
    try:
        topics = load_topics(args.topics or find_topics_file([Path(p) for p in args.paths] or []))
    except TopicsError as exc:
        raise UserError(str(exc)) from exc
    from briefing.tui.app import BriefingApp  # noqa: PLC0415 - textual only for the app

    config = _config(binding_ids={b.id for b in BriefingApp.BINDINGS if b.id})
    query = _filter_query(args, config)
    app = BriefingApp(paths=args.paths or None, topics=topics, max_bytes=int(args.max_size * 1_000_000),
                      theme=args.theme, filter_query=query, config=config,
                      use_cache=not getattr(args, "no_cache", False))
    app.run()
    return EXIT_OK


def _config(binding_ids: set[str] | None = None):
    from briefing.config import ConfigError, load_config  # noqa: PLC0415

    try:
        return load_config(binding_ids=binding_ids)
    except ConfigError as exc:
        raise UserError(str(exc), EXIT_USAGE) from exc


def _filter_query(args: argparse.Namespace, config=None) -> str | None:
    """The filter of ``--filter`` and/or ``--view`` (both: all terms must hold), checked."""
    from briefing.filters import FilterError, parse  # noqa: PLC0415

    parts = []
    if getattr(args, "view", None):
        config = config or _config()
        if args.view not in config.views:
            known = ", ".join(sorted(config.views)) or "none saved yet"
            raise UserError(f"unknown view {args.view!r} (views: {known})", EXIT_USAGE)
        parts.append(config.views[args.view])
    if getattr(args, "filter", None):
        parts.append(args.filter)
    query = " ".join(parts)
    try:
        parse(query)
    except FilterError as exc:
        raise UserError(f"--filter: {exc}", EXIT_USAGE) from exc
    return query or None


def _export(args: argparse.Namespace) -> int:
    from briefing.export import render_json, render_markdown  # noqa: PLC0415

    if args.date:
        import datetime as dt  # noqa: PLC0415

        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            raise UserError(f"--date {args.date!r}: expected YYYY-MM-DD", EXIT_USAGE) from None
    if args.output and not args.force and os.path.exists(args.output):
        raise UserError(f"{args.output} exists; use --force to overwrite")
    corpus = _load(args, discrepancies=True)
    known = {t.id for t in corpus.topics}
    unknown = [t for t in args.topic if t not in known]
    if unknown:
        raise UserError(f"unknown topic {unknown[0]!r} (topics: {', '.join(sorted(known))})", EXIT_USAGE)
    query = _filter_query(args)
    statement_ids = None
    if query:
        from briefing.filters import matching, parse  # noqa: PLC0415

        statement_ids = {s.id for s in matching(corpus, parse(query))}
    if args.provenance and args.format != "md":
        raise UserError("--provenance is for the markdown briefing (--format md)", EXIT_USAGE)
    if args.format == "json":
        text = render_json(corpus, topics=args.topic or None, statement_ids=statement_ids)
    else:
        text = render_markdown(corpus, topics=args.topic or None, statement_ids=statement_ids, date=args.date,
                               title=args.title, provenance=args.provenance)
    path = _write_output(args, text)
    if path is not None:
        print(f"wrote {path} ({plural(len(corpus.articles), 'article')}, "
              f"{plural(sum(1 for _ in corpus.statements(args.topic or None)), 'statement')})", file=sys.stderr)
    return EXIT_OK


def _write_output(args: argparse.Namespace, text: str) -> Path | None:
    """Write ``text`` to ``-o FILE`` atomically (never over a file without --force), or to standard
    output; return the file written, if any."""
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return None
    from briefing.export import ExportError, ExportExists, write_atomic  # noqa: PLC0415

    try:
        return write_atomic(args.output, text, force=args.force)
    except (ExportExists, ExportError) as exc:
        raise UserError(str(exc)) from exc


def _check(args: argparse.Namespace) -> int:
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    corpus = _load(args)
    console = Console(highlight=False)
    title = f"{corpus.name}: {len(corpus.articles)} loaded, {len(corpus.failures)} failed"
    if corpus.skipped:
        title += f", {len(corpus.skipped)} skipped"
    table = Table(title=title, title_justify="left")
    table.add_column("status")
    table.add_column("file", overflow="fold")
    table.add_column("statements", justify="right")
    table.add_column("outlet")
    table.add_column("date")
    for a in corpus.articles:
        table.add_row(Text("loaded", style="green"), Text(a.path), str(len(a.statements)),
                      Text(a.outlet or "unknown"), Text(a.published or "unknown"))
    for f in corpus.failures:
        table.add_row(Text("failed", style="bold red"), Text(f.path), "", Text(f.reason), "")
    for f in corpus.skipped:
        table.add_row(Text("skipped", style="dim"), Text(f.path), "", Text(f.reason), "")
    console.print(table)
    if args.verbose:
        for a in corpus.articles:
            console.print(Text(f"\n{a.path}: dropped {len(a.dropped)} blocks", style="bold"))
            for d in a.dropped:
                console.print(Text(f"  [{d.reason}] ", style="dim") + Text(_short(d.text, 100)))
    return EXIT_FAILED if corpus.failures else EXIT_OK


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _summary(args: argparse.Namespace) -> int:
    from rich.console import Console  # noqa: PLC0415

    from briefing.summary import render_summary  # noqa: PLC0415

    corpus = _load(args)
    console = Console(highlight=False)
    render_summary(corpus, console)
    return EXIT_FAILED if corpus.failures and not corpus.articles else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())


def _diff(args: argparse.Namespace) -> int:
    """``briefing diff OLD NEW``: a table on the terminal, or markdown."""
    from briefing.diff import APPEARED, CHANGED, GONE, DiffError, diff_briefings, load_briefing, render_markdown  # noqa: PLC0415

    try:
        old, new = load_briefing(args.old), load_briefing(args.new)
    except DiffError as exc:
        raise UserError(str(exc)) from exc
    result = diff_briefings(old, new)
    if args.format == "md" or args.output:
        text = render_markdown(result, Path(args.old).name, Path(args.new).name)
        path = _write_output(args, text)
        if path is not None:
            print(f"wrote {path}", file=sys.stderr)
        return EXIT_OK
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    console = Console(highlight=False)
    console.print(Text(f"{args.old} → {args.new}", style="bold"))
    if result.empty:
        console.print("Nothing appeared, changed or went away.")
        return EXIT_OK
    styles = {APPEARED: "green", CHANGED: "yellow", GONE: "red"}
    for title, changes in result.sections():
        if not changes:
            continue
        table = Table(title=title, title_justify="left", expand=True)
        table.add_column("", no_wrap=True)
        table.add_column("statement / fact", ratio=3)
        table.add_column("detail", ratio=1)
        for status in (APPEARED, CHANGED, GONE):
            for c in (c for c in changes if c.status == status):
                table.add_row(Text(status, style=styles[status]), Text(c.text), Text(c.detail))
        console.print(table)
    return EXIT_OK


def _manifest(path: str):
    from briefing.provenance import ProvenanceError, read_briefing  # noqa: PLC0415

    try:
        return read_briefing(path)
    except ProvenanceError as exc:
        raise UserError(str(exc)) from exc


def _verify(args: argparse.Namespace) -> int:
    """``briefing verify BRIEFING.md``: every citation still stands on its source's characters."""
    from briefing.provenance import verify  # noqa: PLC0415

    checked, problems = verify(_manifest(args.briefing))
    if not problems:
        print(f"ok: {plural(checked, 'citation')} verified against their sources")
        return EXIT_OK
    for p in problems:
        print(f"{p.statement} ({p.file}): {p.reason}")
    print(f"{len(problems)} of {checked} citations no longer hold", file=sys.stderr)
    return EXIT_FAILED


def _open(args: argparse.Namespace) -> int:
    """``briefing open BRIEFING.md``: the cited files in the app, every cited statement starred."""
    from briefing.provenance import cited_paths, cited_statements  # noqa: PLC0415
    from briefing.state import UserState  # noqa: PLC0415

    manifest = _manifest(args.briefing)
    paths = [p for p in cited_paths(manifest) if os.path.exists(p)]
    missing = len(cited_paths(manifest)) - len(paths)
    if not paths:
        raise UserError(f"{args.briefing}: none of the cited files exists any more")
    state = UserState.load()
    stars = cited_statements(manifest)
    state.star_many(stars)
    if state.warning:
        print(f"briefing: {state.warning}", file=sys.stderr)
    note = f" ({plural(missing, 'cited file')} missing)" if missing else ""
    if not _interactive():
        print(f"starred {plural(len(stars), 'cited statement')} in {plural(len(paths), 'file')}{note}; "
              "run it in a terminal to open the app")
        return EXIT_OK
    args.paths, args.topics, args.max_size, args.filter, args.view = paths, None, 5.0, None, None
    if missing:
        print(f"briefing: note: {plural(missing, 'cited file')} missing", file=sys.stderr)
    _check_theme(args)
    return _app(args)
