"""``aseagi backup DIR`` and ``aseagi restore DIR``: the database (pg_dump) and the originals, verified.

A backup folder holds ``database.dump`` (pg_dump custom format), ``blobs/`` (the originals, under the
same keys as in the store), ``originals.tsv`` (sha256, size, key of every original the dump references)
and ``manifest.json`` (versions, counts and the dump's own hash).

The list of originals and the dump come from one exported snapshot, so they match exactly even while
workers keep ingesting; originals are write-once and content-addressed, so copying them after the dump
is safe. A restore goes into an empty database, puts every original back, then re-hashes each one the
restored database references: a backup is only trusted once its restore has been verified.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import psycopg
import typer

from aseagi import __version__
from aseagi.cli.context import fail, settings
from aseagi.ingestion.storage import CHUNK, BlobStore
from aseagi.kit.db import database_url, libpq_url
from aseagi.kit.logging import redact
from aseagi.kit.private import FOLDER_MODE, ORIGINAL_MODE, private_folder

FORMAT = "aseagi-backup/1"
DUMP = "database.dump"
ORIGINALS = "originals.tsv"
MANIFEST = "manifest.json"
BLOBS = "blobs"
ORIGINALS_SQL = (
    "SELECT DISTINCT ON (storage_key) coalesce(sha256, content_hash), size_bytes, storage_key "
    "FROM legal_documents WHERE storage_key IS NOT NULL ORDER BY storage_key"
)


@dataclass(frozen=True)
class Original:
    sha256: str
    """The hash recorded in the database when the original was stored (the chain of custody)."""
    size: int | None
    key: str
    """Its key in the blob store (``ab/cd/<sha256>``)."""


@dataclass(frozen=True)
class Connection:
    """A libpq connection split in two, so the password travels in PGPASSWORD, never on a command line."""

    conninfo: str
    env: dict[str, str]

    @classmethod
    def from_url(cls, url: str) -> Connection:
        params = psycopg.conninfo.conninfo_to_dict(libpq_url(url))
        password = params.pop("password", None)
        env = dict(os.environ)
        if password:
            env["PGPASSWORD"] = str(password)
        return cls(psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items()}), env)

    def connect(self, **kwargs: Any) -> psycopg.Connection[Any]:
        password = self.env.get("PGPASSWORD")
        conninfo = (
            psycopg.conninfo.make_conninfo(self.conninfo, password=password) if password else self.conninfo
        )
        return psycopg.connect(conninfo, **kwargs)


# --- the PostgreSQL client programs -------------------------------------------------------------------


def tool_major(path: Path) -> int | None:
    """The major version ``path --version`` reports (``pg_dump (PostgreSQL) 16.2`` → 16)."""
    try:
        output = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", output)
    return int(match.group(1)) if match else None


def tool_candidates(name: str) -> Iterator[Path]:
    """Every ``name`` on this machine: $PATH, Debian's versioned folders, the embedded server's own."""
    found = shutil.which(name)
    if found:
        yield Path(found)
    yield from sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    spec = importlib.util.find_spec("pgserver")
    for location in (spec.submodule_search_locations or []) if spec else []:
        yield Path(location) / "pginstall" / "bin" / name


def postgres_tool(name: str, at_least: int) -> Path:
    """The oldest ``name`` whose major version is ≥ ``at_least`` (an older pg_dump refuses a newer server)."""
    usable = []
    for path in tool_candidates(name):
        major = tool_major(path) if path.is_file() else None
        if major is not None and major >= at_least:
            usable.append((major, str(path)))
    if not usable:
        fail(f"no {name} of PostgreSQL {at_least} or newer: install postgresql-client-{at_least}")
    return Path(min(usable)[1])


def run_tool(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        message = redact(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "no output")
        fail(f"{Path(argv[0]).name} failed: {message}")


# --- copying originals ----------------------------------------------------------------------------------


def copy_hashing(source: Any, target: Any) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def place_in_store(store: BlobStore, key: str, source: Path) -> str:
    """Put ``source`` at ``key`` (a temporary key, then a move); returns the hash of what was written."""
    temporary = store.path(f"tmp/{uuid.uuid4().hex}")
    final = store.path(key)
    if store.local:
        private_folder(Path(temporary).parent)
    with open(source, "rb") as handle, store.fs.open(temporary, "wb") as out:
        sha256 = copy_hashing(handle, out)
    if store.local:
        private_folder(Path(final).parent)
        os.chmod(temporary, ORIGINAL_MODE)
        os.replace(temporary, final)
    else:
        store.fs.mv(temporary, final)
    return sha256


def read_originals(folder: Path) -> Iterator[Original]:
    with open(folder / ORIGINALS, newline="") as handle:
        for sha256, size, key in csv.reader(handle, delimiter="\t"):
            yield Original(sha256, int(size) if size else None, key)


# --- backup ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DumpFacts:
    originals: int
    server_version: str
    schema: str
    """The one schema dumped (``public``): Supabase's own schemas (auth, storage…) are never included."""
    revision: str | None


def scalar(conn: psycopg.Connection[Any], query: str) -> Any:
    row = conn.execute(query).fetchone()
    return row[0] if row else None


def dump_with_originals(connection: Connection, folder: Path, pg_dump: Path) -> DumpFacts:
    """pg_dump and the originals list, both from one exported snapshot."""
    with connection.connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = str(scalar(conn, "SELECT pg_export_snapshot()"))
        schema = str(scalar(conn, "SELECT current_schema()"))
        has_revision = scalar(conn, "SELECT to_regclass('alembic_version') IS NOT NULL")
        revision = scalar(conn, "SELECT max(version_num) FROM alembic_version") if has_revision else None
        count = 0
        with open(folder / ORIGINALS, "w", newline="") as handle, conn.cursor(name="originals") as cursor:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            cursor.itersize = 5000
            for sha256, size, key in cursor.execute(ORIGINALS_SQL):
                writer.writerow([sha256 or key.rsplit("/", 1)[-1], "" if size is None else size, key])
                count += 1
        run_tool(
            [str(pg_dump), "--format=custom", f"--snapshot={snapshot}", f"--schema={schema}",
             f"--file={folder / DUMP}", f"--dbname={connection.conninfo}"],
            connection.env,
        )  # fmt: skip
        facts = DumpFacts(count, str(scalar(conn, "SHOW server_version")), schema, revision)
        conn.rollback()
    return facts


def copy_originals(store: BlobStore, folder: Path) -> list[str]:
    """Copy every listed original out of the store, hashing on the way. Returns the problems found."""
    problems = []
    for original in read_originals(folder):
        target = folder / BLOBS / original.key
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with store.open(original.key) as source, open(target, "wb") as out:
                actual = copy_hashing(source, out)
        except FileNotFoundError:
            problems.append(f"MISSING  {original.key}")
            continue
        if actual != original.sha256:
            problems.append(f"CHANGED  {original.key}  expected {original.sha256} found {actual}")
    return problems


def server_major(connection: Connection) -> int:
    with connection.connect() as conn:
        return int(scalar(conn, "SHOW server_version_num")) // 10000


def backup(
    folder: Annotated[Path, typer.Argument(help="A new or empty folder for the backup.")],
) -> None:
    """Back up the database (pg_dump, custom format) and every original, with a manifest of their hashes."""
    current = settings()
    folder = folder.expanduser().absolute()
    if folder.exists() and any(folder.iterdir()):
        fail(f"{folder} is not empty: back up into a new folder")
    private_folder(folder)
    folder.chmod(FOLDER_MODE)  # a backup is the whole file: the owner's only, like the data directory
    connection = Connection.from_url(database_url(current))
    pg_dump = postgres_tool("pg_dump", server_major(connection))
    facts = dump_with_originals(connection, folder, pg_dump)
    problems = copy_originals(BlobStore(current.blob_url), folder)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "aseagi_version": __version__,
        "schema": facts.schema,
        "schema_revision": facts.revision,
        "server_version": facts.server_version,
        "pg_dump": f"{pg_dump} (PostgreSQL {tool_major(pg_dump)})",
        "dump": {"file": DUMP, "sha256": hash_file(folder / DUMP), "bytes": (folder / DUMP).stat().st_size},
        "originals": {"file": ORIGINALS, "blobs": BLOBS, "count": facts.originals, "problems": problems},
        "source_store": redact(current.blob_url),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    for line in problems:
        typer.echo(line)
    typer.echo(
        f"Backed up the database and {facts.originals} original(s) to {folder}: {len(problems)} problem(s)."
    )
    if problems:
        raise typer.Exit(1)


# --- restore --------------------------------------------------------------------------------------------


def target_schema(connection: Connection) -> tuple[str, bool]:
    """The schema a restore writes to, and whether it holds any table, view or sequence yet."""
    with connection.connect() as conn:
        schema = str(scalar(conn, "SELECT current_schema()"))
        used = scalar(
            conn,
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')",
        )
    return schema, int(used) > 0


def restore_list(pg_restore: Path, dump: Path, schema: str, target: Path) -> Path:
    """The dump's table of contents without ``CREATE SCHEMA <schema>``: the empty target already has it."""
    listing = subprocess.run([str(pg_restore), "--list", str(dump)], capture_output=True, text=True)
    if listing.returncode != 0:
        fail(f"pg_restore cannot read {dump}: {listing.stderr.strip()[:200]}")
    skip = re.compile(rf"^\d+; \d+ \d+ (SCHEMA - {re.escape(schema)} |COMMENT - SCHEMA {re.escape(schema)} )")
    target.write_text("".join(line + "\n" for line in listing.stdout.splitlines() if not skip.match(line)))
    return target


def restore_originals(store: BlobStore, folder: Path) -> list[str]:
    """Put every original back under its key; one already there is kept if its bytes are the same."""
    problems = []
    for original in read_originals(folder):
        source = folder / BLOBS / original.key
        if not source.is_file():
            problems.append(f"NOT IN BACKUP  {original.key}")
            continue
        if store.exists(original.key):
            actual = store.hash_of(original.key)
        else:
            actual = place_in_store(store, original.key, source)
        if actual != original.sha256:
            problems.append(f"CHANGED  {original.key}  expected {original.sha256} found {actual}")
    return problems


def verify_restored(connection: Connection, store: BlobStore) -> tuple[int, list[str]]:
    """Re-hash every original the restored database references, against the hash it records."""
    checked, problems = 0, []
    with connection.connect() as conn, conn.cursor(name="verify") as cursor:
        cursor.itersize = 5000
        for sha256, _, key in cursor.execute(ORIGINALS_SQL):
            checked += 1
            expected = sha256 or key.rsplit("/", 1)[-1]
            if not store.exists(key):
                problems.append(f"MISSING  {key}")
            elif (actual := store.hash_of(key)) != expected:
                problems.append(f"CHANGED  {key}  expected {expected} found {actual}")
    return checked, problems


def restore(
    folder: Annotated[Path, typer.Argument(help="A folder written by `aseagi backup`.")],
) -> None:
    """Restore a backup into an EMPTY database and the blob store, then verify every original's hash."""
    current = settings()
    folder = folder.expanduser().absolute()
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        fail(f"{folder} holds no readable {MANIFEST}: is it a folder written by `aseagi backup`?")
    if manifest.get("format") != FORMAT:
        fail(f"unknown backup format {manifest.get('format')!r} (this version reads {FORMAT})")
    if hash_file(folder / DUMP) != manifest["dump"]["sha256"]:
        fail(f"{folder / DUMP} does not match the hash in {MANIFEST}: the backup is damaged")
    connection = Connection.from_url(database_url(current))
    schema, used = target_schema(connection)
    if used:
        fail(
            f"schema {schema!r} is not empty: restore into a new database (createdb, a new Supabase project)"
        )
    if schema != manifest["schema"]:
        fail(f"the backup is of schema {manifest['schema']!r} but the database writes to {schema!r}")
    dumped_with = int(re.search(r"PostgreSQL (\d+)", manifest["pg_dump"]).group(1))  # type: ignore[union-attr]
    pg_restore = postgres_tool("pg_restore", max(server_major(connection), dumped_with))
    with tempfile.TemporaryDirectory() as scratch:
        contents = restore_list(pg_restore, folder / DUMP, schema, Path(scratch) / "contents.list")
        run_tool(
            [str(pg_restore), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             f"--use-list={contents}", f"--dbname={connection.conninfo}", str(folder / DUMP)],
            connection.env,
        )  # fmt: skip
    store = BlobStore(current.blob_url)
    problems = restore_originals(store, folder)
    checked, verify_problems = verify_restored(connection, store)
    problems += verify_problems
    if checked != manifest["originals"]["count"]:
        problems.append(f"COUNT  the manifest lists {manifest['originals']['count']}, the database {checked}")
    for line in problems:
        typer.echo(line)
    typer.echo(f"Restored the database; verified {checked} original(s) by hash: {len(problems)} problem(s).")
    if problems:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
