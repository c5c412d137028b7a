"""Every rule computed once on a hand-checked date, plus service extensions, roll-forward, supersession."""

from __future__ import annotations

import pytest
from tests.analysis.builders import d, event
from tests.analysis.test_rules import VALID

from aseagi.analysis.case_inputs import CaseEvent
from aseagi.analysis.deadlines import compute_deadlines, days_left
from aseagi.analysis.rules import load_rules, parse_rules

RULES = load_rules()


def due(events: list[CaseEvent], rule_id: str, **options: object) -> str:
    found = [x for x in compute_deadlines(events, RULES, **options) if x.rule_id == rule_id]  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0].due_date.isoformat()


@pytest.mark.parametrize(
    ("events", "rule_id", "expected"),
    [
        # Removal Fri Mar 1 2024: 48 hours excluding Sat/Sun → Tue Mar 5.
        ([("removal", "2024-03-01")], "wic-313-petition-after-removal", "2024-03-05"),
        # Petition Wed Nov 27 2024: next judicial day skips Thanksgiving and the Friday → Mon Dec 2.
        (
            [("removal", "2024-11-26"), ("petition_filed", "2024-11-27")],
            "wic-315-detention-hearing",
            "2024-12-02",
        ),
        (
            [("removal", "2024-03-04"), ("petition_filed", "2024-03-05")],
            "wic-290-1-notice-of-detention-hearing",
            "2024-03-06",
        ),
        ([("detention_hearing", "2024-03-05")], "wic-334-jurisdiction-detained", "2024-03-26"),
        # Petition Fri Mar 1 + 30 = Sun Mar 31; Mon Apr 1 is Cesar Chavez Day (observed) → Tue Apr 2.
        ([("petition_filed", "2024-03-01")], "wic-334-jurisdiction-not-detained", "2024-04-02"),
        # Detention Wed Mar 6 + 60 = Sun May 5 → Mon May 6.
        ([("detention_hearing", "2024-03-06")], "wic-352b-disposition-60-days", "2024-05-06"),
        # Jurisdiction Wed Nov 20 2024 + 10 judicial days (Nov 28-29 closed) → Fri Dec 6.
        (
            [("removal", "2024-11-01"), ("jurisdiction_hearing", "2024-11-20")],
            "wic-358a-disposition-detained",
            "2024-12-06",
        ),
        # Disposition Tue May 27 2025 + 6 months = Thanksgiving Nov 27 → Mon Dec 1 (Fri 28 also closed).
        ([("disposition_hearing", "2025-05-27")], "wic-366-21e-six-month-review", "2025-12-01"),
        (
            [("removal", "2024-03-01"), ("jurisdiction_hearing", "2024-04-10")],
            "wic-366-21f-twelve-month-permanency",
            "2025-04-10",
        ),
        # 366.26 hearing Tue Aug 20 2024 − 45 days = Sat Jul 6 → back to Fri Jul 5 (CCP 12c keeps 45 days).
        ([("366.26_hearing", "2024-08-20")], "wic-294c1-notice-of-366-26-hearing", "2024-07-05"),
        ([("order", "2024-06-10")], "crc-8-406a-notice-of-appeal", "2024-08-09"),
    ],
)
def test_each_rule_on_a_hand_checked_date(events: list[tuple[str, str]], rule_id: str, expected: str) -> None:
    case_events = [event(kind, day) for kind, day in events]  # type: ignore[arg-type]
    assert due(case_events, rule_id) == expected


def test_writ_notice_of_intent_7_days_or_12_by_mail() -> None:
    setting = [
        event(
            "review_hearing",
            "2024-06-27",
            quote="The court terminates services and sets a "
            "hearing under section 366.26 for October 21, 2024.",
        )
    ]
    # Thu Jun 27 + 7 = Thu Jul 4 (Independence Day) → Fri Jul 5.
    assert due(setting, "crc-8-450e-notice-of-intent-writ") == "2024-07-05"
    # By mail: 12 days → Tue Jul 9.
    assert due(setting, "crc-8-450e-notice-of-intent-writ", service="mail") == "2024-07-09"
    plain_review = [event("review_hearing", "2024-06-27", quote="Six-month review; services continued.")]
    assert not [x for x in compute_deadlines(plain_review, RULES) if x.rule_id.startswith("crc-8-450e")]


def test_general_service_extensions_mail_and_electronic() -> None:
    rules = parse_rules(VALID)
    order = event("order", "2024-03-01")
    # Fri Mar 1 + 10 = Mon Mar 11.
    assert compute_deadlines([order], rules)[0].due_date == d("2024-03-11")
    # Mail: + 5 calendar days = Sat Mar 16 → Mon Mar 18.
    mailed = compute_deadlines([order], rules, service="mail")[0]
    assert mailed.due_date == d("2024-03-18")
    assert mailed.extension_citation == "CCP 1013(a)"
    assert mailed.unrolled_date == d("2024-03-16")
    # Electronic: + 2 court days = Wed Mar 13.
    assert compute_deadlines([order], rules, service="electronic")[0].due_date == d("2024-03-13")
    per_event = compute_deadlines([order], rules, service_by_event={order.id: "mail"})[0]
    assert per_event.due_date == d("2024-03-18")


def test_explanation_names_rule_trigger_and_date() -> None:
    detention = event("detention_hearing", "2024-03-05", title="Detention hearing")
    (deadline,) = [
        x for x in compute_deadlines([detention], RULES) if x.rule_id == "wic-334-jurisdiction-detained"
    ]
    assert deadline.explanation == (
        "Jurisdiction hearing due within 15 court days of the detention order on 2024-03-05 (WIC 334): "
        "2024-03-26"
    )
    assert deadline.trigger_event_id == detention.id
    assert deadline.trigger_evidence == detention.evidence
    assert days_left(deadline, d("2024-03-20")) == 6
    assert days_left(deadline, d("2024-03-27")) == -1


def test_rolled_deadline_says_why() -> None:
    (deadline,) = [
        x
        for x in compute_deadlines([event("petition_filed", "2024-03-01")], RULES)
        if x.rule_id == "wic-334-jurisdiction-not-detained"
    ]
    assert "2024-03-31 is not a court day" in deadline.explanation


def test_a_later_hearing_supersedes_and_each_order_counts() -> None:
    events = [
        event("detention_hearing", "2024-03-05"),
        event("detention_hearing", "2024-03-07", title="Detention hearing (continued)"),
        event("order", "2024-04-01"),
        event("order", "2024-05-01"),
        event("366.26_hearing", "2024-08-20"),
        event("continuance", "2024-09-17", title="366.26 hearing continued to September 17, 2024"),
    ]
    deadlines = compute_deadlines(events, RULES)
    by_rule: dict[str, list[str]] = {}
    for deadline in deadlines:
        by_rule.setdefault(deadline.rule_id, []).append(deadline.due_date.isoformat())
    assert by_rule["wic-334-jurisdiction-detained"] == ["2024-03-28"]  # from Mar 7, not Mar 5
    assert by_rule["wic-352b-disposition-60-days"] == ["2024-05-06"]  # first detention hearing + 60
    assert by_rule["crc-8-406a-notice-of-appeal"] == ["2024-05-31", "2024-07-01"]  # Jun 30 is a Sunday
    # Each setting of the 366.26 hearing needs its notice: Aug 20 − 45 = Sat Jul 6 → Fri Jul 5;
    # continued to Sep 17: − 45 = Sat Aug 3 → Fri Aug 2.
    assert by_rule["wic-294c1-notice-of-366-26-hearing"] == ["2024-07-05", "2024-08-02"]


def test_idempotent_and_order_independent() -> None:
    events = [
        event("removal", "2024-03-01"),
        event("petition_filed", "2024-03-04"),
        event("detention_hearing", "2024-03-05"),
        event("detention_hearing", "2024-03-05"),
    ]  # duplicate
    first = compute_deadlines(events, RULES)
    assert first == compute_deadlines(list(reversed(events)), RULES)
    assert first == compute_deadlines(events, RULES)
    assert len([x for x in first if x.rule_id == "wic-334-jurisdiction-detained"]) == 1


def test_detention_condition_follows_the_record_or_the_override() -> None:
    petition = [event("petition_filed", "2024-03-01")]
    ids = {x.rule_id for x in compute_deadlines(petition, RULES)}
    assert "wic-334-jurisdiction-not-detained" in ids
    assert "wic-315-detention-hearing" not in ids
    ids = {x.rule_id for x in compute_deadlines(petition, RULES, detained=True)}
    assert "wic-315-detention-hearing" in ids
    assert "wic-334-jurisdiction-not-detained" not in ids


def test_minute_order_setting_a_366_26_hearing_starts_the_writ_clock() -> None:
    from tests.analysis.builders import court_event, document

    from aseagi.analysis.case_rules import events_from_documents

    setting = court_event(
        "366.26_hearing",
        "2025-11-13",
        "366.26 hearing",
        "366.26 HEARING set for Nov. 13, 2025 at 1:30 p.m. The mother was advised in court.",
    )
    minutes = document(
        "mo-7", "minute_order", "2025-07-14", court_events=[setting], dockets=["JV-2024-001234"]
    )
    deadlines = compute_deadlines(events_from_documents([minutes]), RULES)
    writ = [x for x in deadlines if x.rule_id == "crc-8-450e-notice-of-intent-writ"]
    assert [x.due_date for x in writ] == [d("2025-07-21")]
    assert not [x for x in deadlines if x.rule_id == "crc-8-406a-notice-of-appeal"]  # writ, not appeal


def test_visitation_order_at_a_status_hearing_is_appealable() -> None:
    status = event("status_hearing", "2025-01-30", quote="MINUTE ORDER - STATUS HEARING RE: VISITATION")
    # Thu Jan 30 2025 + 60 = Mon Mar 31, Cesar Chavez Day → Tue Apr 1.
    assert due([status], "crc-8-406a-notice-of-appeal") == "2025-04-01"
