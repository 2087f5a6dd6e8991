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

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
COMMANDS = ("summary", "export", "check")


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


def build_parser() -> dict[str, argparse.ArgumentParser]:
    main = _Parser(
        prog="briefing",
        description="Read a pile of news articles by topic, see which statements other outlets "
                    "corroborate, and export a cited briefing.",
        epilog="Commands: 'briefing summary', 'briefing export --help', 'briefing check --help'. "
               "With no command, briefing opens the reader app on a terminal (press ? in it for the keys) "
               "and prints the summary per topic otherwise.",
    )
    main.add_argument("--version", action="version", version=f"briefing {__version__}")
    _common(main)
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

    check = _Parser(prog="briefing check", description="List every file: loaded (statements, outlet, date) or failed (reason). "
                    "Exit code 0 when all loaded, 1 when some failed, 2 on a usage error.")
    _common(check)
    check.add_argument("-v", "--verbose", action="store_true", help="also list what the cleaner dropped from each article")
    return {"summary": main, "export": export, "check": check}


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
        return {"summary": _summary, "export": _export, "check": _check}[command](args)
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


def _load(args: argparse.Namespace, *, quiet: bool = False):
    from briefing.pipeline import build_corpus  # noqa: PLC0415 - lazy
    from briefing.topics import TopicsError  # noqa: PLC0415

    _check_inputs(args)
    try:
        return build_corpus(args.paths or None, topics_path=args.topics,
                            max_bytes=int(args.max_size * 1_000_000), progress=None if quiet else _progress())
    except TopicsError as exc:
        raise UserError(str(exc)) from exc


def _check_inputs(args: argparse.Namespace) -> None:
    """Refuse missing paths and a non-positive size limit with one line each."""
    for p in args.paths:
        if not os.path.exists(p):
            raise UserError(f"{p}: no such file or directory")
    if args.max_size <= 0:
        raise UserError("--max-size must be positive", EXIT_USAGE)


def _progress():
    """A progress callback for long loads (only on a terminal, only after the first second)."""
    if not sys.stderr.isatty():
        return None
    import time  # noqa: PLC0415

    start = time.monotonic()

    def report(done: int, total: int) -> None:
        if time.monotonic() - start > 1.0 or done == total and total > 200:
            end = "\n" if done == total else "\r"
            print(f"analysing articles: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return report


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

    app = BriefingApp(paths=args.paths or None, topics=topics, max_bytes=int(args.max_size * 1_000_000),
                      theme=args.theme)
    app.run()
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from briefing.export import ExportError, ExportExists, render_json, render_markdown, write_atomic  # noqa: PLC0415

    if args.date:
        import datetime as dt  # noqa: PLC0415

        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            raise UserError(f"--date {args.date!r}: expected YYYY-MM-DD", EXIT_USAGE) from None
    if args.output and not args.force and os.path.exists(args.output):
        raise UserError(f"{args.output} exists; use --force to overwrite")
    corpus = _load(args)
    known = {t.id for t in corpus.topics}
    unknown = [t for t in args.topic if t not in known]
    if unknown:
        raise UserError(f"unknown topic {unknown[0]!r} (topics: {', '.join(sorted(known))})", EXIT_USAGE)
    if args.format == "json":
        text = render_json(corpus, topics=args.topic or None)
    else:
        text = render_markdown(corpus, topics=args.topic or None, date=args.date, title=args.title)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        path = write_atomic(args.output, text, force=args.force)
    except (ExportExists, ExportError) as exc:
        raise UserError(str(exc)) from exc
    print(f"wrote {path} ({len(corpus.articles)} articles, {sum(1 for _ in corpus.statements(args.topic or None))} statements)",
          file=sys.stderr)
    return EXIT_OK


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
