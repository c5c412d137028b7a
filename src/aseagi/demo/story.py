"""The facts of the fictional DEMO case: people, dockets, the timeline and what the law made due.

Everyone here is invented. Alameda is a real county; no real case, person or agency employee is meant.
The dates sit around Thanksgiving, Christmas/New Year, Martin Luther King Jr. Day, Lincoln's Birthday,
Presidents' Day and Cesar Chavez Day so court-day arithmetic is exercised. Every expected deadline below
was counted by hand; the comment (and ``computation``) says how.

California judicial holidays used (CCP 135, Gov. Code 6700, CRC 1.11): 2024-11-28 Thanksgiving,
2024-11-29 day after, 2024-12-25, 2025-01-01, 2025-01-20 MLK, 2025-02-12 Lincoln's Birthday (courts
close; the ``holidays`` package does not list it), 2025-02-17 Presidents' Day, 2025-03-31 Cesar Chavez
Day. 2024-12-24 is NOT a judicial holiday. Susan B. Anthony Day (listed by ``holidays``) is NOT one.
"""

from __future__ import annotations

import datetime as dt

from aseagi.demo.truth import (
    ContradictionTruth,
    DeadlineTruth,
    FraudTruth,
    NegativeTruth,
    ViolationTruth,
)

D = dt.date

COUNTY = "Alameda"
COURT = "SUPERIOR COURT OF CALIFORNIA, COUNTY OF ALAMEDA"
JUVENILE_COURT = "Juvenile Court, 2500 Fairmont Drive, San Leandro, CA 94578"
AGENCY = "Alameda County Social Services Agency, Children and Family Services"

CHILD = "Maya Whitfield"
CHILD_DOB = D(2022, 6, 14)
SIBLING = "Eli Whitfield"
SIBLING_DOB = D(2016, 2, 9)
MOTHER = "Dana Whitfield"
FATHER = "Marcus Okafor"
SOCIAL_WORKER = "Karen Ostrander"
SUPERVISOR = "Glen Marchetti"
JUDGE = "Hon. Teresa Lindqvist"
COUNTY_COUNSEL = "Robert Feeney"
MOTHER_ATTORNEY = "Priya Natarajan"
MINOR_ATTORNEY = "Samuel Ordway"
OFFICER = "Officer Jordan Delgado"

MOTHER_EMAIL = "dana.whitfield@example.net"
SW_EMAIL = "kostrander@example.org"
ATTORNEY_EMAIL = "pnatarajan@example.com"
MOTHER_PHONE = "+15105550147"
SW_PHONE = "+15105550199"
ATTORNEY_PHONE = "+15105550123"
FATHER_PHONE = "+15105550188"

# Dockets, normalized (upper case, no spaces).
DOCKET_MAYA = "JV-2024-001234"
DOCKET_ELI = "J24-00478"
DOCKET_PRIOR = "24JD00123"
DOCKET_FAMILY = "24FL001927"
DOCKET_APPEAL = "A171234"
DOCKET_FEDERAL = "3:25-CV-01234-ABC"

# Timeline (Maya, JV-2024-001234).
REMOVAL = D(2024, 11, 18)  # Monday, 3:40 p.m.
PETITION_FILED = D(2024, 11, 20)  # Wednesday
CALL_CLAIMED = D(2024, 11, 19)  # the report's claimed telephone contact; no such call happened
MOTHER_EMAIL_NOBODY_CALLED = D(2024, 11, 20)
DETENTION = D(2024, 11, 21)  # Thursday
DUE_DILIGENCE_SIGNED = D(2024, 12, 2)  # the fraud: describes the 12/23 hearing as past
JURIS_REPORT = D(2024, 12, 18)
JURISDICTION = D(2024, 12, 23)  # 20 court days after detention; no continuance finding
DISPO_SET = D(2025, 1, 8)
DISPOSITION = D(2025, 1, 16)  # continued from 1/8 with a good-cause finding (negative)
STATUS_HEARING = D(2025, 1, 30)  # visitation order; appealed
ELI_REMOVAL = D(2025, 1, 27)
ELI_PETITION = D(2025, 1, 28)
ELI_DETENTION = D(2025, 1, 29)
ELI_JURISDICTION = D(2025, 2, 20)
NOTICE_OF_APPEAL = D(2025, 3, 27)
VISIT_TEXTS = (D(2025, 2, 11), D(2025, 4, 3), D(2025, 5, 22))
STATUS_REVIEW_REPORT = D(2025, 6, 30)
SIX_MONTH_REVIEW = D(2025, 7, 14)
SECTION_26_NOTICE_SERVED = D(2025, 10, 14)  # by mail, 30 days before the hearing
SECTION_26_HEARING = D(2025, 11, 13)
PERSONAL_SERVICE = D(2025, 11, 14)
PRIOR_DISMISSAL = D(2024, 5, 2)
NOTICE_RIGHTS_SIGNED = D(2024, 11, 25)
MOTHER_DECLARATION = D(2025, 2, 18)
RECORD_DUE = D(2025, 5, 19)
OPENING_BRIEF = D(2025, 6, 23)
CASA_VISIT = D(2025, 6, 12)
CONTINUED_26_HEARING = D(2026, 1, 15)
FAMILY_HEARING = D(2024, 12, 10)
FEDERAL_FILED = D(2025, 12, 4)
TODAY = D(2025, 12, 10)

DEADLINES: tuple[DeadlineTruth, ...] = (
    DeadlineTruth(
        rule="WIC 313",
        trigger="removal",
        trigger_date=REMOVAL,
        due_date=D(2024, 11, 20),
        docket=DOCKET_MAYA,
        computation="Removed Mon 2024-11-18 3:40 p.m.; 48 hours, no non-judicial day inside: Wed 2024-11-20.",
    ),
    DeadlineTruth(
        rule="WIC 315",
        trigger="petition filed",
        trigger_date=PETITION_FILED,
        due_date=D(2024, 11, 21),
        docket=DOCKET_MAYA,
        computation="Petition filed Wed 2024-11-20; end of the next judicial day: Thu 2024-11-21.",
    ),
    DeadlineTruth(
        rule="WIC 334",
        trigger="detention order",
        trigger_date=DETENTION,
        due_date=D(2024, 12, 16),
        docket=DOCKET_MAYA,
        computation=(
            "15 court days after Thu 2024-11-21: 11/22=1, 11/25=2, 11/26=3, 11/27=4, (11/28 Thanksgiving, "
            "11/29 day after: closed), 12/2=5, 12/3=6, 12/4=7, 12/5=8, 12/6=9, 12/9=10, 12/10=11, "
            "12/11=12, 12/12=13, 12/13=14, 12/16=15."
        ),
    ),
    DeadlineTruth(
        rule="WIC 358(a)",
        trigger="jurisdiction finding",
        trigger_date=JURISDICTION,
        due_date=D(2025, 1, 8),
        docket=DOCKET_MAYA,
        computation=(
            "10 court days after Mon 2024-12-23: 12/24=1 (not a judicial holiday), (12/25 closed), 12/26=2, "
            "12/27=3, 12/30=4, 12/31=5, (1/1 closed), 1/2=6, 1/3=7, 1/6=8, 1/7=9, 1/8=10."
        ),
    ),
    DeadlineTruth(
        rule="WIC 352(b)",
        trigger="detention hearing",
        trigger_date=DETENTION,
        due_date=D(2025, 1, 21),
        docket=DOCKET_MAYA,
        computation=(
            "60 calendar days after 2024-11-21: 11/21+30=12/21, +30=2025-01-20, Martin Luther King Jr. "
            "Day (closed), so the next court day Tue 2025-01-21 (CCP 12a)."
        ),
    ),
    DeadlineTruth(
        rule="CRC 8.406(a)",
        trigger="disposition order",
        trigger_date=DISPOSITION,
        due_date=D(2025, 3, 17),
        docket=DOCKET_MAYA,
        computation="60 days after Thu 2025-01-16: 1/16+15=1/31, +28=2/28, +17=3/17 (Monday, open).",
    ),
    DeadlineTruth(
        rule="CRC 8.406(a)",
        trigger="visitation order",
        trigger_date=STATUS_HEARING,
        due_date=D(2025, 4, 1),
        docket=DOCKET_MAYA,
        computation=(
            "60 days after Thu 2025-01-30: 1/30+1=1/31, +28=2/28, +31=3/31 = day 60, Cesar Chavez Day "
            "(closed), so Tue 2025-04-01."
        ),
    ),
    DeadlineTruth(
        rule="WIC 366.21(e)",
        trigger="disposition hearing",
        trigger_date=DISPOSITION,
        due_date=D(2025, 7, 16),
        docket=DOCKET_MAYA,
        computation="Six months after Thu 2025-01-16: Wed 2025-07-16 (open).",
    ),
    DeadlineTruth(
        rule="CRC 8.450(e)",
        trigger="order setting a 366.26 hearing",
        trigger_date=SIX_MONTH_REVIEW,
        due_date=D(2025, 7, 21),
        docket=DOCKET_MAYA,
        computation="Mother present and advised in court: 7 days after Mon 2025-07-14 = Mon 2025-07-21.",
    ),
    DeadlineTruth(
        rule="WIC 294(c)(1)",
        trigger="366.26 hearing",
        trigger_date=SECTION_26_HEARING,
        due_date=D(2025, 9, 29),
        docket=DOCKET_MAYA,
        computation=(
            "Service complete at least 45 days before Thu 2025-11-13: 11/13-13=10/31, -30=10/1, -2=9/29 "
            "(Monday, open): the last day service may be completed."
        ),
    ),
    DeadlineTruth(
        rule="WIC 315",
        trigger="petition filed",
        trigger_date=ELI_PETITION,
        due_date=D(2025, 1, 29),
        docket=DOCKET_ELI,
        computation="Petition filed Tue 2025-01-28; next judicial day Wed 2025-01-29.",
    ),
    DeadlineTruth(
        rule="WIC 334",
        trigger="detention order",
        trigger_date=ELI_DETENTION,
        due_date=D(2025, 2, 21),
        docket=DOCKET_ELI,
        computation=(
            "15 court days after Wed 2025-01-29: 1/30=1, 1/31=2, 2/3=3, 2/4=4, 2/5=5, 2/6=6, 2/7=7, "
            "2/10=8, 2/11=9, (2/12 Lincoln's Birthday closed), 2/13=10, 2/14=11, (2/17 Presidents' Day "
            "closed), 2/18=12, 2/19=13, 2/20=14, 2/21=15."
        ),
    ),
    DeadlineTruth(
        rule="WIC 352(b)",
        trigger="detention hearing",
        trigger_date=ELI_DETENTION,
        due_date=D(2025, 4, 1),
        docket=DOCKET_ELI,
        computation=(
            "60 days after Wed 2025-01-29: 1/29+2=1/31, +28=2/28, +30=3/30 (Sunday), Mon 3/31 Cesar "
            "Chavez Day (closed), so Tue 2025-04-01."
        ),
    ),
)

FILE_DETENTION_REPORT = "2024-11-20_detention_report.pdf"
FILE_CALL_LOG = "mother_call_log.xml"
FILE_MOTHER_NOBODY_CALLED = "2024-11-20_email_nobody_called.eml"
FILE_TEXTS = "mother_sms_backup.xml"
FILE_STATUS_REVIEW = "2025-06-30_status_review_report.pdf"
FILE_DUE_DILIGENCE = "2024-12-02_declaration_due_diligence.pdf"
FILE_JURIS_REPORT = "2024-12-18_jurisdiction_disposition_report.docx"
FILE_DETENTION_MINUTES = "2024-11-21_minute_order_detention.pdf"
FILE_JURIS_MINUTES = "2024-12-23_minute_order_jurisdiction.pdf"
FILE_DISPO_CONTINUANCE = "2025-01-08_minute_order_continuance.pdf"
FILE_26_NOTICE = "2025-10-14_notice_366_26_hearing.pdf"
FILE_26_PROOF = "2025-10-14_proof_of_service_mail.pdf"

VIOLATIONS: tuple[ViolationTruth, ...] = (
    ViolationTruth(
        legal_basis="WIC 334",
        date=JURISDICTION,
        acceptable_dates=[D(2024, 12, 16), DETENTION],
        description="Jurisdiction hearing held 20 court days after the detention order; no continuance "
        "finding.",
        documents=[FILE_JURIS_MINUTES, FILE_DETENTION_MINUTES],
    ),
    ViolationTruth(
        legal_basis="WIC 294(c)(1)",
        date=SECTION_26_NOTICE_SERVED,
        acceptable_dates=[SECTION_26_HEARING, D(2025, 9, 29)],
        description="Notice of the 366.26 hearing served by mail 30 days before it; 45 are required.",
        documents=[FILE_26_NOTICE, FILE_26_PROOF],
    ),
    ViolationTruth(
        legal_basis="WIC 224.2",
        date=JURIS_REPORT,
        acceptable_dates=[JURISDICTION, DETENTION],
        description="The agency reports the ICWA inquiry of the paternal relatives was not done.",
        documents=[FILE_JURIS_REPORT],
    ),
    ViolationTruth(
        legal_basis="WIC 290.1",
        date=DETENTION,
        acceptable_dates=[PETITION_FILED],
        description="No proof of notice to the father before the detention hearing; minutes say not noticed.",
        documents=[FILE_DETENTION_MINUTES],
    ),
)

CONTRADICTIONS: tuple[ContradictionTruth, ...] = (
    ContradictionTruth(
        description=(
            "The sworn detention report says the mother was contacted by telephone on 2024-11-19; her call "
            "log has no call that day and her e-mail of 2024-11-20 says nobody called."
        ),
        sworn_document=FILE_DETENTION_REPORT,
        contradicting_documents=[FILE_CALL_LOG, FILE_MOTHER_NOBODY_CALLED],
    ),
    ContradictionTruth(
        description=(
            "The sworn status review report says the mother has not requested visitation; three texts to "
            "the social worker ask for visits."
        ),
        sworn_document=FILE_STATUS_REVIEW,
        contradicting_documents=[FILE_TEXTS],
    ),
)

FRAUD: tuple[FraudTruth, ...] = (
    FraudTruth(
        kind="dated_before_event",
        document=FILE_DUE_DILIGENCE,
        date=DUE_DILIGENCE_SIGNED,
        description="Declaration executed 2024-12-02 describes the 2024-12-23 jurisdiction hearing as past.",
    ),
)

NEGATIVES: tuple[NegativeTruth, ...] = (
    NegativeTruth(
        kind="continuance_with_good_cause",
        description="Disposition continued from 2025-01-08 to 2025-01-16 with a section 352 good-cause "
        "finding, within 60 days of detention: no WIC 358(a) or 352(b) violation.",
        documents=[FILE_DISPO_CONTINUANCE],
    ),
    NegativeTruth(
        kind="docket_lookalikes",
        description="Phone numbers, zip codes, 'Page 2 of 5' and dollar amounts are not dockets or dates.",
        documents=[],
    ),
)

DEADLINES = (
    *DEADLINES,
    DeadlineTruth(
        rule="WIC 313",
        trigger="removal",
        trigger_date=ELI_REMOVAL,
        due_date=D(2025, 1, 29),
        docket=DOCKET_ELI,
        computation="Removed Mon 2025-01-27; 48 hours, no non-judicial day inside: Wed 2025-01-29.",
    ),
)

DEADLINES = (
    *DEADLINES,
    DeadlineTruth(
        rule="WIC 294(c)(1)",
        trigger="366.26 hearing",
        trigger_date=CONTINUED_26_HEARING,
        due_date=D(2025, 12, 1),
        docket=DOCKET_MAYA,
        computation="45 days before Thu 2026-01-15: 1/15-15=12/31, -30=12/1 (Monday, open).",
    ),
)

DEADLINES = (
    *DEADLINES,
    DeadlineTruth(
        rule="WIC 366.21(f)",
        trigger="entry into foster care",
        trigger_date=JURISDICTION,
        due_date=D(2025, 12, 23),
        docket=DOCKET_MAYA,
        required=False,
        computation=(
            "Entered foster care at the earlier of the jurisdiction hearing (2024-12-23) and 60 days after "
            "removal (2025-01-17); 12 months later: Tue 2025-12-23. Moot once the 366.26 hearing was set."
        ),
    ),
    DeadlineTruth(
        rule="WIC 290.1",
        trigger="petition filed",
        trigger_date=PETITION_FILED,
        due_date=DETENTION,
        docket=DOCKET_MAYA,
        required=False,
        computation="Notice to the parents as soon as possible after filing, by the detention hearing.",
    ),
    # Added: the same WIC 290.1 rule applies to Eli's petition; like Maya's it is informational (optional),
    # and an analyzer that applies the rule to both petitions must not be counted wrong for it.
    DeadlineTruth(
        rule="WIC 290.1",
        trigger="petition filed",
        trigger_date=ELI_PETITION,
        due_date=ELI_DETENTION,
        docket=DOCKET_ELI,
        required=False,
        computation="Notice to the parents as soon as possible after filing, by the detention hearing.",
    ),
)
