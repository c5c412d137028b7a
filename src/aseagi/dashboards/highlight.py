"""Findings drawn over a page's text: each passage an analysis points at, marked at its offsets."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

COLORS = {
    "perjury": "#ffb3b3",
    "fraud": "#ffcc80",
    "statement": "#fff59d",
    "event": "#b3e5fc",
    "citation": "#c5e1a5",
    "docket": "#d1c4e9",
    "party": "#f8bbd0",
    "date": "#e0e0e0",
    "sworn": "#ffe0b2",
}
PRIORITY = list(COLORS)
"""When two passages overlap, the one earlier in this list is drawn."""


@dataclass(frozen=True)
class Mark:
    page: int
    start: int
    end: int
    kind: str
    label: str


def _evidence_mark(evidence: Any, kind: str, label: str, document_id: str | None) -> Mark | None:
    if not isinstance(evidence, dict):
        return None
    other = evidence.get("document_id")
    if other and document_id and str(other) != document_id:
        return None
    try:
        return Mark(int(evidence["page"]), int(evidence["start"]), int(evidence["end"]), kind, label)
    except (KeyError, TypeError, ValueError):
        return None


def marks_from_analysis(document: dict[str, Any]) -> list[Mark]:
    """Every located finding of a document (its analysis and its indicators), this document's only."""
    analysis = document.get("analysis") or {}
    document_id = str(document.get("id") or "") or None
    found: list[Mark | None] = []
    for item in analysis.get("dockets", []):
        found.append(_evidence_mark(item.get("evidence"), "docket", item.get("text", "docket"), document_id))
    for item in analysis.get("dates", []) + analysis.get("citations", []):
        kind = "citation" if "normalized" in item else "date"
        found.append(_evidence_mark(item, kind, item.get("normalized") or item.get("text", ""), document_id))
    for item in analysis.get("parties", []):
        found.append(
            _evidence_mark(
                item.get("evidence"), "party", f"{item.get('role')}: {item.get('name')}", document_id
            )
        )
    for item in analysis.get("court_events", []):
        found.append(_evidence_mark(item.get("evidence"), "event", item.get("title", "event"), document_id))
    for item in analysis.get("statements", []):
        found.append(
            _evidence_mark(
                item.get("evidence"), "statement", f"{item.get('kind')} ({item.get('polarity')})", document_id
            )
        )
    if analysis.get("perjury_clause"):
        found.append(
            _evidence_mark(analysis["perjury_clause"], "sworn", "under penalty of perjury", document_id)
        )
    for kind in ("fraud", "perjury"):
        for indicator in document.get(f"{kind}_indicators") or []:
            for evidence in indicator.get("evidence") or []:
                found.append(_evidence_mark(evidence, kind, indicator.get("description", kind), document_id))
    return [m for m in found if m is not None]


def page_html(text: str, marks: list[Mark]) -> str:
    """The page's text, escaped, with non-overlapping ``<mark>`` spans (higher-priority kinds win)."""
    chosen: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (PRIORITY.index(m.kind) if m.kind in PRIORITY else 99, m.start)):
        start, end = max(0, mark.start), min(len(text), mark.end)
        if start >= end or any(start < c.end and c.start < end for c in chosen):
            continue
        chosen.append(Mark(mark.page, start, end, mark.kind, mark.label))
    chosen.sort(key=lambda m: m.start)
    out: list[str] = []
    position = 0
    for mark in chosen:
        out.append(html.escape(text[position : mark.start]))
        color = COLORS.get(mark.kind, "#eeeeee")
        title = html.escape(f"{mark.kind}: {mark.label}", quote=True)
        out.append(
            f'<mark class="finding finding-{mark.kind}" title="{title}" '
            f'style="background:{color};padding:0 1px">{html.escape(text[mark.start : mark.end])}</mark>'
        )
        position = mark.end
    out.append(html.escape(text[position:]))
    return (
        '<div style="white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:0.85rem;'
        'overflow-wrap:anywhere;max-width:100%">' + "".join(out) + "</div>"
    )


def legend_html() -> str:
    return " ".join(
        f'<span style="background:{color};padding:0 4px;border-radius:3px;margin-right:4px">{kind}</span>'
        for kind, color in COLORS.items()
    )
