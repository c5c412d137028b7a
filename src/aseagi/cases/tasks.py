"""The cases domain's job: case-level analysis, queued when a batch or an upload adds documents."""

from __future__ import annotations

from aseagi.cases.service import run_case_analysis
from aseagi.jobs.specs import AnalyzeCase, Resources


async def analyze_case(resources: Resources, job: AnalyzeCase) -> None:
    await run_case_analysis(resources.sessions, job.case_id)
