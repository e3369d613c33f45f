"""Joining PDF documents into one, page after page, in memory that does not grow with the pages: each part's
objects are written out as soon as they are read, and only their offsets (8 bytes an object), the pages'
numbers (for the cross-reference table and the page tree written at the end) and a digest of each object the
pages share (fonts, forms: a few a part; one copy of each is written, however many parts embed it) are kept.

Why not a library's writer: pypdf's PdfWriter keeps every page it is given, stream data included, until it
writes (memory grows with the document); qpdf (pikepdf) keeps every object's dictionary and is a native
dependency more. Here pypdf (pinned in requirements.txt) only reads each part, lazily; the writing is the
PDF format's plain object syntax. What a part keeps besides its pages (its catalogue, outlines, page-tree
nodes) is left out: only the pages and what they use are copied, page attributes inherited from the part's
page tree are put on each page, and the first part's document information (title, creator) is kept."""

import hashlib
from array import array
from io import BytesIO
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject, StreamObject

INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


class _Joined(PdfObject):
    """A reference to an object of the joined document (the page tree's root, for each page's /Parent)."""

    def __init__(self, number: int):
        self.number = number


class PdfJoin:
    """`append` each part (a readable PDF file), then `finish`; the joined document is written to `out` (any
    binary file open for writing; only written to, never seeked)."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.written = 0
        self.offsets = array("Q")  # offset of object n + 1; 0 until written
        self.catalog, self.root, self.info = self._reserve(), self._reserve(), self._reserve()
        self.pages = array("Q")
        self.shared: dict[bytes, int] = {}  # digest of an object's bytes → its number, for what pages share
        self.info_copied = False
        self.started = False

    # --- writing -------------------------------------------------------------------------------------------
    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.written += len(data)

    def _reserve(self) -> int:
        self.offsets.append(0)
        return len(self.offsets)

    def _begin(self, number: int) -> None:
        self.offsets[number - 1] = self.written
        self._write(b"%d 0 obj\n" % number)

    def _end(self) -> None:
        self._write(b"\nendobj\n")

    def _serialise(self, value: PdfObject, number_of) -> bytes:
        """`value` in PDF syntax, each reference to an object of the part written as its number in the joined
        document (`number_of(old)`)."""
        if isinstance(value, IndirectObject):
            return b"%d 0 R" % number_of(value.idnum)
        if isinstance(value, _Joined):
            return b"%d 0 R" % value.number
        if isinstance(value, DictionaryObject):
            items = b"".join(
                _plain(NameObject(key)) + b" " + self._serialise(item, number_of) + b"\n"
                for key, item in value.items()
                if not (isinstance(value, StreamObject) and key == "/Length")
            )
            if isinstance(value, StreamObject):
                data = value._data  # the stream as stored, still encoded: copied, never decoded
                items += b"/Length %d\n" % len(data)
                return b"<<\n" + items + b">>\nstream\n" + data + b"\nendstream"
            return b"<<\n" + items + b">>"
        if isinstance(value, ArrayObject):
            return b"[" + b" ".join(self._serialise(item, number_of) for item in value) + b"]"
        return _plain(value)

    # --- parts ---------------------------------------------------------------------------------------------
    def append(self, part: BinaryIO) -> int:
        """Copy every page of `part`, in order, with everything it uses. Returns how many pages."""
        reader = PdfReader(part)
        if not self.started:
            self._write(b"%" + reader.pdf_header.lstrip("%").encode() + b"\n%\xe2\xe3\xcf\xd3\n")
            self.started = True
        pages = list(_pages(reader.trailer["/Root"]["/Pages"], {}))
        # Numbered first, so that a reference to a page from elsewhere (a link) finds it instead of copying it.
        part_numbers: dict[int, int | None] = {page_ref.idnum: self._reserve() for page_ref, _inherited in pages}
        copy = _PartCopy(self, reader, part_numbers)
        for page_ref, inherited in pages:
            page = page_ref.get_object()
            copied = DictionaryObject(
                {key: value for key, value in page.items() if key not in ("/Parent", "/Contents")}
            )
            for key, value in inherited.items():
                copied.setdefault(NameObject(key), value)
            copied[NameObject("/Parent")] = _Joined(self.root)
            body = self._serialise(copied, copy.shared)
            if "/Contents" in page:
                # The page's own drawing: never the same as another page's, so not looked up among the shared.
                body = body[:-2] + b"/Contents " + self._serialise(page.raw_get("/Contents"), copy.own) + b"\n>>"
            number = part_numbers[page_ref.idnum]
            self._object(number, body)
            self.pages.append(number)
        if not self.info_copied and "/Info" in reader.trailer:
            self._object(self.info, self._serialise(reader.trailer["/Info"].get_object(), _no_references))
            self.info_copied = True
        return len(pages)

    def _object(self, number: int, body: bytes) -> None:
        self._begin(number)
        self._write(body)
        self._end()

    def finish(self) -> None:
        """The page tree, the catalogue and the cross-reference table: the document is complete."""
        self._begin(self.root)
        kids = b" ".join(b"%d 0 R" % number for number in self.pages)
        self._write(b"<<\n/Type /Pages\n/Count %d\n/Kids [%s]\n>>" % (len(self.pages), kids))
        self._end()
        self._begin(self.catalog)
        self._write(b"<<\n/Type /Catalog\n/Pages %d 0 R\n>>" % self.root)
        self._end()
        if not self.info_copied:
            self._begin(self.info)
            self._write(b"<<\n>>")
            self._end()
        xref = self.written
        lines = [b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.offsets) + 1)]
        lines.extend(b"%010d 00000 n \n" % offset for offset in self.offsets)
        self._write(b"".join(lines))
        self._write(
            b"trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n>>\nstartxref\n%d\n%%%%EOF\n"
            % (len(self.offsets) + 1, self.catalog, self.info, xref)
        )


class _PartCopy:
    """The objects of one part, copied depth first, each after the objects it refers to, so that its bytes in
    the joined document are known before it is written: an object written with the same bytes by an earlier
    part (the shared stamp face, the fonts: each part embeds the same subset) is not written again, its number
    is used. Only what the pages share is looked up that way (`PdfJoin.shared`: a few entries a part at most),
    never the pages' own drawings."""

    def __init__(self, join: PdfJoin, reader: PdfReader, numbers: dict[int, int | None]):
        self.join, self.reader, self.numbers = join, reader, numbers
        self.forward: dict[int, int] = {}  # objects met again while being copied (a cycle): numbered ahead

    def shared(self, old: int) -> int:
        return self._copy(old, look_up=True)

    def own(self, old: int) -> int:
        return self._copy(old, look_up=False)

    def _copy(self, old: int, *, look_up: bool) -> int:
        if old in self.numbers:
            number = self.numbers[old]
            if number is None:  # on the way: refer to it by a number given now, written when it is done
                number = self.forward.setdefault(old, self.join._reserve())
            return number
        self.numbers[old] = None
        body = self.join._serialise(self.reader.get_object(old), self.shared if look_up else self.own)
        number = self.forward.pop(old, None)
        if number is None and look_up:
            digest = hashlib.sha256(body).digest()
            number = self.join.shared.get(digest)
            if number is None:
                number = self.join.shared[digest] = self.join._reserve()
                self.join._object(number, body)
        elif number is None:
            number = self.join._reserve()
            self.join._object(number, body)
        else:
            self.join._object(number, body)
        self.numbers[old] = number
        return number


def _pages(node_ref, inherited: dict):
    """(page reference, attributes it inherits) for each page under a page-tree node, in order."""
    node = node_ref.get_object()
    here = {**inherited, **{key: node[key] for key in INHERITED if key in node}}
    if node.get("/Type") == "/Pages":
        for kid in node["/Kids"]:
            yield from _pages(kid, here)
    else:
        yield node_ref, {key: value for key, value in inherited.items() if key not in node}


def _no_references(old: int) -> int:
    raise ValueError("the document information refers to another object")


def _plain(value: PdfObject) -> bytes:
    buffer = BytesIO()
    value.write_to_stream(buffer)
    return buffer.getvalue()
