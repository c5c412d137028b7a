"""The optional Claude analyzer: off by default, per case, findings merged with their source marked."""

from aseagi.analysis.llm.enrich import claude_enrich

__all__ = ["claude_enrich"]
