import numpy as np

from app.evaluation.metrics import best_threshold, confusion_at, recall_within, roc_auc, threshold_table


def test_confusion_counts():
    labels = np.array([True, True, False, False])
    flagged = np.array([True, False, True, False])
    row = confusion_at(labels, flagged)
    assert (row.precision, row.recall, row.f1, row.accuracy, row.flagged) == (0.5, 0.5, 0.5, 0.5, 2)


def test_roc_auc_perfect_and_undefined():
    assert roc_auc(np.array([True, False]), np.array([0.9, 0.1])) == 1.0
    assert roc_auc(np.array([True, True]), np.array([0.9, 0.1])) is None


def test_threshold_table_flags_below_the_threshold_and_best_rows():
    labels = np.array([True, True, False, False])
    scores = np.array([0.1, 0.3, 0.6, 0.9])  # falsified pairs score low
    table = threshold_table(labels, scores, np.array([0.2, 0.5, 0.8]))
    assert [r.flagged for r in table] == [1, 2, 3]
    assert best_threshold(table).threshold == 0.5
    assert best_threshold(table, beta=2.0).threshold == 0.5


def test_recall_within_a_false_flag_budget():
    labels = np.array([False] * 10 + [True] * 4)
    suspicion = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95,  # genuine
                          0.97, 0.92, 0.85, 0.05])
    assert recall_within(labels, suspicion, 0.0) == 0.25  # only above 0.95
    assert recall_within(labels, suspicion, 0.1) == 0.5  # one genuine caption (0.95) allowed
    assert recall_within(labels, suspicion, 0.2) == 0.75
    assert recall_within(labels[:10], suspicion[:10], 0.1) is None
