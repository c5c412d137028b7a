"""A fake Telegram Bot API server: a real HTTP server that python-telegram-bot talks to via ``base_url``.

It serves the methods the bot uses (getMe, getUpdates long polling, sendMessage, editMessageText,
answerCallbackQuery, getFile and file downloads, setMyCommands, deleteWebhook), records what the bot
sent, and lets a test push updates as if a user had typed them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

BOT_TOKEN = "123456:TEST-fake-token"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "ASEAGI", "username": "aseagi_test_bot"}
JSON_FIELDS = {
    "chat_id",
    "message_id",
    "reply_markup",
    "offset",
    "timeout",
    "limit",
    "allowed_updates",
    "commands",
}


class FakeTelegram:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.sent: list[dict[str, Any]] = []
        """Every sendMessage and editMessageText, in order (``method`` says which)."""
        self.files: dict[str, bytes] = {}
        self.downloads: list[str] = []
        """Paths fetched over HTTP from the file endpoint."""
        self.too_big: set[str] = set()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(100)
        self._new_update = asyncio.Event()
        self._changed = asyncio.Event()
        self.url = ""
        self.local_dir: Path | None = None
        """Set: behave as a self-hosted server in ``--local`` mode; getFile answers an absolute path
        under this folder and the file is not served over HTTP."""

    # --- what the test does ---

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "username": f"user{user_id}"}

    def _push(self, update: dict[str, Any]) -> None:
        update["update_id"] = next(self._update_ids)
        self._updates.append(update)
        self._new_update.set()

    def message(self, user_id: int, text: str | None = None, **extra: Any) -> None:
        self._push(self.message_update(user_id, text, **extra))

    def message_update(self, user_id: int, text: str | None = None, **extra: Any) -> dict[str, Any]:
        """An update as Telegram would send it (by getUpdates, or POSTed to a webhook)."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": self._user(user_id),
            **extra,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self._update_ids), "message": message}

    def document(self, user_id: int, name: str, content: bytes, file_id: str = "file-1") -> None:
        self.files[file_id] = content
        document = {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_name": name,
            "file_size": len(content),
        }
        self.message(user_id, document=document)

    def photo(self, user_id: int, content: bytes, file_id: str = "photo-1") -> None:
        self.files[file_id] = content
        sizes = [
            {"file_id": "thumb", "file_unique_id": "thumb-u", "width": 90, "height": 90},
            {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "width": 1280,
                "height": 960,
                "file_size": len(content),
            },
        ]
        self.message(user_id, photo=sizes)

    def press(self, user_id: int, message: dict[str, Any], data: str) -> None:
        original = {
            "message_id": message["message_id"],
            "date": int(time.time()),
            "chat": {"id": message["chat_id"], "type": "private"},
            "from": BOT_USER,
            "text": message["text"],
        }
        self._push(
            {
                "callback_query": {
                    "id": f"cb-{next(self._message_ids)}",
                    "from": self._user(user_id),
                    "chat_instance": "ci",
                    "message": original,
                    "data": data,
                }
            }
        )

    async def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], *, after: int = 0, timeout: float = 10.0
    ) -> dict[str, Any]:
        """The first message sent (from index ``after``) that matches; fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            for sent in self.sent[after:]:
                if predicate(sent):
                    return sent
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                texts = [s.get("text", "")[:120] for s in self.sent[after:]]
                raise AssertionError(f"no matching message within {timeout} s; sent: {texts}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass

    async def wait_text(self, fragment: str, *, after: int = 0, timeout: float = 10.0) -> dict[str, Any]:
        return await self.wait_for(lambda s: fragment in s.get("text", ""), after=after, timeout=timeout)

    # --- the Bot API ---

    async def _params(self, request: Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query_params)
        if request.method == "POST":
            if request.headers.get("content-type", "").startswith("application/json"):
                raw.update(await request.json())
            else:
                form = await request.form()
                raw.update({k: v for k, v in form.items() if isinstance(v, str)})
        return {k: json.loads(v) if k in JSON_FIELDS and isinstance(v, str) else v for k, v in raw.items()}

    async def _method(self, request: Request) -> Response:
        method = request.path_params["method"]
        params = await self._params(request)
        self.calls.append((method, params))
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return JSONResponse({"ok": True, "result": True})
        result = await handler(params)
        if isinstance(result, Response):
            return result
        return JSONResponse({"ok": True, "result": result})

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), min(timeout, 1.0))
            except TimeoutError:
                pass
        return self._updates[:100]

    def _record(self, method: str, params: dict[str, Any], message_id: int) -> dict[str, Any]:
        entry = {"method": method, "chat_id": int(params["chat_id"]), "message_id": message_id, **params}
        self.sent.append(entry)
        self._changed.set()
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "from": BOT_USER,
            "text": params.get("text", ""),
        }

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        if len(params.get("text", "")) > 4096:
            return JSONResponse(
                {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}, 400
            )
        return self._record("sendMessage", params, next(self._message_ids))

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        return self._record("editMessageText", params, int(params["message_id"]))

    async def _api_getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params["file_id"])
        if file_id in self.too_big:
            return JSONResponse(
                {"ok": False, "error_code": 400, "description": "Bad Request: file is too big"}, 400
            )
        path = f"documents/{file_id}.bin"
        if self.local_dir is not None:
            local = self.local_dir / path
            local.parent.mkdir(parents=True, exist_ok=True)
            local.write_bytes(self.files[file_id])
            path = str(local.absolute())
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(self.files[file_id]),
            "file_path": path,
        }

    async def _file(self, request: Request) -> Response:
        self.downloads.append(request.path_params["path"])
        if self.local_dir is not None:
            return Response(status_code=404)
        file_id = request.path_params["path"].split("/")[-1].removesuffix(".bin")
        return Response(self.files[file_id], media_type="application/octet-stream")

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/bot{token}/{method}", self._method, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._file, methods=["GET"]),
            ]
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def http_server(app: ASGIApp, *, port: int | None = None, lifespan: str = "off") -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 in this event loop; yields its base URL."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan=lifespan)  # type: ignore[arg-type]
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("the server stopped during start-up")
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def serve(fake: FakeTelegram) -> AsyncIterator[FakeTelegram]:
    async with http_server(fake.app()) as url:
        fake.url = url
        yield fake
