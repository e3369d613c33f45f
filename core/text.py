import unicodedata


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
    from django.db.models import Q

    words = fold(text).split()
    condition = Q()
    for index, word in enumerate(words):
        last = index == len(words) - 1
        condition &= Q(**{f"{field}__contains": f" {word}" if last else f" {word} "})
    return condition
