"""Word .docx: body paragraphs and tables in reading order, then headers and footers.

Declarations and social-worker reports often arrive as .docx. Text is read from the XML so that
tracked insertions count as text and tracked deletions do not (what the document now says), and
tables keep one row per line with cells separated by tabs. Core-property dates are file metadata,
never the document's date.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import ClassVar

import olefile
from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from aseagi.ingestion.parsers.base import EncryptedDocument, Page, ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.text import clean_extracted_text, split_form_feeds

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NOTE_PARTS = ("/word/footnotes.xml", "/word/endnotes.xml", "/word/comments.xml")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class DocxParser:
    """Word 2007+ documents (.docx, .docm)."""

    mime_types: ClassVar[tuple[str, ...]] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        document = _open(path)
        body = block_text(document.element.body)
        extras = [*_headers_and_footers(document), *_notes_and_comments(document)]
        text = clean_extracted_text("\n\n".join(part for part in (body, *extras) if part.strip()))
        metadata = _core_properties(document)
        return ParsedDocument(
            mime_type=self.mime_types[0],
            pages=split_form_feeds(text) or (Page(number=1, text=""),),
            title=metadata.get("title"),
            metadata=metadata,
        )


class EncryptedOfficeParser:
    """Password-protected .docx/.xlsx/.pptx: recorded as encrypted, never guessed at."""

    mime_types: ClassVar[tuple[str, ...]] = ("application/x-ooxml-encrypted",)

    def parse(self, path: Path, context: ParseContext) -> ParsedDocument:
        raise EncryptedDocument("encrypted: the Office document needs a password to open")


def _open(path: Path) -> DocxDocument:
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic == _OLE_MAGIC:
        if _is_encrypted_ooxml(path):
            raise EncryptedDocument("encrypted: the Word document needs a password to open")
        raise ParseError("not a .docx: an OLE2 file (legacy Office format)")
    try:
        return Document(str(path))
    except PackageNotFoundError as exc:
        raise ParseError("not a readable .docx (not a Word package)") from exc
    except zipfile.BadZipFile as exc:
        raise ParseError("corrupt or truncated .docx (bad ZIP)") from exc
    except (KeyError, ValueError, etree.XMLSyntaxError, OSError, zipfile.LargeZipFile) as exc:
        raise ParseError(f"corrupt .docx ({type(exc).__name__}: {str(exc)[:150]})") from exc


def _is_encrypted_ooxml(path: Path) -> bool:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            return bool(ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage"))
    except (OSError, ValueError, IndexError, KeyError, TypeError):
        return False


def block_text(container: etree._Element) -> str:
    """Paragraphs and tables of a body, header, cell or content control, in document order."""
    blocks: list[str] = []
    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            blocks.append(paragraph_text(child))
        elif tag == f"{_W}tbl":
            blocks.append(_table_text(child))
        elif tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if tag == f"{_W}sdt" else child
            if content is not None:
                blocks.append(block_text(content))
    return "\n".join(blocks)


def paragraph_text(paragraph: etree._Element) -> str:
    """Text runs, tabs and breaks; deleted revisions and field instructions are skipped."""
    parts: list[str] = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif node.get(f"{_W}type") == "page":
            parts.append("\f")
        else:
            parts.append("\n")
    return "".join(parts)


def _table_text(table: etree._Element) -> str:
    rows: list[str] = []
    for row in table.iter(f"{_W}tr"):
        if _inside_nested_table(row, table):
            continue
        cells: list[str] = []
        for cell in row.iterchildren(f"{_W}tc"):
            cells.append(block_text(cell).replace("\n", " ").strip())
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _inside_nested_table(row: etree._Element, table: etree._Element) -> bool:
    parent = row.getparent()
    while parent is not None and parent is not table:
        if parent.tag == f"{_W}tbl":
            return True
        parent = parent.getparent()
    return False


def _headers_and_footers(document: DocxDocument) -> list[str]:
    """Each distinct header/footer text once (captions and case numbers often live there)."""
    seen: list[str] = []
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            text = block_text(part._element).strip()
            if text and text not in seen:
                seen.append(text)
    return seen


def _notes_and_comments(document: DocxDocument) -> list[str]:
    """Footnotes, endnotes and reviewers' comments, which python-docx does not expose as text."""
    texts: list[str] = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    for part in document.part.package.iter_parts():
        if part.partname not in _NOTE_PARTS:
            continue
        try:
            root = etree.fromstring(part.blob, parser)
        except etree.XMLSyntaxError:
            continue
        for note in root:
            if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = block_text(note).strip()
            if text:
                texts.append(text)
    return texts


def _core_properties(document: DocxDocument) -> dict[str, str]:
    metadata: dict[str, str] = {}
    try:
        core = document.core_properties
        values = {
            "title": core.title,
            "author": core.author,
            "last_modified_by": core.last_modified_by,
            "subject": core.subject,
            "created": core.created.isoformat() if core.created else "",
            "modified": core.modified.isoformat() if core.modified else "",
        }
    except (ValueError, KeyError, TypeError):
        return metadata
    for key, value in values.items():
        if value and str(value).strip():
            metadata[key] = str(value).strip()
    return metadata
