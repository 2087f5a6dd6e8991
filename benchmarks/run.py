"""``make bench``: start-up, index build, warm open, corroboration and export, measured side by side.

    .venv/bin/python benchmarks/run.py [--corpora ../shared/corpora] [--sizes 1000 10000] [--seed 4]
                                       [--runs 5] [--work DIR] [--quick]

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
import json
import os
import platform
import random
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

_BARE_APP = """
import sys
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True, size=(120, 34))
print("VmHWM", next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")), file=sys.stderr)
"""

_BRIEFING_APP = """
import sys
from briefing.tui.app import BriefingApp

class FirstPaint(BriefingApp):
    def show_corpus(self, corpus):
        super().show_corpus(corpus)
        self.call_after_refresh(self.exit)

mode, paths = sys.argv[1], sys.argv[2:]
if mode == "index":  # the corpus read from the index, then handed to the app
    from briefing.store import open_corpus
    app = FirstPaint(open_corpus(paths or None))
else:  # the app as shipped: it analyses the corpus itself
    app = FirstPaint(paths=paths or None)
app.run(headless=True, size=(120, 34))
print("VmHWM", next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")), file=sys.stderr)
"""


def _task_index_build(folder: str, cache: str, workers: int) -> dict:
    """Cold index build without corroboration: ingest, analyse and tag (all cores), store."""
    from briefing.ingest import load_paths
    from briefing.pipeline import analyse_and_tag, find_topics_file
    from briefing.store import Index
    from briefing.store.fingerprint import text_key, topics_hash
    from briefing.topics import load_topics

    t0 = time.perf_counter()
    topics = load_topics(find_topics_file([Path(folder)]))
    docs = load_paths([folder]).documents
    t_load = time.perf_counter()
    results = analyse_and_tag([d.text for d in docs], topics, workers=workers)
    t_analyse = time.perf_counter()
    keys = [text_key(d.text) for d in docs]
    with Index.open(cache) as index:
        index.put_analyses([(k, d.sha256, a) for k, d, (a, _) in zip(keys, docs, results, strict=True)])
        index.put_tags([(k, t) for k, (_, t) in zip(keys, results, strict=True)], topics_hash(topics))
        statements = index.info().statements
    t_end = time.perf_counter()
    return {"seconds": t_end - t0, "articles": len(docs), "statements": statements,
            "load_s": t_load - t0, "analyse_s": t_analyse - t_load, "store_s": t_end - t_analyse}


def _warm_articles(folder: str, cache: str, *, fill: bool = False):
    """Topics and articles of ``folder`` read from the index (``fill``: analyse what it lacks, e.g.
    after the engine's source changed during the run)."""
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
        todo = {k: d.text for k, d in zip(keys, docs, strict=True) if k not in analyses or k not in tags}
        for k, (a, t) in zip(todo, analyse_and_tag(list(todo.values()), topics), strict=True):
            analyses[k], tags[k] = a, t
    if len(analyses) != len(set(keys)) or len(tags) != len(set(keys)):
        raise SystemExit("warm open: the index does not hold this corpus (did the engine change during the run?)")
    return topics, [article_from(d, analyses[k], tags[k]) for k, d in zip(keys, docs, strict=True)]


def _task_warm_open(folder: str, cache: str) -> dict:
    """Every article read back from the index (ingest still reads and hashes every file)."""
    t0 = time.perf_counter()
    _, articles = _warm_articles(folder, cache)
    return {"seconds": time.perf_counter() - t0, "articles": len(articles)}


def _task_corroborate(folder: str, cache: str) -> dict:
    """Corroboration of articles read from the index, then the markdown export of the result."""
    from briefing.export import render_markdown
    from briefing.pipeline import assemble

    topics, articles = _warm_articles(folder, cache, fill=True)
    t0 = time.perf_counter()
    corpus = assemble(articles, topics)
    t1 = time.perf_counter()
    text = render_markdown(corpus, date="2024-01-01")
    t2 = time.perf_counter()
    return {"seconds": t1 - t0, "articles": len(articles), "links": sum(len(v) for v in corpus.corroborations.values()),
            "export_s": t2 - t1, "export_bytes": len(text.encode())}


TASKS = {"index-build": _task_index_build, "warm-open": _task_warm_open, "corroborate": _task_corroborate}


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


def _timed_process(cmd: list[str], env: dict, timeout: float = 300) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a whole process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = t0 + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            raise TimeoutError(f"timed out after {timeout:.0f} s")
        time.sleep(0.002)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"exit {proc.returncode}: {err.strip().splitlines()[-1] if err.strip() else ''}")
    peak = [int(line.split()[1]) for line in err.splitlines() if line.startswith("VmHWM ")]
    return wall, (peak[-1] if peak else usage.ru_maxrss) / 1024


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
    parser.add_argument("--corroborate-sizes", type=int, nargs="+", default=[1000, 4000],
                        help="sizes at which corroboration is timed (it grows faster than linearly)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--runs", type=int, default=5, help="runs of each start-up measurement (median)")
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
        args.sizes, args.runs, args.corroborate_sizes = [200, 1000], 3, [100, 200]

    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    env = _env(work)
    table = Table()
    started = time.time()
    load_start = os.getloadavg()[0]
    print(f"briefing benchmarks: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, work dir {work}",
          file=sys.stderr)

    # 1. start-up to first paint, bare Textual app vs briefing, interleaved runs, median
    runs: dict[str, list[tuple[float, float]]] = {"bare": [], "cold": [], "index": []}
    (work / "bare_app.py").write_text(_BARE_APP, encoding="utf-8")  # Textual reads its apps' source files
    (work / "briefing_app.py").write_text(_BRIEFING_APP, encoding="utf-8")
    commands = {
        "bare": [sys.executable, str(work / "bare_app.py")],
        "cold": [sys.executable, str(work / "briefing_app.py"), "cold"],
        "index": [sys.executable, str(work / "briefing_app.py"), "index"],
    }
    subprocess.run(commands["index"], env=env, cwd=ROOT, capture_output=True, timeout=300)  # fill the index
    for _ in range(args.runs):
        for key, cmd in commands.items():
            runs[key].append(_timed_process(cmd, env))
    bare = statistics.median(w for w, _ in runs["bare"])
    table.add("bare Textual app, first paint", value=f"{bare:.3f} s", ratio="1.00×",
              rss=max(r for _, r in runs["bare"]), note=f"median of {args.runs} headless processes")
    for key, label, target in (("cold", "bundled corpus, first paint (app as shipped: analyses 5 articles)", "≤ 1.3×"),
                               ("index", "bundled corpus, first paint (corpus from a warm index)", "")):
        med = statistics.median(w for w, _ in runs[key])
        table.add(label, value=f"{med:.3f} s", ratio=f"{med / bare:.2f}×", rss=max(r for _, r in runs[key]),
                  target=target, note=f"median of {args.runs}")

    # 2. large corpora
    corpora_ok = args.corpora.is_dir()
    builds: dict[int, dict] = {}
    folders: dict[int, Path] = {}
    if not corpora_ok:
        reason = f"corpora folder {args.corpora} not found (pass --corpora)"
        for n in args.sizes:
            table.skip(f"cold index build, {n:,} articles", reason)
    else:
        for n in sorted(set(args.sizes) | set(args.corroborate_sizes)):
            t0 = time.perf_counter()
            folders[n] = make_corpus(args.corpora, n, args.seed, work)
            print(f"  corpus of {n:,}: ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        for n in sorted(folders):
            cache = work / f"index-{n}.sqlite3"
            for p in work.glob(f"index-{n}.sqlite3*"):
                p.unlink()
            try:
                builds[n] = _task("index-build", folders[n], cache, env, args.workers)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                table.skip(f"cold index build, {n:,} articles", str(exc))
                continue
            if n in args.sizes:
                b = builds[n]
                table.add(f"cold index build, {n:,} articles", value=f"{b['seconds']:.1f} s",
                          ratio=f"{b['articles'] / b['seconds']:.0f} art/s", rss=b["rss_mib"],
                          target="≤ 60 s" if n == 10000 else "",
                          note=f"ingest {b['load_s']:.1f} s, analyse+tag {b['analyse_s']:.1f} s, store {b['store_s']:.1f} s;"
                               f" {b['statements']:,} statements; no corroboration", data=b)
        sized = sorted(n for n in args.sizes if n in builds)
        if len(sized) >= 2:
            a, b = sized[0], sized[-1]
            k = _exponent(a, builds[a]["seconds"], b, builds[b]["seconds"])
            table.add(f"index build growth exponent {a:,} → {b:,}", value=f"{k:.2f}", target="≤ 1.1")
        biggest = max(sized) if sized else None
        if biggest:
            cache = work / f"index-{biggest}.sqlite3"
            try:
                w = _task("warm-open", folders[biggest], cache, env)
                table.add(f"warm open, {biggest:,} articles from the index", value=f"{w['seconds']:.1f} s", rss=w["rss_mib"],
                          target="≤ 1.5× bare app, ≤ 400 MiB",
                          note="ingest + read every analysis; no corroboration, no app (not a first paint)")
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                table.skip(f"warm open, {biggest:,} articles", str(exc))
        corro: dict[int, float] = {}
        exports: dict[int, dict] = {}
        for n in args.corroborate_sizes:
            if n not in builds:
                continue
            try:
                c = _task("corroborate", folders[n], work / f"index-{n}.sqlite3", env)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                table.skip(f"corroboration, {n:,} articles", str(exc))
                continue
            corro[n] = c["seconds"]
            exports[n] = c
            table.add(f"corroboration, {n:,} articles", value=f"{c['seconds']:.1f} s", rss=c["rss_mib"],
                      note=f"{c['links']:,} links; one process")
        if len(corro) >= 2:
            a, b = min(corro), max(corro)
            k = _exponent(a, corro[a], b, corro[b])
            table.add(f"corroboration growth exponent {a:,} → {b:,}", value=f"{k:.2f}",
                      note="candidates per unit are bounded (corroborate._MAX_MAX_DF) once words are common enough; "
                           "below that, work grows with the corpus")
        if exports:
            n = max(exports)
            e = exports[n]
            table.add(f"markdown export, {n:,} articles", value=f"{e['export_s']:.1f} s", rss=e["rss_mib"],
                      note=f"render only, {e['export_bytes'] / 1e6:.1f} MB, {e['links']:,} corroboration links")
        for n in args.sizes:
            if n > max(args.corroborate_sizes):
                why = "not run: too slow for one benchmark run"
                if len(corro) >= 2:
                    a, b = min(corro), max(corro)
                    k = _exponent(a, corro[a], b, corro[b])
                    est = corro[b] * (n / b) ** k
                    why += (f"; extrapolated at n^{k:.2f} from {corro[b]:.0f} s for {b:,} articles: "
                            f"about {_duration(est)} for {n:,} (an estimate, not a measurement)")
                table.skip(f"corroboration and markdown export, {n:,} articles", why,
                           "export ≤ 10 s" if n == 10000 else "")
    table.skip("topic toggle / move / search keystroke at 10,000 (Pilot p50/p95)",
               "not measured: the app's lists (Textual OptionList) are not yet built for 10,000 rows", "p95 ≤ 50 ms")
    table.skip("warm start to first paint, 10,000 articles",
               "not measured: needs the corroboration of 10,000 articles in the index (see above)",
               "≤ 1.5×, ≤ 400 MiB")

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


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


def _exponent(n1: int, t1: float, n2: int, t2: float) -> float:
    import math

    return math.log(t2 / t1) / math.log(n2 / n1)


if __name__ == "__main__":
    raise SystemExit(main())
