"""Turn the demo tables into every field value, without the database: one `random.Random(seed)` drawn in a
fixed order, so the same seed gives the same people, tax codes, barcodes, certificates and texts every run."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.text import fold
from producers.models import TOURISM_ONLY_KINDS
from producers.validators import enterprise_check_digit

from . import hanoi, ninhbinh
from .data import (
    COOP,
    DESCRIPTIONS,
    FAMILY_NAMES,
    FARM,
    FOOD_SAFETY_SETS,
    FORMER_PROVINCES,
    FOUNDED_YEARS,
    FOUNDED_YEARS_DEFAULT,
    GIVEN_NAMES,
    HOUSEHOLD,
    IP_TITLES,
    MIDDLE_NAMES,
    PHONE_PREFIXES,
    PLACES,
    POSITIONS,
    SEED,
    SME,
    STANDARDS,
    STORIES,
    STORY_TEMPLATES,
    ProducerSpec,
    sector_of,
)

GS1_VIETNAM = "893"
IMAGE_EVERY = 5  # one product in five gets a generated picture: enough to show, quick to make
MARK_KINDS = {"trademark", "collective", "certification"}


@dataclass
class ProductPlan:
    criteria_set: int
    fields: dict[str, Any]
    ip_titles: list[dict[str, Any]]
    image: bool


@dataclass
class ProducerPlan:
    place: str
    status: str
    login: str
    fields: dict[str, Any]
    products: list[ProductPlan]


@dataclass
class DemoPlan:
    producers: list[ProducerPlan]


def plan_demo(seed: int = SEED) -> DemoPlan:
    planner = _Planner(random.Random(seed))
    return DemoPlan(producers=[planner.producer(spec) for spec in (*hanoi.PRODUCERS, *ninhbinh.PRODUCERS)])


def gtin13_check_digit(first_twelve: str) -> int:
    """GS1 check digit: weights 1 and 3 alternate from the left over the first twelve digits."""
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(first_twelve))
    return (10 - total % 10) % 10


def _initials(name: str, limit: int = 10) -> str:
    return "".join(word[0] for word in fold(name).split() if word[0].isalnum())[:limit].upper()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class _Planner:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.tax_codes: set[str] = set()
        self.gs1_prefixes: set[str] = set()
        self.product_count = 0

    def _date(self, first_year: int, last_year: int) -> datetime.date:
        return datetime.date(self.rng.randint(first_year, last_year), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def _person(self) -> tuple[str, str, int]:
        gender = self.rng.choice(("female", "male"))
        family = self.rng.choice(FAMILY_NAMES)
        name = f"{family} {self.rng.choice(MIDDLE_NAMES[gender])} {self.rng.choice(GIVEN_NAMES[gender])}"
        return name, gender, self.rng.randint(1962, 1996)

    def _tax_code(self, spec: ProducerSpec, gender: str, birth_year: int) -> str:
        """A valid, unused number: households and family farms use the owner's 12-digit personal number
        (province of birth registration, century-and-gender digit, year of birth, six digits); the others a
        10-digit tax code whose first two digits are the former province's and whose last is its check digit."""
        enterprise_prefix, personal_prefix = FORMER_PROVINCES[PLACES[spec.place].former_province]
        while True:
            if spec.kind in (HOUSEHOLD, FARM):
                century_gender = (0 if gender == "male" else 1) + (2 if birth_year >= 2000 else 0)
                code = f"{personal_prefix}{century_gender}{birth_year % 100:02d}{self.rng.randrange(10**6):06d}"
            else:
                first_nine = f"{enterprise_prefix}{self.rng.randrange(10**7):07d}"
                check = enterprise_check_digit(first_nine)
                if check is None:
                    continue
                code = f"{first_nine}{check}"
            if code not in self.tax_codes:
                self.tax_codes.add(code)
                return code

    def _gs1_prefix(self) -> str:
        """A company prefix under Vietnam's 893: eight digits, leaving four for the item reference."""
        while True:
            prefix = f"{GS1_VIETNAM}{self.rng.randint(10000, 99999)}"
            if prefix not in self.gs1_prefixes:
                self.gs1_prefixes.add(prefix)
                return prefix

    def producer(self, spec: ProducerSpec) -> ProducerPlan:
        representative, gender, birth_year = self._person()
        name = spec.name.replace("{rep}", representative)
        abbreviation = _initials(name)
        fields = {
            "name": name,
            "kind": spec.kind,
            "enterprise_form": spec.form,
            "tax_code": self._tax_code(spec, gender, birth_year),
            "founded_on": self._date(*FOUNDED_YEARS.get(spec.kind, FOUNDED_YEARS_DEFAULT)),
            "representative_name": representative,
            "representative_position": POSITIONS[spec.kind],
            "representative_gender": gender,
            "representative_ethnicity": spec.ethnicity,
            "representative_has_disability": self.rng.random() < 0.05,
            "street_address": spec.street,
            "phone": f"{self.rng.choice(PHONE_PREFIXES)}{self.rng.randrange(10**7):07d}",
            "email": "" if spec.kind == HOUSEHOLD else f"{abbreviation.lower()}@example.com",
            "website": f"https://{abbreviation.lower()}.example.com" if spec.kind in (SME, *TOURISM_ONLY_KINDS) else "",
            "local_capital_percent": None if spec.local_capital is None else Decimal(spec.local_capital),
        }
        products = []
        if spec.status == "verified":
            gs1_prefix = ""
            for serial, item in enumerate(spec.products, start=1):
                if not gs1_prefix and sector_of(item[1]) in ("I", "II", "III", "IV"):
                    gs1_prefix = self._gs1_prefix()
                products.append(
                    self._product(
                        spec, fields, abbreviation=abbreviation, gs1_prefix=gs1_prefix, serial=serial, item=item
                    )
                )
        return ProducerPlan(place=spec.place, status=spec.status, login=spec.login, fields=fields, products=products)

    def _product(
        self,
        spec: ProducerSpec,
        producer: dict[str, Any],
        *,
        abbreviation: str,
        gs1_prefix: str,
        serial: int,
        item: tuple[str, int, str],
    ) -> ProductPlan:
        rng = self.rng
        name, number, specification = item
        sector = sector_of(number)
        place = PLACES[spec.place].short_name
        generic = name.removesuffix(f" {place}")
        year = rng.randint(2021, 2025)
        story = STORIES.get(name) or rng.choice(STORY_TEMPLATES[sector]).format(
            name=name,
            lower=_lower_first(generic),
            place=place,
            producer=producer["name"],
            year=producer["founded_on"].year,
        )
        fields = {
            "name": name,
            "specification": specification,
            "description": DESCRIPTIONS[sector].format(name=name, spec=_lower_first(specification)),
            "story": story,
            "raw_material_area": spec.raw_material,
            "standard": STANDARDS.get(number) or ("" if sector == "VI" else f"TCCS {serial:02d}:{year}/{abbreviation}"),
            "quality_declaration": (
                f"Bản tự công bố sản phẩm số {serial:02d}/{year}/{abbreviation}" if sector in ("I", "II", "III") else ""
            ),
            "gtin": "",
            "food_safety_certificate": "",
            "food_safety_certificate_expires_on": None,
        }
        if gs1_prefix and sector in ("I", "II", "III", "IV") and rng.random() < 0.5:
            first_twelve = f"{gs1_prefix}{serial:04d}"
            fields["gtin"] = f"{first_twelve}{gtin13_check_digit(first_twelve)}"
        if number in FOOD_SAFETY_SETS and rng.random() < 0.75:
            issued = self._date(2022, 2025)
            fields["food_safety_certificate"] = f"{rng.randint(12, 480)}/{issued.year}/GCN-ATTP"
            fields["food_safety_certificate_expires_on"] = issued.replace(year=issued.year + 3)
        titles = IP_TITLES.get(name, ())
        if not titles and spec.kind in (COOP, SME) and rng.random() < 0.25:
            titles = (("trademark", name),)
        self.product_count += 1
        return ProductPlan(
            criteria_set=number,
            fields=fields,
            ip_titles=[self._ip_title(kind, title) for kind, title in titles],
            image=self.product_count % IMAGE_EVERY == 1,
        )

    def _ip_title(self, kind: str, title: str) -> dict[str, Any]:
        """Numbers in the shapes the IP Office of Vietnam uses: 4-0xxxxxx-000 for a mark's certificate,
        4-yyyy-xxxxx for a pending application, 3-0xxxxxx-000 for a design, five digits for a GI."""
        issued = self._date(2012, 2025)
        granted = kind not in MARK_KINDS or self.rng.random() < 0.8
        if kind in MARK_KINDS:
            number = (
                f"4-0{self.rng.randint(100000, 599999)}-000"
                if granted
                else f"4-{issued.year}-{self.rng.randint(10000, 59999)}"
            )
        elif kind == "design":
            number = f"3-00{self.rng.randint(10000, 39999)}-000"
        elif kind == "gi":
            number = f"{self.rng.randint(1, 200):05d}"
        else:
            number = f"{self.rng.randint(1000, 9999)}/{issued.year}/QTG"
        return {
            "kind": kind,
            "status": "granted" if granted else "applied",
            "number": number,
            "title": title,
            "issued_on": issued,
        }
