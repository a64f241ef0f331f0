"""False flags on consistent captions and recall on flagged ones, per reason code, for labelled
article files (dev.jsonl format, or real_news.py output). Usage:
  .venv/bin/python scripts/eval_articles.py FILE.jsonl [FILE...] [-v]
"""
import json, sys, time
from collections import Counter
from app.settings import Settings
from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.schema import ArticleIn

def rows(path):
    if path.endswith(".json"):
        yield json.load(open(path)); return
    for line in open(path):
        if line.strip(): yield json.loads(line)

def main():
    settings = Settings()
    prov = EncoderProvider.from_settings(settings)
    checker = Checker(settings, prov)
    verbose = "-v" in sys.argv
    for path in [a for a in sys.argv[1:] if not a.startswith("-")]:
        fp = tn = tp = fn = 0; codes_fp = Counter(); codes_tp = Counter(); t = []
        for r in rows(path):
            exp = [f.get("expected") for f in r["figures"]]
            art = ArticleIn.model_validate({k: v for k, v in r.items() if k != "figures"} | {"figures": [{"caption": f["caption"], "image": None} for f in r["figures"]]})
            s = time.perf_counter(); rep = checker.check(art); t.append(time.perf_counter() - s)
            for e, f in zip(exp, rep.figures):
                flagged = f.verdict != "consistent"
                codes = [x.code for x in f.reasons if x.severity != "info"]
                if e == "flag":
                    if flagged: tp += 1; codes_tp.update(codes)
                    else: fn += 1
                    if verbose and not flagged: print("MISS", r["id"], f.caption[:150])
                else:
                    if flagged: fp += 1; codes_fp.update(codes)
                    else: tn += 1
                    if verbose and flagged: print("FP  ", r["id"], codes, f.caption[:150], "|", [x.message[:160] for x in f.reasons if x.severity != "info"][:1])
        t.sort()
        print(f"{path}: recall {tp}/{tp+fn} = {tp/max(1,tp+fn):.2f}; false flags {fp}/{fp+tn} = {fp/max(1,fp+tn):.3f}; p50 {t[len(t)//2]*1000:.0f} ms")
        print("  FP codes", dict(codes_fp)); print("  TP codes", dict(codes_tp))
main()
