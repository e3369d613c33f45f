"""Loading the OCOP product classification and its legal versions.

The 26 criteria sets of QĐ 26/2026 come from the shared score-sheet data (`ocop/qd26_2026_criteria_sets.json`),
their place in the 6 sectors and 17 groups of Phụ lục I from the rules reference (`spec/ocop-rules.md` §2.1).
The English names come from `names_en`. Loading is idempotent and refreshes every name of existing rows. The
sheets themselves (parts, groups, criteria, options) are loaded by `sheet_loading`."""

import datetime
import json
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction

from . import names_en
from .models import CriteriaSet, LegalVersion, ProductGroup, Sector

LEGAL_VERSIONS = [
    # code, name, signed, effective from, effective to
    (
        "QD1048_2019",
        "Quyết định 1048/QĐ-TTg",
        datetime.date(2019, 8, 21),
        datetime.date(2019, 8, 21),
        datetime.date(2023, 2, 23),
    ),
    (
        "QD148_2023",
        "Quyết định 148/QĐ-TTg",
        datetime.date(2023, 2, 24),
        datetime.date(2023, 2, 24),
        datetime.date(2025, 7, 5),
    ),
    (
        "QD148_1489_2025",
        "Quyết định 148/QĐ-TTg, sửa đổi bởi Quyết định 1489/QĐ-TTg",
        datetime.date(2025, 7, 6),
        datetime.date(2025, 7, 6),
        datetime.date(2026, 7, 20),
    ),
    ("QD26_2026", "Quyết định 26/2026/QĐ-TTg", datetime.date(2026, 5, 22), datetime.date(2026, 5, 22), None),
]
CURRENT_VERSION = "QD26_2026"

# Abbreviations the rules reference uses in its "managing agency" column.
AGENCIES = {
    "NN&MT": "Bộ Nông nghiệp và Môi trường",
    "CT": "Bộ Công Thương",
    "YT": "Bộ Y tế",
    "VHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
}


def _shared(path: str) -> Path:
    return Path(settings.SHARED_DIR) / path


def read_shared(path: str) -> str:
    """The text of a file of the shared reference data (`settings.SHARED_DIR`)."""
    return _shared(path).read_text()


def _strip_gloss(text: str) -> str:
    """ "I. Sản phẩm thực phẩm (food)" -> "Sản phẩm thực phẩm": drop the numbering and the English gloss."""
    text = re.sub(r"^[IVX]+\.\s*|^\d+\.\s*", "", text.strip())
    return re.sub(r"\s*\([A-Za-z ,/&;-]+\)$", "", text).strip()


def classification_rows(markdown: str) -> list[dict[str, str]]:
    """The 26 rows of the Phụ lục I table in §2.1, with sector and group names carried down."""
    section = markdown.split("### 2.1", 1)[1].split("### 2.2", 1)[0]
    rows, sector, group = [], {}, {}
    for line in section.splitlines():
        cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
        if len(cells) != 6 or not cells[0].isdigit():
            continue
        number, code, sector_cell, group_cell, subgroup, agencies = cells
        numeral = code.split(".")[0]
        if "." in sector_cell or len(sector_cell) > len(numeral):
            sector[numeral] = _strip_gloss(sector_cell)
        group_code = ".".join(code.split(".")[:2])
        if re.match(r"^\d+\.\s", group_cell):
            group[group_code] = _strip_gloss(group_cell)
        rows.append(
            {
                "number": number,
                "code": code,
                "sector_numeral": numeral,
                "sector": sector[numeral],
                "group_code": group_code,
                "group": group.get(group_code, ""),
                "subgroup": subgroup,
                "agency": "; ".join(AGENCIES[a.strip()] for a in agencies.split(";")),
            }
        )
    return rows


@transaction.atomic
def load_classification() -> int:
    """Create or refresh the legal versions and the QĐ 26/2026 classification. Returns the number of sets."""
    for code, name, signed, start, end in LEGAL_VERSIONS:
        LegalVersion.objects.update_or_create(
            code=code, defaults={"name": name, "signed_on": signed, "effective_from": start, "effective_to": end}
        )
    version = LegalVersion.objects.get(code=CURRENT_VERSION)
    sheets = {s["no"]: s for s in json.loads(read_shared("ocop/qd26_2026_criteria_sets.json"))["sets"]}
    rows = classification_rows(_shared("spec/ocop-rules.md").read_text())
    for row in rows:
        sector, _ = Sector.objects.update_or_create(
            legal_version=version,
            numeral=row["sector_numeral"],
            defaults={"name": row["sector"], "name_en": names_en.SECTORS[row["sector_numeral"]]},
        )
        group, _ = ProductGroup.objects.update_or_create(
            sector=sector,
            code=row["group_code"],
            defaults={"name": row["group"] or row["sector"], "name_en": names_en.GROUPS[row["group_code"]]},
        )
        sheet = sheets[int(row["number"])]
        name = re.sub(r"^Bộ sản phẩm:\s*", "", sheet["title"]).strip()
        CriteriaSet.objects.update_or_create(
            legal_version=version,
            number=int(row["number"]),
            defaults={
                "group": group,
                "code": row["code"],
                "name": name,
                "name_en": names_en.CRITERIA_SETS[int(row["number"])],
                "managing_agency": row["agency"],
            },
        )
    return len(rows)
