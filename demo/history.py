"""Certificates and stamps of the demo's lifecycle: certificates recognised before the platform, brought in
with a province's import workbook (`history.domain.import_certificates`); stamp batches ordered and
issued for certified products (`stamps.domain`) and checked by shoppers (`stamps.scanning.check_stamp`); a
certificate withdrawn after an inspection while its stamps are on the market (`certificates.domain.withdraw`);
and the example stamp links that `seed_demo` prints."""

import datetime
import io
import random
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook

from accounts.models import User
from certificates.domain import withdraw
from certificates.models import Certificate
from certificates.validity import add_months
from dossiers.domain.applications import legal_version_in_force
from history import workbook as xlsx
from history.domain import REFORM_DATE, import_certificates
from products.models import Product
from stamps.domain import issue_batch, order_batch
from stamps.links import stamp_url
from stamps.models import Stamp, StampBatch
from stamps.scanning import check_stamp, hash_ip

from .build import DemoError
from .lifecycle_data import WITHDRAWAL, ImportedCertificate
from .stamps import PHONES

WORKBOOK_KEYS = [column.key for column in xlsx.COLUMNS]


def issue_date(spec: ImportedCertificate, today: datetime.date) -> datetime.date:
    if spec.on:
        return datetime.date(*spec.on)
    return add_months(today, -spec.months_ago) - datetime.timedelta(days=spec.days_ago)


def _row(spec: ImportedCertificate, product: Product, today: datetime.date) -> dict:
    """The workbook row of one certificate: the legal version in force on its date, and the producer's unit
    as it was then (its pre-2025 unit before 1 July 2025, today's commune after)."""
    issued = issue_date(spec, today)
    producer = product.producer
    if issued < REFORM_DATE:
        if producer.area.is_current:
            raise DemoError(f"{spec.product}: a certificate before 2025 needs the producer's pre-2025 unit")
        area = producer.area
    else:
        area = producer.current_commune
    return {
        "official_code": product.official_code,
        "decision_number": spec.decision,
        "decision_date": issued,
        "stars": spec.stars,
        "legal_version": legal_version_in_force(issued).code,
        "number": spec.number.format(year=issued.year),
        "area_code": area.code,
        "area_era": area.era,
        "issued_on": issued,
    }


def workbook(rows: list[dict]) -> io.BytesIO:
    """The rows as a filled-in import workbook (`history.workbook` format), in memory."""
    book = Workbook()
    sheet = book.active
    sheet.append([column.heading for column in xlsx.COLUMNS])
    for row in rows:
        sheet.append([row.get(key) for key in WORKBOOK_KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def import_history(
    *, officer: User, specs: tuple[ImportedCertificate, ...], products: dict[str, Product]
) -> list[Certificate]:
    """Import a province's certificates from before the platform, as its OCOP officer would upload them."""
    today = timezone.localdate()
    rows = [_row(spec, products[spec.product], today) for spec in specs]
    report = import_certificates(workbook=workbook(rows), by=officer)
    if not report.ok:
        problems = "; ".join(f"row {e.row} {e.column}: {e.message}" for e in report.errors)
        raise DemoError(f"the import of {officer.username} was refused: {problems}")
    return report.created


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
    for stamp in stamps[:2]:
        shoppers.check(stamp, batch, hours_ago=rng.uniform(0.1, 0.9))
    return batch


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
