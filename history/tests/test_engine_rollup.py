"""A district's history on its communes of the time rolls up to today's province and communes."""

import datetime

from areas.domain import add_former_unit
from areas.models import Area
from history.domain import apply_plan, check_bundle
from history.models import PastResult
from history.reading import read_bundle
from producers.models import Producer

from .factories import tax_code, workbook


def test_district_history_2019_to_2023_rolls_up_and_a_former_commune_keeps_its_name(erin, root, hanoi):
    district = Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.DISTRICT, name="Huyện Chương Mỹ")
    communes = list(Area.objects.filter(parent=district).order_by("code")[:4])
    former = add_former_unit(
        name="Xã Tân Hòa Cũ",
        district=district,
        merged_into=communes[0],
        resolution="1045/NQ-UBTVQH14",
        resolution_date=datetime.date(2020, 1, 10),
        by=root,
    )
    places = [*communes, former]
    sheets = {"producers": [], "products": [], "results": []}
    for index, commune in enumerate(places):
        tax = tax_code(500 + index)
        # Named as the records of the time name them: commune, district and province, without codes.
        sheets["producers"].append(
            {
                "tax_code": tax,
                "name": f"HTX {commune.short_name}",
                "kind": "HTX",
                "area_name": commune.short_name.lower(),
                "area_district": "chuong my",
                "area_province": "Hà Nội",
                "area_era": "2019",
            }
        )
        sheets["products"].append({"producer_tax_code": tax, "name": f"Chè {commune.short_name}", "criteria_set": 12})
        for year in range(2019, 2024):
            version = "QD1048_2019" if year < 2023 else "QD148_2023"
            sheets["results"].append(
                {
                    "tax_code": tax,
                    "product_name": f"Chè {commune.short_name}",
                    "year": year,
                    "legal_version": version,
                    "level": "Cấp huyện",
                    "score": 55 + year - 2019,
                    "result": "3 sao",
                }
            )
    plan = check_bundle(read_bundle(workbook(sheets), filename="chuong-my.xlsx"), by=erin)
    assert plan.problems == []
    summary = apply_plan(plan, by=erin)
    assert summary.created == {"producers": 5, "products": 5, "results": 25, "certificates": 0}

    for commune in places:
        producer = Producer.objects.get(name=f"HTX {commune.short_name}")
        assert producer.area == commune
        assert producer.current_province == hanoi
        assert producer.current_commune == (communes[0].successor if commune == former else commune.successor)
    results = PastResult.objects.filter(current_province=hanoi)
    assert set(results.values_list("year", flat=True)) == {2019, 2020, 2021, 2022, 2023}
    assert results.count() == 25
    kept = PastResult.objects.filter(area=former)
    assert kept.count() == 5
    assert {r.area.name for r in kept} == {"Xã Tân Hòa Cũ"}
    assert {r.current_commune for r in kept} == {communes[0].successor}
