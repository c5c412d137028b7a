"""Run as a separate process: a stand-in for an ingestion worker on another machine.

``python publisher.py DATABASE_URL KIND PAYLOAD_JSON [COUNT]`` publishes COUNT events (one committed
transaction each, as the workers do) and prints ``<event id> <unix time of commit>`` per event.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from aseagi.kit.db import create_engine, session_factory, sqlalchemy_url, transaction
from aseagi.kit.live_events import publish


async def main(url: str, kind: str, payload: dict[str, object], count: int) -> None:
    engine = create_engine(sqlalchemy_url(url), pool_size=1)
    sessions = session_factory(engine)
    try:
        for index in range(count):
            async with transaction(sessions) as session:
                event_id = await publish(session, kind, {**payload, "index": index})
            print(event_id, repr(time.time()), flush=True)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(
        main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    )
