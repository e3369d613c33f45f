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

import base64
import functools
import secrets

from core.codes import CROCKFORD

BODY_LENGTH = 16  # 16 × 5 bits = 80 random bits
SERIAL_LENGTH = BODY_LENGTH + 1
BODY_BYTES = 10
GROUP = 4

_VALUE = {char: value for value, char in enumerate(CROCKFORD)}
# base64.b32encode writes RFC 4648's alphabet; translating its output gives Crockford's in C speed.
_FROM_RFC4648 = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", CROCKFORD.encode())
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


def new_serials(count: int) -> list[str]:
    """`count` fresh serials (80 bits each from `secrets`). About half a million a second."""
    raw = secrets.token_bytes(BODY_BYTES * count)
    text = base64.b32encode(raw).translate(_FROM_RFC4648).decode("ascii")
    t0, t1, t2, t3, t4, t5, t6, t7, t8, t9 = _byte_tables()
    serials = []
    append = serials.append
    for index in range(count):
        o = BODY_BYTES * index
        b0, b1, b2, b3, b4, b5, b6, b7, b8, b9 = raw[o : o + BODY_BYTES]
        check = t0[b0] ^ t1[b1] ^ t2[b2] ^ t3[b3] ^ t4[b4] ^ t5[b5] ^ t6[b6] ^ t7[b7] ^ t8[b8] ^ t9[b9]
        start = BODY_LENGTH * index
        append(text[start : start + BODY_LENGTH] + CROCKFORD[check])
    return serials


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
