import json

import pytest

from app.errors import InputError
from app.inputs import parse_article, read_articles

GOOD = {"headline": "H", "body": "B", "figures": [{"image": None, "caption": "C"}]}


def test_missing_caption_names_the_field():
    bad = {"headline": "H", "body": "B", "figures": [{"caption": "ok"}, {"image": None}]}
    with pytest.raises(InputError) as err:
        parse_article(bad, "a.json")
    assert err.value.field == "figures[1].caption"
    assert "a.json" in str(err.value) and "figures[1].caption" in str(err.value)


def test_bad_date_names_the_field():
    with pytest.raises(InputError) as err:
        parse_article({**GOOD, "published": "yesterday-ish"})
    assert err.value.field == "published"


def test_jsonl_reports_bad_lines_and_keeps_the_rest(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([json.dumps(GOOD), "{not json", json.dumps({"headline": "x"}), json.dumps(GOOD)]))
    items = list(read_articles(str(path)))
    assert [i.source.rsplit(":", 1)[1] for i in items] == ["1", "2", "3", "4"]
    assert [i.article is not None for i in items] == [True, False, False, True]
    assert "malformed JSON" in str(items[1].error)
    assert items[2].error.field == "body"


def test_json_file_may_hold_a_list(tmp_path):
    path = tmp_path / "two.json"
    path.write_text(json.dumps([GOOD, GOOD]))
    assert len([i for i in read_articles(str(path)) if i.article]) == 2


def test_malformed_pretty_json_reports_its_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "headline": "H",\n  "body": \n}\n')
    (item,) = list(read_articles(str(path)))
    assert item.error is not None and f"{path}:4" in str(item.error)


def test_missing_file_is_an_input_error():
    (item,) = list(read_articles("/nonexistent/article.json"))
    assert item.error is not None and "not found" in str(item.error)


def test_stdin_accepts_jsonl():
    text = json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n"
    items = list(read_articles("-", text))
    assert [i.source for i in items] == ["<stdin>:1", "<stdin>:2"]
    assert all(i.article for i in items)
