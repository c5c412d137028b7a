"""The embedded PostgreSQL server (pgserver) used when ``DATABASE_URL`` is unset.

pgserver keeps one server per data directory and counts the processes using it, so ``aseagi up``, the
CLI and workers on the same machine share it; the last one to exit stops it. It listens on a Unix socket
only, never on a network port.
"""

from __future__ import annotations

import logging
import threading
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

log = logging.getLogger(__name__)

DATABASE_NAME = "aseagi"
_servers: dict[Path, Any] = {}
_lock = threading.Lock()


def embedded_database_url(data_dir: Path) -> str:
    """Start (or join) the embedded server and return a SQLAlchemy URL for the ``aseagi`` database."""
    pgdata = data_dir / "pgdata"
    with _lock:
        server = _servers.get(pgdata)
        if server is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset on servers
                import pgserver

            pgdata.mkdir(parents=True, exist_ok=True)
            logging.getLogger("pgserver").setLevel(logging.WARNING)
            server = _start(pgserver, pgdata)
            _servers[pgdata] = server
            exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
            if "(1 row)" not in exists:
                server.psql(f"CREATE DATABASE {DATABASE_NAME};")
                log.info("created the embedded database in %s", pgdata)
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgresql+psycopg://postgres@/{DATABASE_NAME}?host={quote(str(socket_dir))}"


def _start(pgserver: Any, pgdata: Path, attempts: int = 3) -> Any:
    """pgserver waits at most 10 s for the server; a busy machine's first start can take longer."""
    import subprocess

    for attempt in range(1, attempts + 1):
        try:
            return pgserver.get_server(pgdata, cleanup_mode="stop")
        except subprocess.TimeoutExpired:
            if attempt == attempts:
                raise
            log.warning("the embedded PostgreSQL was slow to start; waiting for it (attempt %d)", attempt)
    raise AssertionError("unreachable")
