"""The set of real public documents: well formed, fictionalised where it must be, and scored."""

from __future__ import annotations

from aseagi.demo.evaluate import format_table
from aseagi.demo.evaluate_real import evaluate_real, load_real_set, real_text
from aseagi.demo.field_scoring import TARGETS


def test_every_document_has_its_text_a_source_and_expectations() -> None:
    documents = load_real_set()
    assert len(documents) >= 12
    assert len({d.file for d in documents}) == len(documents)
    for document in documents:
        assert real_text(document.file).strip()
        assert document.source.startswith(("http://", "https://"))
        assert document.what


def test_the_set_covers_federal_and_california_forms() -> None:
    dockets = {d for document in load_real_set() for d in document.dockets}
    assert {"1:21-cv-00057", "24-04888", "21-2365", "MDL-2741"} <= dockets
    assert any(d[0] in "ABCDEFGHS" and d[1:7].isdigit() for d in dockets)


def test_scores_meet_the_targets_on_real_documents() -> None:
    report = evaluate_real()
    assert report.errors == []
    for name in ("dockets", "citations", "dates"):
        score, target = report.field(name), TARGETS[name]
        assert score.tp > 0, name
        assert score.precision is not None and score.precision >= (target.precision or 0), score.misses
        assert score.recall is not None and score.recall >= (target.recall or 0), score.misses
    assert format_table(report, "Real examples").startswith("Real examples: ")
