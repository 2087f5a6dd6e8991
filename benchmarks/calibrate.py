"""Calibrate the corroboration threshold on the labelled pairs of the bundled corpus.

    .venv/bin/python benchmarks/calibrate.py [--gold tests/fixtures/gold.toml] [PATH ...]

Sweeps thresholds, prints article-level precision, recall and F1 for each side by side, the
per-topic F1 of the tagger, and the threshold with the best F1 (the one to put in
briefing/calibration.py as DEFAULT_THRESHOLD).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.evaluation import corroboration_score, load_gold, topic_scores  # noqa: E402
from briefing.pipeline import assemble, build_corpus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "articles")])
    parser.add_argument("--gold", default=str(ROOT / "tests/fixtures/gold.toml"))
    args = parser.parse_args()
    base = build_corpus(args.paths)
    gold = load_gold(args.gold, base)
    print("topic                 precision  recall     F1")
    for topic, s in topic_scores(base, gold).items():
        print(f"{topic:20} {s.precision:10.2f} {s.recall:7.2f} {s.f1:6.2f}")
    print("\nthreshold  precision  recall     F1  links")
    best = None
    for step in range(15, 56, 3):
        threshold = step / 100
        corpus = assemble(base.articles, base.topics, threshold=threshold)
        score, _ = corroboration_score(corpus, gold)
        links = sum(len(v) for v in corpus.corroborations.values())
        print(f"{threshold:9.2f} {score.precision:10.2f} {score.recall:7.2f} {score.f1:6.2f} {links:6d}")
        if best is None or score.f1 > best[1].f1:
            best = (threshold, score)
    assert best is not None
    print(f"\nbest F1 {best[1].f1:.2f} at threshold {best[0]:.2f} "
          f"(precision {best[1].precision:.2f}, recall {best[1].recall:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
