"""Case analysis at scale: one case of 100,000 documents, its time and peak memory.

    .venv/bin/python bench/case_analysis.py [--documents 100000] [--runs 3] [--reseed] [--smoke]
        [--load-only] [--src OLD_TREE/src]

Seeds (once; ``--reseed`` to redo) a database of its own on ASEAGI_TEST_DATABASE_URL's server: the DEMO
case's documents are parsed and analyzed as the worker does (no document ids in the evidence), and their
analysis JSON, text and messages are copied with ``INSERT … SELECT generate_series`` into one case until
it holds ``--documents`` rows, each copy its own row, hash and messages. The case holds each DEMO
document once, then copies of its routine ones (e-mails, chats, message backups, letters, visit logs),
their messages shifted by a day per round.

Each run is a fresh process doing what ``aseagi analyze-case`` does (``read_case``: the case streamed
through a ``CaseReader``; the rules; ``store``) inside a transaction that is rolled back, so every run sees
the same database. Printed: the medians of the runs per phase, CPU seconds beside wall time (a shared
machine stretches the latter), the process's peak RSS (``ru_maxrss``) against its RSS before loading,
what the reader held (documents kept, mentions and messages held, against those read) and ``outcome``:
a digest of the conclusions (events and their mention counts, deadlines, violations, contradictions,
flags; not the lists of sources, a sample past ``MAX_REPEATS`` repeats). ``--src OLD/src`` runs an older
tree (one that loads the whole case as lists, too): equal digests, equal conclusions. Figures only,
never assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

ROOT = Path(__file__).resolve().parent.parent
CASE = "BENCH-CASE-ANALYSIS"
TODAY = date(2025, 12, 10)


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- seeding --------------------------------------------------------------------------------------------


def demo_templates() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every DEMO document (members too) parsed and analyzed as the worker does, and its messages."""
    from aseagi.analysis import analyze_document
    from aseagi.demo import generate_case
    from aseagi.demo.evaluate import parse_tree
    from aseagi.demo.generate import load_ground_truth
    from aseagi.models.document import PAGE_BREAK

    documents: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="aseagi-bench-case-") as scratch:
        folder = Path(scratch) / "DEMO"
        generate_case(folder)
        errors: list[str] = []
        for file_name in load_ground_truth(folder).file_names:
            for document_id, parsed in parse_tree(folder / file_name, file_name, 0, errors):
                pages = [page.text for page in parsed.pages]
                if not pages:
                    continue
                name = document_id.rsplit(":", 1)[-1]
                analysis = analyze_document(
                    pages, file_name=name, document_date=parsed.document_date, mime_type=parsed.mime_type
                )
                n = len(documents)
                documents.append(
                    {
                        "n": n,
                        "file_name": name,
                        "document_date": parsed.document_date or analysis.document_date,
                        "document_type": analysis.document_type,
                        "mime_type": parsed.mime_type,
                        "pages": len(pages),
                        "text": PAGE_BREAK.join(pages),
                        "analysis": Jsonb(analysis.model_dump(mode="json")),
                    }
                )
                messages.extend(
                    {
                        "n": n,
                        "position": position,
                        "channel": message.channel,
                        "sender": message.sender,
                        "recipients": list(message.recipients),
                        "sent_at": message.sent_at,
                        "subject": message.subject,
                        "content": message.content,
                    }
                    for position, message in enumerate(parsed.messages)
                )
        for error in errors:
            log(f"  template error: {error}")
    return documents, messages


ROUTINE_TYPES = ("email", "text_messages", "chat", "phone_log", "letter", "other")
"""What most of a large case is: correspondence, message backups, visit logs. Court papers and sworn
reports exist once each, as in a real case; copying them 2,000 times would make a case no court has."""

SEED_DOCUMENTS = """
INSERT INTO legal_documents (case_id, file_name, sha256, content_hash, status, text, document_date,
    document_type, mime_type, page_count, analysis, processed_at)
SELECT %(case_id)s, 't' || t.n || '-' || i || '-' || t.file_name, md5(i::text) || md5((-i)::text),
    md5(i::text), 'done', t.text, t.document_date, t.document_type, t.mime_type, t.pages, t.analysis, now()
FROM generate_series(0, %(documents)s - 1) AS i
JOIN bench_templates t ON t.n = CASE WHEN i < %(templates)s THEN i
    ELSE (SELECT r.n FROM bench_routine r WHERE r.k = i %% %(routine)s) END
"""
SEED_MESSAGES = """
INSERT INTO communications (case_id, document_id, position, channel, sender, recipients, sent_at, subject,
    content)
SELECT d.case_id, d.id, m.position, m.channel, m.sender, m.recipients,
    m.sent_at + (split_part(d.file_name, '-', 2)::int / %(routine)s %% 730) * interval '1 day', m.subject,
    m.content
FROM legal_documents d
JOIN bench_messages m ON m.n = split_part(substr(d.file_name, 2), '-', 1)::int
WHERE d.case_id = %(case_id)s
"""


def seed(url: str, documents: int) -> None:
    templates, messages = demo_templates()
    log(f"  {len(templates)} template documents, {len(messages)} messages (DEMO, analyzed)")
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "INSERT INTO cases (docket_number, name) VALUES (%s, 'Case analysis bench') RETURNING id", (CASE,)
        ).fetchone()
        assert row is not None
        case_id = row[0]
        connection.execute(
            "CREATE TEMP TABLE bench_templates (n int, file_name text, document_date date,"
            " document_type text, mime_type text, pages int, text text, analysis jsonb)"
        )
        connection.execute(
            "CREATE TEMP TABLE bench_messages (n int, position int, channel text, sender text,"
            " recipients text[], sent_at timestamptz, subject text, content text)"
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO bench_templates VALUES (%(n)s, %(file_name)s, %(document_date)s,"
                " %(document_type)s, %(mime_type)s, %(pages)s, %(text)s, %(analysis)s)",
                templates,
            )
            cursor.executemany(
                "INSERT INTO bench_messages VALUES (%(n)s, %(position)s, %(channel)s, %(sender)s,"
                " %(recipients)s, %(sent_at)s, %(subject)s, %(content)s)",
                messages,
            )
        connection.execute(
            "CREATE TEMP TABLE bench_routine AS SELECT row_number() OVER (ORDER BY n) - 1 AS k, n"
            " FROM bench_templates WHERE document_type = ANY(%s)"
            " AND NOT (analysis->>'under_penalty_of_perjury')::bool",
            (list(ROUTINE_TYPES),),
        )
        routine = connection.execute("SELECT count(*) FROM bench_routine").fetchone()
        assert routine is not None
        assert routine[0] > 0
        log(f"  {len(templates)} documents once, then {routine[0]} routine ones in turn")
        params = {
            "case_id": case_id,
            "documents": documents,
            "templates": len(templates),
            "routine": routine[0],
        }
        for name, statement in (("legal_documents", SEED_DOCUMENTS), ("communications", SEED_MESSAGES)):
            started = time.perf_counter()
            count = connection.execute(statement, params).rowcount
            log(f"  seeded {count} {name} in {time.perf_counter() - started:.1f} s")
    with psycopg.connect(url, autocommit=True) as connection:
        for table in ("legal_documents", "communications", "cases"):
            connection.execute(f"VACUUM ANALYZE {table}")


# --- one run (a child process) --------------------------------------------------------------------------


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def one_run(url: str, load_only: bool = False) -> dict[str, Any]:
    from sqlalchemy import select

    from aseagi.kit.db import create_engine, session_factory, sqlalchemy_url
    from aseagi.models import Case

    engine = create_engine(sqlalchemy_url(url), pool_size=2)
    sessions = session_factory(engine)
    figures: dict[str, Any] = {"rss_before_mb": round(current_rss_mb(), 1)}
    cpu_before = cpu_seconds()
    async with sessions() as session:
        case_id = await session.scalar(select(Case.id).where(Case.docket_number == CASE))
        assert case_id is not None, "seed the bench database first"
        started = time.perf_counter()
        try:
            from aseagi.cases.analysis_store import read_case, store
        except ImportError:  # a tree from before the case was streamed (--src)
            return await _one_run_whole(session, case_id, figures, cpu_before, started, load_only)
        reader = await read_case(session, case_id)
        loaded = time.perf_counter()
        figures.update(
            documents_read=reader.documents_read,
            documents_kept=len(reader.kept),
            mentions_held=len(reader.mentions),
            messages_read=reader.messages_read,
            messages_held=reader.messages_held,
        )
        if load_only:
            figures.update(
                load_s=round(loaded - started, 2),
                cpu_s=round(cpu_seconds() - cpu_before, 2),
                peak_rss_mb=round(rss_mb(), 1),
            )
            return figures
        result = reader.analyze(today=TODAY)
        analyzed = time.perf_counter()
        stored = await store(session, case_id, result, reader.events)
        done = time.perf_counter()
        await session.rollback()
    await engine.dispose()
    _result_figures(figures, result, stored, started, loaded, analyzed, done, cpu_before)
    return figures


async def _one_run_whole(
    session: Any, case_id: Any, figures: dict[str, Any], cpu_before: float, started: float, load_only: bool
) -> dict[str, Any]:
    """The same run by a tree that loads the whole case as lists (``load_inputs``), to compare."""
    try:
        from aseagi.analysis.case_rules import analyze_case
        from aseagi.cases.analysis_store import load_inputs, store
    except ImportError:
        from aseagi.analysis.case import analyze_case  # type: ignore[no-redef]
        from aseagi.cases.analysis import load_inputs, store  # type: ignore[no-redef]
    documents, events, messages = await load_inputs(session, case_id)
    loaded = time.perf_counter()
    figures.update(documents_read=len(documents), messages_read=len(messages))
    if load_only:
        figures.update(
            load_s=round(loaded - started, 2),
            cpu_s=round(cpu_seconds() - cpu_before, 2),
            peak_rss_mb=round(rss_mb(), 1),
        )
        return figures
    result = analyze_case(documents, events, messages, today=TODAY)
    analyzed = time.perf_counter()
    stored = await store(session, case_id, result, documents)
    done = time.perf_counter()
    await session.rollback()
    _result_figures(figures, result, stored, started, loaded, analyzed, done, cpu_before)
    return figures


def _result_figures(
    figures: dict[str, Any],
    result: Any,
    stored: dict[str, int],
    started: float,
    loaded: float,
    analyzed: float,
    done: float,
    cpu_before: float,
) -> None:
    figures.update(
        chronology_events=len(result.chronology),
        mentions_counted=sum(e.mentions for e in result.chronology),
        deadlines=len(result.deadlines),
        violations=len(result.violations),
        contradictions=len(result.contradictions),
        rescored_documents=stored.get("rescored_documents"),
        outcome=outcome_digest(result),
        load_s=round(loaded - started, 2),
        analyze_s=round(analyzed - loaded, 2),
        store_s=round(done - analyzed, 2),
        total_s=round(done - started, 2),
        cpu_s=round(cpu_seconds() - cpu_before, 2),
        peak_rss_mb=round(rss_mb(), 1),
    )


def outcome_digest(result: Any) -> str:
    """What the case analysis concluded, without the lists of sources and evidence (which, past
    ``MAX_REPEATS`` repeats of one passage, are a sample): equal digests, equal conclusions."""
    events = [
        (e.key, e.event_date, e.event_type, e.status, e.date_certainty, e.disputed, e.continued_to, e.docket,
         e.people, e.title, e.mentions)
        for e in result.chronology
    ]  # fmt: skip
    deadlines = [
        (d.rule_id, d.docket, d.trigger_date, d.due_date, d.status, d.met_by) for d in result.deadlines
    ]
    violations = [
        (v.violation_type, v.rule_id, v.date, v.severity, v.confidence, v.person, v.events)
        for v in result.violations
    ]
    contradictions = [
        (c.kind, c.statement, c.date, c.subject, c.sworn, c.confidence) for c in result.contradictions
    ]
    flags = sorted(
        (key, document_id, i.kind)
        for key, found in (("fraud", result.fraud_indicators), ("perjury", result.perjury_indicators))
        for document_id, indicators in found.items()
        for i in indicators
    )
    text = repr((events, deadlines, violations, contradictions, flags))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- main -----------------------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    default_server = (
        os.environ.get("ASEAGI_TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=default_server, help="PostgreSQL server (any database on it).")
    parser.add_argument("--database", default="aseagi_bench_case_analysis")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reseed", action="store_true", help="drop and seed the bench database again")
    parser.add_argument("--smoke", action="store_true", help="2,000 documents, one run, own database")
    parser.add_argument("--load-only", action="store_true", help="time only the loading of the case")
    parser.add_argument(
        "--src", type=Path, help="run the case analysis from this source tree (an older version, to compare)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = arguments()
    if args.child:
        print(json.dumps(asyncio.run(one_run(args.child, args.load_only))))
        return
    from aseagi.kit.db import libpq_url

    telegram = _load("telegram_api")
    if args.smoke:
        args.documents, args.runs, args.database = 2_000, 1, args.database + "_smoke"
    name = f"{args.database}_{args.documents}"
    url, needs_seed = telegram.ensure_database(libpq_url(args.server), name, args.reseed or args.smoke)
    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT count(*) FROM cases WHERE docket_number = %s", (CASE,)).fetchone()
    if needs_seed or not (row and row[0]):
        log(f"seeding {args.documents} documents into {name}")
        seed(url, args.documents)
    runs = []
    for number in range(1, args.runs + 1):
        child = subprocess.run(
            [sys.executable, __file__, "--child", url, *(["--load-only"] if args.load_only else [])],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(args.src)} if args.src else None,
        )
        if child.returncode != 0:
            sys.exit(f"run {number} failed:\n{child.stderr[-3000:]}")
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        log(f"run {number}: {figures}")
        runs.append(figures)
    print(f"case analysis, one case of {args.documents} documents, medians of {len(runs)} runs:")
    for key in runs[0]:
        values = [run[key] for run in runs if isinstance(run[key], int | float)]
        if values:
            print(f"  {key:<20} {statistics.median(values):>10}")
        else:
            print(f"  {key:<20} {runs[0][key]!s:>10}")


if __name__ == "__main__":
    main()
