"""Each procedural violation: a case that must flag it, and a near-identical one that must not."""

from __future__ import annotations

import dataclasses

from tests.analysis.builders import d, document, event, statement

from aseagi.analysis.case_inputs import CaseDocument, CaseEvent
from aseagi.analysis.deadlines import distinct_events
from aseagi.analysis.procedural_violations import ViolationFinding, find_violations
from aseagi.analysis.rules import load_rules

RULES = load_rules()


def violations(
    events: list[CaseEvent], documents: list[CaseDocument] | None = None
) -> list[ViolationFinding]:
    return find_violations(distinct_events(events), RULES, documents or [])


def kinds(events: list[CaseEvent], documents: list[CaseDocument] | None = None) -> set[str]:
    return {v.violation_type for v in violations(events, documents)}


NOTICE = event("notice", "2024-03-04", quote="Mother was given notice of the detention hearing in person.")


def test_child_held_more_than_48_hours_without_petition() -> None:
    removal = event(
        "removal", "2024-03-01", quote="The child was taken into protective custody on March 1, 2024."
    )
    late = event("petition_filed", "2024-03-06", quote="Petition filed March 6, 2024.")
    (found,) = [
        v for v in violations([removal, late, NOTICE]) if v.violation_type == "child_held_without_petition"
    ]
    assert found.legal_basis == "WIC 313(a)"
    assert found.severity == "CRITICAL"
    assert found.date == d("2024-03-06")
    assert [e.quote for e in found.evidence] == [removal.evidence.quote, late.evidence.quote]  # type: ignore[union-attr]
    assert "2024-03-05" in found.description
    on_time = event("petition_filed", "2024-03-05")
    assert "child_held_without_petition" not in kinds([removal, on_time, NOTICE])


def test_late_detention_hearing_and_continuance_excuse() -> None:
    events = [event("removal", "2024-03-03"), event("petition_filed", "2024-03-04"), NOTICE]
    late = event("detention_hearing", "2024-03-07", title="Detention hearing")
    (found,) = [v for v in violations([*events, late]) if v.violation_type == "late_detention_hearing"]
    assert found.legal_basis == "WIC 315"
    assert "2024-03-05" in found.description
    assert "late_detention_hearing" not in kinds([*events, event("detention_hearing", "2024-03-05")])
    continued = event(
        "continuance",
        "2024-03-05",
        quote="At mother's request the detention hearing is "
        "continued one court day for good cause (WIC 319(b)).",
    )
    assert "late_detention_hearing" not in kinds([*events, continued, late])


def test_continued_detention_is_a_finding_not_a_continuance() -> None:
    events = [event("removal", "2024-03-03"), event("petition_filed", "2024-03-04"), NOTICE]
    late = event(
        "detention_hearing", "2024-03-07", quote="The court orders continued detention of the child."
    )
    assert "late_detention_hearing" in kinds([*events, late])


def test_late_jurisdiction_hearing_detained_child() -> None:
    detention = event("detention_hearing", "2024-03-05", quote="The child is ordered detained.")
    late = event("jurisdiction_hearing", "2024-04-02", quote="Jurisdiction hearing held April 2, 2024.")
    found = [v for v in violations([detention, late]) if v.violation_type == "late_jurisdiction_hearing"]
    assert len(found) == 1
    assert found[0].legal_basis == "WIC 334"
    assert "2024-03-26" in found[0].description
    on_time = event("jurisdiction_hearing", "2024-03-26")
    assert "late_jurisdiction_hearing" not in kinds([detention, on_time])
    continuance = event(
        "continuance",
        "2024-03-26",
        quote="Jurisdiction hearing continued to April 2, 2024 on a finding of good cause.",
    )
    assert "late_jurisdiction_hearing" not in kinds([detention, continuance, late])


def test_late_jurisdiction_hearing_child_not_detained() -> None:
    petition = event("petition_filed", "2024-03-01")
    assert "late_jurisdiction_hearing" in kinds([petition, event("jurisdiction_hearing", "2024-04-10")])
    assert "late_jurisdiction_hearing" not in kinds([petition, event("jurisdiction_hearing", "2024-04-02")])


def test_disposition_beyond_60_days_needs_exceptional_circumstances() -> None:
    base = [event("detention_hearing", "2024-03-05"), event("jurisdiction_hearing", "2024-03-20")]
    continued = event(
        "continuance", "2024-04-15", quote="Disposition continued to May 20, 2024 for good cause."
    )
    late = event(
        "disposition_hearing", "2024-05-20", quote="Disposition hearing held; child declared a dependent."
    )
    found = [
        v for v in violations([*base, continued, late]) if v.violation_type == "disposition_beyond_60_days"
    ]
    assert len(found) == 1
    assert found[0].legal_basis == "WIC 352(b)"
    assert "76 days" in found[0].description
    exceptional = event(
        "continuance",
        "2024-04-16",
        quote="The court finds exceptional circumstances and "
        "continues the disposition hearing to May 20, 2024.",
    )
    assert "disposition_beyond_60_days" not in kinds([*base, exceptional, late])
    assert "disposition_beyond_60_days" not in kinds([*base, event("disposition_hearing", "2024-05-06")])


def test_disposition_more_than_10_judicial_days_after_jurisdiction() -> None:
    base = [event("removal", "2024-11-01"), event("jurisdiction_hearing", "2024-11-20")]
    late = event("disposition_hearing", "2024-12-20")
    assert "late_disposition_hearing" in kinds([*base, late])
    assert "late_disposition_hearing" not in kinds([*base, event("disposition_hearing", "2024-12-06")])
    bypass = event(
        "disposition_hearing",
        "2024-12-18",
        quote="Agency alleges WIC 361.5(b)(10) bypass; disposition hearing held.",
    )
    assert "late_disposition_hearing" not in kinds([*base, bypass])


def test_late_notice_of_366_26_hearing() -> None:
    hearing = event(
        "366.26_hearing", "2024-08-20", quote="Selection and implementation hearing (WIC 366.26)."
    )
    late = event("service", "2024-07-20", quote="Notice of the 366.26 hearing served on mother by mail.")
    (found,) = [v for v in violations([hearing, late]) if v.violation_type == "late_notice_of_366_26_hearing"]
    assert found.legal_basis == "WIC 294(c)(1)"
    assert "31 days" in found.description
    assert len(found.evidence) == 2
    on_time = event(
        "service", "2024-07-01", quote="Notice of the 366.26 hearing served on mother personally."
    )
    assert "late_notice_of_366_26_hearing" not in kinds([hearing, on_time, late])
    assert "late_notice_of_366_26_hearing" not in kinds(
        [hearing]
    )  # no notice in the record: nothing to measure


def test_no_notice_of_detention_hearing() -> None:
    events = [
        event("removal", "2024-03-03"),
        event("petition_filed", "2024-03-04"),
        event("detention_hearing", "2024-03-05"),
    ]
    (found,) = [v for v in violations(events) if v.violation_type == "no_notice_of_detention_hearing"]
    assert found.legal_basis == "WIC 290.1"
    assert "no_notice_of_detention_hearing" not in kinds([*events, NOTICE])
    proof = document("pos-1", "proof_of_service", "2024-03-04")
    assert "no_notice_of_detention_hearing" not in kinds(events, [proof])


def test_icwa_inquiry_reported_not_done() -> None:
    denied = statement(
        "icwa_inquiry", "denied", "The social worker has not asked the mother about Indian ancestry."
    )
    report = document("report-1", "social_worker_report", "2024-03-20", statements=[denied])
    (found,) = [v for v in violations([], [report]) if v.violation_type == "icwa_inquiry_not_done"]
    assert found.legal_basis.startswith("WIC 224.2")
    assert found.person == "mother"
    assert found.evidence[0].document_id == "report-1"
    affirmed = statement(
        "icwa_inquiry", "affirmed", "Mother denied any Indian ancestry when asked on March 4."
    )
    assert not violations(
        [], [document("report-2", "social_worker_report", "2024-03-20", statements=[affirmed])]
    )


def test_no_violation_without_evidence() -> None:
    removal = dataclasses.replace(event("removal", "2024-03-01"), evidence=None, manual=True)
    petition = dataclasses.replace(event("petition_filed", "2024-03-06"), evidence=None, manual=True)
    assert "child_held_without_petition" not in kinds([removal, petition])


def test_minutes_saying_father_not_noticed() -> None:
    events = [
        event("petition_filed", "2024-03-04"),
        NOTICE,
        event("detention_hearing", "2024-03-05", quote="Mother present with counsel. Father not present."),
    ]
    denial = statement("notice_given", "denied", "Father was not noticed of this hearing.", subject="father")
    minutes = document("mo-1", "minute_order", "2024-03-05", statements=[denial])
    (found,) = [
        v for v in violations(events, [minutes]) if v.violation_type == "no_notice_of_detention_hearing"
    ]
    assert found.person == "father"
    assert found.date == d("2024-03-05")
    assert found.evidence[0].document_id == "mo-1"


def test_parent_present_at_detention_hearing_is_not_a_missing_notice() -> None:
    events = [
        event("petition_filed", "2024-03-04"),
        event("detention_hearing", "2024-03-05", quote="Mother and father present; counsel appointed."),
    ]
    assert "no_notice_of_detention_hearing" not in kinds(events)


def test_continuance_ordered_at_the_late_hearing_excuses_nothing() -> None:
    detention = event("detention_hearing", "2024-03-05")
    late = event(
        "jurisdiction_hearing", "2024-04-02", quote="Petition sustained. Disposition continued to April 16."
    )
    assert "late_jurisdiction_hearing" in kinds([detention, late])
    other_kind = event("continuance", "2024-03-20", quote="Disposition report due date continued.")
    assert "late_jurisdiction_hearing" in kinds([detention, other_kind, late])


def test_each_setting_of_a_366_26_hearing_is_measured() -> None:
    first = event(
        "366.26_hearing", "2025-11-13", quote="Hearing under section 366.26 set for November 13, 2025."
    )
    continued = event("366.26_hearing", "2026-01-15", quote="366.26 hearing continued to January 15, 2026.")
    notice = event("service", "2025-10-14", quote="Notice of the 366.26 hearing served by mail.")
    found = [
        v
        for v in violations([first, continued, notice])
        if v.violation_type == "late_notice_of_366_26_hearing"
    ]
    assert [v.date for v in found] == [d("2025-11-13")]  # 30 days before the first; 93 before the second


def test_time_limits_run_per_docket() -> None:

    maya = [
        dataclasses.replace(event("detention_hearing", "2024-11-21"), docket="JV-2024-001234"),
        dataclasses.replace(event("jurisdiction_hearing", "2024-12-23"), docket="JV-2024-001234"),
    ]
    eli = [
        dataclasses.replace(event("detention_hearing", "2025-01-29"), docket="J24-00478"),
        dataclasses.replace(event("jurisdiction_hearing", "2025-03-05"), docket="J24-00478"),
    ]
    late = [v.date for v in violations([*maya, *eli]) if v.violation_type == "late_jurisdiction_hearing"]
    assert late == [d("2024-12-23"), d("2025-03-05")]
