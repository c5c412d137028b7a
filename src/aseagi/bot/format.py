"""Replies as Telegram HTML: every value escaped, long answers split under Telegram's 4,096-character limit.

Only this module writes markup; the values it receives (titles, quotes, names) are never trusted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

MESSAGE_LIMIT = 4096
FIELD_LIMIT = 400
"""Characters of one free-text field (a description, a snippet) shown in a list item."""
SEVERITY_MARK = {"CRITICAL": "🚨", "HIGH": "⚠️", "MEDIUM": "🔶", "LOW": "🔹"}
ACTION_MARK = {
    "deadline": "⏰",
    "hearing": "⚖️",
    "smoking_gun": "🔥",
    "critical_violation": "🚨",
    "high_violation": "⚠️",
    "failed_document": "❌",
}
_TOKEN = re.compile(r"<(/?)([a-z]+)[^>]*>|&[#a-z0-9]+;|.", re.DOTALL | re.IGNORECASE)


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=False)


def clip(value: object, limit: int = FIELD_LIMIT) -> str:
    text = " ".join(("" if value is None else str(value)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def telegram_length(text: str) -> int:
    """Telegram counts UTF-16 code units: an emoji outside the BMP is two."""
    return len(text.encode("utf-16-le")) // 2


# --- splitting -------------------------------------------------------------------------------------


def _hard_split(line: str, limit: int) -> list[str]:
    """Cut one over-long line between characters, never inside a tag or an entity; tags left open at a
    cut are closed there and reopened in the next piece, so every piece is valid HTML."""
    pieces: list[str] = []
    current = ""
    open_tags: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(line):
        token = match.group(0)
        closing = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        if current and telegram_length(current + token + closing) > limit:
            pieces.append(current + closing)
            current = "".join(opening for _, opening in open_tags)
        current += token
        if match.group(2):
            name = match.group(2).lower()
            if match.group(1):
                if open_tags and open_tags[-1][0] == name:
                    open_tags.pop()
            else:
                open_tags.append((name, token))
    if current:
        pieces.append(current)
    return pieces


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split at paragraph breaks, then line breaks, then (for one huge line) between characters."""
    if telegram_length(text) <= limit:
        return [text]
    units: list[str] = []
    for paragraph in text.split("\n\n"):
        units += [paragraph] if telegram_length(paragraph) <= limit else _lines(paragraph, limit)
    return _pack(units, "\n\n", limit)


def _lines(paragraph: str, limit: int) -> list[str]:
    pieces: list[str] = []
    for line in paragraph.split("\n"):
        pieces += [line] if telegram_length(line) <= limit else _hard_split(line, limit)
    return _pack(pieces, "\n", limit)


def _pack(pieces: list[str], separator: str, limit: int) -> list[str]:
    """Join consecutive pieces with ``separator`` into as few chunks as fit within ``limit``."""
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{separator}{piece}" if current else piece
        if telegram_length(candidate) <= limit:
            current = candidate
        else:
            if current:
                chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return chunks


# --- replies ---------------------------------------------------------------------------------------


def _field(label: str, value: object) -> str | None:
    return f"<b>{esc(label)}:</b> {esc(clip(value))}" if value not in (None, "") else None


def _block(*lines: str | None) -> str:
    return "\n".join(line for line in lines if line)


def page_footer(offset: int, shown: int, total: int) -> str:
    if total <= shown and offset == 0:
        return ""
    return f"<i>{offset + 1}–{offset + shown} of {total}</i>" if shown else f"<i>nothing past {total}</i>"


def violations(body: dict[str, Any], offset: int = 0) -> str:
    items: Sequence[dict[str, Any]] = body.get("violations", [])
    header = (
        f"📋 <b>DETECTED VIOLATIONS ({body.get('count', 0)} Total, {body.get('critical', 0)} Critical)</b>"
    )
    if not items:
        return header + "\n\nNo violations recorded."
    blocks = [
        _block(
            f"{SEVERITY_MARK.get(v.get('severity', ''), '•')} <b>{esc(v.get('severity'))}: "
            f"{esc(clip(v.get('violation_type'), 120))}</b>",
            _field("Date", v.get("date")),
            _field("Person", v.get("person")),
            _field("Issue", v.get("description")),
            _field("Legal basis", v.get("legal_basis")),
            _field("Source", v.get("document_name")),
            _field("Review", v.get("review_status")),
        )
        for v in items
    ]
    return "\n\n".join([header, *blocks, page_footer(offset, len(items), body.get("count", 0))]).strip()


def timeline(body: dict[str, Any], offset: int = 0) -> str:
    items: Sequence[dict[str, Any]] = body.get("events", [])
    header = (
        f"📅 <b>TIMELINE {esc(body.get('from'))} → {esc(body.get('to'))} ({body.get('count', 0)} events)</b>"
    )
    if not items:
        return header + "\n\nNothing on the calendar in this window."
    lines = []
    for e in items:
        when = esc(e.get("date")) + (f" {esc(e.get('time'))}" if e.get("time") else "")
        mark = (
            "⏰"
            if e.get("event_type") == "deadline"
            else "⚖️"
            if "hearing" in str(e.get("event_type"))
            else "📄"
        )
        extra = f" — {esc(e['citation'])}" if e.get("citation") else ""
        dept = f" ({esc(clip(e['department'], 60))})" if e.get("department") else ""
        lines.append(f"{mark} <b>{when}</b> {esc(clip(e.get('title'), 200))}{dept}{extra}{_provenance(e)}")
    return "\n\n".join(
        [header, "\n".join(lines), page_footer(offset, len(items), body.get("count", 0))]
    ).strip()


def _provenance(event: dict[str, Any]) -> str:
    """What the chronology knows of an event: its status, how sure the date is, how many papers name it."""
    if event.get("event_type") == "deadline":
        return ""
    parts = []
    if event.get("status") in ("continued", "vacated"):
        parts.append(str(event["status"]))
    if event.get("date_certainty") in ("approximate", "conflicting"):
        parts.append(f"date {event['date_certainty']}")
    if event.get("mentions", 0) > 1:
        parts.append(f"{event['mentions']} sources")
    return f" <i>[{esc(', '.join(parts))}]</i>" if parts else ""


def highlighted(snippet: str, highlights: Iterable[Sequence[int]]) -> str:
    """The snippet escaped, with the matched words in bold (offsets from the API, in characters)."""
    out: list[str] = []
    position = 0
    for start, end in sorted((int(s), int(e)) for s, e in highlights):
        if start < position or end > len(snippet):
            continue
        out.append(esc(snippet[position:start]))
        out.append(f"<b>{esc(snippet[start:end])}</b>")
        position = end
    out.append(esc(snippet[position:]))
    return "".join(out)


def search(body: dict[str, Any], offset: int = 0) -> str:
    items: Sequence[dict[str, Any]] = body.get("results", [])
    count = f"{body.get('count', 0)}{'' if body.get('count_exact', True) else '+'}"
    header = f"🔎 <b>SEARCH “{esc(clip(body.get('query'), 80))}” ({count} found)</b>"
    if not items:
        return header + "\n\nNo documents or messages match. Try fewer words, or OR between them."
    blocks = []
    for r in items:
        snippet = str(r.get("snippet") or "")
        highlights = r.get("highlights") or []
        if len(snippet) > FIELD_LIMIT:
            snippet, highlights = snippet[:FIELD_LIMIT], [h for h in highlights if h[1] <= FIELD_LIMIT]
        where = ", ".join(
            part
            for part in (
                "message" if r.get("kind") == "communication" else "document",
                f"page {r['page']}" if r.get("page") else "",
                esc(r.get("date")) if r.get("date") else "",
            )
            if part
        )
        blocks.append(
            _block(
                f"📄 <b>{esc(clip(r.get('title'), 150))}</b> <i>({where})</i>",
                f"…{highlighted(snippet, highlights)}…",
                f"<code>{esc(r.get('document_id'))}</code>" if r.get("document_id") else None,
            )
        )
    return "\n\n".join([header, *blocks, page_footer(offset, len(items), body.get("count", 0))]).strip()


def actions(body: dict[str, Any], offset: int = 0) -> str:
    items: Sequence[dict[str, Any]] = body.get("actions", [])
    header = f"✅ <b>ACTION ITEMS ({body.get('count', 0)})</b>"
    if not items:
        return header + "\n\nNothing needs you right now."
    blocks = []
    for a in items:
        due = ""
        if a.get("days_left") is not None:
            due = " — <b>today</b>" if a["days_left"] == 0 else f" — in <b>{a['days_left']} days</b>"
        blocks.append(
            _block(
                f"{ACTION_MARK.get(a.get('kind', ''), '•')} <b>{esc(clip(a.get('title'), 150))}</b>{due}",
                _field("Date", a.get("date")),
                _field("Detail", a.get("detail")),
                _field("Rule", a.get("citation")),
            )
        )
    return "\n\n".join([header, *blocks, page_footer(offset, len(items), body.get("count", 0))]).strip()


def deadlines(body: dict[str, Any], offset: int = 0) -> str:
    items: Sequence[dict[str, Any]] = body.get("deadlines", [])
    header = f"⏰ <b>UPCOMING DEADLINES ({body.get('count', 0)})</b>"
    if not items:
        return header + "\n\nNo computed deadlines ahead."
    blocks = [
        _block(
            f"<b>{esc(d.get('date'))}</b> — {esc(clip(d.get('title'), 200))} "
            f"(<b>{_days(d.get('days_left'))}</b>)",
            _field("Rule", d.get("citation")),
            _field("Why", d.get("description")),
        )
        for d in items
    ]
    return "\n\n".join([header, *blocks, page_footer(offset, len(items), body.get("count", 0))]).strip()


def _days(days: object) -> str:
    if not isinstance(days, int):
        return "?"
    if days == 0:
        return "today"
    if days < 0:
        return f"{-days} days ago"
    return "tomorrow" if days == 1 else f"in {days} days"


def report(body: dict[str, Any]) -> str:
    by_status = body.get("documents_by_status") or {}
    statuses = ", ".join(f"{esc(k)} {v}" for k, v in sorted(by_status.items()))
    lines = [
        f"📊 <b>DAILY REPORT — {esc(body.get('today', ''))}</b>",
        _field("Status", body.get("status")),
        f"<b>Documents:</b> {body.get('total_documents', 0)}" + (f" ({statuses})" if statuses else ""),
        _field("New since yesterday", body.get("new_documents_since_yesterday")),
        f"<b>Smoking guns:</b> {body.get('smoking_guns', 0)}",
        f"<b>Violations:</b> {body.get('violations', 0)} ({body.get('critical_violations', 0)} critical)",
        _field("Messages", body.get("communications")),
    ]
    for label, key in (("Next hearing", "next_hearing"), ("Next deadline", "next_deadline")):
        event = body.get(key)
        if event:
            citation = f", {esc(event['citation'])}" if event.get("citation") else ""
            lines.append(
                f"<b>{label}:</b> {esc(event.get('date'))} {esc(clip(event.get('title'), 150))}"
                f" ({_days(event.get('days_left'))}{citation})"
            )
    if body.get("running_batches"):
        lines.append(f"<b>Processing:</b> {body.get('processing_rate_per_minute', 0)} documents/min")
    return "\n".join(line for line in lines if line)


def analysis_summary(document: dict[str, Any]) -> str:
    """What the bot says when an uploaded document is done: scores, dates, events, flags."""
    name = esc(clip(document.get("file_name"), 150))
    status = document.get("status")
    if status != "done":
        reason = esc(clip(document.get("status_reason") or "it could not be read", 200))
        return f"❌ <b>{name}</b> was not analyzed: {reason}."
    analysis = document.get("analysis") or {}
    lines = [
        f"✅ <b>{name}</b> analyzed" + (" — 🔥 <b>SMOKING GUN</b>" if document.get("smoking_gun") else ""),
        f"<b>Scores:</b> relevancy {document.get('relevancy_score', 0)}, "
        f"micro {document.get('micro_score', 0)}, macro {document.get('macro_score', 0)}, "
        f"legal {document.get('legal_score', 0)}",
        _field("Type", document.get("document_type")),
        _field("Date", document.get("document_date")),
        _field("Docket", document.get("docket_number")),
        _field("Pages", document.get("page_count")),
    ]
    events = analysis.get("court_events") or analysis.get("events") or []
    if isinstance(events, list) and events:
        shown = [
            f"{esc(e.get('event_date') or e.get('date') or '')} "
            f"{esc(clip(e.get('title') or e.get('event_type'), 80))}"
            for e in events[:5]
            if isinstance(e, dict)
        ]
        lines.append("<b>Events:</b> " + "; ".join(shown))
    flags = len(document.get("perjury_indicators") or []) + len(document.get("fraud_indicators") or [])
    if flags:
        lines.append(
            f"<b>Flags:</b> {len(document.get('perjury_indicators') or [])} perjury, "
            f"{len(document.get('fraud_indicators') or [])} fraud indicator(s)"
        )
    if document.get("summary"):
        lines.append(_field("Summary", document["summary"]) or "")
    lines.append(f"<code>{esc(document.get('id'))}</code>")
    return "\n".join(line for line in lines if line)


def reminder(deadline: dict[str, Any], days: int) -> str:
    return _block(
        f"⏰ <b>REMINDER: {esc(clip(deadline.get('title'), 200))}</b>",
        f"Due <b>{esc(deadline.get('date'))}</b> ({_days(days)})",
        _field("Rule", deadline.get("citation")),
        _field("Why", deadline.get("description")),
    )


def batch(body: dict[str, Any]) -> str:
    """One bulk job from ``/process/status/{job_id}``: no source path (it is internal detail)."""
    counts = body.get("counts") or {}
    rate = (body.get("docs_per_minute") or {}).get("last_minute")
    eta = body.get("eta_seconds")
    parts = [
        f"⚙️ <b>Job {esc(clip(body.get('job_id'), 60))}</b>: {esc(body.get('status'))}",
        f"{counts.get('done', 0)} done, {counts.get('failed', 0)} failed, {counts.get('queued', 0)} queued"
        f" of {body.get('total_documents', 0)}",
    ]
    if rate:
        parts.append(f"{rate:.0f} documents/min" + (f", about {int(eta) // 60} min left" if eta else ""))
    return "\n".join(parts)
