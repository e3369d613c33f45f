import unicodedata


def fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics, for searching: "Chương Mỹ" -> "chuong my"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())
