"""Write the fictional DEMO case (≥ 40 files and ground_truth.json) into OUT_DIR.

.venv/bin/python tests/corpus/generate.py tests/corpus/out [--seed 7] [--documents 48]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from aseagi.demo import generate_case


def main() -> None:
    arguments = argparse.ArgumentParser(description="Write the fictional DEMO case with its ground truth.")
    arguments.add_argument("out_dir", type=Path)
    arguments.add_argument("--seed", type=int, default=7)
    arguments.add_argument("--documents", type=int, default=48)
    options = arguments.parse_args()
    truth = generate_case(options.out_dir, seed=options.seed, n_documents=options.documents)
    print(f"{len(truth.file_names)} files, {len(truth.documents)} documents written to {options.out_dir}")


if __name__ == "__main__":
    main()
