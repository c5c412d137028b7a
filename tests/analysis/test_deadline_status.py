"""A deadline list a parent can rely on: each deadline once, and met ones marked met."""

from __future__ import annotations

from tests.analysis.builders import d, event

from aseagi.analysis.case_rules import analyze_case


def by_rule(result, rule_id: str):  # type: ignore[no-untyped-def]
    return [x for x in result.deadlines if x.rule_id == rule_id]


def test_the_same_order_recounted_in_many_papers_is_one_deadline() -> None:
    events = [
        event("detention_hearing", "2025-01-06"),
        event("status_hearing", "2025-02-03", quote="The court ordered visits reduced on 2025-02-03."),
        event("order", "2025-02-03", quote="Order re visitation dated 2025-02-03, the court ordered visits."),
        event("order", "2025-02-03", quote="The court ordered on 2025-02-03 that visits be supervised."),
    ]
    result = analyze_case([], events, [], today=d("2025-02-10"))
    appeals = by_rule(result, "crc-8-406a-notice-of-appeal")
    assert [x.due_date for x in appeals] == [d("2025-04-04")]


def test_held_hearing_marks_its_deadline_met_and_late_one_late() -> None:
    events = [
        event("detention_hearing", "2025-01-06"),
        event("jurisdiction_hearing", "2025-01-24"),
        event("disposition_hearing", "2025-03-20"),
    ]
    result = analyze_case([], events, [], today=d("2025-06-01"))
    (jurisdiction,) = by_rule(result, "wic-334-jurisdiction-detained")
    assert jurisdiction.status == "met"
    assert jurisdiction.met_by is not None
    assert "2025-01-24" in jurisdiction.met_by.quote
    (disposition,) = by_rule(result, "wic-358a-disposition-detained")
    assert disposition.status == "late"
    assert "Status: late" in disposition.explanation
    assert jurisdiction not in result.upcoming_deadlines


def test_a_dismissed_petition_starts_no_new_clocks_and_moots_open_ones() -> None:
    events = [
        event("detention_hearing", "2025-01-29"),
        event("jurisdiction_hearing", "2025-02-20"),
        event("order", "2025-02-20", title="Petition dismissed"),
    ]
    result = analyze_case([], events, [], today=d("2025-06-01"))
    assert by_rule(result, "wic-358a-disposition-detained") == []
    assert by_rule(result, "wic-366-21f-twelve-month-permanency") == []
    (sixty_days,) = by_rule(result, "wic-352b-disposition-60-days")
    assert sixty_days.status == "moot"


def test_a_continued_366_26_hearing_supersedes_the_old_notice_deadline() -> None:
    events = [
        event("366.26_hearing", "2025-11-13"),
        event("366.26_hearing", "2026-01-15", quote="366.26 hearing continued to 2026-01-15."),
        event("service", "2025-11-14", quote="Notice of the 366.26 hearing personally served on 2025-11-14."),
    ]
    result = analyze_case([], events, [], today=d("2025-12-10"))
    old, new = sorted(by_rule(result, "wic-294c1-notice-of-366-26-hearing"), key=lambda x: x.trigger_date)
    assert old.status == "superseded"
    assert new.status == "met"
