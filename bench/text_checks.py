"""Text checks of a 4-figure article (no photos): milliseconds per article, p50 and p95.

    .venv/bin/python bench/text_checks.py [--rounds 3]

Each article is checked once per round with its own four captions (three of its own and the
first of the next article), so no two checks in a round share a caption. Between rounds the
captions get a distinct suffix, so no embedding cache can answer. Models (sentence model,
spaCy pipeline, gazetteer, foil bank) are loaded once before timing, as in a running service;
the spaCy load time is reported on its own.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.engine.encoders.entities import entity_recognizer
from app.schema import ArticleIn
from app.settings import Settings
from bench.common import REPO

CASES = [REPO.parent / "shared" / "eval" / "dev.jsonl", REPO / "tests" / "data" / "dev.jsonl",
         REPO / "tests" / "data" / "extra_cases.jsonl"]


def _cases() -> list[dict]:
    dev = CASES[0] if CASES[0].exists() else CASES[1]
    rows = [json.loads(line) for path in (dev, CASES[2]) for line in path.open() if line.strip()]
    return [r for r in rows if len(r["figures"]) >= 3]


def _articles(rows: list[dict], round_no: int) -> list[ArticleIn]:
    out = []
    for i, row in enumerate(rows):
        nxt = rows[(i + 1) % len(rows)]
        captions = [f["caption"] for f in row["figures"][:3]] + [nxt["figures"][0]["caption"]]
        suffix = f" (round {round_no})" if round_no else ""
        figures = [{"caption": c + suffix} for c in captions]
        out.append(ArticleIn.model_validate({k: v for k, v in row.items() if k != "figures"} | {"figures": figures}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    models = EncoderProvider.from_settings(settings)
    started = time.perf_counter()
    entity_recognizer(models, settings)
    ner_load = time.perf_counter() - started
    checker = Checker(settings, models)
    rows = _cases()
    checker.check(_articles(rows, 99)[0])  # warm: sentence model, gazetteer, foils, decision
    times: list[float] = []
    for round_no in range(args.rounds):
        for article in _articles(rows, round_no):
            mark = time.perf_counter()
            checker.check(article)
            times.append((time.perf_counter() - mark) * 1000)
    times.sort()
    print(json.dumps({
        "articles": len(rows), "rounds": args.rounds, "figures_per_article": 4,
        "ms_p50": round(statistics.median(times), 1),
        "ms_p95": round(times[int(0.95 * (len(times) - 1))], 1),
        "spacy_load_s": round(ner_load, 2),
        "ner_model": settings.ner_model,
    }, indent=2))


if __name__ == "__main__":
    main()
