"""Text PostgreSQL can take (``api/valid_text.py``): a NUL or an unpaired surrogate in a path, query, form
or JSON field is a 422 naming the field, before the endpoint runs; upload file names are cleaned instead.
The dependency is tried on a small app of its own, with the one error handler."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import Depends, FastAPI, File, Form, UploadFile
from pydantic import BaseModel

from aseagi.api import error_responses
from aseagi.api.valid_text import (
    MAX_FILE_NAME,
    clean_file_name,
    find_unstorable,
    printable,
    reject_unstorable_text,
)


class Note(BaseModel):
    text: str = ""
    evidence: list[dict[str, Any]] = []


def edge_app(reached: list[str]) -> FastAPI:
    app = FastAPI(dependencies=[Depends(reject_unstorable_text)])
    error_responses.install(app)

    @app.get("/cases/{case}")
    async def case(case: str, q: str = "") -> dict[str, str]:
        reached.append("case")
        return {"case": case, "q": q}

    @app.post("/notes")
    async def note(body: Note) -> dict[str, str]:
        reached.append("note")
        return {"text": body.text}

    @app.post("/ping")
    async def ping() -> dict[str, bool]:
        """Takes no body: whatever is sent is never read."""
        reached.append("ping")
        return {"ok": True}

    @app.post("/forms")
    async def form(case: str = Form("")) -> dict[str, str]:
        reached.append("form")
        return {"case": case}

    @app.post("/uploads")
    async def upload(file: UploadFile = File(...), case: str = Form("")) -> dict[str, str | None]:
        reached.append("upload")
        return {"name": file.filename, "cleaned": clean_file_name(file.filename)}

    return app


@pytest.fixture
async def edge() -> AsyncIterator[tuple[httpx.AsyncClient, list[str]]]:
    reached: list[str] = []
    transport = httpx.ASGITransport(app=edge_app(reached))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http, reached


def refused_at(response: httpx.Response, where: str) -> None:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["message"].startswith(f"{where}: contains a NUL character or an unpaired surrogate")
    assert error["detail"][0]["where"] == where


# printable


def test_printable_writes_nul_and_surrogates_as_escapes() -> None:
    assert printable("JV\x00-1") == "JV\\u0000-1"
    assert printable("a\ud800b\udfff") == "a\\ud800b\\udfff"
    assert printable("Niño 😀 ok") == "Niño 😀 ok", "a paired character is one character in Python"
    assert printable("") == ""


# find_unstorable


def test_clean_values_have_nothing_to_report() -> None:
    clean = {"docket": "JV-2099-000401", "pages": [1, 2.5, None, True], "nested": {"quote": "Niño 😀"}}
    assert find_unstorable(clean, "body") is None
    assert find_unstorable(None, "body") is None
    assert find_unstorable({}, "body") is None
    assert find_unstorable([], "body") is None
    assert find_unstorable("", "query.q") is None


def test_the_location_of_an_unstorable_string_is_named() -> None:
    assert find_unstorable("a\x00b", "query.q") == "query.q"
    assert find_unstorable("\udc80", "path.case") == "path.case"
    value = {"evidence": [{"quote": "fine"}, {"quote": "bad\x00"}]}
    assert find_unstorable(value, "body") == "body.evidence.1.quote"
    assert find_unstorable(("ok", ["ok", "\ud800"]), "body") == "body.1.1"


def test_a_dict_key_is_checked_too_and_named_printably() -> None:
    assert find_unstorable({"sub\x00ject": "fine"}, "body") == "body.sub\\u0000ject"
    assert find_unstorable({"outer": {"\ud800": 1}}, "body") == "body.outer.\\ud800"


def test_non_text_values_are_not_inspected() -> None:
    assert find_unstorable({1: b"\x00", "n": 0}, "body") is None


def test_one_of_several_unstorable_strings_is_named() -> None:
    found = find_unstorable({"a": "x\x00", "b": "y\x00"}, "body")
    assert found in {"body.a", "body.b"}


def test_deep_nesting_does_not_overflow() -> None:
    value: Any = "\x00"
    for _ in range(5000):
        value = [value]
    assert find_unstorable(value, "body") == "body" + ".0" * 5000


# reject_unstorable_text


async def test_clean_requests_reach_the_endpoint(edge: tuple[httpx.AsyncClient, list[str]]) -> None:
    http, reached = edge
    assert (await http.get("/cases/JV-2099-000401", params={"q": "Niño"})).json() == {
        "case": "JV-2099-000401",
        "q": "Niño",
    }
    response = await http.post("/notes", json={"text": "fine 😀", "evidence": [{"quote": "ok"}]})
    assert response.status_code == 200
    assert (await http.post("/forms", data={"case": "JV-2099-000401"})).json() == {"case": "JV-2099-000401"}
    assert reached == ["case", "note", "form"]


async def test_path_and_query_are_checked(edge: tuple[httpx.AsyncClient, list[str]]) -> None:
    http, reached = edge
    refused_at(await http.get("/cases/JV%00-1"), "path.case")
    refused_at(await http.get("/cases/JV-1?q=a%00b"), "query.q")
    refused_at(await http.get("/cases/JV-1?unknown=%00"), "query.unknown")
    refused_at(await http.get("/cases/JV-1?na%00me=x"), "query.na\\u0000me")
    assert reached == [], "no endpoint ran"


async def test_json_bodies_are_checked_at_any_depth(edge: tuple[httpx.AsyncClient, list[str]]) -> None:
    http, reached = edge
    headers = {"content-type": "application/json"}
    refused_at(await http.post("/notes", content='{"text": "a\\u0000b"}', headers=headers), "body.text")
    refused_at(await http.post("/notes", content='{"text": "a\\ud800b"}', headers=headers), "body.text")
    nested = '{"evidence": [{"quote": "ok"}, {"quote": "\\udfff"}]}'
    refused_at(await http.post("/notes", content=nested, headers=headers), "body.evidence.1.quote")
    vendor = {"content-type": "application/merge-patch+json; charset=utf-8"}
    refused_at(await http.post("/notes", content='{"text": "\\u0000"}', headers=vendor), "body.text")
    assert reached == []


async def test_a_surrogate_pair_in_json_is_one_character_and_accepted(
    edge: tuple[httpx.AsyncClient, list[str]],
) -> None:
    http, _ = edge
    response = await http.post(
        "/notes", content='{"text": "\\ud83d\\ude00"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.json() == {"text": "😀"}


async def test_a_body_the_route_does_not_take_is_not_read(edge: tuple[httpx.AsyncClient, list[str]]) -> None:
    http, reached = edge
    response = await http.post(
        "/ping", content='{"text": "\\u0000"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert reached == ["ping"]


async def test_form_fields_are_checked(edge: tuple[httpx.AsyncClient, list[str]]) -> None:
    http, reached = edge
    refused_at(await http.post("/forms", data={"case": "JV\x00"}), "body.case")
    refused_at(await http.post("/forms", data={"ca\x00se": "JV"}), "body.ca\\u0000se")
    assert reached == []


def multipart(file_name: bytes, case: bytes) -> tuple[bytes, dict[str, str]]:
    """Written by hand: httpx would percent-encode the NUL in a file name."""
    boundary = "fictional-boundary"
    body = (
        f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="'
        + file_name
        + b'"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 fictional\r\n'
        + f'--{boundary}\r\nContent-Disposition: form-data; name="case"\r\n\r\n'.encode()
        + case
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, {"content-type": f"multipart/form-data; boundary={boundary}"}


async def test_an_upload_s_file_name_is_cleaned_not_refused(
    edge: tuple[httpx.AsyncClient, list[str]],
) -> None:
    http, reached = edge
    body, headers = multipart(b"..\\evil\x00name.pdf", b"JV-2099-000401")
    response = await http.post("/uploads", content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"name": "..\\evil\x00name.pdf", "cleaned": "evilname.pdf"}
    assert reached == ["upload"]
    body, headers = multipart(b"fine.pdf", b"JV\x00")
    refused_at(await http.post("/uploads", content=body, headers=headers), "body.case")
    assert reached == ["upload"]


# clean_file_name


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("minute-order.pdf", "minute-order.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\clerk\\report.pdf", "report.pdf"),
        ("/var/tmp/a\x00b.pdf", "ab.pdf"),
        ("bad\udcffname.txt", "badname.txt"),
        ("  spaced name.pdf  ", "spaced name.pdf"),
        ("folder/", "folder"),
        ("Niño.pdf", "Niño.pdf"),
    ],
)
def test_clean_file_name(raw: str, cleaned: str) -> None:
    assert clean_file_name(raw) == cleaned


@pytest.mark.parametrize(
    "raw", [None, "", "   ", ".", "..", "/", "a/..", "\\", "\x00", "\ud800\udc00", "x/ "]
)
def test_a_name_with_nothing_left_is_the_default(raw: str | None) -> None:
    assert clean_file_name(raw) == "upload"
    assert clean_file_name(raw, default="exhibit") == "exhibit"


def test_a_long_name_is_cut_to_255_characters() -> None:
    name = "n" * 300 + ".pdf"
    assert clean_file_name(name) == "n" * MAX_FILE_NAME
    assert clean_file_name("é" * 255) == "é" * 255
