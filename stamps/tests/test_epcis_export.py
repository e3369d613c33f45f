"""GS1 EPCIS 2.0 export: the batch's commissioning and the checks of its stamps, validated against GS1's official
EPCIS 2.0 JSON schema (../shared/gs1), formats included."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from jsonschema import Draft7Validator, FormatChecker

from public.tests.factories import GTIN, LOT, first_stamp, make_batch, make_certificate
from stamps import epcis, scanning

GS1 = Path(settings.SHARED_DIR) / "gs1"


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    schema = json.loads((GS1 / "EPCIS-JSON-Schema.json").read_text())
    checker = FormatChecker()
    # Without these, jsonschema skips "uri" and "date-time" silently and the validation proves much less.
    assert {"uri", "date-time"} <= set(checker.checkers), "install rfc3987 and rfc3339-validator"
    return Draft7Validator(schema, format_checker=checker)


def errors(validator, document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture
def batch(product_a, alice):
    product_a.gtin = GTIN
    product_a.save(update_fields=["gtin"])
    return make_batch(product_a, make_certificate(product_a), alice, quantity=3)


def test_epcis_official_example_validates(validator):
    example = json.loads((GS1 / "Example_9.6.1-ObjectEventWithDigitalLink.jsonld").read_text())
    assert errors(validator, example) == []


def test_epcis_validator_catches_a_wrong_document(validator):
    example = json.loads((GS1 / "Example_9.6.1-ObjectEventWithDigitalLink.jsonld").read_text())
    example["epcisBody"]["eventList"][0]["action"] = "COMMISSION"
    example["epcisBody"]["eventList"][1]["eventTime"] = "04/04/2005 20:33"
    example["epcisBody"]["eventList"][1]["epcList"] = ["not a uri"]
    assert len(errors(validator, example)) >= 3


def test_epcis_batch_export_validates(validator, batch):
    stamp = first_stamp(batch)
    check = scanning.check_stamp(serial=stamp.serial, client_hash="a")
    scanning.locate_scan(
        serial=stamp.serial, scanned_at=check.scanned_at, client_hash="a", latitude="21.03", longitude="105.85"
    )
    scanning.check_stamp(serial=stamp.serial, client_hash="b")
    scanning.check_stamp(serial="0000000000000000X", client_hash="c")  # not this batch's: not exported
    document = json.loads(epcis.document_text(batch))
    assert errors(validator, document) == []
    assert document["type"] == "EPCISDocument" and document["schemaVersion"] == "2.0"
    assert document["@context"][0] == epcis.EPCIS_CONTEXT
    commissioning, *scans = document["epcisBody"]["eventList"]
    assert (commissioning["type"], commissioning["action"]) == ("ObjectEvent", "ADD")
    assert (commissioning["bizStep"], commissioning["disposition"]) == ("commissioning", "active")
    serials = sorted(batch.stamps.values_list("serial", flat=True))
    assert sorted(commissioning["epcList"]) == [f"http://127.0.0.1:8000/01/{GTIN}/21/{s}" for s in serials]
    assert commissioning["ilmd"]["cbvmda:lotNumber"] == LOT
    assert commissioning["ilmd"]["cbvmda:itemExpirationDate"] == batch.expiry_date.isoformat()
    assert len(scans) == 2
    assert {(e["action"], e["bizStep"]) for e in scans} == {("OBSERVE", "inspecting")}
    assert scans[0]["epcList"] == [f"http://127.0.0.1:8000/01/{GTIN}/21/{stamp.serial}"]
    assert scans[0]["readPoint"] == {"id": "geo:21.03,105.85"}
    assert "readPoint" not in scans[1]
    assert scans[0]["ocop:verdict"] == "genuine"
    assert all(e["eventTimeZoneOffset"] == "+07:00" for e in [commissioning, *scans])


def test_epcis_event_ids_are_stable_across_exports(batch):
    scanning.check_stamp(serial=first_stamp(batch).serial, client_hash="a")
    first = json.loads(epcis.document_text(batch))["epcisBody"]["eventList"]
    again = json.loads(epcis.document_text(batch))["epcisBody"]["eventList"]
    assert [e["eventID"] for e in first] == [e["eventID"] for e in again]
    assert len({e["eventID"] for e in first}) == 2


def test_epcis_product_without_gtin_uses_the_stamp_url(validator, product_b, bob):
    batch = make_batch(product_b, make_certificate(product_b), bob, quantity=2)
    document = json.loads(epcis.document_text(batch))
    assert errors(validator, document) == []
    epcs = document["epcisBody"]["eventList"][0]["epcList"]
    assert all(e.startswith("http://127.0.0.1:8000/s/") for e in epcs)


def test_epcis_command_writes_a_valid_file(validator, batch, tmp_path):
    output = tmp_path / "lo.jsonld"
    call_command("export_epcis", "--batch", batch.code.lower(), "--output", str(output))
    assert errors(validator, json.loads(output.read_text())) == []
    with pytest.raises(CommandError):
        call_command("export_epcis", "--batch", "NOSUCHCODE")


def test_epcis_download_for_officers_in_scope(client, validator, batch, erin, frank, alice):
    url = f"/truy-xuat/lo/{batch.code}/epcis.jsonld"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(erin)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="epcis-{batch.code}.jsonld"'
    assert errors(validator, json.loads(b"".join(response.streaming_content))) == []
    client.force_login(frank)
    assert client.get(url).status_code == 404
    client.force_login(alice)  # the producer: its batch, but not consumers' checks
    assert client.get(url).status_code == 403
