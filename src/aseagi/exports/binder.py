"""An exhibit binder under CRC 3.1110: numbered, indexed, bookmarked, Bates-stamped, split into parts.

The stages: ``prepare`` each exhibit's body on disk (from its stored original, redacted), ``lay out``
every page's number before drawing any, draw the front matter and tab pages, then ``assemble`` parts
page by page: each part is written and let go before the next starts, so memory is bounded by the part
size, never the binder's. A part that comes out over the limit is split again; pagination and Bates
numbers run on across parts.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdf
from pypdf.generic import Fit

from aseagi.exports.bates import Stamper, bates_label
from aseagi.exports.front_matter import CoverText, FrontLayout, front_layout, render_front, render_tabs
from aseagi.exports.schemas import BinderOptions, ExhibitPlacement, OutputFile, PreparedExhibit
from aseagi.kit.errors import BadRequest

FRONT_PAGE_BYTES = 4_000
TAB_PAGE_BYTES = 2_500
PART_BUDGET = 0.92
"""Parts are planned to this share of the limit; the few that still come out over it are split again."""
MAX_PART_PAGES = 5_000
"""A part also ends after this many pages, so the memory that writing it takes is bounded whatever the
pages weigh (the writer holds one part, never the binder)."""


def exhibit_label(number: int, lettered: bool) -> str:
    """1, 2, … or A … Z, AA, AB, …"""
    if not lettered:
        return str(number)
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return letters


@dataclass(frozen=True)
class PageSource:
    """Where one binder page comes from."""

    number: int
    """Its binder page number (1 = the cover)."""
    file: Path
    index: int
    """0-based page in ``file``."""
    foreign: bool
    """A stored PDF's page, whose content is scaled above the stamp band."""
    estimate: int
    """Expected bytes in the output."""
    revisited: bool = False
    """The front matter and tab pages: their files are visited again and again, so their readers are kept;
    an exhibit's body is visited once, in order, so only the current one's reader is (memory stays
    bounded by the part)."""


@dataclass(frozen=True)
class Layout:
    front: FrontLayout
    placements: tuple[ExhibitPlacement, ...]
    total_pages: int


def lay_out(exhibits: Sequence[PreparedExhibit]) -> Layout:
    front = front_layout(len(exhibits))
    page = front.pages + 1
    placements = []
    for exhibit in exhibits:
        placements.append(ExhibitPlacement(exhibit, page, page + 1, page + exhibit.pages))
        page += 1 + exhibit.pages
    return Layout(front=front, placements=tuple(placements), total_pages=page - 1)


def page_sources(layout: Layout, front_pdf: Path, tabs_pdf: Path) -> Iterator[PageSource]:
    for index in range(layout.front.pages):
        yield PageSource(index + 1, front_pdf, index, False, FRONT_PAGE_BYTES, revisited=True)
    for number, placement in enumerate(layout.placements):
        exhibit = placement.exhibit
        yield PageSource(placement.tab_page, tabs_pdf, number, False, TAB_PAGE_BYTES, revisited=True)
        per_page = max(1, exhibit.body.stat().st_size // max(exhibit.pages, 1))
        for index in range(exhibit.pages):
            yield PageSource(
                placement.first_page + index, exhibit.body, index, not exhibit.rendered, per_page
            )


def part_end(pages: Sequence[PageSource], start: int, max_bytes: int, ratio: float = 1.0) -> int:
    """Where the part starting at ``start`` should end: before its estimated size (each page's estimate
    times ``ratio``, what earlier parts actually weighed per estimated byte) passes the budget, and at
    most ``MAX_PART_PAGES`` pages on (a part is held in memory while it is written)."""
    budget = max_bytes * PART_BUDGET
    size = 0.0
    end = start
    while end < len(pages) and end - start < MAX_PART_PAGES:
        size += pages[end].estimate * ratio
        if end > start and size > budget:
            break
        end += 1
    return end


class BinderWriter:
    """Writes the parts of one binder into ``out_dir``."""

    def __init__(
        self, out_dir: Path, name: str, options: BinderOptions, layout: Layout, *, title: str
    ) -> None:
        self.out_dir = out_dir
        self.name = name
        self.options = options
        self.layout = layout
        self.title = title

    def bates(self, page_number: int) -> str:
        return bates_label(
            self.options.bates_prefix, self.options.bates_start + page_number - 1, self.options.bates_digits
        )

    def write_all(self, pages: Sequence[PageSource]) -> list[OutputFile]:
        """Parts in order; each planned from what the previous ones weighed, and split again if over."""
        written: list[tuple[Path, int, int]] = []
        start, ratio = 0, 1.0
        limit = self.options.max_bytes
        end = part_end(pages, start, limit, ratio)
        while start < len(pages):
            path = self.out_dir / f".{self.name}.part{len(written) + 1}.tmp"
            size = self._write(pages[start:end], path)
            estimated = max(1, sum(page.estimate for page in pages[start:end]))
            if size > limit:
                path.unlink()
                if end - start == 1:
                    raise BadRequest(
                        f"page {pages[start].number} alone is {size / 1e6:.1f} MB, over the "
                        f"{limit / 1e6:.0f} MB limit: raise --max-mb or leave that exhibit out"
                    )
                ratio = max(ratio, size / estimated)
                end = min(part_end(pages, start, limit, ratio), start + (end - start) // 2)
                continue
            written.append((path, start, end))
            ratio = size / estimated
            start = end
            end = part_end(pages, start, limit, ratio)
        return [
            self._finish(path, pages[start:end], k, len(written))
            for k, (path, start, end) in enumerate(written, 1)
        ]

    def _finish(self, temporary: Path, pages: Sequence[PageSource], number: int, count: int) -> OutputFile:
        suffix = "" if count == 1 else f"_part{number:02d}_of_{count:02d}"
        final = self.out_dir / f"{self.name}{suffix}.pdf"
        temporary.replace(final)
        digest = hashlib.sha256()
        with open(final, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
        first, last = pages[0].number, pages[-1].number
        return OutputFile(
            final, digest.hexdigest(), final.stat().st_size, first, last, self.bates(first), self.bates(last)
        )

    def _write(self, pages: Sequence[PageSource], path: Path) -> int:
        writer = pypdf.PdfWriter()
        stamper = Stamper(writer)
        kept: dict[Path, pypdf.PdfReader] = {}
        current: tuple[Path, pypdf.PdfReader] | None = None
        for page in pages:
            if not page.revisited:
                if current is None or current[0] != page.file:
                    current = (page.file, pypdf.PdfReader(page.file))
                reader = current[1]
            else:
                reader = kept.get(page.file) or kept.setdefault(page.file, pypdf.PdfReader(page.file))
            added = writer.add_page(reader.pages[page.index])
            for key in ("/Annots", "/PieceInfo", "/Metadata", "/Thumb"):
                if key in added:
                    del added[key]
            stamper.stamp(
                added, page_number=page.number, bates=self.bates(page.number), scale_content=page.foreign
            )
        self._bookmarks(writer, pages)
        writer.add_metadata({"/Title": self.title, "/Producer": "ASEAGI", "/Creator": "ASEAGI"})
        writer.page_mode = "/UseOutlines"
        with open(path, "wb") as handle:
            writer.write(handle)
        return path.stat().st_size

    def _bookmarks(self, writer: pypdf.PdfWriter, pages: Sequence[PageSource]) -> None:
        """Front sections, then one bookmark per exhibit present in this part, at its first page here."""
        first = pages[0].number
        last = pages[-1].number
        front = self.layout.front
        sections = [
            ("Cover", 1),
            ("Chain of custody", front.custody_first),
            ("Exhibit index", front.index_first),
        ]
        for title, page_number in sections:
            if first <= page_number <= last:
                writer.add_outline_item(title=title, page_number=page_number - first, fit=Fit.fit())
        for placement in self.layout.placements:
            if placement.last_page < first or placement.tab_page > last:
                continue
            start = max(placement.tab_page, first)
            exhibit = placement.exhibit
            title = f"Exhibit {exhibit.label} - {exhibit.description}"[:120]
            if start > placement.tab_page:
                title += " (continued)"
            writer.add_outline_item(title=title, page_number=start - first, fit=Fit.fit())


def assemble(
    exhibits: Sequence[PreparedExhibit],
    options: BinderOptions,
    cover: CoverText,
    out_dir: Path,
    workdir: Path,
    name: str,
) -> tuple[Layout, list[OutputFile]]:
    """Number, draw the front matter and tabs, and write the parts."""
    layout = lay_out(exhibits)
    first, last = options.bates_start, options.bates_start + layout.total_pages - 1
    cover = CoverText(
        caption=cover.caption,
        docket=cover.docket,
        prepared=cover.prepared,
        bates_range=f"{bates_label(options.bates_prefix, first, options.bates_digits)} to "
        f"{bates_label(options.bates_prefix, last, options.bates_digits)}",
        total_pages=layout.total_pages,
        parts=f"Filed in parts of at most {options.max_bytes / 1024 / 1024:g} MB; "
        "pagination continues across parts",
        redaction_note=cover.redaction_note,
    )
    front_pdf, tabs_pdf = workdir / "front.pdf", workdir / "tabs.pdf"
    drawn = render_front(front_pdf, cover, layout.placements)
    if drawn != layout.front.pages:
        raise RuntimeError(f"front matter drew {drawn} pages, the layout expected {layout.front.pages}")
    render_tabs(tabs_pdf, layout.placements)
    pages = list(page_sources(layout, front_pdf, tabs_pdf))
    writer = BinderWriter(out_dir, name, options, layout, title=f"Exhibits - {cover.docket}")
    return layout, writer.write_all(pages)
