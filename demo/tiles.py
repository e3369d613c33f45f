"""Pictures for demo products: a tile in the colour of the product's sector with its initials."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from core.text import fold

SIZE = 480
SECTOR_COLOURS = {
    "I": (46, 125, 50),
    "II": (21, 101, 192),
    "III": (106, 27, 154),
    "IV": (191, 54, 12),
    "V": (194, 24, 91),
    "VI": (0, 131, 143),
}


def product_tile(name: str, sector: str) -> ContentFile:
    """A PNG tile with the first letters of the product's first two words ("Mứt gừng…" → "MG")."""
    initials = "".join(word[0] for word in fold(name).split()[:2]).upper()
    image = Image.new("RGB", (SIZE, SIZE), SECTOR_COLOURS[sector])
    draw = ImageDraw.Draw(image)
    margin = SIZE // 12
    draw.rectangle((margin, margin, SIZE - margin, SIZE - margin), outline="white", width=6)
    draw.text((SIZE / 2, SIZE / 2), initials, fill="white", font=ImageFont.load_default(size=SIZE // 3), anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return ContentFile(out.getvalue(), name="tile.png")
