"""The dashboards' aggregates on a small case: each SQL question answered for one case and for all."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.models import ProcessingBatch
from aseagi.stats import repository
from aseagi.stats.schemas import Bucket, ScoreBin
from tests.telegram.seed import SeededCase, add_document, add_violation, seed


async def seeded(session: AsyncSession) -> SeededCase:
    s = await seed(session)
    await add_document(
        session,
        s.case,
        file_name="p.pdf",
        document_type="petition",
        smoking_gun=True,
        perjury_indicators=[
            {
                "description": "a",
                "confidence": 0.9,
                "evidence": [{"document_id": str(s.smoking_gun.id), "quote": "q", "page": 2}, {"quote": "r"}],
            },
            {"description": "one passage only", "evidence": [{"quote": "x"}]},
            "an old row's string",
        ],
        fraud_indicators=[{"x": 1}, {"y": 2}],
        analysis={
            "citations": [{"normalized": "WIC 319(b)", "kind": "statute"}, {"normalized": "CRC 5.668"}]
        },
        micro_score=150,
        legal_score=999,
    )
    await add_document(
        session,
        s.other,
        file_name="q.pdf",
        analysis={"citations": "an old row's string"},
        fraud_indicators="an old row's string",
        perjury_indicators=[
            {"confidence": 0.2, "evidence": [{"quote": "1"}, {"quote": "2"}, {"quote": "3"}]}
        ],
    )
    await add_violation(session, s.case, legal_basis="WIC 319(b)", severity="CRITICAL")
    await add_violation(session, s.case, legal_basis="Penal 118", review_status="dismissed")
    await add_violation(session, s.other, legal_basis="Penal 118", severity="HIGH", violation_type="Other")
    session.add(ProcessingBatch(job_id="stats-test", case_id=s.case.id, source="folder", status="running"))
    await session.flush()
    return s


async def test_document_counts_group_in_one_scan(session: AsyncSession) -> None:
    s = await seeded(session)
    every = await repository.document_counts(session, None)
    assert (every["documents"], every["fraud_indicators"], every["perjury_indicators"]) == (8, 2, 4)
    assert Bucket(key="petition", count=1) in every["by_type"]
    assert every["by_month"][-1] == Bucket(key="undated", count=7)
    other = await repository.document_counts(session, s.other.id)
    assert (other["documents"], other["fraud_indicators"], other["perjury_indicators"]) == (2, 0, 1)
    bins = await repository.score_bins(session, None)
    assert ScoreBin(score="legal", start=900, count=1) in bins
    assert ScoreBin(score="micro", start=100, count=1) in bins


async def test_citations_and_contradictions(session: AsyncSession) -> None:
    s = await seeded(session)
    uses = await repository.citation_uses(session, None, 25)
    assert [(u["citation"], u["documents"], u["violations"]) for u in uses] == [
        ("WIC 319(b)", 1, 1),  # the most used first, then by name
        ("CRC 5.668", 1, 0),
        ("Penal 118", 0, 1),
        ("WIC 290.1", 0, 1),
    ]
    rows, total = await repository.contradictions(session, None, limit=20, offset=0)
    assert total == 2
    assert [r["file_name"] for r in rows] == ["p.pdf", "q.pdf"]
    rows, total = await repository.contradictions(session, s.other.id, limit=20, offset=0)
    assert (total, rows[0]["indicator"]["confidence"]) == (1, 0.2)


async def test_today_counts(session: AsyncSession) -> None:
    s = await seeded(session)
    counts = await repository.today_counts(session, None)
    assert {
        k: counts[k] for k in ("documents", "smoking_guns", "critical_violations", "running_batches")
    } == {
        "documents": 8,
        "smoking_guns": 4,
        "critical_violations": 4,
        "running_batches": 1,
    }
    assert (await repository.today_counts(session, s.other.id))["running_batches"] == 0
    hearing = await repository.upcoming(session, None, s.today, hearings=True, limit=1)
    assert hearing[0]["event_type"] == "jurisdiction_hearing"
    assert hearing[0]["days_left"] == (hearing[0]["event_date"] - s.today).days
