"""Tokens and dollars spent on the Claude analyzer, per call, per document and per batch.

Prices are data: US dollars per million tokens, as Anthropic lists them (checked against the
platform's model pages). A model missing from the table is still counted in tokens; its cost is
``None`` ("not priced"), never a guess. Cache writes cost 1.25× the input price and cache reads 0.1×.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ModelPrice:
    input_per_mtok: float
    """Dollars per million input tokens."""
    output_per_mtok: float
    """Dollars per million output tokens (thinking included)."""


PRICES: dict[str, ModelPrice] = {
    "claude-sonnet-5-5": ModelPrice(2.0, 10.0),
    "claude-sonnet-5": ModelPrice(2.0, 10.0),
    "claude-sonnet-4-6": ModelPrice(3.0, 15.0),
    "claude-sonnet-4-5": ModelPrice(3.0, 15.0),
    "claude-opus-5-5": ModelPrice(4.0, 20.0),
    "claude-opus-5": ModelPrice(5.0, 25.0),
    "claude-opus-4-5": ModelPrice(5.0, 25.0),
    "claude-fable-5-1": ModelPrice(10.0, 50.0),
    "claude-haiku-4-5": ModelPrice(1.0, 5.0),
}
CACHE_WRITE_FACTOR = 1.25
CACHE_READ_FACTOR = 0.1


def price_of(model: str) -> ModelPrice | None:
    """The price of a model id, dated snapshots (``claude-sonnet-4-5-20250929``) included."""
    if model in PRICES:
        return PRICES[model]
    for name in sorted(PRICES, key=len, reverse=True):
        if model.startswith(name + "-"):
            return PRICES[name]
    return None


@dataclass(frozen=True)
class Usage:
    """Tokens one or more calls consumed, as the API reported them."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cache_creation_input_tokens + other.cache_creation_input_tokens,
            self.cache_read_input_tokens + other.cache_read_input_tokens,
        )

    @classmethod
    def of(cls, api_usage: Any) -> Usage:
        """From the SDK's ``message.usage`` (whose cache fields may be ``None``)."""
        return cls(
            input_tokens=int(getattr(api_usage, "input_tokens", 0) or 0),
            output_tokens=int(getattr(api_usage, "output_tokens", 0) or 0),
            cache_creation_input_tokens=int(getattr(api_usage, "cache_creation_input_tokens", 0) or 0),
            cache_read_input_tokens=int(getattr(api_usage, "cache_read_input_tokens", 0) or 0),
        )


def cost_usd(model: str, usage: Usage) -> float | None:
    """Dollars for ``usage`` on ``model``; ``None`` when the model has no price on file."""
    price = price_of(model)
    if price is None:
        return None
    dollars = (
        usage.input_tokens * price.input_per_mtok
        + usage.cache_creation_input_tokens * price.input_per_mtok * CACHE_WRITE_FACTOR
        + usage.cache_read_input_tokens * price.input_per_mtok * CACHE_READ_FACTOR
        + usage.output_tokens * price.output_per_mtok
    ) / 1_000_000
    return round(dollars, 6)


@dataclass(frozen=True)
class DocumentCost:
    """What enriching one document cost: stored in ``legal_documents.metadata["claude"]``."""

    model: str
    calls: int
    """Successful calls (a long document is sent in several parts)."""
    attempts: int
    """Every request sent, retries included (retried errors are not billed but are counted)."""
    usage: Usage
    cost_usd: float | None

    def as_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "calls": self.calls,
            "attempts": self.attempts,
            "input_tokens": self.usage.input_tokens,
            "output_tokens": self.usage.output_tokens,
            "cache_creation_input_tokens": self.usage.cache_creation_input_tokens,
            "cache_read_input_tokens": self.usage.cache_read_input_tokens,
            "cost_usd": self.cost_usd,
        }


@dataclass
class BatchCost:
    """Running totals over many documents (a processing batch, a benchmark run)."""

    documents: int = 0
    calls: int = 0
    attempts: int = 0
    usage: Usage = field(default_factory=Usage)
    cost_usd: float = 0.0
    unpriced_documents: int = 0
    """Documents whose model has no price: their tokens are in ``usage``, not in ``cost_usd``."""

    def add(self, document: DocumentCost) -> None:
        self.documents += 1
        self.calls += document.calls
        self.attempts += document.attempts
        self.usage = self.usage + document.usage
        if document.cost_usd is None:
            self.unpriced_documents += 1
        else:
            self.cost_usd = round(self.cost_usd + document.cost_usd, 6)

    @classmethod
    def of(cls, documents: Iterable[DocumentCost]) -> BatchCost:
        total = cls()
        for document in documents:
            total.add(document)
        return total

    def as_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "calls": self.calls,
            "attempts": self.attempts,
            "input_tokens": self.usage.input_tokens,
            "output_tokens": self.usage.output_tokens,
            "cost_usd": self.cost_usd,
            "unpriced_documents": self.unpriced_documents,
        }
