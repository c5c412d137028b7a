"""Originals and page images through the real app: originals stream, pages are capped in pixels."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image

from aseagi.kit.errors import BadRequest
from aseagi.originals.rendering import MAX_SIDE, RENDER_SCALE, render_scale
from tests.originals.pdfs import GIANT_PAGE, one_page_pdf

LETTER = one_page_pdf("/MediaBox [0 0 612 792]", b"BT /F1 12 Tf 72 700 Td (Hearing) Tj ET")


async def upload(client: httpx.AsyncClient, headers: dict[str, str], name: str, content: bytes) -> str:
    response = await client.post("/process/document", files={"file": (name, content)}, headers=headers)
    assert response.status_code == 202, response.text
    document_id: str = response.json()["document_id"]
    return document_id


def size_of(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


async def test_a_page_declaring_a_giant_size_is_drawn_at_the_pixel_cap(
    client: httpx.AsyncClient, write_headers: dict[str, str], read_headers: dict[str, str]
) -> None:
    document_id = await upload(client, write_headers, "giant.pdf", GIANT_PAGE)
    response = await client.get(f"/originals/{document_id}/pages/1", headers=read_headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert max(size_of(response.content)) == MAX_SIDE


async def test_an_ordinary_page_keeps_its_scale_and_a_missing_page_says_which_exist(
    client: httpx.AsyncClient, write_headers: dict[str, str], read_headers: dict[str, str]
) -> None:
    document_id = await upload(client, write_headers, "letter.pdf", LETTER)
    page = await client.get(f"/originals/{document_id}/pages/1", headers=read_headers)
    assert page.status_code == 200, page.text
    assert size_of(page.content) == (round(612 * RENDER_SCALE), round(792 * RENDER_SCALE))
    missing = await client.get(f"/originals/{document_id}/pages/2", headers=read_headers)
    assert missing.status_code == 404
    assert "ask for 1 to 1" in missing.json()["error"]["message"]


async def test_images_are_shrunk_and_other_formats_refused_with_a_reason(
    client: httpx.AsyncClient, write_headers: dict[str, str], read_headers: dict[str, str]
) -> None:
    out = io.BytesIO()
    Image.new("RGB", (3000, 1000), "white").save(out, format="PNG")
    image_id = await upload(client, write_headers, "scan.png", out.getvalue())
    image = await client.get(f"/originals/{image_id}/pages/1", headers=read_headers)
    assert image.status_code == 200, image.text
    assert size_of(image.content) == (2000, 667)
    text_id = await upload(client, write_headers, "note.txt", b"Case No. JV-2025-001234")
    refused = await client.get(f"/originals/{text_id}/pages/1", headers=read_headers)
    assert refused.status_code == 400
    assert "download the original" in refused.json()["error"]["message"]


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [(612, 792, RENDER_SCALE), (14400, 14400, MAX_SIDE / 14400), (1e9, 10, MAX_SIDE / 1e9)],
)
def test_render_scale_bounds_the_long_side(width: float, height: float, expected: float) -> None:
    scale = render_scale(width, height)
    assert scale == pytest.approx(expected)
    assert max(width, height) * scale <= MAX_SIDE


@pytest.mark.parametrize(("width", "height"), [(0, 792), (612, -1), (float("inf"), 10), (float("nan"), 10)])
def test_a_page_without_a_usable_size_is_refused(width: float, height: float) -> None:
    with pytest.raises(BadRequest):
        render_scale(width, height)


async def test_the_original_streams_its_exact_bytes_with_its_name_and_length(
    client: httpx.AsyncClient, write_headers: dict[str, str], read_headers: dict[str, str]
) -> None:
    document_id = await upload(client, write_headers, "letter.pdf", LETTER)
    response = await client.get(f"/originals/{document_id}", headers=read_headers)
    assert response.status_code == 200, response.text
    assert response.content == LETTER
    assert response.headers["content-length"] == str(len(LETTER))
    assert "letter.pdf" in response.headers["content-disposition"]
