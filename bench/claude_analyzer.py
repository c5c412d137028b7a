"""Claude analyzer throughput against the local fake Messages API (nothing leaves the machine).

    .venv/bin/python bench/claude_analyzer.py [--docs 600] [--latency 3] [--concurrency 40]
        [--rate-429 0.03] [--rate-500 0.01] [--rate-529 0.01] [--rate-text 0.01] [--retry-after 1]

Each fictional document (3 pages) is analysed locally, sent to the fake API through the real
``anthropic`` SDK (every answer takes --latency seconds; 429s with retry-after, 500s, 529s and
answers without a tool call come at the given rates), its quotes located and its findings merged and
re-scored, exactly as ``claude_enrich`` does minus the database. Prints docs/min, calls, attempts,
retries by status, tokens and cost at the model's listed price. Figures only, never an assertion.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.analysis.llm.fake_messages_api import FakeMessagesAPI, running  # noqa: E402

from aseagi.analysis import analyze_document  # noqa: E402
from aseagi.analysis.llm.accounting import BatchCost  # noqa: E402
from aseagi.analysis.llm.analyzer import ask_claude  # noqa: E402
from aseagi.analysis.llm.client import ClaudeCallError, ClaudeClient  # noqa: E402
from aseagi.analysis.llm.merge import merge_findings  # noqa: E402

NAMES = ("Maya Ortiz", "Eli Ortiz", "Dana Reyes", "Sam Patel", "Lee Brooks")
MODEL = "claude-sonnet-5-5"


def fictional_document(number: int, rng: random.Random) -> list[str]:
    name = rng.choice(NAMES)
    day = rng.randint(1, 27)
    return [
        f"SOCIAL WORKER REPORT\nCase No. JV-2025-{number:06d}\n"
        f"The mother was contacted by telephone on March {day}, 2025 regarding {name}.\n"
        "The detention hearing was held on March 3, 2025 in Department 3.\n",
        f"The report was signed on February {day}, 2025, before the visit it describes.\n"
        + "The social worker observed the visit and noted the child was safe. " * 20,
        "I declare under penalty of perjury under the laws of the State of California that the foregoing "
        f"is true and correct.\nExecuted on March {day}, 2025.\n",
    ]


async def run(args: argparse.Namespace) -> None:
    rng = random.Random(11)
    documents = [fictional_document(n, rng) for n in range(args.docs)]
    faults = {"429": args.rate_429, "500": args.rate_500, "529": args.rate_529, "text": args.rate_text}
    api = FakeMessagesAPI(latency=args.latency, fault_rates=faults, retry_after=args.retry_after)
    with running(api):
        client = ClaudeClient(
            api_key="bench-key", model=MODEL, base_url=api.base_url, concurrency=args.concurrency
        )
        costs = BatchCost()
        failed = added = 0

        async def one(pages: list[str]) -> None:
            nonlocal failed, added
            local = analyze_document(pages)
            try:
                found = await ask_claude(client, pages)
            except ClaudeCallError:
                failed += 1
                return
            merged = merge_findings(local, found.findings, model=MODEL)
            added += sum(merged.added.values())
            costs.add(found.cost)

        started = time.perf_counter()
        await asyncio.gather(*(one(pages) for pages in documents))
        elapsed = time.perf_counter() - started
        await client.aclose()
    stats = client.stats
    print(f"documents            {args.docs} ({failed} failed for good)")
    print(f"latency per call     {args.latency:.1f} s, concurrency {args.concurrency}")
    print(f"elapsed              {elapsed:.1f} s")
    print(f"throughput           {args.docs / elapsed * 60:.0f} docs/min")
    print(f"calls / attempts     {stats.calls} / {stats.attempts}")
    print(f"retries              {stats.retries} {dict(stats.retried_statuses)}")
    print(f"malformed re-asks    {api.served.get('text', 0)}")
    print(f"peak in flight       client {stats.peak_in_flight}, server {api.peak_in_flight}")
    print(f"findings merged      {added}")
    print(f"tokens in / out      {costs.usage.input_tokens} / {costs.usage.output_tokens}")
    per_doc = costs.cost_usd / max(1, costs.documents)
    print(f"cost ({MODEL})  ${costs.cost_usd:.4f} total, ${per_doc:.5f} per document")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--latency", type=float, default=3.0)
    parser.add_argument("--concurrency", type=int, default=40)
    parser.add_argument("--rate-429", type=float, default=0.03)
    parser.add_argument("--rate-500", type=float, default=0.01)
    parser.add_argument("--rate-529", type=float, default=0.01)
    parser.add_argument("--rate-text", type=float, default=0.01)
    parser.add_argument("--retry-after", type=float, default=1.0)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
