"""Exporting a scope's history in the import's own shape, so the file imports back unchanged."""

import io

from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from accounts.rules import is_officer_for
from areas.models import Area
from certificates.models import Certificate
from certificates.rules import can_import
from producers.models import Producer
from products.models import Product

from .. import columns as cols
from ..models import PastResult


def _area_cells(area: Area) -> dict:
    top = area
    while top.parent is not None:
        top = top.parent
    district = area.parent if area.parent is not None and area.parent.level == Area.Level.DISTRICT else None
    return {
        "area_code": area.code,
        "area_name": area.name,
        "area_district": district.name if district else "",
        "area_province": top.name if top is not area else "",
        "area_era": area.era,
    }


def _append(worksheet, sheet: cols.Sheet, rows) -> None:
    worksheet.append([c.heading for c in sheet.columns])
    for cells in rows:
        worksheet.append([cells.get(c.key) for c in sheet.columns])


def export_bundle(*, province: Area | None, by) -> bytes:
    """The producers, products, past results and certificates that `by` sees, of `province` (today's; None: all
    of `by`'s scope), as a workbook of the import's four sheets. Importing it back creates and updates nothing.
    Raises PermissionDenied unless `by` may import (the same people may take the data out), or for a province
    outside their scope."""
    if not can_import(by):
        raise PermissionDenied
    producers = Producer.objects.visible_to(by)
    if province is not None:
        if not is_officer_for(by, Producer(current_province_id=province.pk)):
            raise PermissionDenied
        producers = producers.filter(current_province=province)
    area_related = ("area__parent__parent",)
    producers = producers.select_related(*area_related).order_by("id")
    products = Product.objects.filter(producer__in=producers).select_related("producer", "criteria_set").order_by("id")
    results = (
        PastResult.objects.filter(product__in=products)
        .select_related("product__producer", "legal_version", *area_related)
        .order_by("id")
    )
    certificates = (
        Certificate.objects.filter(product__in=products)
        .select_related("product__producer", "legal_version", "area_at_issue__parent__parent")
        .order_by("issued_on", "id")
    )
    workbook = Workbook(write_only=True)
    _append(
        workbook.create_sheet(cols.PRODUCERS.title),
        cols.PRODUCERS,
        (
            {
                "tax_code": p.tax_code or "",
                "name": p.name,
                "kind": cols.written(cols.PRODUCER_KINDS, p.kind),
                **_area_cells(p.area),
                "street_address": p.street_address,
                "representative_name": p.representative_name,
                "representative_gender": (
                    cols.written(cols.GENDERS, p.representative_gender) if p.representative_gender else ""
                ),
                "phone": p.phone,
            }
            for p in producers.iterator(chunk_size=2000)
        ),
    )
    _append(
        workbook.create_sheet(cols.PRODUCTS.title),
        cols.PRODUCTS,
        (
            {
                "official_code": p.official_code,
                "producer_tax_code": p.producer.tax_code or "",
                "producer_name": p.producer.name,
                "name": p.name,
                "criteria_set": p.criteria_set.number,
                "specification": p.specification,
            }
            for p in products.iterator(chunk_size=2000)
        ),
    )
    _append(
        workbook.create_sheet(cols.RESULTS_SHEET.title),
        cols.RESULTS_SHEET,
        (
            {
                "official_code": r.product.official_code,
                "product_name": r.product.name,
                "year": r.year,
                "legal_version": r.legal_version.code,
                "level": cols.written(cols.LEVELS, r.level),
                "score": float(r.score) if r.score is not None else None,
                "result": cols.written(cols.RESULTS, r.result),
                "decision_number": r.decision_number,
                "decision_date": r.decision_date,
                **_area_cells(r.area),
            }
            for r in results.iterator(chunk_size=2000)
        ),
    )
    _append(
        workbook.create_sheet(cols.CERTIFICATES.title),
        cols.CERTIFICATES,
        (
            {
                "official_code": c.product.official_code,
                "product_name": c.product.name,
                "decision_number": c.decision_number,
                "decision_date": c.decision_date,
                "stars": str(c.stars),
                "legal_version": c.legal_version.code,
                "number": c.number,
                "issued_on": c.issued_on,
                **_area_cells(c.area_at_issue),
            }
            for c in certificates.iterator(chunk_size=2000)
        ),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
