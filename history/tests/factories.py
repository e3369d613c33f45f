"""History workbooks built in the tests: any sheets, rows as dicts of column keys, and a large province history
with chosen rows made wrong."""

import datetime
import io

from openpyxl import Workbook

from history import columns as cols
from producers.validators import enterprise_check_digit


def workbook(sheets: dict[str, list[dict]], *, title: str = "") -> io.BytesIO:
    """An .xlsx with one sheet per key of `sheets` ("producers", …), its headings from `history.columns`. Two
    workbooks saved in the same second are the same bytes (openpyxl stamps the time to the second): a `title`
    tells them apart."""
    book = Workbook()
    book.properties.title = title or None
    book.remove(book.active)
    for key, rows in sheets.items():
        sheet = cols.BY_KEY[key]
        worksheet = book.create_sheet(sheet.title)
        worksheet.append([c.heading for c in sheet.columns])
        for row in rows:
            unknown = set(row) - set(sheet.keys)
            assert not unknown, unknown
            worksheet.append([row.get(c.key) for c in sheet.columns])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def tax_code(serial: int) -> str:
    """A valid enterprise tax code, different for every `serial`."""
    for prefix in range(1, 10):
        first_nine = f"0{prefix}{serial:07d}"
        digit = enterprise_check_digit(first_nine)
        if digit is not None:
            return f"{first_nine}{digit}"
    raise ValueError(serial)


def province_history(communes, *, producers: int, products_each: int = 1) -> dict[str, list[dict]]:
    """A province's history on `communes` (units of 2019): `producers` cooperatives, each with `products_each`
    products, each product with a 2021 province result (4★, recognised) and its certificate, plus a 2020 district
    result (3★)."""
    sheets: dict[str, list[dict]] = {"producers": [], "products": [], "results": [], "certificates": []}
    for p in range(producers):
        commune = communes[p % len(communes)]
        tax = tax_code(p + 1)
        sheets["producers"].append(
            {
                "tax_code": tax,
                "name": f"Hợp tác xã số {p + 1}",
                "kind": "Hợp tác xã",
                "area_code": commune.code,
                "area_era": "2019",
                "street_address": f"Thôn {p % 7 + 1}",
                "representative_name": "Nguyễn Văn An",
                "representative_gender": "Nam",
                "phone": "0912345678",
            }
        )
        for n in range(products_each):
            name = f"Sản phẩm {p + 1}.{n + 1}"
            sheets["products"].append({"producer_tax_code": tax, "name": name, "criteria_set": 7})
            ref = {"tax_code": tax, "product_name": name}
            decision = f"{p + 1}-{n + 1}/QĐ-UBND"
            sheets["results"].append(
                {
                    **ref,
                    "year": 2020,
                    "legal_version": "QD1048_2019",
                    "level": "Cấp huyện",
                    "score": 61,
                    "result": "3 sao",
                }
            )
            sheets["results"].append(
                {
                    **ref,
                    "year": 2021,
                    "legal_version": "QD1048_2019",
                    "level": "Cấp tỉnh",
                    "score": 75.5,
                    "result": "4 sao",
                    "decision_number": decision,
                    "decision_date": datetime.date(2021, 9, 14),
                }
            )
            sheets["certificates"].append(
                {
                    **ref,
                    "decision_number": decision,
                    "decision_date": datetime.date(2021, 9, 14),
                    "stars": "4",
                    "legal_version": "QD1048_2019",
                }
            )
    return sheets
