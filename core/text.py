import re
import unicodedata

from django.db.models import Q

# Typed text never holds a control character but a tab or a line break (a pasted spreadsheet cell, a text
# area); NUL in particular cannot be stored or compared by PostgreSQL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_BUT_WHITESPACE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str, *, allow_whitespace: bool = False) -> bool:
    """Whether `text` holds an ASCII control character (C0 or DEL); with `allow_whitespace`, tab, line feed
    and carriage return do not count."""
    return bool((_CONTROL_BUT_WHITESPACE if allow_whitespace else _CONTROL).search(text))


def fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics, for searching: "Chương Mỹ" -> "chuong my"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())


def search_key(text: str) -> str:
    """The folded text padded with spaces, so that searches can match whole words and word prefixes."""
    return f" {fold(text)} "


def word_search(field: str, text: str):
    """A filter matching every typed word against `field` (a `search_key`): whole words, except the last
    one typed, which may be the start of a word ("chuong m" finds "Chương Mỹ", "phu" does not find "Phường
    Nghĩa Đô" once followed by another word)."""
    words = fold(text).split()
    condition = Q()
    for index, word in enumerate(words):
        last = index == len(words) - 1
        condition &= Q(**{f"{field}__contains": f" {word}" if last else f" {word} "})
    return condition
