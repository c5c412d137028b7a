"""Median milliseconds per page of the local analyzer on generated legal text.

Run: .venv/bin/python bench/analyzer.py [pages] [runs]

CPU time of this process (``time.process_time``) is the figure to compare: on a machine shared with
other work the wall-clock time, printed after it, swings with the load.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from aseagi.analysis import analyze_document

SENTENCES = [
    "The jurisdiction hearing is set for April {d}, 2024 at 8:30 a.m. in Department 12.",
    "The mother was contacted by telephone on 3/{d}/2024 and was notified of the hearing.",
    "Pursuant to Welf. & Inst. Code, § 319, subd. (b), the child shall remain detained.",
    "CSW Anna Park met with the father, John Doe, at the family home on March {d}, 2024.",
    "The mother has not requested visits since the detention hearing held on 2/{d}/2024.",
    "The Department recommends that the court sustain the petition under section 300, subdivision (b)(1).",
    "The child appeared healthy and was observed playing with toys during the visit.",
    "Maternal grandmother reported that she is willing to be assessed for placement.",
    "Notice of hearing was mailed to the parents on March {d}, 2024 by first-class mail.",
    "The parents were asked about Indian ancestry and both denied any ICWA eligibility.",
    "The family has a history of referrals for general neglect, none of which were substantiated.",
    "The father reported that he works full time and lives with his girlfriend in Oakland.",
]
NARRATIVE = [
    "The family home was observed to be clean and appropriate for a young child.",
    "The maternal aunt has expressed interest in being considered for placement.",
    "Services offered include parenting education, individual counseling and substance abuse testing.",
    "The child is enrolled in preschool and her teacher reports that she is doing well.",
    "The father completed an intake assessment and was referred to a domestic violence program.",
    "During the visit the child ran to greet her mother and they played together for an hour.",
]
CASE_LAW = "See In re Kieshia E. (1993) 6 Cal.4th 68, 77."


def make_page(rng: random.Random, number: int, *, narrative: float = 0.0) -> str:
    """~3,000 chars; ``narrative`` is the share of sentences with nothing to extract."""
    lines = [f"Case No. JV-2024-00{number:04d}                         Page {number} of 20"]
    size = 0
    while size < 3000:
        pool = NARRATIVE if rng.random() < narrative else SENTENCES
        sentence = rng.choice(pool).format(d=rng.randint(1, 28))
        if rng.random() < 0.02:
            sentence += " " + CASE_LAW
        lines.append(sentence)
        size += len(sentence) + 1
    return "\n".join(lines)


def main() -> None:
    pages_count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    for label, narrative in (("dense (every sentence has findings)", 0.0), ("typical (2/3 narrative)", 0.67)):
        rng = random.Random(7)
        pages = [make_page(rng, n, narrative=narrative) for n in range(1, pages_count + 1)]
        analyze_document(pages[:2])  # warm up: imports, eyecite's reporter tables
        cpu, wall = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            analyze_document(pages)
            cpu.append((time.process_time() - started_cpu) * 1000 / len(pages))
            wall.append((time.perf_counter() - started) * 1000 / len(pages))
        chars = sum(len(p) for p in pages) / len(pages)
        print(f"{label}: {len(pages)} pages of ~{chars:.0f} chars, {runs} runs")
        print(
            f"  median {statistics.median(cpu):.2f} CPU ms/page (min {min(cpu):.2f}, max {max(cpu):.2f});"
            f" wall {statistics.median(wall):.2f} ms/page"
        )


if __name__ == "__main__":
    main()
