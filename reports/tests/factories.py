"""Large data sets for the report tests, written with bulk_create: thousands of producers, products and past
results in a few queries."""

import itertools

from areas.models import Area
from criteria.models import LegalVersion
from history.models import CouncilLevel, PastResult, ResultKind
from producers.models import Producer
from products.models import Product

_serial = itertools.count(1)


def current_units(area: Area) -> tuple[Area | None, Area]:
    if area.is_current:
        return (None, area) if area.level == Area.Level.PROVINCE else (area, area.parent)
    return area.current_commune(), area.current_province


def producers(count: int, *, area: Area, kind: str = "cooperative") -> list[Producer]:
    commune, province = current_units(area)
    rows = [
        Producer(
            name=f"Chủ thể {kind} {n}",
            kind=kind,
            representative_name="Nguyễn Văn An",
            representative_gender="male",
            street_address="Thôn 1",
            area=area,
            current_commune=commune,
            current_province=province,
            phone="0912345678",
            status=Producer.Status.VERIFIED,
        )
        for n in range(count)
    ]
    return Producer.objects.bulk_create(rows, batch_size=1000)


def products(owners: list[Producer], *, criteria_set, serial_area: Area) -> list[Product]:
    rows = []
    for producer in owners:
        serial = next(_serial)
        rows.append(
            Product(
                official_code=f"T-{serial_area.code}-{serial}",
                commune_serial=serial,
                serial_area=serial_area,
                producer=producer,
                criteria_set=criteria_set,
                name=f"Sản phẩm {serial}",
            )
        )
    return Product.objects.bulk_create(rows, batch_size=1000)


def past_results(items: list[Product], *, year: int, level: str, result: str, area: Area, version: str) -> None:
    legal_version = LegalVersion.objects.get(code=version)
    commune, province = current_units(area)
    PastResult.objects.bulk_create(
        [
            PastResult(
                product=product,
                year=year,
                legal_version=legal_version,
                level=level,
                result=result,
                stars=int(result) if result.isdigit() else None,
                area=area,
                current_commune=commune,
                current_province=province,
            )
            for product in items
        ],
        batch_size=1000,
    )


__all__ = ["CouncilLevel", "ResultKind", "past_results", "producers", "products"]
