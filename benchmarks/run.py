"""``make bench``: start-up, index build, warm open, corroboration and export, measured side by side.

    .venv/bin/python benchmarks/run.py [--corpora ../shared/corpora] [--sizes 1000 10000] [--seed 4]
                                       [--runs 9] [--work DIR] [--quick]

Every figure is measured in this run, each in its own process (so peak RSS is that task's own), and
printed as a table; the same table goes to ``benchmarks/results/latest.json``. What cannot be
measured is printed as "not measured" with the reason, never estimated into the table.

Large corpora are built deterministically from ``--seed`` by sampling and recombining real
paragraphs of the corpora in ``--corpora`` (AllSides and BBC, see their READMEs); they are written
under ``--work`` (default: a folder in the temp dir) and reused by later runs with the same seed.
Without the corpora folder those rows are skipped, with the reason.

Benchmarks are not tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
TASK_TIMEOUT = 1800

# -- the tasks, each run in a child process: `run.py --task NAME ...` prints one JSON line ---------

_PAINTED = """
import os, sys

def painted():
    \"\"\"The first frame is on the (headless) screen: tell the parent, report peak RSS, stop at once.\"\"\"
    print("PAINTED", flush=True)
    status = {l.split(":")[0]: l.split()[1] for l in open("/proc/self/status") if l.startswith(("VmHWM:", "VmRSS:"))}
    print("VmHWM", status["VmHWM"], file=sys.stderr, flush=True)
    print("VmRSS", status["VmRSS"], file=sys.stderr, flush=True)
    os._exit(0)
"""

_BARE_APP = _PAINTED + """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_ready(self):  # Textual: "the DOM is ready and the first frame has been displayed"
        painted()

Bare().run(headless=True, size=(120, 34))
"""

_BRIEFING_APP = _PAINTED + """
from briefing.tui.app import BriefingApp

class Measured(BriefingApp):
    \"\"\"paint: stop at the first frame that shows the corpus' articles (its outline: from the index on a
    warm start, from the files on a cold one); ready: stop when the statements are shown too.\"\"\"
    seen_ready = False

    def on_ready(self):  # the first frame is displayed (Textual's Ready event); BriefingApp.on_ready runs next
        self.seen_ready = True
        if mode == "paint" and (self.outline is not None or self.corpus is not None):
            painted()

    def show_outline(self, outline, painted_cb=None):
        first = self.outline is None and self.corpus is None
        super().show_outline(outline, painted_cb)
        if mode == "paint" and first and self.seen_ready:
            self.call_after_refresh(painted)

    def show_corpus(self, corpus):
        super().show_corpus(corpus)
        if mode == "ready":
            self.call_after_refresh(painted)

mode, paths = sys.argv[1], sys.argv[2:]
Measured(paths=paths or None).run(headless=True, size=(120, 34))
"""


def _task_index_build(folder: str, cache: str, workers: int) -> dict:
    """Cold index build as the app and the command line do it (``open_corpus`` on an empty index):
    ingest, analyse and tag on all cores, corroborate, store everything including the links."""
    from briefing.store import open_corpus
    from briefing.store.build import BuildStats

    stats = BuildStats()
    t0 = time.perf_counter()
    corpus = open_corpus([folder], cache=cache, workers=workers, stats=stats, discrepancies=True)  # as the app does
    seconds = time.perf_counter() - t0 - stats.seconds.get("discrepancies", 0.0)  # the index the issue asks for
    if stats.cache_error or stats.analysed != len(corpus.articles):
        raise SystemExit(f"index build: not a cold build ({stats.analysed} analysed, cache: {stats.cache_error})")
    return {"seconds": seconds, "articles": len(corpus.articles),
            "statements": sum(len(a.statements) for a in corpus.articles),
            "links": sum(len(v) for v in corpus.corroborations.values()),
            **{f"{k}_s": v for k, v in stats.seconds.items()}}


def _warm_articles(folder: str, cache: str, *, fill: bool = True):
    """Topics and articles of ``folder`` read from the index, without corroboration (``fill``: analyse
    what it lacks, e.g. after the engine changed; the index then keeps it)."""
    from briefing.ingest import load_paths
    from briefing.pipeline import analyse_and_tag, article_from, find_topics_file
    from briefing.store import Index
    from briefing.store.fingerprint import text_key, topics_hash
    from briefing.topics import load_topics

    topics = load_topics(find_topics_file([Path(folder)]))
    docs = load_paths([folder]).documents
    keys = [text_key(d.text) for d in docs]
    with Index.open(cache) as index:
        analyses = index.get_analyses(keys)
        tags = index.get_tags(keys, topics_hash(topics))
        if fill:
            todo = {k: d for k, d in zip(keys, docs, strict=True) if k not in analyses or k not in tags}
            fresh = analyse_and_tag([d.text for d in todo.values()], topics)
            for k, (a, t) in zip(todo, fresh, strict=True):
                analyses[k], tags[k] = a, t
            index.put_analyses([(k, todo[k].sha256, analyses[k]) for k in todo])
            index.put_tags([(k, tags[k]) for k in todo], topics_hash(topics))
    if len(analyses) != len(set(keys)) or len(tags) != len(set(keys)):
        raise SystemExit("the index does not hold this corpus (did the engine change during the run?)")
    return topics, [article_from(d, analyses[k], tags[k]) for k, d in zip(keys, docs, strict=True)]


def _task_warm_export(folder: str, cache: str) -> dict:
    """The corpus opened from a warm index (everything read back, links included), then the markdown
    briefing of all of it rendered and written."""
    from briefing.export import render_markdown, write_atomic
    from briefing.store import open_corpus
    from briefing.store.build import BuildStats

    stats = BuildStats()
    t0 = time.perf_counter()
    corpus = open_corpus([folder], cache=cache, stats=stats, discrepancies=True)  # as `briefing export` does
    t1 = time.perf_counter()
    if stats.analysed or stats.corroboration != "cached":
        raise SystemExit(f"warm open: the index did not hold this corpus ({stats.analysed} analysed, "
                         f"corroboration {stats.corroboration})")
    text = render_markdown(corpus, date="2024-01-01")
    out = Path(cache).with_suffix(".briefing.md")
    write_atomic(out, text, force=True)
    t2 = time.perf_counter()
    return {"open_s": t1 - t0, "export_s": t2 - t1, "export_bytes": len(text.encode()), "articles": len(corpus.articles),
            "links": sum(len(v) for v in corpus.corroborations.values())}


def _task_latency(folder: str, cache: str) -> dict:
    """Key-press latencies in the app (through Pilot) on the corpus opened from the warm index."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from latency import measure

    from briefing.store import open_corpus

    corpus = open_corpus([folder], cache=cache, discrepancies=True)  # the whole corpus, links included, as the app
    corpus.search_index  # noqa: B018 - as the app's loader builds them
    corpus.topic_positions  # noqa: B018
    return measure(corpus)


TASKS = {"latency": _task_latency, "index-build": _task_index_build, "warm-export": _task_warm_export}


def _peak_rss_kib() -> int:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _run_task_here(args: argparse.Namespace) -> None:
    import resource

    fn = TASKS[args.task]
    extra = {"workers": args.workers} if args.task == "index-build" else {}
    result = fn(args.folder, args.cache, **extra)
    self_kib = _peak_rss_kib()
    kids_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # worker processes (forked)
    result["rss_mib"] = max(self_kib, kids_kib) / 1024
    result["rss_self_mib"] = self_kib / 1024
    print(json.dumps(result))


# -- running children -----------------------------------------------------------------------------

def _env(work: Path) -> dict:
    return {**os.environ, "BRIEFING_DATA_DIR": str(work / "data"), "BRIEFING_CONFIG_DIR": str(work / "config"),
            "BRIEFING_CACHE_DIR": str(work / "cache"), "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}


def _timed_process(cmd: list[str], env: dict, timeout: float = 300) -> tuple[float, float, float]:
    """Wall seconds from the start of a process to its "PAINTED" line, its peak RSS (MiB) until then,
    and its RSS then."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        wall = time.perf_counter() - t0
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise TimeoutError(f"timed out after {timeout:.0f} s") from None
    if line.strip() != "PAINTED" or proc.returncode != 0:
        last = err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}"
        raise RuntimeError(f"no first paint: {last}")
    peak = [int(x.split()[1]) for x in err.splitlines() if x.startswith("VmHWM ")]
    now = [int(x.split()[1]) for x in err.splitlines() if x.startswith("VmRSS ")]
    return wall, (peak[-1] / 1024 if peak else float("nan")), (now[-1] / 1024 if now else float("nan"))


def _instructions(cmd: list[str], env: dict, timeout: float = 600) -> int | None:
    """Instructions a process runs up to its first paint, counted by valgrind's callgrind (about 60
    times slower than running it); None where valgrind is not installed or the count fails."""
    if shutil.which("valgrind") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out", *cmd], env=env,
                              cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if done.returncode == 0 and found else None


def _task(task: str, folder: Path, cache: Path, env: dict, workers: int = 0) -> dict:
    cmd = [sys.executable, __file__, "--task", task, "--folder", str(folder), "--cache", str(cache),
           "--workers", str(workers)]
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=TASK_TIMEOUT)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- synthetic corpora from real paragraphs --------------------------------------------------------

def _paragraph_pool(corpora: Path) -> tuple[list[str], list[list[str]]]:
    """Headlines and per-article paragraph lists of every real article under ``corpora`` (sorted, stable)."""
    headlines: list[str] = []
    bodies: list[list[str]] = []
    for path in sorted(corpora.rglob("*.txt")):
        if path.name.upper().startswith("README"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        if len(parts) < 3:
            continue
        headlines.append(" ".join(parts[0].split()))
        bodies.append(parts[1:])
    return headlines, bodies


def make_corpus(corpora: Path, n: int, seed: int, work: Path) -> Path:
    """``n`` articles, each a real headline over a run of real paragraphs from several real articles.

    Each article takes 2–4 consecutive-paragraph runs from different source articles (so it reads
    like an article and its statements overlap other articles', as coverage of one story does).
    Deterministic for (corpora, n, seed); written once and reused.
    """
    folder = work / f"corpus-{n}-seed{seed}"
    done = folder / ".complete"
    if done.exists():
        return folder
    headlines, bodies = _paragraph_pool(corpora)
    if not bodies:
        raise FileNotFoundError(f"no articles found under {corpora}")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        title = headlines[rng.randrange(len(headlines))]
        paragraphs: list[str] = []
        for _ in range(rng.randint(2, 4)):
            body = bodies[rng.randrange(len(bodies))]
            start = rng.randrange(len(body))
            paragraphs += body[start:start + rng.randint(2, 5)]
        sub = folder / f"{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"a{i:05d}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    done.write_text(json.dumps({"n": n, "seed": seed, "source": str(corpora)}))
    return folder


# -- the table -------------------------------------------------------------------------------------

class Table:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, name: str, *, value: str = "", ratio: str = "", rss: float | None = None, target: str = "",
            note: str = "", data: dict | None = None) -> None:
        row = {"measure": name, "value": value, "ratio": ratio, "rss_mib": None if rss is None else round(rss, 1),
               "target": target, "note": note, **({"data": data} if data else {})}
        self.rows.append(row)
        print(f"  {name}: {value} {ratio} {'' if rss is None else f'{rss:.0f} MiB'} {note}".rstrip(), file=sys.stderr,
              flush=True)

    def skip(self, name: str, reason: str, target: str = "") -> None:
        self.add(name, value="not measured", target=target, note=reason)

    def render(self) -> str:
        heads = ("measure", "result", "ratio / rate", "peak RSS", "target", "note")
        lines = [[r["measure"], r["value"], r["ratio"], "" if r["rss_mib"] is None else f"{r['rss_mib']:.0f} MiB",
                  r["target"], r["note"]] for r in self.rows]
        widths = [max(len(h), *(len(row[i]) for row in lines)) for i, h in enumerate(heads[:-1])]
        out = ["| " + " | ".join(h.ljust(w) for h, w in zip(heads, [*widths, 0], strict=True)).rstrip() + " |"]
        out.append("|" + "|".join("-" * (w + 2) for w in [*widths, 6]) + "|")
        for row in lines:
            out.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, [*widths, 0], strict=True)).rstrip() + " |")
        return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder of real corpora (default: %(default)s)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="synthetic corpus sizes")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--runs", type=int, default=9, help="runs of each start-up measurement (median)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefing-bench")
    parser.add_argument("--workers", type=int, default=0, help="processes for the index build (0: all cores)")
    parser.add_argument("--quick", action="store_true", help="sizes 200 and 1000, 3 runs (a smoke run)")
    parser.add_argument("--task", choices=sorted(TASKS), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        args.workers = args.workers or None
        _run_task_here(args)
        return 0
    if args.quick:
        args.sizes, args.runs = [200, 1000], 3

    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    env = _env(work)
    # The package's bytecode, as an installed package has it (Textual's, the bare app's, came compiled
    # with its wheel): an editable install leaves it to the first import, and none is written where
    # PYTHONDONTWRITEBYTECODE is set, so every measured start would compile the package again.
    compileall.compile_dir(str(ROOT / "briefing"), quiet=1)
    table = Table()
    started = time.time()
    load_start = os.getloadavg()[0]
    print(f"briefing benchmarks: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, work dir {work}",
          file=sys.stderr)

    # 1. start-up to first paint, bare Textual app vs briefing, interleaved runs, median
    (work / "bare_app.py").write_text(_BARE_APP, encoding="utf-8")  # Textual reads its apps' source files
    (work / "briefing_app.py").write_text(_BRIEFING_APP, encoding="utf-8")
    bare_cmd = [sys.executable, str(work / "bare_app.py")]
    app_cmd = [sys.executable, str(work / "briefing_app.py")]
    warm_env = {**env, "BRIEFING_CACHE_DIR": str(work / "cache-bundled")}
    subprocess.run([*app_cmd, "ready"], env=warm_env, cwd=ROOT, capture_output=True, timeout=300)  # fill the index
    kinds = {  # name: (command, environment maker); a cold start gets a new, empty cache folder every run
        "bare": (bare_cmd, lambda _: env),
        "cold-paint": ([*app_cmd, "paint"], lambda i: {**env, "BRIEFING_CACHE_DIR": str(work / f"cold-{i}")}),
        "cold-ready": ([*app_cmd, "ready"], lambda i: {**env, "BRIEFING_CACHE_DIR": str(work / f"cold-{i}")}),
        "warm-paint": ([*app_cmd, "paint"], lambda _: warm_env),
        "warm-ready": ([*app_cmd, "ready"], lambda _: warm_env),
    }
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
    for i in range(args.runs):  # interleaved, so that a busy moment affects every kind alike
        for key, (cmd, make_env) in kinds.items():
            shutil.rmtree(work / f"cold-{i}", ignore_errors=True)
            runs[key].append(_timed_process(cmd, make_env(i)))
            shutil.rmtree(work / f"cold-{i}", ignore_errors=True)
    bare = statistics.median(w for w, *_ in runs["bare"])
    table.add("bare Textual app, first paint", value=f"{bare:.3f} s", ratio="1.00×",
              rss=max(r for _, r, _ in runs["bare"]), note=f"median of {args.runs} headless processes, to the first frame")
    labels = {
        "cold-paint": ("bundled corpus, cold start (empty index): first paint", "≤ 1.3×",
                       "first frame with the articles listed (from the files; statements still being analysed)"),
        "cold-ready": ("bundled corpus, cold start (empty index): statements shown", "",
                       "analysed, corroborated, indexed and shown"),
        "warm-paint": ("bundled corpus, warm start (index filled): first paint", "",
                       "first frame with articles and topic counts (the outline, from the index)"),
        "warm-ready": ("bundled corpus, warm start (index filled): statements shown", "", "everything from the index"),
    }
    for key, (label, target, note) in labels.items():
        med = statistics.median(w for w, *_ in runs[key])
        table.add(label, value=f"{med:.3f} s", ratio=f"{med / bare:.2f}×", rss=max(r for _, r, _ in runs[key]),
                  target=target, note=f"{note}; median of {args.runs}; {_spread(runs[key], runs['bare'])}")
    # The same two starts counted in instructions, which do not drift with the machine as wall times do.
    shutil.rmtree(work / "cold-counted", ignore_errors=True)
    counted = (_instructions(bare_cmd, env),
               _instructions([*app_cmd, "paint"], {**env, "BRIEFING_CACHE_DIR": str(work / "cold-counted")}))
    shutil.rmtree(work / "cold-counted", ignore_errors=True)
    if None in counted:
        table.skip("bundled corpus, cold start: instructions to first paint", "valgrind not found")
    else:
        table.add("bundled corpus, cold start: instructions to first paint", value=f"{counted[1] / 1e6:,.0f} M",
                  ratio=f"{counted[1] / counted[0]:.2f}×",
                  note=f"callgrind, one run each (the bare app: {counted[0] / 1e6:,.0f} M); repeatable to about "
                       "0.1%, where the wall times above drift by a fifth; not a target")

    # 2. large corpora
    corpora_ok = args.corpora.is_dir()
    builds: dict[int, dict] = {}
    folders: dict[int, Path] = {}
    if not corpora_ok:
        reason = f"corpora folder {args.corpora} not found (pass --corpora)"
        for n in args.sizes:
            table.skip(f"cold index build, {n:,} articles", reason)
    else:
        for n in sorted(set(args.sizes)):
            t0 = time.perf_counter()
            folders[n] = make_corpus(args.corpora, n, args.seed, work)
            print(f"  corpus of {n:,}: ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        for n in sorted(folders):
            cache_dir = work / f"cache-{n}"
            shutil.rmtree(cache_dir, ignore_errors=True)
            cache_dir.mkdir(parents=True)
            try:
                builds[n] = _task("index-build", folders[n], cache_dir / "index.sqlite3", env, args.workers)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                table.skip(f"cold index build, {n:,} articles", str(exc))
                continue
            b = builds[n]
            table.add(f"cold index build, {n:,} articles", value=f"{b['seconds']:.1f} s",
                      ratio=f"{b['articles'] / b['seconds']:.0f} art/s", rss=b["rss_mib"],
                      target="≤ 60 s" if n == 10000 else "",
                      note=f"ingest {b.get('ingest_s', 0):.1f} s, analyse+tag {b.get('analyse_s', 0):.1f} s "
                           f"({args.workers or os.cpu_count()} processes), corroborate {b.get('corroborate_s', 0):.1f} s, "
                           f"store {b.get('store_s', 0):.1f} s; {b['statements']:,} statements, {b['links']:,} links; "
                           f"then discrepancies {b.get('discrepancies_s', 0):.1f} s (stored too; not in the figure)",
                      data=b)
        sized = sorted(builds)
        if len(sized) >= 2:
            a, b = sized[0], sized[-1]
            k = _exponent(a, builds[a]["seconds"], b, builds[b]["seconds"])
            kc = _exponent(a, builds[a]["corroborate_s"], b, builds[b]["corroborate_s"])
            table.add(f"index build growth exponent {a:,} → {b:,}", value=f"{k:.2f}", target="≤ 1.1",
                      note=f"corroboration alone: {kc:.2f}")
        biggest = max(sized) if sized else None
        if biggest:
            cache_dir = work / f"cache-{biggest}"
            try:
                w = _task("warm-export", folders[biggest], cache_dir / "index.sqlite3", env)
                table.add(f"warm open, {biggest:,} articles (command line: whole corpus from the index)",
                          value=f"{w['open_s']:.1f} s", rss=w["rss_mib"],
                          note="every file read and hashed, every analysis and link read back (not the app)")
                table.add(f"markdown export, {biggest:,} articles", value=f"{w['export_s']:.1f} s", rss=w["rss_mib"],
                          target="≤ 10 s" if biggest == 10000 else "",
                          note=f"render and write {w['export_bytes'] / 1e6:.1f} MB ({w['links']:,} links), "
                               "after the warm open above")
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                table.skip(f"warm open and markdown export, {biggest:,} articles", str(exc))
            app_env = {**env, "BRIEFING_CACHE_DIR": str(cache_dir)}
            out = work / f"briefing-{biggest}.md"
            cmd = [sys.executable, "-m", "briefing", "export", "--format", "md", "-o", str(out), "--force",
                   "--date", "2024-01-01", str(folders[biggest])]
            t0 = time.perf_counter()
            done = subprocess.run(cmd, env={**app_env, "BRIEFING_CACHE_DIR": str(cache_dir)}, cwd=ROOT,
                                  capture_output=True, text=True, timeout=900)
            wall = time.perf_counter() - t0
            if done.returncode == 0:
                table.add(f"`briefing export --format md`, {biggest:,} articles, whole command", value=f"{wall:.1f} s",
                          note=f"a new process: start, open from the warm index, render, write "
                               f"{out.stat().st_size / 1e6:.1f} MB")
            else:
                table.skip(f"`briefing export --format md`, {biggest:,} articles",
                           (done.stderr.strip().splitlines() or ["failed"])[-1])
            try:
                subprocess.run([*app_cmd, "ready", str(folders[biggest])], env=app_env, cwd=ROOT, capture_output=True,
                               timeout=900)  # the app's own open records the outline its next start paints
                warm = {"bare": [], "paint": [], "ready": []}
                for i in range(args.runs):  # (the full loads take seconds each: three of them)
                    warm["bare"].append(_timed_process(bare_cmd, env))
                    warm["paint"].append(_timed_process([*app_cmd, "paint", str(folders[biggest])], app_env))
                    if i < 3:
                        warm["ready"].append(_timed_process([*app_cmd, "ready", str(folders[biggest])], app_env,
                                                            timeout=900))
                bare_w = statistics.median(w for w, *_ in warm["bare"])
                for key, label, target, note in (
                        ("paint", "first paint", "≤ 1.5×, ≤ 400 MiB" if biggest == 10000 else "",
                         "articles and topic counts from the index; statements load after"),
                        ("ready", "statements shown", "", "every analysis and link read back from the index")):
                    med = statistics.median(w for w, *_ in warm[key])
                    resident = statistics.median(r for *_, r in warm[key])
                    table.add(f"warm start, {biggest:,} articles indexed: {label}", value=f"{med:.3f} s",
                              ratio=f"{med / bare_w:.2f}×", rss=max(r for _, r, _ in warm[key]), target=target,
                              note=f"{note}; bare app {bare_w:.3f} s in the same runs; median of {len(warm[key])}; "
                                   f"{_spread(warm[key], warm['bare'])}; "
                                   f"resident then {resident:.0f} MiB (the RSS column: the peak until then)")
            except (RuntimeError, TimeoutError, subprocess.TimeoutExpired) as exc:
                table.skip(f"warm start to first paint, {biggest:,} articles", str(exc))
            try:
                lat = _task("latency", folders[biggest], cache_dir / "index.sqlite3", env)
                floor = lat["press+pause"]["floor (_: no binding)"]
                for name, row in lat["latency"].items():
                    pp = lat["press+pause"].get(name)
                    table.add(f"{name} at {biggest:,} (Pilot)", value=f"p50 {row['p50']:.0f} ms",
                              ratio=f"p95 {row['p95']:.0f} ms", rss=lat["rss_mib"],
                              target="p95 ≤ 50 ms" if biggest == 10000 and name != "search open (/)" else "",
                              note=f"{row['n']} presses, key posted to queues empty and screen redrawn"
                                   + (f"; pilot.press+pause p50 {pp['p50']:.0f} ms (floor {floor['p50']:.0f} ms)"
                                      if pp else ""))
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                table.skip(f"topic toggle / move / search keystroke at {biggest:,} (Pilot)", str(exc), "p95 ≤ 50 ms")

    print(f"briefing benchmarks, {time.strftime('%Y-%m-%d')}: {os.cpu_count()} CPUs, load average "
          f"{load_start:.2f} at start, {os.getloadavg()[0]:.2f} at end; seed {args.seed}\n")
    print(table.render())
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "seconds": round(time.time() - started, 1),
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                           "load_average_at_start": load_start,
                           "load_average_at_end": os.getloadavg()[0]},
               "seed": args.seed, "runs": args.runs, "rows": table.rows}
    tmp = RESULTS / "latest.json.tmp"
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, RESULTS / "latest.json")
    print(f"\nwritten {RESULTS / 'latest.json'}", file=sys.stderr)
    return 0


def _spread(runs: list[tuple[float, ...]], bare: list[tuple[float, ...]]) -> str:
    """The spread of the ratio run by run (each run over the bare app's run beside it): how far one
    run's ratio strays on a busy machine, which the median of the table does not show."""
    ratios = sorted(w / b for (w, *_), (b, *_) in zip(runs, bare))
    q = statistics.quantiles(ratios, n=4) if len(ratios) >= 2 else ratios * 3
    return f"run by run {ratios[0]:.2f}–{ratios[-1]:.2f}× (middle half {q[0]:.2f}–{q[2]:.2f}×)"


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


def _exponent(n1: int, t1: float, n2: int, t2: float) -> float:
    import math

    return math.log(t2 / t1) / math.log(n2 / n1)


if __name__ == "__main__":
    raise SystemExit(main())
