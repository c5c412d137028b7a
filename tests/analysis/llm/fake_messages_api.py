"""A fake Anthropic Messages API on 127.0.0.1 that the real SDK talks to through ``base_url``.

It answers ``POST /v1/messages`` like the API: a ``tool_use`` block holding what the test's *analyst*
function proposes for the pages it was sent, with usage counted from the text. A script of canned
replies is served first (429 with retry-after, 500, 529 overloaded, text without a tool call, invalid
JSON, a slow answer…); random faults at given rates can follow, for the benchmark. Every request is
recorded. One thread per connection, so calls in flight really overlap (and are counted).
"""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PAGE = re.compile(r'<page number="(\d+)">\n(.*?)\n</page>', re.S)
TOOL_NAME = "record_findings"

Analyst = Callable[[dict[int, str]], list[dict[str, Any]]]
"""Pages sent (number → text) in, findings (the tool's ``findings`` items) out."""


def first_line_analyst(pages: dict[int, str]) -> list[dict[str, Any]]:
    """One fraud indicator quoting the first line of at least 12 characters on the first page sent."""
    for number, text in sorted(pages.items()):
        for line in text.splitlines():
            if len(line.strip()) >= 12:
                return [
                    {
                        "category": "fraud_indicator",
                        "page": number,
                        "quote": line.strip()[:200],
                        "description": "The date on this line precedes the event it describes.",
                        "confidence": 0.9,
                        "kind": "dated_before_event",
                    }
                ]
    return []


@dataclass(frozen=True)
class Reply:
    """One canned reply. ``kind``: answer, status, text, tool_input, raw, or slow."""

    kind: str = "answer"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    text: str = ""
    tool_input: Any = None
    delay: float | None = None


def rate_limited(retry_after: float = 0.2) -> Reply:
    return Reply(kind="status", status=429, headers={"retry-after": f"{retry_after:g}"})


def server_error() -> Reply:
    return Reply(kind="status", status=500)


def overloaded() -> Reply:
    return Reply(kind="status", status=529)


def refused(status: int = 401) -> Reply:
    return Reply(kind="status", status=status)


def text_only(text: str = "I could not find anything worth reporting.") -> Reply:
    """An answer with no tool_use block."""
    return Reply(kind="text", text=text)


def tool_input(value: Any) -> Reply:
    """A tool_use block whose input is ``value`` (e.g. a string of broken JSON, a wrong shape)."""
    return Reply(kind="tool_input", tool_input=value)


def slow(delay: float) -> Reply:
    return Reply(kind="answer", delay=delay)


_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


@dataclass
class FakeMessagesAPI:
    latency: float = 0.0
    """Seconds every answer takes (errors come back at once, as throttling does)."""
    analyst: Analyst = first_line_analyst
    fault_rates: dict[str, float] = field(default_factory=dict)
    """Random faults after the script: ``{"429": 0.05, "500": 0.02, "529": 0.01, "text": 0.01}``."""
    retry_after: float = 1.0
    """``retry-after`` of random 429s."""
    seed: int = 7
    reject_forced_tool: tuple[str, ...] = ()
    """Models for which a forced ``tool_choice`` gets a 400, as Claude Sonnet 5.5 answers."""
    script: deque[Reply] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    in_flight: int = 0
    peak_in_flight: int = 0
    served: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: Iterator[int] = field(default_factory=itertools.count)
    base_url: str = ""

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def then(self, *replies: Reply) -> FakeMessagesAPI:
        self.script.extend(replies)
        return self

    def _next(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.script:
                return self.script.popleft()
            model = request.get("model", "")
            if model in self.reject_forced_tool and (request.get("tool_choice") or {}).get("type") == "tool":
                return Reply(kind="status", status=400, text="tool_choice: forced tool use is not supported")
            draw = self._random.random()
            for name, rate in self.fault_rates.items():
                if draw < rate:
                    if name == "429":
                        return rate_limited(self.retry_after)
                    if name == "text":
                        return text_only()
                    return Reply(kind="status", status=int(name))
                draw -= rate
            return Reply()

    def _count(self, label: str) -> None:
        with self._lock:
            self.served[label] = self.served.get(label, 0) + 1

    def respond(self, request: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        reply = self._next(request)
        if reply.kind == "status":
            self._count(str(reply.status))
            body = {
                "type": "error",
                "error": {
                    "type": _ERROR_TYPES.get(reply.status, "api_error"),
                    "message": reply.text or "fake",
                },
            }
            return reply.status, reply.headers, json.dumps(body).encode()
        with self._lock:
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            time.sleep(self.latency if reply.delay is None else reply.delay)
        finally:
            with self._lock:
                self.in_flight -= 1
        self._count(reply.kind)
        prompt = "".join(m["content"] for m in request["messages"] if isinstance(m["content"], str))
        if reply.kind == "text":
            content: list[dict[str, Any]] = [{"type": "text", "text": reply.text}]
        else:
            value = reply.tool_input
            if reply.kind == "answer":
                pages = {int(number): text for number, text in PAGE.findall(prompt)}
                value = {"findings": self.analyst(pages)}
            content = [
                {"type": "tool_use", "id": f"toolu_{next(self._ids)}", "name": TOOL_NAME, "input": value}
            ]
        message = {
            "id": f"msg_fake_{next(self._ids)}",
            "type": "message",
            "role": "assistant",
            "model": request.get("model", "fake"),
            "content": content,
            "stop_reason": "tool_use" if content[0]["type"] == "tool_use" else "end_turn",
            "stop_sequence": None,
            "usage": {
                "input_tokens": (len(prompt) + len(str(request.get("system", "")))) // 4 + 400,
                "output_tokens": len(json.dumps(content)) // 4,
            },
        }
        return 200, {"request-id": message["id"]}, json.dumps(message).encode()


def _handler(api: FakeMessagesAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length)
            if self.path.rstrip("/") != "/v1/messages":
                self._send(404, {}, b'{"type":"error","error":{"type":"not_found_error","message":"no"}}')
                return
            with api._lock:
                api.headers.append({k.lower(): v for k, v in self.headers.items()})
            status, headers, body = api.respond(json.loads(raw))
            self._send(status, headers, body)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


@contextmanager
def running(api: FakeMessagesAPI) -> Iterator[FakeMessagesAPI]:
    """Serve ``api`` on a free port of 127.0.0.1 for the block; ``api.base_url`` says where."""
    server = _Server(("127.0.0.1", 0), _handler(api))
    api.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fake-messages-api", daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
