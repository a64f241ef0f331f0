import numpy as np

from app.engine.encoders.memo import MemoTextEncoder, TextMemo


class Counting:
    name = "counting"

    def __init__(self):
        self.seen: list[list[str]] = []

    def encode(self, texts):
        self.seen.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32).reshape(len(texts), 2)


def test_only_unknown_texts_are_computed_and_order_is_kept():
    inner = Counting()
    memo = MemoTextEncoder(inner)
    first = memo.encode(["a", "bb", "a"])
    second = memo.encode(["ccc", "bb"])
    assert inner.seen == [["a", "bb"], ["ccc"]]
    np.testing.assert_array_equal(first[:, 0], [1, 2, 1])
    np.testing.assert_array_equal(second[:, 0], [3, 2])
    assert memo.encode([]).shape == (0, 2)


def test_least_recently_used_texts_are_forgotten():
    inner = Counting()
    memo = TextMemo(max_items=2)
    memo.encode(["a", "b"], inner.encode)
    memo.encode(["a"], inner.encode)  # a is now the most recent
    memo.encode(["c"], inner.encode)  # b goes
    memo.encode(["a", "b"], inner.encode)
    assert inner.seen[-1] == ["b"]
