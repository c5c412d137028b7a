"""The mentions of a case's events, read one document at a time, repeats folded.

A case of a million papers names its few dozen hearings over and over in the same words: the notice
forwarded to every party, the e-mail quoted in each reply, the visit log copied weekly. Mentions that
differ only in the paper they are in (same passage, day, kind, docket, kind and date of paper) are one
group; a group keeps its ``MAX_REPEATS`` mentions of smallest id (the ones the chronology lists first)
and counts the rest on the last of them. Below that many repeats nothing is folded, so the chronology is
exactly the one built from every mention; above it, only which repeats are listed as sources is a sample.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from aseagi.analysis.case_inputs import MAX_REPEATS, CaseEvent

__all__ = ["MentionPool"]


def _repeat_key(mention: CaseEvent) -> tuple[object, ...]:
    """All a mention says, without the paper it is in."""
    evidence = mention.evidence
    where = (evidence.page, evidence.start, evidence.end, evidence.quote) if evidence is not None else None
    return (
        mention.event_date,
        mention.event_type,
        mention.title,
        where,
        mention.manual,
        mention.docket,
        mention.source_type,
        mention.document_date,
        mention.people,
    )


@dataclass
class _Group:
    kept: list[tuple[str, int, CaseEvent]] = field(default_factory=list)
    """(id, order of arrival, mention), sorted by id."""
    folded: int = 0
    """Mentions counted but not kept."""


@dataclass
class MentionPool:
    """Mentions added in reading order; ``mentions()`` gives them back in that order, repeats folded."""

    limit: int = MAX_REPEATS
    _groups: dict[tuple[object, ...], _Group] = field(default_factory=dict)
    _arrivals: int = 0

    def add(self, mention: CaseEvent) -> None:
        self._arrivals += 1
        group = self._groups.setdefault(_repeat_key(mention), _Group())
        entry = (mention.id, self._arrivals, mention)
        if len(group.kept) < self.limit:
            bisect.insort(group.kept, entry, key=lambda item: item[0])
            return
        if mention.id < group.kept[-1][0]:
            evicted = group.kept.pop()
            bisect.insort(group.kept, entry, key=lambda item: item[0])
            mention = evicted[2]
        group.folded += mention.count

    def add_all(self, mentions: Iterable[CaseEvent]) -> None:
        for mention in mentions:
            self.add(mention)

    def __len__(self) -> int:
        """Mentions held (not counted)."""
        return sum(len(group.kept) for group in self._groups.values())

    def mentions(self) -> list[CaseEvent]:
        """The kept mentions in reading order, each group's last (by id) carrying the folded count."""
        held: list[tuple[int, CaseEvent]] = []
        for group in self._groups.values():
            last = len(group.kept) - 1
            for index, (_, arrival, mention) in enumerate(group.kept):
                if index == last and group.folded:
                    mention = replace(mention, count=mention.count + group.folded)
                held.append((arrival, mention))
        held.sort(key=lambda item: item[0])
        return [mention for _, mention in held]
