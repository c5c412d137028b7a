"""Score the analyzer on the fictional DEMO case and print the table.

    .venv/bin/python bench/eval.py [CASE_DIR] [--seed 7] [--documents 48] [--misses]

Without CASE_DIR the case is generated into bench/out/demo-case (git-ignored).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from aseagi.demo import generate_case
from aseagi.demo.evaluate import evaluate, format_table

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("case_dir", nargs="?", type=Path)
    arguments.add_argument("--seed", type=int, default=7)
    arguments.add_argument("--documents", type=int, default=48)
    arguments.add_argument("--misses", action="store_true", help="print examples of misses per field")
    options = arguments.parse_args()
    case_dir = options.case_dir
    if case_dir is None:
        case_dir = ROOT / "bench" / "out" / "demo-case"
        generate_case(case_dir, seed=options.seed, n_documents=options.documents)
    report = evaluate(case_dir)
    print(format_table(report))
    for error in report.errors:
        print(f"error: {error}")
    if options.misses:
        for score in report.fields:
            for miss in score.misses:
                print(f"{score.field}: {miss}")


if __name__ == "__main__":
    main()
