"""Court papers of the DEMO case: petition, minute orders, notices, proofs of service, police report.

Each function returns a ``Draft``; every date, docket and citation is written through the draft's
``MarkedText`` so the ground truth follows the text. Formats vary on purpose, as real files do.
"""

from __future__ import annotations

from aseagi.demo import story as s
from aseagi.demo.drafts import Draft
from aseagi.demo.marked_text import MarkedText

PERJURY = (
    "I declare under penalty of perjury under the laws of the State of California that the foregoing is true"
)


def caption(t: MarkedText, docket: str, title: str, child: str = s.CHILD) -> None:
    t.add(
        s.COURT,
        "JUVENILE DIVISION",
        f"In re {child}, a Person Coming Under the Juvenile Court Law.",
        f"Case No. {t.docket(docket)}",
        title,
        "",
    )


def signature(t: MarkedText, day_text: str, signer: str, place: str = "Hayward") -> None:
    t.add(
        "",
        f"{PERJURY} and correct. Executed on {day_text} at {place}, California.",
        "",
        f"/s/ {signer}",
        signer,
    )


def police_report() -> Draft:
    t = MarkedText()
    t.add(
        "HAYWARD POLICE DEPARTMENT",
        "INCIDENT REPORT - CHILD ENDANGERMENT",
        f"Reporting officer: {s.OFFICER}, Badge 4471",
        f"Date of incident: {t.date(s.REMOVAL, 'slash4')}   Time: 1530 hours",
        f"Location: 2210 Larchmont Avenue, Hayward, CA {t.negative('94544')}",
        f"Offense: {t.cite('Pen. Code § 273a', 'PC 273a')} (child endangerment)",
        "",
        "NARRATIVE",
        f"On {t.date(s.REMOVAL, 'long')} I responded to a call from a neighbor reporting a small child alone",
        f"on the second-floor balcony. I found {s.CHILD} (age 2) unattended. The mother, {s.MOTHER},",
        "returned at 1555 hours and said she had gone to a pharmacy. The apartment had exposed wiring and",
        "medications within reach of the child. At 1540 hours the child was taken into protective custody",
        f"and released to the social worker {s.SOCIAL_WORKER} of the {s.AGENCY}.",
        f"The mother stated that a custody order exists in the family court, case {t.docket('24FL001927')},",
        f"between her and the father {s.FATHER}. The mother can be reached at "
        f"{t.negative('(510) 555-0147')}.",
        f"Estimated damage to the door: {t.negative('$1,250.00')}. No arrest was made.",
        "",
        f"Report approved {t.date(s.REMOVAL, 'abbr')} by Sgt. L. Amundsen.",
    )
    return Draft("2024-11-18_police_report.pdf", "pdf", "police_report", t, title="Incident report")


def petition() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "JUVENILE DEPENDENCY PETITION (Welf. & Inst. Code, § 300)")
    t.cite("Welf. & Inst. Code, § 300", "WIC 300")
    t.add(
        f"Child: {s.CHILD}   DOB: {t.date(s.CHILD_DOB, 'slash4')}   Age: 2",
        f"Mother: {s.MOTHER}   Father: {s.FATHER} (whereabouts known, address not verified)",
        f"The child was taken into protective custody on {t.date(s.REMOVAL, 'long')} at 3:40 p.m.",
        "",
        f"b-1. The child comes within {t.cite('section 300, subdivision (b)(1)', 'WIC 300(b)(1)')} in that "
        "the",
        "child has suffered, or there is a substantial risk that the child will suffer, serious physical "
        "harm",
        "as a result of the failure of the parent to adequately supervise or protect the child. On or about",
        f"{t.date(s.REMOVAL, 'abbr')} the mother left the child alone in the home for a period of time.",
        "",
        "Indian Child Welfare Act: inquiry of the mother made; inquiry of the father and paternal relatives",
        f"pending ({t.cite('Welf. & Inst. Code, § 224.2', 'WIC 224.2')}).",
        f"Related cases: family law {t.docket('24FL001927')}; prior dependency (Contra Costa) "
        f"{t.docket('24JD00123')}.",
        "",
        f"Petition filed {t.date(s.PETITION_FILED, 'slash')} by {s.SOCIAL_WORKER}, Petitioner.",
        f"{PERJURY} and correct. Dated: {t.date(s.PETITION_FILED, 'long')}",
        f"/s/ {s.SOCIAL_WORKER}",
    )
    return Draft("2024-11-20_petition_wic300.pdf", "pdf", "petition", t, sworn=True, title="Petition")


def detention_minutes() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "MINUTE ORDER - DETENTION HEARING")
    t.add(
        f"Date: {t.hearing(s.DETENTION, 'detention_hearing', 'slash')}   Dept. 4   Time: 8:30 a.m.",
        f"Judicial Officer: {s.JUDGE}   Clerk: M. Oyelaran   Reporter: none",
        f"Appearances: Mother {s.MOTHER} present with counsel {s.MOTHER_ATTORNEY}. County Counsel "
        f"{s.COUNTY_COUNSEL}. Minor's counsel {s.MINOR_ATTORNEY}. Father not present.",
        "NOTICE: Mother - given. Father - not given; no proof of notice to the father is in the file.",
        "",
        f"The court finds a prima facie showing under {t.cite('WIC 319(b)', 'WIC 319(b)')} that the child",
        f"comes within {t.cite('section 300', 'WIC 300')} and that continuance in the home is contrary to "
        "the child's welfare.",
        "The child is detained in the home of an approved relative.",
        f"The court has read and considered the detention report dated {t.date(s.PETITION_FILED, 'slash')}.",
        f"ICWA: the court orders further inquiry under {t.cite('25 U.S.C. § 1912', '25 USC 1912')}.",
        "",
        f"JURISDICTION HEARING set for {t.hearing(s.JURISDICTION, 'jurisdiction_hearing', 'slash')} at "
        "8:30 a.m. in Dept. 4.",
        "No time waiver was taken. No finding of good cause for a later date was made.",
        "Visitation: mother supervised, 2 times per week, 2 hours.",
        "Page 1 of 1",
    )
    t.negative("Page 1 of 1")
    return Draft(s.FILE_DETENTION_MINUTES, "pdf", "minute_order", t, title="Minute order")


def notice_of_jurisdiction_hearing() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "NOTICE OF HEARING ON JUVENILE DEPENDENCY PETITION")
    t.add(
        f"To: {s.MOTHER}, mother",
        "2210 Larchmont Avenue, Apt. 2B, Hayward, CA 94544",
        "A JURISDICTION HEARING will be held on "
        f"{t.hearing(s.JURISDICTION, 'jurisdiction_hearing', 'weekday')}"
        " at 8:30 a.m., Department 4, at the juvenile court.",
        f"The hearing is held under {t.cite('WIC § 334', 'WIC 334')}. You have the right to be represented",
        f"by counsel ({t.cite('Cal. Rules of Court, rule 5.534', 'CRC 5.534')}).",
        f"Date notice issued: {t.date(s.DETENTION, 'long')}",
        f"Clerk of the Court, by M. Oyelaran, Deputy. Telephone {t.negative('510-555-0110')}.",
    )
    t.negative("94544")
    return Draft(
        "2024-11-21_notice_of_jurisdiction_hearing.pdf", "pdf", "notice", t, title="Notice of hearing"
    )


def proof_of_service_mail_2024() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "PROOF OF SERVICE BY MAIL")
    served = s.DETENTION.replace(day=22)
    t.add(
        "I am over 18 years of age and not a party to this action. My business address is 24100 Amador",
        f"Street, Hayward, CA {t.negative('94544')}.",
        f"On {t.date(served, 'ordinal')}, I served the Notice of Hearing on Juvenile Dependency Petition",
        f"(jurisdiction hearing of {t.hearing(s.JURISDICTION, 'jurisdiction_hearing', 'abbr')}) by "
        "depositing a copy in the United",
        f"States mail at Hayward, California, first-class postage prepaid, addressed to {s.MOTHER},",
        "2210 Larchmont Avenue, Apt. 2B, Hayward, CA 94544.",
        "Service by mail is complete as provided in "
        f"{t.cite('Code Civ. Proc., § 1013, subd. (a)', 'CCP 1013(a)')}.",
        "No copy was mailed to the father; his address was not verified.",
    )
    signature(t, t.date(served, "long"), "Luz Carranza, Legal Clerk")
    return Draft("2024-11-22_proof_of_service_mail.pdf", "pdf", "proof_of_service", t, sworn=True)


def due_diligence_declaration() -> Draft:
    """The planted fraud: executed before the hearing it describes as past."""
    t = MarkedText()
    caption(t, "JV-2024-001234", "DECLARATION OF DUE DILIGENCE RE: SEARCH FOR FATHER")
    t.add(
        f"I, {s.SOCIAL_WORKER}, declare:",
        f"1. I am the assigned social worker. Since {t.date(s.REMOVAL, 'long')} I have searched for the "
        "father,",
        f"{s.FATHER}, through the CLETS system, the family court file {t.docket('24FL001927')} and "
        "relatives.",
        f"2. At the jurisdiction hearing on {t.hearing(s.JURISDICTION, 'jurisdiction_hearing', 'long')}, the",
        "father did not appear, and the court found that the agency had exercised due diligence.",
        "3. The paternal grandmother was not contacted.",
    )
    signature(t, t.date(s.DUE_DILIGENCE_SIGNED, "long"), s.SOCIAL_WORKER)
    return Draft(
        s.FILE_DUE_DILIGENCE, "pdf", "declaration", t, sworn=True, title="Declaration of due diligence"
    )


def jurisdiction_minutes() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "MINUTE ORDER - JURISDICTION HEARING")
    t.add(
        f"Hearing date: {t.hearing(s.JURISDICTION, 'jurisdiction_hearing', 'long')}   Department 4",
        f"Judicial Officer: {s.JUDGE}",
        f"Mother present with counsel {s.MOTHER_ATTORNEY}. Father not present.",
        f"The detention order of {t.date(s.DETENTION, 'long')} was the last order; no continuance was",
        "requested or granted and no finding of good cause or exceptional circumstances was made.",
        f"The court sustains count b-1 of the petition under {t.cite('WIC 300(b)(1)', 'WIC 300(b)(1)')} and",
        "finds the child is a person described by that section.",
        "The court admits the prior referral evidence over objection "
        f"({t.cite('Evid. Code § 1101', 'EVID 1101')}).",
        f"DISPOSITION HEARING set for {t.hearing(s.DISPO_SET, 'disposition_hearing', 'slash')} at 8:30 a.m.",
    )
    return Draft(s.FILE_JURIS_MINUTES, "pdf", "minute_order", t, title="Minute order")


def continuance_minutes() -> Draft:
    """The negative: a continuance WITH a good-cause finding, inside the 60-day limit."""
    t = MarkedText()
    caption(t, "JV-2024-001234", "MINUTE ORDER - DISPOSITION HEARING (CONTINUED)")
    t.add(
        f"Date: {t.hearing(s.DISPO_SET, 'disposition_hearing', 'abbr')}   Dept. 4   {s.JUDGE}",
        "On the motion of the mother's counsel, the agency's addendum report having been served late, the",
        "court finds good cause to continue the hearing under "
        f"{t.cite('Welf. & Inst. Code, § 352', 'WIC 352')}",
        "and finds the continuance is not contrary to the interest of the minor. The dispositional hearing",
        "remains within 60 days of the detention hearing of "
        f"{t.hearing(s.DETENTION, 'detention_hearing', 'abbr')}.",
        f"Disposition hearing continued to {t.hearing(s.DISPOSITION, 'disposition_hearing', 'abbr')} at "
        "8:30 a.m.",
        "All parties ordered to return. Page 1 of 1",
    )
    t.negative("Page 1 of 1")
    return Draft(s.FILE_DISPO_CONTINUANCE, "pdf", "minute_order", t, title="Minute order")


def electronic_service_proof() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "PROOF OF ELECTRONIC SERVICE")
    served = s.DISPO_SET.replace(day=10)
    t.add(
        f"On {t.date(served, 'iso')} I served the Addendum Report and the minute order of "
        f"{t.date(s.DISPO_SET, 'iso')} by electronic transmission",
        f"under {t.cite('Code Civ. Proc. § 1010.6', 'CCP 1010.6')} to: {s.ATTORNEY_EMAIL} (counsel for "
        "mother),",
        "so@example.org (minor's counsel), and cc@example.org (county counsel).",
        "The transmission was reported as complete and without error.",
    )
    signature(t, t.date(served, "iso"), "Luz Carranza, Legal Clerk", place="Oakland")
    return Draft("2025-01-10_proof_of_electronic_service.pdf", "pdf", "proof_of_service", t, sworn=True)


def disposition_minutes() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "FINDINGS AND ORDERS AFTER DISPOSITIONAL HEARING")
    t.add(
        f"Hearing date: {t.hearing(s.DISPOSITION, 'disposition_hearing', 'long')}",
        "The child is declared a dependent of the court and removed from the mother's physical custody.",
        "Family reunification services are ordered for the mother. Findings made by clear and convincing",
        f"evidence ({t.cite('Cal. Rules of Court, rule 5.690', 'CRC 5.690')}).",
        f"SIX-MONTH REVIEW HEARING set for {t.hearing(s.SIX_MONTH_REVIEW, 'review_hearing', 'long')} under",
        f"{t.cite('Welf. & Inst. Code § 366.21(e)', 'WIC 366.21(e)')}.",
        "The parents were advised of their right to appeal; a notice of appeal must be filed within 60 days",
        f"after the order ({t.cite('rule 8.406(a)', 'CRC 8.406(a)')}).",
    )
    return Draft(
        "2025-01-16_minute_order_disposition.pdf", "pdf", "court_order", t, title="Findings and orders"
    )


def eli_detention_minutes() -> Draft:
    t = MarkedText()
    caption(t, "J24-00478", "MINUTE ORDER - DETENTION HEARING", child=s.SIBLING)
    t.add(
        f"Date: {t.hearing(s.ELI_DETENTION, 'detention_hearing', 'iso')}   Dept. 4   {s.JUDGE}",
        f"Petition filed {t.date(s.ELI_PETITION, 'iso')}; child removed {t.date(s.ELI_REMOVAL, 'iso')}.",
        f"Related case: {t.docket('JV-2024-001234')} (half-sibling).",
        f"Prima facie showing made ({t.cite('WIC 319(b)', 'WIC 319(b)')}). The child is detained.",
        "Notice: mother - given; father Tomas Reyes - given.",
        f"JURISDICTION HEARING set for {t.hearing(s.ELI_JURISDICTION, 'jurisdiction_hearing', 'iso')}, "
        "Dept. 4.",
    )
    return Draft("2025-01-29_minute_order_detention_eli.pdf", "pdf", "minute_order", t, title="Minute order")


def six_month_minutes() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "MINUTE ORDER - SIX-MONTH REVIEW HEARING")
    t.add(
        f"Date: {t.hearing(s.SIX_MONTH_REVIEW, 'review_hearing', 'abbr')}   Dept. 4   {s.JUDGE}",
        "Mother present with counsel. The court terminates reunification services (the child was under",
        f"three on removal) and sets a hearing under {t.cite('Welf. & Inst. Code, § 366.26', 'WIC 366.26')}.",
        f"366.26 HEARING set for {t.hearing(s.SECTION_26_HEARING, '366.26_hearing', 'abbr')} at 1:30 p.m.",
        "The mother, present in court, was advised orally that to preserve her right to review of this order",
        "she must file a notice of intent to file a writ petition within 7 days of today "
        f"({t.cite('Cal. Rules of Court, rule 8.450(e)', 'CRC 8.450(e)')}).",
    )
    return Draft(
        "2025-07-14_minute_order_six_month_review.pdf", "pdf", "minute_order", t, title="Minute order"
    )


def notice_366_26() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "NOTICE OF HEARING ON SELECTION OF A PERMANENT PLAN")
    t.add(
        f"To: {s.MOTHER}, mother, and {s.FATHER}, father",
        f"A hearing under {t.cite('section 366.26', 'WIC 366.26')} will be held on "
        f"{t.hearing(s.SECTION_26_HEARING, '366.26_hearing', 'long')} at 1:30 p.m. in Department 4.",
        "At this hearing the court may terminate your parental rights and free the child for adoption.",
        f"Notice is given under {t.cite('Welf. & Inst. Code, § 294, subd. (c)(1)', 'WIC 294(c)(1)')}.",
        f"Date of notice: {t.date(s.SECTION_26_NOTICE_SERVED, 'long')}",
        "Page 1 of 2",
        "",
        "You may request a lawyer. Juvenile records are confidential "
        f"({t.cite('WIC 827', 'WIC 827')}). Page 2 of 2",
    )
    t.negative("Page 2 of 2")
    return Draft(s.FILE_26_NOTICE, "pdf", "notice", t, title="Notice of 366.26 hearing")


def proof_of_service_366_26() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "PROOF OF SERVICE BY FIRST-CLASS MAIL")
    t.add(
        f"On {t.date(s.SECTION_26_NOTICE_SERVED, 'slash4')} I served the Notice of Hearing on Selection of a",
        f"Permanent Plan for the hearing of {t.hearing(s.SECTION_26_HEARING, '366.26_hearing', 'slash4')} "
        "on the mother and the",
        "father by first-class mail, postage prepaid, at Hayward, California.",
        f"Addresses: {s.MOTHER}, 2210 Larchmont Avenue, Apt. 2B, Hayward, CA 94544; {s.FATHER},",
        "18 Cypress Court, Fremont, CA 94536.",
    )
    t.negative("94536")
    signature(t, t.date(s.SECTION_26_NOTICE_SERVED, "slash4"), "Luz Carranza, Legal Clerk")
    return Draft(s.FILE_26_PROOF, "pdf", "proof_of_service", t, sworn=True)


def minutes_366_26_continued() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", f"MINUTE ORDER - {t.cite('SECTION 366.26', 'WIC 366.26')} HEARING")
    t.add(
        f"Date: {t.hearing(s.SECTION_26_HEARING, '366.26_hearing', 'slash4')}   Dept. 4   {s.JUDGE}",
        "Mother's counsel objects that notice was served by mail only 30 days before the hearing.",
        "The court finds notice was not timely and, for good cause, continues the hearing so that notice",
        "may be given as the law requires.",
        f"366.26 hearing continued to {t.hearing(s.CONTINUED_26_HEARING, '366.26_hearing', 'slash4')} "
        "at 1:30 p.m.",
    )
    return Draft(
        "2025-11-13_minute_order_366_26_continued.pdf", "pdf", "minute_order", t, title="Minute order"
    )


def personal_service_proof() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "PROOF OF PERSONAL SERVICE")
    t.add(
        f"On {t.date(s.PERSONAL_SERVICE, 'abbr')} at 10:15 a.m. I personally delivered the Notice of Hearing",
        "on Selection of a Permanent Plan (hearing of "
        f"{t.hearing(s.CONTINUED_26_HEARING, '366.26_hearing', 'abbr')}) to",
        f"{s.MOTHER} at 2210 Larchmont Avenue, Hayward.",
    )
    signature(t, t.date(s.PERSONAL_SERVICE, "abbr"), "Pedro Almanza, Process Server")
    return Draft("2025-11-14_proof_of_personal_service.pdf", "pdf", "proof_of_service", t, sworn=True)


def icwa_inquiry_form() -> Draft:
    t = MarkedText()
    caption(t, "JV-2024-001234", "INDIAN CHILD INQUIRY ATTACHMENT")
    t.add(
        f"Completed by the mother on {t.date(s.DETENTION, 'dmy')}.",
        "[X] The child has no known Indian ancestry through the mother.",
        "[ ] Father: not asked. Paternal relatives: not asked.",
        f"Required by {t.cite('Welf. & Inst. Code, § 224.2, subd. (b)', 'WIC 224.2(b)')} and "
        f"{t.cite('25 U.S.C. § 1912', '25 USC 1912')}.",
    )
    return Draft("2024-11-21_icwa_inquiry_attachment.pdf", "pdf", "other", t, title="ICWA inquiry")


def family_court_order() -> Draft:
    t = MarkedText()
    t.add(
        "SUPERIOR COURT OF CALIFORNIA, COUNTY OF ALAMEDA - FAMILY LAW",
        f"Case Number: {t.docket('24FL001927')}",
        f"Petitioner: {s.MOTHER}   Respondent: {s.FATHER}",
        "ORDER AFTER HEARING ON REQUEST FOR CUSTODY",
        f"Hearing: {t.hearing(s.FAMILY_HEARING, 'hearing', 'long')}",
        "The family court stays its custody orders while the juvenile case "
        f"{t.docket('JV-2024-001234')} is pending.",
        f"In deciding custody the court has considered {t.cite('Fam. Code, § 3011', 'FC 3011')}.",
    )
    return Draft("2024-12-10_family_court_order.pdf", "pdf", "court_order", t, title="Order after hearing")
