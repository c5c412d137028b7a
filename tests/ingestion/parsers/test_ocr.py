"""OCR and ImageParser on images drawn here: orientation, transparency, multi-page TIFF, bombs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from PIL import Image

from aseagi.ingestion.parsers.base import LimitExceeded, ParseContext, ParseError
from aseagi.ingestion.parsers.image import ImageParser, prepare_for_ocr
from aseagi.ingestion.parsers.ocr import TESSERACT_ENV, OcrUnavailable, ocr_image
from aseagi.ingestion.parsers.registry import parse_file

TextImage = Callable[[Sequence[str]], Image.Image]
NOTICE = ["NOTICE OF HEARING", "Case No. JV-2025-001234"]


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.ocr
def test_ocr_reads_rendered_text(text_image: TextImage) -> None:
    text = ocr_image(text_image(NOTICE))
    assert "NOTICE OF HEARING" in text
    assert "JV-2025-001234" in text


@pytest.mark.ocr
def test_blank_image_gives_empty_text() -> None:
    assert ocr_image(Image.new("RGB", (800, 600), "white")) == ""


def test_missing_tesseract_raises_clear_error(
    text_image: TextImage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TESSERACT_ENV, str(tmp_path / "absent"))
    with pytest.raises(OcrUnavailable, match="install tesseract-ocr"):
        ocr_image(text_image(NOTICE))


@pytest.mark.ocr
def test_png_with_alpha_is_flattened_on_white(
    text_image: TextImage, tmp_path: Path, context: ParseContext
) -> None:
    mask = text_image(NOTICE).point(lambda value: 255 - value)
    transparent = Image.new("RGBA", mask.size, (0, 0, 0, 0))
    transparent.putalpha(mask)  # black text, fully transparent (black) background
    path = tmp_path / "notice.png"
    transparent.save(path)
    document = parse_file(path, context)
    assert document.mime_type == "image/png"
    assert document.pages[0].ocr is True
    assert "NOTICE OF HEARING" in document.pages[0].text


@pytest.mark.ocr
def test_exif_orientation_is_applied(text_image: TextImage, tmp_path: Path, context: ParseContext) -> None:
    sideways = text_image(NOTICE).convert("RGB").rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    path = tmp_path / "photo.jpg"
    sideways.save(path, exif=exif, quality=95)
    document = ImageParser().parse(path, context)
    assert "NOTICE OF HEARING" in document.pages[0].text


LETTER = [
    "SUPERIOR COURT OF CALIFORNIA, COUNTY OF ALAMEDA",
    "JUVENILE DIVISION  Case No. JV-2025-001234",
    "NOTICE OF CONTINUED HEARING",
    "The jurisdiction hearing set for March 3, 2025 is continued",
    "to April 15, 2025 at 8:30 a.m. in Department 4.",
    "The social worker shall file the report ten days before",
    "the hearing and serve every party and counsel of record.",
    "The mother may attend in person or by remote appearance.",
    "Visitation continues as previously ordered by the court.",
    "Dated: February 20, 2025   Clerk of the Superior Court",
]


@pytest.mark.ocr
@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_page_scanned_sideways_or_upside_down_is_read_upright(text_image: TextImage, degrees: int) -> None:
    turned = text_image(LETTER).rotate(degrees, expand=True, fillcolor=255)
    text = _words(ocr_image(turned))
    assert "NOTICE OF CONTINUED HEARING" in text
    assert "JV-2025-001234" in text
    assert "April 15, 2025" in text


@pytest.mark.ocr
def test_every_tiff_frame_is_a_page(text_image: TextImage, tmp_path: Path, context: ParseContext) -> None:
    frames = [text_image([f"Exhibit page {word}"]) for word in ("one", "two", "three")]
    path = tmp_path / "fax.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw")
    document = parse_file(path, context)
    assert document.page_count == 3
    assert [_words(page.text) for page in document.pages] == [
        "Exhibit page one",
        "Exhibit page two",
        "Exhibit page three",
    ]


def test_tiff_page_limit(text_image: TextImage, tmp_path: Path, no_ocr_context: ParseContext) -> None:
    frames = [text_image([f"page {index}"]) for index in range(4)]
    path = tmp_path / "fax.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    context = ParseContext(
        workdir=no_ocr_context.workdir,
        limits=type(no_ocr_context.limits)(ocr=False, max_pages=2),
    )
    document = ImageParser().parse(path, context)
    assert document.page_count == 2
    assert any("first 2 of 4 pages" in warning for warning in document.warnings)


def test_ocr_disabled_keeps_page_and_warns(tmp_path: Path, no_ocr_context: ParseContext) -> None:
    path = tmp_path / "photo.webp"
    Image.new("RGB", (64, 48), "white").save(path)
    document = parse_file(path, no_ocr_context)
    assert document.page_count == 1
    assert document.pages[0].text == ""
    assert document.metadata["width"] == "64"
    assert any("OCR disabled" in warning for warning in document.warnings)


def test_decompression_bomb_is_refused(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "bomb.png"
    Image.new("1", (20000, 10000), 0).save(path, optimize=True)
    with pytest.raises(LimitExceeded, match="too large"):
        ImageParser().parse(path, context)


def test_corrupt_image_is_a_parse_error(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"garbage" * 20)
    with pytest.raises(ParseError):
        ImageParser().parse(path, context)


def test_truncated_jpeg_is_a_parse_error(
    text_image: TextImage, tmp_path: Path, context: ParseContext
) -> None:
    full = tmp_path / "full.jpg"
    text_image(NOTICE).save(full, quality=90)
    path = tmp_path / "cut.jpg"
    path.write_bytes(full.read_bytes()[:2000])
    with pytest.raises(ParseError, match="truncated"):
        ImageParser().parse(path, context)


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "CMYK", "I;16", "1"])
def test_prepare_for_ocr_gives_flat_8_bit_images(mode: str) -> None:
    image = Image.new(mode, (10, 10))
    if mode == "P":
        image.info["transparency"] = 0
    prepared = prepare_for_ocr(image)
    assert prepared.mode in ("1", "L", "RGB")
    if mode in ("RGBA", "LA", "P"):
        assert prepared.getpixel((0, 0)) == (255, 255, 255)  # transparent pixels become white paper
