"""The fonts of every PDF the platform draws (certificates, stamp sheets, demo documents): DejaVu Sans, vendored
in static/fonts, which has every Vietnamese letter. Each builder calls `register()` before drawing.

ReportLab keeps registered fonts in a process-wide table, so a builder that checked for one face and assumed the
others were there too broke whenever another builder had registered only that one (a stamp sheet, then every
certificate failed on the bold face until a restart). Each face is checked and registered on its own."""

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def register() -> None:
    """Make sure ReportLab knows every face in FILES, and `<b>` in paragraphs of REGULAR means BOLD. Cheap when
    they are already registered, and safe to call from any thread of a process."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    missing = [name for name in FILES if name not in registered]
    for name in missing:
        pdfmetrics.registerFont(TTFont(name, str(settings.BASE_DIR / "static" / "fonts" / FILES[name])))
    if missing:
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
