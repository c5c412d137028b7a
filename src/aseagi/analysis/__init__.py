"""Local, deterministic, explainable document analysis."""

from aseagi.analysis.analyze import analyze_document
from aseagi.analysis.scoring import rescore, score_document

__all__ = ["analyze_document", "rescore", "score_document"]
