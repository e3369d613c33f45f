"""Hostile files for the upload checks, built byte by byte so each declares exactly what a test needs."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares `width` × `height` pixels: a decompression bomb when both are large.
    At 30000 × 30000 it is 66 bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00")
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def bomb_upload(name: str = "anh.png", width: int = 30000, height: int = 30000) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_declaring(width, height), content_type="image/png")
