"""GS1 EPCIS 2.0 export of a stamp batch, as a JSON-LD EPCISDocument (validated in the tests against GS1's
official EPCIS 2.0 JSON schema):

- one ObjectEvent "commissioning" (action ADD, disposition active) when the batch was issued, whose epcList
  holds every stamp's identifier, with the lot, production and expiry dates as instance/lot master data;
- one ObjectEvent "inspecting" (action OBSERVE) per check of a stamp on the public page, at the check's time,
  with its coarse place as a `geo:` read point when the consumer shared it, and the verdict as an extension.

Identifiers: a product with a GTIN gives each stamp the GS1 Digital Link of an SGTIN on our own resolver,
`<site>/01/<GTIN-14>/21/<serial>` (the same page the printed QR code opens, which also carries the lot);
without a GTIN the stamp's own URL `<site>/s/<serial>`. Event ids are name-based UUIDs, so exporting twice
gives the same ids and a receiver can tell a repeated event.

The document is written piece by piece (`iter_document`), so a batch of 100,000 stamps streams to a file or
an HTTP response without being held in memory."""

import datetime
import json
import uuid
from collections.abc import Iterator

from django.utils import timezone

from core.site import site_url

from .models import ScanEvent, StampBatch

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
CHUNK = 5000


def namespace() -> str:
    """Our vocabulary for extensions (the verdict), declared in the document's @context."""
    return site_url("/epcis/ns#")


def stamp_identifier(serial: str, *, gtin: str) -> str:
    if gtin:
        return site_url(f"/01/{gtin}/21/{serial}")
    return site_url(f"/s/{serial}")


def _time(moment: datetime.datetime) -> tuple[str, str]:
    """(eventTime, eventTimeZoneOffset) in the platform's time zone, e.g. +07:00."""
    local = timezone.localtime(moment)
    text = local.isoformat(timespec="milliseconds")
    offset = text[-6:]
    return text, offset


def _event_id(*parts) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "|".join([site_url(), *map(str, parts)])).urn


def commissioning_event(batch: StampBatch, identifiers: list[str]) -> dict:
    moment = batch.issued_at or batch.created_at
    event_time, offset = _time(moment)
    return {
        "type": "ObjectEvent",
        "eventTime": event_time,
        "eventTimeZoneOffset": offset,
        "eventID": _event_id("commissioning", batch.code),
        "epcList": identifiers,
        "action": "ADD",
        "bizStep": "commissioning",
        "disposition": "active",
        "ilmd": {
            "cbvmda:lotNumber": batch.lot,
            "cbvmda:itemExpirationDate": batch.expiry_date.isoformat(),
            "ocop:productionDate": batch.production_date.isoformat(),
        },
    }


def scan_event(*, serial: str, gtin: str, scan_id: int, scanned_at, verdict: str, latitude, longitude) -> dict:
    event_time, offset = _time(scanned_at)
    event = {
        "type": "ObjectEvent",
        "eventTime": event_time,
        "eventTimeZoneOffset": offset,
        "eventID": _event_id("scan", scan_id),
        "epcList": [stamp_identifier(serial, gtin=gtin)],
        "action": "OBSERVE",
        "bizStep": "inspecting",
    }
    if latitude is not None and longitude is not None:
        event["readPoint"] = {"id": f"geo:{latitude},{longitude}"}
    event["ocop:verdict"] = verdict
    return event


def _document_head(created: datetime.datetime) -> dict:
    return {
        "@context": [EPCIS_CONTEXT, {"ocop": namespace()}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _time(created)[0],
    }


def iter_document(batch: StampBatch) -> Iterator[str]:
    """The batch's EPCIS document as consecutive pieces of JSON text."""
    gtin = batch.product.gtin
    head = json.dumps(_document_head(timezone.now()), ensure_ascii=False)
    yield head[:-1] + ', "epcisBody": {"eventList": ['
    serials = batch.stamps.order_by("id").values_list("serial", flat=True).iterator(chunk_size=CHUNK)
    # The commissioning event's epcList is the only large part: write it around the streamed identifiers.
    template = json.dumps(commissioning_event(batch, ["\0"]), ensure_ascii=False)
    before, after = template.split('"\\u0000"')
    yield before
    for index, serial in enumerate(serials):
        yield ("," if index else "") + json.dumps(stamp_identifier(serial, gtin=gtin))
    yield after
    scans = (
        ScanEvent.objects.filter(stamp__batch=batch)
        .order_by("scanned_at", "id")
        .values_list("id", "serial", "scanned_at", "verdict", "latitude", "longitude")
        .iterator(chunk_size=CHUNK)
    )
    for scan_id, serial, scanned_at, verdict, latitude, longitude in scans:
        event = scan_event(
            serial=serial,
            gtin=gtin,
            scan_id=scan_id,
            scanned_at=scanned_at,
            verdict=verdict,
            latitude=latitude,
            longitude=longitude,
        )
        yield "," + json.dumps(event, ensure_ascii=False)
    yield "]}}\n"


def document_text(batch: StampBatch) -> str:
    return "".join(iter_document(batch))


def filename(batch: StampBatch) -> str:
    return f"epcis-{batch.code}.jsonld"
