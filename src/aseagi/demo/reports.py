"""Sworn reports and declarations of the DEMO case, and the appeal papers.

The two planted contradictions live here: the detention report's claimed telephone call and the status
review report's "has not requested visitation".
"""

from __future__ import annotations

from aseagi.demo import story as s
from aseagi.demo.court_papers import caption, signature
from aseagi.demo.drafts import Draft
from aseagi.demo.marked_text import MarkedText


def detention_report() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "DETENTION REPORT")
    t.add(
        f"Hearing date: {t.hearing(s.DETENTION, 'detention_hearing', 'long')}   Social worker: "
        f"{s.SOCIAL_WORKER}",
        "Reason for hearing: petition under "
        f"{t.cite('Welf. & Inst. Code, § 300, subd. (b)(1)', 'WIC 300(b)(1)')}",
        "",
        "CIRCUMSTANCES OF REMOVAL",
        f"On {t.date(s.REMOVAL, 'long')} the Hayward Police Department placed the child in protective "
        "custody",
        "after she was found alone on a balcony. The undersigned took custody at the scene.",
        "",
        "NOTICE AND CONTACT WITH PARENTS",
        f"The mother was contacted by telephone on {t.date(s.CALL_CLAIMED, 'long')} and informed of the "
        "date,",
        "time and place of the detention hearing. The father's whereabouts are unknown.",
        "",
        "PRIOR CHILD WELFARE HISTORY",
        f"A Contra Costa County dependency case, {t.docket('24JD00123')}, concerning the half-sibling",
        f"{s.SIBLING}, was dismissed on {t.date(s.PRIOR_DISMISSAL, 'abbr')} after informal supervision.",
        "",
        "RECOMMENDATION",
        f"The child be detained; findings under {t.cite('WIC 319(b)', 'WIC 319(b)')}; supervised visits.",
    )
    signature(t, t.date(s.PETITION_FILED, "long"), s.SOCIAL_WORKER)
    t.add(f"Approved: {s.SUPERVISOR}, Supervisor")
    return Draft(
        s.FILE_DETENTION_REPORT, "pdf", "social_worker_report", t, sworn=True, title="Detention report"
    )


def jurisdiction_report() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "JURISDICTION/DISPOSITION REPORT")
    t.add(
        f"Hearing: Jurisdiction, {t.hearing(s.JURISDICTION, 'jurisdiction_hearing', 'slash')}, Dept. 4",
        f"Report date: {t.date(s.JURIS_REPORT, 'slash')}",
        "",
        "INDIAN CHILD WELFARE ACT STATUS",
        "The mother denied Indian ancestry. The Indian Child Welfare Act inquiry of the father and the",
        "paternal relatives has not been completed: the paternal grandmother and the paternal aunt have not",
        f"been asked about Indian ancestry as {t.cite('WIC 224.2', 'WIC 224.2')} requires. No notice under",
        f"{t.cite('25 U.S.C. § 1912', '25 USC 1912')} has been sent.",
        "",
        "EVIDENCE AND ANALYSIS",
        "The agency relies on the prior referral as evidence of a pattern "
        f"({t.cite('Evid. Code § 1101', 'EVID 1101')}). A jurisdictional finding needs proof of a",
        f"current risk: {t.cite('In re Kieshia E. (1993) 6 Cal.4th 68', '6 Cal.4th 68')} (the child's best",
        "interest guides the court's disposition).",
        "",
        "The mother has completed a parenting intake and attends supervised visits twice a week.",
        "The agency recommends the court sustain the petition under "
        f"{t.cite('WIC 300(b)(1)', 'WIC 300(b)(1)')}.",
    )
    signature(t, t.date(s.JURIS_REPORT, "long"), s.SOCIAL_WORKER)
    return Draft(
        s.FILE_JURIS_REPORT, "docx", "social_worker_report", t, sworn=True, title="Jurisdiction report"
    )


def status_review_report() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "STATUS REVIEW REPORT - SIX-MONTH REVIEW")
    t.add(
        f"Hearing date: {t.hearing(s.SIX_MONTH_REVIEW, 'review_hearing', 'long')}   Social worker: "
        f"{s.SOCIAL_WORKER}",
        f"Review period: {t.date(s.DISPOSITION, 'long')} to {t.date(s.STATUS_REVIEW_REPORT, 'long')}",
        f"Review under {t.cite('Welf. & Inst. Code, § 366.21, subd. (e)', 'WIC 366.21(e)')}.",
        "",
        "VISITATION",
        "The mother has not requested visitation since the disposition hearing. Visits ordered on",
        f"{t.date(s.STATUS_HEARING, 'long')} have been cancelled three times for lack of confirmation.",
        "",
        "SERVICES",
        "The mother completed a parenting class but has not begun individual counseling.",
        f"Half-sibling {s.SIBLING} (case {t.docket('J24-00478')}) was returned to his father on "
        f"{t.date(s.ELI_JURISDICTION, 'long')}.",
        "",
        "RECOMMENDATION",
        f"Terminate reunification services and set a hearing under {t.cite('section 366.26', 'WIC 366.26')}.",
    )
    signature(t, t.date(s.STATUS_REVIEW_REPORT, "long"), s.SOCIAL_WORKER)
    return Draft(
        s.FILE_STATUS_REVIEW, "pdf", "social_worker_report", t, sworn=True, title="Status review report"
    )


def mother_declaration() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "DECLARATION OF DANA WHITFIELD IN SUPPORT OF REQUEST FOR MORE VISITS")
    t.add(
        f"I, {s.MOTHER}, declare:",
        f"1. I am the mother of {s.CHILD}. Since {t.date(s.DISPOSITION, 'slash')} I have attended every "
        "visit the",
        "agency scheduled.",
        f"2. On {t.date(s.STATUS_HEARING, 'slash')} the court reduced my visits to once a week. I asked "
        "the social",
        f"worker by text on {t.date(s.VISIT_TEXTS[0], 'slash')} for the missed visits to be made up.",
        "3. The family court in case "
        f"{t.docket('24FL001927')} gave me joint custody before this case; it considered "
        f"{t.cite('Fam. Code, § 3011', 'FC 3011')}.",
    )
    signature(t, t.date(s.MOTHER_DECLARATION, "slash"), s.MOTHER)
    return Draft("2025-02-18_declaration_of_mother.docx", "docx", "declaration", t, sworn=True)


def notice_of_appeal() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "NOTICE OF APPEAL (JUVENILE)")
    t.add(
        f"{s.MOTHER}, mother, appeals from the order of the juvenile court made on "
        f"{t.date(s.STATUS_HEARING, 'ordinal')}, reducing her visitation.",
        "This notice is filed within 60 days of the order as required by "
        f"{t.cite('rule 8.406(a)', 'CRC 8.406(a)')}",
        f"of the California Rules of Court. Order appealed from: {t.cite('WIC 395', 'WIC 395')} "
        "(appealable order).",
        f"Dated: {t.date(s.NOTICE_OF_APPEAL, 'ordinal')}",
        f"/s/ {s.MOTHER_ATTORNEY}, attorney for mother. Telephone {t.negative('(510) 555-0123')}.",
    )
    return Draft("2025-03-27_notice_of_appeal.docx", "docx", "notice", t, title="Notice of appeal")


def visitation_minutes() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "MINUTE ORDER - STATUS HEARING RE: VISITATION")
    t.add(
        f"Date: {t.hearing(s.STATUS_HEARING, 'status_hearing', 'abbr')}   Dept. 4   {s.JUDGE}",
        "On the agency's request the court reduces the mother's supervised visits to one per week, 1 hour.",
        f"Next hearing: six-month review {t.hearing(s.SIX_MONTH_REVIEW, 'review_hearing', 'abbr')} "
        "(previously set).",
        f"Appeal rights advised ({t.cite('CRC 8.406(a)', 'CRC 8.406(a)')}).",
    )
    return Draft("2025-01-30_minute_order_visitation.rtf", "rtf", "minute_order", t, title="Minute order")


def eli_jurisdiction_minutes() -> Draft:
    t = MarkedText()
    caption(t, "J24-00478", "MINUTE ORDER - JURISDICTION HEARING", child=s.SIBLING)
    t.add(
        f"Date: {t.hearing(s.ELI_JURISDICTION, 'jurisdiction_hearing', 'long')}   Dept. 4",
        f"The hearing is held within the time required by {t.cite('WIC 334', 'WIC 334')}.",
        "The petition is dismissed. The child is released to his father, Tomas Reyes.",
    )
    return Draft(
        "2025-02-20_minute_order_jurisdiction_eli.rtf", "rtf", "minute_order", t, title="Minute order"
    )


def court_of_appeal_docket() -> Draft:
    t = MarkedText()
    t.add(
        "California Courts - Appellate Courts Case Information",
        "First Appellate District, Division 2",
        f"Court of Appeal Case: {t.docket('A171234')}",
        f"In re {s.CHILD}; Alameda County Social Services Agency v. {s.MOTHER}",
        f"Trial court case: {t.docket('JV-2024-001234')}",
        f"Notice of appeal filed: {t.date(s.NOTICE_OF_APPEAL, 'slash4')}",
        f"Record on appeal due: {t.date(s.RECORD_DUE, 'slash4')}",
        f"Appellant's opening brief filed: {t.date(s.OPENING_BRIEF, 'slash4')}",
        "Fee: $0.00 (waived). Page 1 of 1",
    )
    t.negative("$0.00")
    return Draft("2025-04-08_court_of_appeal_docket.html", "html", "other", t, title="Appellate docket")


def casa_report() -> Draft:
    t = MarkedText()
    t.add(
        "CASA of Alameda County - Court Appointed Special Advocate Report",
        f"In re {s.CHILD}, {t.docket('JV-2024-001234')}",
        f"Visits observed on {t.date(s.CASA_VISIT, 'abbr')}: the mother was attentive and on time.",
        f"The mother told me on {t.date(s.VISIT_TEXTS[1], 'abbr')} that she had asked for more visits.",
        # Truth 'hearing' (was a specific type): the text names none, so the document cannot support one.
        f"For the hearing of {t.hearing(s.SIX_MONTH_REVIEW, 'hearing', 'abbr')}, CASA supports more visits.",
        "CASA volunteer: Helen Barros. Phone 510-555-0166.",
    )
    t.negative("510-555-0166")
    return Draft("2025-07-07_casa_report.html", "html", "other", t, title="CASA report")


def notice_of_rights_scan(file_name: str, fmt: str) -> Draft:
    t = MarkedText()
    t.add(
        "ALAMEDA COUNTY SOCIAL SERVICES AGENCY",
        "NOTICE OF RIGHTS - PARENT",
        f"Case No. {t.docket('JV-2024-001234')}",
        f"Parent: {s.MOTHER}",
        "You have the right to a lawyer, to see the",
        "petition, and to a hearing. Records are",
        f"confidential under {t.cite('WIC 827', 'WIC 827')}.",
        f"Received: {t.date(s.NOTICE_RIGHTS_SIGNED, 'long')}",
        f"Next hearing: Jurisdiction hearing, {t.hearing(s.JURISDICTION, 'jurisdiction_hearing', 'long')}",
        "Signature: D. Whitfield",
    )
    return Draft(file_name, fmt, "notice", t, title="Notice of rights")
