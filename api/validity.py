"""The validity look-up for marketplaces and shops: up to 1,000 GTINs, certificate numbers and stamp serials in one
request, each answered with its product and the status of its recognition today.

The status is the certificates' one rule (`Certificate.status_on`, which `certificates.queries.status_q` mirrors
in SQL) and, for a stamp, the stamps' verdict (`stamps.verdicts.judge`, over the certificate in force); a look-up
records no check. A fixed number of queries whatever the number of items: the products of the GTINs (and their
current certificates), the certificates of the numbers, the stamps of the serials with their batches, and the
certificates of those batches' products (the renewal chains are walked in memory)."""

import datetime
from dataclasses import dataclass

from biip import ParseError
from biip.gtin import Gtin
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from certificates.models import SHOWS_STAR, Certificate, CertificateStatus
from certificates.queries import current_certificate, with_current_certificate
from products.models import Product
from stamps import serials
from stamps.models import ScanEvent, Stamp, Verdict
from stamps.verdicts import STAR_VERDICTS, judge

MAX_ITEMS = 1000
GTIN_LENGTHS = (8, 12, 13, 14)


class Kind:
    GTIN = "gtin"
    CERTIFICATE = "certificate"
    SERIAL = "serial"
    CHOICES = (GTIN, CERTIFICATE, SERIAL)


@dataclass(frozen=True)
class Item:
    query: str
    kind: str
    key: str  # the value as stored: GTIN-14, the certificate number, the normalised serial


def read_item(value: str, kind: str | None) -> Item:
    """`value` as the kind it names, or the kind it looks like: digits of a GTIN's length are a GTIN, a
    well-formed stamp serial a serial, anything else a certificate number. ValueError with the message."""
    text = (value or "").strip()
    if not text:
        raise ValueError(_("Hãy ghi mã cần tra."))
    if kind is None:
        if text.isdigit() and len(text) in GTIN_LENGTHS:
            kind = Kind.GTIN
        elif serials.is_valid(text):
            kind = Kind.SERIAL
        else:
            kind = Kind.CERTIFICATE
    if kind == Kind.GTIN:
        if not text.isdigit() or len(text) not in GTIN_LENGTHS:
            raise ValueError(_("Mã GTIN phải có 8, 12, 13 hoặc 14 chữ số."))
        try:
            return Item(text, kind, Gtin.parse(text).as_gtin_14())
        except ParseError:
            raise ValueError(_("Mã GTIN %(value)s sai chữ số kiểm tra.") % {"value": text}) from None
    if kind == Kind.SERIAL:
        if not serials.is_valid(text):
            raise ValueError(_("Mã tem %(value)s không đúng dạng (17 ký tự, có ký tự kiểm tra).") % {"value": text})
        return Item(text, kind, serials.normalise(text))
    return Item(text, kind, text)


def _certificate_facts(certificate: Certificate | None, today: datetime.date) -> dict:
    if certificate is None:
        return {
            "certificate_number": None,
            "shows_star": False,
            "stars": None,
            "valid_until": None,
            "withdrawn": False,
            "withdrawn_on": None,
            "status": None,
            "status_label": _("Chưa có giấy chứng nhận OCOP"),
        }
    status = certificate.status_on(today)
    valid_until = certificate.extended_until if status == CertificateStatus.EXTENDED else certificate.expires_on
    withdrawn = status == CertificateStatus.WITHDRAWN
    return {
        "certificate_number": certificate.number,
        "shows_star": status in SHOWS_STAR,
        "stars": certificate.stars,
        "valid_until": valid_until,
        "withdrawn": withdrawn,
        "withdrawn_on": certificate.withdrawn_on if withdrawn else None,
        "status": status.value,
        "status_label": str(status.label),
    }


def _found(item: Item, product: Product, certificate: Certificate | None, today: datetime.date) -> dict:
    return {
        "query": item.query,
        "kind": item.kind,
        "found": True,
        "product_code": product.code,
        "product_name": product.name,
        "producer_name": product.producer.name,
        **_certificate_facts(certificate, today),
    }


def _not_found(item: Item) -> dict:
    return {
        "query": item.query,
        "kind": item.kind,
        "found": False,
        "product_code": None,
        "product_name": None,
        "producer_name": None,
        **_certificate_facts(None, datetime.date.min),
        "status_label": str(Verdict.UNKNOWN.label) if item.kind == Kind.SERIAL else _("Không tìm thấy"),
        **({"status": Verdict.UNKNOWN.value} if item.kind == Kind.SERIAL else {}),
    }


def look_up(items: list[Item], *, today: datetime.date) -> list[dict]:
    """One answer per item, in order."""
    keys = {kind: {item.key for item in items if item.kind == kind} for kind in Kind.CHOICES}
    # A GTIN answers for a recognised product only: one never certified is not public.
    by_gtin = {}
    if keys[Kind.GTIN]:
        products = with_current_certificate(
            Product.objects.filter(gtin__in=keys[Kind.GTIN], certificates__isnull=False)
            .select_related("producer")
            .distinct()
            .order_by("-id")
        )
        for product in products:
            by_gtin.setdefault(product.gtin, product)
    by_number = {}
    if keys[Kind.CERTIFICATE]:
        certificates = Certificate.objects.filter(number__in=keys[Kind.CERTIFICATE]).select_related("product__producer")
        by_number = {certificate.number: certificate for certificate in certificates}
    by_serial, chain = {}, {}
    if keys[Kind.SERIAL]:
        suspicious = ScanEvent.objects.filter(stamp=OuterRef("pk"), verdict=Verdict.SUSPICIOUS, latitude__isnull=False)
        stamps = (
            Stamp.objects.filter(serial__in=keys[Kind.SERIAL])
            .select_related("batch__product__producer")
            .annotate(flagged=Exists(suspicious), scan_count=Coalesce("counter__count", 0))
        )
        by_serial = {stamp.serial: stamp for stamp in stamps}
        product_ids = {stamp.batch.product_id for stamp in by_serial.values()}
        if product_ids:
            chain = {
                certificate.pk: certificate for certificate in Certificate.objects.filter(product_id__in=product_ids)
            }

    answers = []
    for item in items:
        if item.kind == Kind.GTIN and item.key in by_gtin:
            product = by_gtin[item.key]
            answers.append(_found(item, product, current_certificate(product), today))
        elif item.kind == Kind.CERTIFICATE and item.key in by_number:
            certificate = by_number[item.key]
            answers.append(_found(item, certificate.product, certificate, today))
        elif item.kind == Kind.SERIAL and item.key in by_serial:
            answers.append(_stamp_answer(item, by_serial[item.key], chain, today))
        else:
            answers.append(_not_found(item))
    return answers


def _in_force(certificate_id: int, chain: dict[int, Certificate]) -> Certificate | None:
    """`stamps.verdicts.certificate_in_force`, over certificates already loaded."""
    certificate = chain.get(certificate_id)
    seen = set()
    while certificate is not None and certificate.superseded_by_id and certificate.pk not in seen:
        seen.add(certificate.pk)
        certificate = chain.get(certificate.superseded_by_id, certificate)
    return certificate


def _stamp_answer(item: Item, stamp: Stamp, chain: dict[int, Certificate], today: datetime.date) -> dict:
    certificate = _in_force(stamp.batch.certificate_id, chain)
    verdict = Verdict(
        judge(stamp=stamp, certificate=certificate, today=today, scan_count=stamp.scan_count, flagged=stamp.flagged)
    )
    answer = _found(item, stamp.batch.product, certificate, today)
    answer.update(
        shows_star=verdict in STAR_VERDICTS,
        status=verdict.value,
        status_label=str(verdict.label),
    )
    return answer
