"""The fictional DEMO case: a generated California dependency case with known ground truth.

``generate_case`` writes it (for ``aseagi demo`` and the corpus tests); ``evaluate`` measures the
analyzer against it.
"""

from aseagi.demo.generate import generate_case, load_ground_truth
from aseagi.demo.truth import GroundTruth

__all__ = ["GroundTruth", "generate_case", "load_ground_truth"]
