"""Draw the favicon's PNG and ICO from the same shapes as static/brand/favicon.svg (a green tile, a white ring,
a gold dot: no star, which on our pages means a certificate in force). Run it after changing the SVG:

    .venv/bin/python scripts/make_favicon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = Path(__file__).resolve().parent.parent / "static" / "brand"
GREEN, WHITE, GOLD = (11, 93, 59, 255), (255, 255, 255, 255), (224, 164, 0, 255)
SCALE = 16  # drawn large on the SVG's 64-unit grid, then scaled down smoothly


def tile(size: int) -> Image.Image:
    image = Image.new("RGBA", (64 * SCALE, 64 * SCALE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def box(cx: float, cy: float, r: float) -> list[float]:
        return [(cx - r) * SCALE, (cy - r) * SCALE, (cx + r) * SCALE, (cy + r) * SCALE]

    draw.rounded_rectangle([0, 0, 64 * SCALE - 1, 64 * SCALE - 1], radius=14 * SCALE, fill=GREEN)
    draw.ellipse(box(32, 32, 21), fill=WHITE)  # the ring: radius 17, stroke 8
    draw.ellipse(box(32, 32, 13), fill=GREEN)
    draw.ellipse(box(32, 32, 6), fill=GOLD)
    return image.resize((size, size), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    tile(180).save(BRAND / "apple-touch-icon.png", optimize=True)
    tile(256).save(BRAND / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
