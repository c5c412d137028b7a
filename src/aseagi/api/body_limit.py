"""A ceiling on request bodies other than uploads, so one request cannot fill the API's memory.

Starlette reads a JSON body whole, however large. Every JSON body this API takes is small (a case, a
correction, a finding with at most 50 evidence passages), so anything past ``MAX_JSON_BODY`` is refused
with 413 before it is read further. Multipart uploads are streamed to disk and capped by
``ASEAGI_MAX_UPLOAD_BYTES`` in the upload endpoint instead.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aseagi.api.error_responses import error_response

MAX_JSON_BODY = 2 * 1024 * 1024
STREAMED_TYPES = (b"multipart/form-data",)


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int = MAX_JSON_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if headers.get(b"content-type", b"").lower().startswith(STREAMED_TYPES):
            await self.app(scope, receive, send)
            return
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            "payload_too_large",
            f"the request body is larger than {self.limit} bytes: send less "
            "(files go to POST /process/document)",
        )
        await response(scope, receive, send)
