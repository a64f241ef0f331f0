"""Naming labelled data sets for reports and model provenance."""

from pathlib import Path

from app.evaluation.datasets import data_set_names


def test_data_sets_are_named_by_file_unless_two_share_a_name():
    assert data_set_names([Path("a/dev.jsonl"), Path("b/extra.jsonl")]) == ["dev.jsonl", "extra.jsonl"]
    assert data_set_names([Path("../shared/eval/dev.jsonl"), Path("out/dev.jsonl"), Path("x.jsonl")]) == [
        "../shared/eval/dev.jsonl", "out/dev.jsonl", "x.jsonl"]
