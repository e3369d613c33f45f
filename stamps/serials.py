"""Stamp serials: 80 random bits from the operating system's cryptographic generator, written as 16 Crockford
base32 characters, plus one check character: 17 characters, grouped `XXXX-XXXX-XXXX-XXXX-X` for people.

Why not Crockford's own check symbol: it is a value mod 37 and needs five extra symbols `* ~ $ = U`. In a
GS1 Digital Link the serial is AI 21, whose values must come from GS1 character set 82; `~` and `$` are not in
it (biip's AI 21 pattern is `[!%-?A-Z_a-z"]`), `*` `$` `=` would be percent-encoded in a URL (`%2A`), and none
of them can be read aloud or typed on a phone keypad. So the check character is computed over GF(32), the
field of 32 elements (primitive polynomial x⁵ + x² + 1, α = 2): the 17 symbols s₀…s₁₆ satisfy
Σ α^(16−i)·sᵢ = 0. This is a single Reed–Solomon check symbol in the same 32-character alphabet. Since α has
order 31 and every weight α^k (k < 17) is distinct and non-zero, it detects every single wrong character, every
swap of two different characters (adjacent or not) and every "twin" error (aa → bb), which is as strong as
Crockford's mod-37 check, without leaving the alphabet.
"""

import functools
import secrets

from core.codes import CROCKFORD

BODY_LENGTH = 16  # 16 × 5 bits = 80 random bits
SERIAL_LENGTH = BODY_LENGTH + 1
BODY_BYTES = 10
GROUP = 4

_VALUE = {char: value for value, char in enumerate(CROCKFORD)}
# Crockford's decoding: O reads as 0, I and L read as 1; hyphens and spaces are only for people.
_READING = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None, "\u00a0": None})


def _times_alpha(value: int) -> int:
    value <<= 1
    return value ^ 0b100101 if value & 0b100000 else value


def _check_value(values) -> int:
    """The check symbol's value for the body's symbol values (Horner's rule in GF(32))."""
    accumulator = 0
    for value in values:
        accumulator = _times_alpha(accumulator) ^ value
    return _times_alpha(accumulator)


@functools.cache
def _byte_tables() -> tuple[tuple[int, ...], ...]:
    """The check is linear over the 80 bits, so it is the XOR of one table look-up per byte of the body."""

    def bit(position: int) -> int:  # position 79 is the first bit of the first character
        number = 1 << position
        return _check_value((number >> (75 - 5 * index)) & 31 for index in range(BODY_LENGTH))

    tables = []
    for byte_index in range(BODY_BYTES):
        base = 8 * (BODY_BYTES - 1 - byte_index)
        weights = [bit(base + j) for j in range(8)]
        table = []
        for byte in range(256):
            value = 0
            for j in range(8):
                if byte >> j & 1:
                    value ^= weights[j]
            table.append(value)
        tables.append(tuple(table))
    return tuple(tables)


def check_character(body: str) -> str:
    """The check character of a 16-character body in Crockford's alphabet."""
    return CROCKFORD[_check_value(_VALUE[char] for char in body)]


def _table(value_of) -> bytes:
    return bytes(value_of(byte) for byte in range(256))


_CHAR = _table(lambda value: CROCKFORD.encode()[value & 31])
# Five bytes are eight 5-bit symbols. Each symbol is read from one byte, or from the end of one and the start of
# the next: (byte, table giving that byte's share of the symbol's value) for each share.
_SYMBOLS = (
    ((0, _table(lambda b: b >> 3)),),
    ((0, _table(lambda b: (b & 7) << 2)), (1, _table(lambda b: b >> 6))),
    ((1, _table(lambda b: (b >> 1) & 31)),),
    ((1, _table(lambda b: (b & 1) << 4)), (2, _table(lambda b: b >> 4))),
    ((2, _table(lambda b: (b & 15) << 1)), (3, _table(lambda b: b >> 7))),
    ((3, _table(lambda b: (b >> 2) & 31)),),
    ((3, _table(lambda b: (b & 3) << 3)), (4, _table(lambda b: b >> 5))),
    ((4, _table(lambda b: b & 31)),),
)


@functools.cache
def _check_translations() -> tuple[bytes, ...]:
    return tuple(bytes(table) for table in _byte_tables())


def _join_shares(shares: list[bytes]) -> bytes:
    # The shares of a symbol never have a bit in common, so OR-ing them as two big numbers OR-s them bytewise.
    if len(shares) == 1:
        return shares[0]
    first, second = shares
    return (int.from_bytes(first, "big") | int.from_bytes(second, "big")).to_bytes(len(first), "big")


def encode_block(raw: bytes) -> bytes:
    """The serials of `raw` (BODY_BYTES random bytes a serial, end to end), written SERIAL_LENGTH ASCII bytes a
    serial, end to end. Column by column rather than serial by serial: each character of every serial at once,
    by byte-table look-ups (`bytes.translate`) over every serial's byte at that place (a strided slice), so all
    the work is done by C loops (about 15 million serials a second, against half a million a serial at a time;
    the standard library's base32 is a Python loop itself)."""
    count, rest = divmod(len(raw), BODY_BYTES)
    if rest:
        raise ValueError(f"{len(raw)} bytes is not a whole number of {BODY_BYTES}-byte serial bodies")
    columns = [raw[index::BODY_BYTES] for index in range(BODY_BYTES)]
    out = bytearray(SERIAL_LENGTH * count)
    for half in (0, 1):
        for position, shares in enumerate(_SYMBOLS):
            value = _join_shares([columns[5 * half + byte].translate(table) for byte, table in shares])
            out[8 * half + position :: SERIAL_LENGTH] = value.translate(_CHAR)
    check = 0
    for column, table in zip(columns, _check_translations(), strict=True):
        check ^= int.from_bytes(column.translate(table), "big")
    out[BODY_LENGTH::SERIAL_LENGTH] = check.to_bytes(count, "big").translate(_CHAR)
    return bytes(out)


def new_serial_block(count: int) -> bytes:
    """`count` fresh serials (80 bits each from `secrets`), SERIAL_LENGTH ASCII bytes each, end to end with no
    separator: the form in which millions are made and written (`encode_block`)."""
    return encode_block(secrets.token_bytes(BODY_BYTES * count))


def split_block(block: bytes) -> list[str]:
    """The serials of a block (`new_serial_block`) as strings."""
    text = block.decode("ascii")
    return [text[start : start + SERIAL_LENGTH] for start in range(0, len(text), SERIAL_LENGTH)]


def new_serials(count: int) -> list[str]:
    """`count` fresh serials as strings (for a few; millions are made as blocks, `new_serial_block`)."""
    return split_block(new_serial_block(count))


def new_serial() -> str:
    return new_serials(1)[0]


def normalise(text: str) -> str:
    """What a person typed or a scanner read, as a serial would be stored: upper case, without spaces or
    hyphens, O as 0 and I/L as 1 (Crockford's reading rules). It is not checked."""
    return (text or "").strip().upper().translate(_READING)


def _in_alphabet(text: str) -> bool:
    return all(char in _VALUE for char in text)


def is_valid(text: str) -> bool:
    """`text` (normalised first) is a well-formed serial: 17 characters of the alphabet whose check holds.
    It may still be unknown to the database."""
    serial = normalise(text)
    return (
        len(serial) == SERIAL_LENGTH
        and _in_alphabet(serial)
        and check_character(serial[:BODY_LENGTH]) == serial[BODY_LENGTH]
    )


def is_typo(text: str) -> bool:
    """`text` looks like one of our serials mistyped: alphabet characters, 16 to 18 of them (one dropped or
    doubled), but not a valid serial. A valid serial, or anything else (a URL, a word), is not a typo."""
    serial = normalise(text)
    return SERIAL_LENGTH - 1 <= len(serial) <= SERIAL_LENGTH + 1 and _in_alphabet(serial) and not is_valid(serial)


def group(serial: str) -> str:
    """The printed form, in groups of four: `XXXX-XXXX-XXXX-XXXX-X`."""
    return "-".join(serial[index : index + GROUP] for index in range(0, len(serial), GROUP))
