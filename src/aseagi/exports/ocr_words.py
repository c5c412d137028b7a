"""Words on a page image, read with Tesseract: to find what to black out on scans and photos, and to lay
an invisible (redacted) text layer under them so the binder stays searchable."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from aseagi.exports.privacy import Redactor, Replacement

log = logging.getLogger(__name__)
Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class OcrWord:
    text: str
    box: Box
    """left, top, right, bottom in the image's pixels."""
    line: tuple[int, int, int]
    """Tesseract's block, paragraph and line: words of one line are joined by spaces."""


@dataclass(frozen=True)
class RedactedWords:
    """A page's words after redaction."""

    words: tuple[OcrWord, ...]
    """What the invisible layer says: a redacted phrase becomes its replacement at its first word's place."""
    boxes: tuple[Box, ...]
    """What to black out on the image."""
    replacements: tuple[Replacement, ...]


def read_words(image: Image.Image) -> list[OcrWord] | None:
    """The words Tesseract finds, in reading order; None when OCR is unavailable."""
    try:
        import pytesseract

        data = pytesseract.image_to_data(image, output_type=pytesseract.Output.DICT)
    except Exception as exc:  # no tesseract binary, or it failed on this image
        log.warning("page image not read: OCR unavailable (%s)", type(exc).__name__)
        return None
    words = []
    for i, text in enumerate(data["text"]):
        if text.strip():
            left, top = data["left"][i], data["top"][i]
            box = (left, top, left + data["width"][i], top + data["height"][i])
            words.append(
                OcrWord(text.strip(), box, (data["block_num"][i], data["par_num"][i], data["line_num"][i]))
            )
    return words


def joined(words: Sequence[OcrWord]) -> tuple[str, list[tuple[int, int]]]:
    """The page's text (lines by newlines) and each word's span in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for index, word in enumerate(words):
        if index:
            separator = " " if word.line == words[index - 1].line else "\n"
            parts.append(separator)
            position += 1
        spans.append((position, position + len(word.text)))
        parts.append(word.text)
        position += len(word.text)
    return "".join(parts), spans


def redact_words(words: Sequence[OcrWord], redactor: Redactor) -> RedactedWords:
    text, positions = joined(words)
    found = _merged(redactor.spans(text))
    kept: list[OcrWord] = []
    boxes: list[Box] = []
    started: set[int] = set()
    for word, (start, end) in zip(words, positions, strict=True):
        hits = [n for n, (s, e) in enumerate(found) if start < e and s < end]
        if not hits:
            kept.append(word)
            continue
        boxes.append(word.box)
        head = word.text[: max(0, found[hits[0]][0] - start)]
        tail = word.text[max(0, found[hits[-1]][1] - start) :]
        said = ""
        for hit in hits:
            if hit not in started:
                started.add(hit)
                phrase = text[found[hit][0] : found[hit][1]]
                replacement = redactor.clean(phrase)
                said += replacement if replacement != phrase else "[redacted]"
        if not head and not said and kept and kept[-1].line == word.line:
            kept[-1] = OcrWord(kept[-1].text + tail, kept[-1].box, kept[-1].line)  # "Whitfield," -> "W.,"
        elif head + said + tail:
            kept.append(OcrWord(head + said + tail, word.box, word.line))
    return RedactedWords(tuple(kept), tuple(boxes), tuple(redactor.apply(text)[1]))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans as one (a date of birth matched by two rules is replaced once)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
