"""Hostile files for the upload checks (images, workbooks), built part by part so each holds exactly what a test
needs."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int, pixels: bytes | None = None) -> bytes:
    """A tiny PNG whose header declares `width` × `height` pixels: a decompression bomb when both are large.
    At 30000 × 30000 it is 66 bytes. `pixels` replaces its compressed pixel data (sound chunks, broken data)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00") if pixels is None else pixels
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def bomb_upload(name: str = "anh.png", width: int = 30000, height: int = 30000) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_declaring(width, height), content_type="image/png")


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def workbook_bytes(rows=(("Tên", "Số"), ("Mứt gừng", 3))) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"


def replace_parts(workbook: bytes, parts: dict[str, bytes]) -> bytes:
    """`workbook` with some parts (by path) replaced or added; a shared-strings part is declared in the content
    types and the workbook's relations, so that openpyxl reads it."""
    replaced = dict(parts)
    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        contents = {name: source.read(name) for name in source.namelist()}
    if SHARED_STRINGS in replaced:
        override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
        relation = f'<Relationship Id="rIdStrings" Type="{SHARED_STRINGS_REL}" Target="sharedStrings.xml"/>'
        types, relations = "[Content_Types].xml", "xl/_rels/workbook.xml.rels"
        contents[types] = contents[types].replace(b"</Types>", override.encode() + b"</Types>")
        contents[relations] = contents[relations].replace(b"</Relationships>", relation.encode() + b"</Relationships>")
    contents.update(replaced)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in contents.items():
            target.writestr(name, data)
    return out.getvalue()


def sheet_xml(rows: bytes) -> bytes:
    return f'<worksheet xmlns="{MAIN}"><sheetData>'.encode() + rows + b"</sheetData></worksheet>"


def empty_rows_workbook(count: int) -> bytes:
    """A header, then `count` empty rows: 3 million of them pack into about 30 KB."""
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>T\xc3\xaan</t></is></c></row>'
    return replace_parts(workbook_bytes(), {SHEET: sheet_xml(header + b"<row/>" * count)})


def shared_string_workbook(length: int) -> bytes:
    """One cell holding one shared string of `length` characters: 300 million of them pack into about 290 KB."""
    strings = f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode() + b"A" * length + b"</t></si></sst>"
    sheet = sheet_xml(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return replace_parts(workbook_bytes(), {SHARED_STRINGS: strings, SHEET: sheet})
