import base64
import re
import secrets

import pytest

from core.codes import CROCKFORD
from stamps import serials

SERIAL = re.compile(r"[0-9A-HJKMNP-TV-Z]{17}")
# Fixed serials, so parallel test workers collect the same test ids.
BODIES = ["0123456789ABCDEF", "ZZZZZZZZZZZZZZZZ", "0000000000000001", "7H3KQ9XW2MPD5TRV", "GJNBY8E4C6A1S0FZ"]
FIXED = [body + serials.check_character(body) for body in BODIES]


def test_serials_are_17_crockford_characters_with_a_valid_check():
    made = serials.new_serials(2000)
    assert all(SERIAL.fullmatch(serial) for serial in made)
    assert all(serials.is_valid(serial) for serial in made)


def test_serials_carry_80_random_bits():
    made = serials.new_serials(20000)
    assert len(set(made)) == len(made)
    # Every character of the 16-character body is uniform over the 32 symbols (5 bits each): with 20,000
    # serials each symbol appears about 625 times at each position.
    for position in range(serials.BODY_LENGTH):
        counts = dict.fromkeys(CROCKFORD, 0)
        for serial in made:
            counts[serial[position]] += 1
        assert min(counts.values()) > 450, position
        assert max(counts.values()) < 800, position


def test_serial_fast_check_matches_the_definition():
    for serial in serials.new_serials(500):
        assert serials.check_character(serial[:16]) == serial[16]


def _one_at_a_time(raw: bytes) -> list[str]:
    """The definition, serial by serial: the standard library's base32 in Crockford's alphabet, then the check."""
    crockford = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", CROCKFORD.encode())
    made = []
    for start in range(0, len(raw), serials.BODY_BYTES):
        body = base64.b32encode(raw[start : start + serials.BODY_BYTES]).translate(crockford).decode()
        made.append(body + serials.check_character(body))
    return made


@pytest.mark.parametrize("raw", [bytes(10), b"\xff" * 10, bytes(range(10)) * 3, b"\x80\x01" * 25])
def test_serial_block_is_base32_and_check_serial_by_serial(raw):
    assert serials.split_block(serials.encode_block(raw)) == _one_at_a_time(raw)


def test_serial_block_of_random_bytes_matches_the_definition():
    raw = secrets.token_bytes(serials.BODY_BYTES * 3000)
    block = serials.encode_block(raw)
    assert len(block) == serials.SERIAL_LENGTH * 3000
    assert serials.split_block(block) == _one_at_a_time(raw)


def test_serial_block_refuses_a_partial_body():
    with pytest.raises(ValueError, match="whole number"):
        serials.encode_block(bytes(15))


def test_serial_check_symbol_never_leaves_the_alphabet():
    # Crockford's mod-37 symbols * ~ $ = U are outside AI 21's character set or need escaping in a URL.
    checks = {serial[16] for serial in serials.new_serials(5000)}
    assert checks <= set(CROCKFORD)
    assert not checks & set("*~$=U")


@pytest.mark.parametrize("serial", FIXED)
def test_serial_any_single_wrong_character_is_a_typo(serial):
    for position in range(serials.SERIAL_LENGTH):
        for char in CROCKFORD:
            if char != serial[position]:
                wrong = serial[:position] + char + serial[position + 1 :]
                assert not serials.is_valid(wrong)
                assert serials.is_typo(wrong)


@pytest.mark.parametrize("serial", FIXED)
def test_serial_any_swap_of_two_characters_is_a_typo(serial):
    for i in range(serials.SERIAL_LENGTH):
        for j in range(i + 1, serials.SERIAL_LENGTH):
            if serial[i] != serial[j]:
                chars = list(serial)
                chars[i], chars[j] = chars[j], chars[i]
                assert serials.is_typo("".join(chars)), (i, j)


def test_serial_dropped_or_doubled_character_is_a_typo():
    serial = serials.new_serial()
    assert serials.is_typo(serial[:8] + serial[9:])
    assert serials.is_typo(serial[:8] + serial[8] + serial[8:])


def test_serial_normalise_reads_like_crockford():
    serial = "0123456789ABCDEF" + serials.check_character("0123456789ABCDEF")
    typed = "o123-4567 89ab-cdef-" + serial[16].lower()
    assert serials.normalise(typed) == serial
    assert serials.normalise("IiLl") == "1111"
    assert serials.is_valid(typed)
    assert not serials.is_typo(typed)


def test_serial_grouped_for_people_and_read_back():
    serial = serials.new_serial()
    printed = serials.group(serial)
    assert re.fullmatch(r"\w{4}-\w{4}-\w{4}-\w{4}-\w", printed)
    assert serials.normalise(printed) == serial


@pytest.mark.parametrize("text", ["", "hello", "https://example.com/s/ABC", "U" * 17, "A" * 30])
def test_serial_other_text_is_neither_valid_nor_a_typo(text):
    assert not serials.is_valid(text)
    assert not serials.is_typo(text)
