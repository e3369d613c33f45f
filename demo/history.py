"""Certificates and stamps of the demo's lifecycle: certificates recognised before the platform, with the
council results behind them and a few results that recognised nothing, brought in with a province's history
workbook (`history.reading.read_bundle` → `history.domain.check_bundle` → `apply_plan`, as its officer would
upload it); stamp batches ordered and issued for certified products (`stamps.domain`) and checked by shoppers
(`stamps.scanning.check_stamp`); a certificate withdrawn after an inspection while its stamps are on the market
(`certificates.domain.withdraw`); and the example stamp links that `seed_demo` prints."""

import datetime
import io
import random
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook

from accounts.models import User
from areas.models import Area
from certificates.domain import withdraw
from certificates.models import Certificate
from certificates.validity import add_months
from dossiers.domain.applications import legal_version_in_force
from history import columns as cols
from history.domain import REFORM_DATE, apply_plan, check_bundle
from history.domain.checks.base import DISTRICT_VERSIONS
from history.models import CouncilLevel
from history.reading import read_bundle
from products.models import Product
from stamps.domain import issue_batch, order_batch
from stamps.links import stamp_url
from stamps.models import Stamp, StampBatch
from stamps.scanning import check_stamp, hash_ip

from .build import DemoError
from .lifecycle_data import EARLIER_RESULTS, WITHDRAWAL, EarlierResult, ImportedCertificate
from .stamps import PHONES

SCORES = {3: 58.5, 4: 76.0, 5: 92.0}  # a mean total in each star band, varied a little per row


def issue_date(spec: ImportedCertificate, today: datetime.date) -> datetime.date:
    if spec.on:
        return datetime.date(*spec.on)
    return add_months(today, -spec.months_ago) - datetime.timedelta(days=spec.days_ago)


def _unit(product: Product, on: datetime.date) -> Area:
    """The producer's unit as it was on `on`: its pre-2025 unit before 1 July 2025, today's commune after."""
    producer = product.producer
    if on < REFORM_DATE:
        if producer.area.is_current:
            raise DemoError(f"{product.name}: a record before 2025 needs the producer's pre-2025 unit")
        return producer.area
    return producer.current_commune


def _area_cells(area: Area) -> dict:
    return {"area_code": area.code, "area_era": area.era}


def _certificate_rows(spec: ImportedCertificate, product: Product, today: datetime.date, index: int) -> tuple:
    """The certificate's row and the council result of its decision (its year, the legal version in force on
    its date, the council that recognised it then)."""
    issued = issue_date(spec, today)
    version = legal_version_in_force(issued).code
    area = _area_cells(_unit(product, issued))
    decision = {"decision_number": spec.decision, "decision_date": issued}
    certificate = {
        "official_code": product.official_code,
        **decision,
        "stars": str(spec.stars),
        "legal_version": version,
        "number": spec.number.format(year=issued.year),
        "issued_on": issued,
        **area,
    }
    # Under QĐ 1048/2019 and QĐ 148/2023 a district's council recognised 3★; 5★ is the ministry's.
    if spec.stars == 3 and version in DISTRICT_VERSIONS:
        level = CouncilLevel.DISTRICT
    else:
        level = CouncilLevel.CENTRAL if spec.stars == 5 else CouncilLevel.PROVINCE
    result = {
        "official_code": product.official_code,
        "year": issued.year,
        "legal_version": version,
        "level": cols.written(cols.LEVELS, level),
        "score": SCORES[spec.stars] + index % 5 * 1.5,
        "result": cols.written(cols.RESULTS, str(spec.stars)),
        **decision,
        **area,
    }
    return certificate, result


def _earlier_row(spec: EarlierResult, product: Product) -> dict:
    return {
        "official_code": product.official_code,
        "year": spec.year,
        "legal_version": "QD1048_2019",
        "level": cols.written(cols.LEVELS, spec.level),
        "score": spec.score,
        "result": cols.written(cols.RESULTS, spec.result),
        **_area_cells(_unit(product, datetime.date(spec.year, 12, 31))),
    }


def workbook(sheets: dict[str, list[dict]]) -> io.BytesIO:
    """A filled-in history workbook (the format of `history.columns`), one sheet per key of `sheets`, in memory."""
    book = Workbook()
    book.remove(book.active)
    for key, rows in sheets.items():
        sheet = cols.BY_KEY[key]
        worksheet = book.create_sheet(sheet.title)
        worksheet.append([c.heading for c in sheet.columns])
        for row in rows:
            worksheet.append([row.get(key) for key in sheet.keys])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def import_history(
    *, officer: User, specs: tuple[ImportedCertificate, ...], products: dict[str, Product]
) -> list[Certificate]:
    """Import a province's history from before the platform, as its OCOP officer would upload it: the
    certificates of `specs`, the council result of each, and the earlier results of the same products
    (`EARLIER_RESULTS`). Returns the imported certificates, in the order of `specs`."""
    today = timezone.localdate()
    certificates, results = [], []
    for index, spec in enumerate(specs):
        certificate, result = _certificate_rows(spec, products[spec.product], today, index)
        certificates.append(certificate)
        results.append(result)
    names = {spec.product for spec in specs}
    results += [_earlier_row(spec, products[spec.product]) for spec in EARLIER_RESULTS if spec.product in names]
    bundle = read_bundle(
        workbook({"results": results, "certificates": certificates}), filename=f"lich-su-{officer.username}.xlsx"
    )
    plan = check_bundle(bundle, by=officer)
    if plan.problems:
        problems = "; ".join(str(problem) for problem in plan.problems)
        raise DemoError(f"the history import of {officer.username} was refused: {problems}")
    apply_plan(plan, by=officer)
    imported = Certificate.objects.filter(imported=True, product__in=[products[s.product] for s in specs])
    by_decision = {(c.product_id, c.decision_number): c for c in imported.select_related("product")}
    return [by_decision[(products[s.product].pk, s.decision)] for s in specs]


class Shoppers:
    """Checks of stamps on the public page, as shoppers' phones make them (through `check_stamp`)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def check(self, stamp: Stamp, batch: StampBatch, *, hours_ago: float) -> str:
        rng = self.rng
        address = f"113.{rng.randrange(160, 190)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        check = check_stamp(
            serial=stamp.serial,
            client_hash=hash_ip(address),
            user_agent=rng.choice(PHONES),
            gtin=batch.product.gtin,
            lot=batch.lot,
            at=timezone.now() - datetime.timedelta(hours=hours_ago),
        )
        return check.verdict


def order_and_issue(*, product: Product, by: User, quantity: int, lot: str, rng: random.Random) -> StampBatch:
    """A batch of stamps for one lot, ordered and issued at once (no background job)."""
    produced = timezone.localdate() - datetime.timedelta(days=rng.randrange(5, 40))
    batch = order_batch(
        product=product,
        quantity=quantity,
        lot=lot,
        production_date=produced,
        expiry_date=produced + datetime.timedelta(days=rng.choice([180, 365, 540])),
        by=by,
        run_in_background=False,
    )
    return issue_batch(batch_id=batch.pk)


def showcase_batch(*, product: Product, by: User, lot: str, rng: random.Random) -> StampBatch:
    """A newly recognised product's first batch, with a few checks by shoppers over the last days."""
    batch = order_and_issue(product=product, by=by, quantity=120, lot=lot, rng=rng)
    shoppers = Shoppers(rng)
    for stamp in list(batch.stamps.order_by("id"))[:6]:
        shoppers.check(stamp, batch, hours_ago=rng.uniform(1, 72))
    return batch


def withdraw_on_the_market(
    *, certificate: Certificate, officer: User, orderer: User, lot: str, rng: random.Random
) -> StampBatch:
    """Stamps are ordered while the certificate is in force and shoppers check some of them; an inspection
    then concludes the product no longer meets the criteria and the province withdraws the certificate
    (decided today, 5 days after the conclusion: within the 15 days allowed); later checks of the same
    stamps say so."""
    batch = order_and_issue(product=certificate.product, by=orderer, quantity=60, lot=lot, rng=rng)
    stamps = list(batch.stamps.order_by("id"))
    shoppers = Shoppers(rng)
    for stamp in stamps[:3]:
        shoppers.check(stamp, batch, hours_ago=rng.uniform(30, 90))
    today = timezone.localdate()
    withdraw(
        certificate=certificate,
        concluded_on=today - datetime.timedelta(days=5),
        decision_date=today,
        by=officer,
        **WITHDRAWAL,
    )
    # The later checks fall on the decision day (local time), so they read "withdrawn" even just after midnight.
    today_so_far = min(1.0, _hours_since_local_midnight())
    for stamp in stamps[:2]:
        shoppers.check(stamp, batch, hours_ago=rng.uniform(0.1, 0.9) * today_so_far)
    return batch


def _hours_since_local_midnight() -> float:
    now = timezone.localtime()
    return (now - now.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds() / 3600


@dataclass(frozen=True)
class StampLink:
    label: str
    url: str


def link(stamp: Stamp) -> str:
    batch = stamp.batch
    return stamp_url(stamp.serial, gtin=batch.product.gtin, lot=batch.lot)


def example_links(*, genuine: StampBatch, withdrawn: StampBatch, seeded: list[StampBatch]) -> list[StampLink]:
    """One stamp per verdict the demo shows: genuine, certificate withdrawn, stamp revoked."""
    first = Stamp.objects.select_related("batch__product").order_by("id")
    examples = [
        ("genuine", first.filter(batch=genuine, revoked_at__isnull=True).first()),
        ("certificate withdrawn", first.filter(batch=withdrawn).first()),
        ("stamp revoked", first.filter(batch__in=seeded, revoked_at__isnull=False).first()),
    ]
    return [StampLink(label, link(stamp)) for label, stamp in examples if stamp is not None]
