from urllib.parse import unquote, urlsplit

import pytest
from biip import ParseError
from biip import parse as biip_parse
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from django.core.exceptions import ValidationError
from django.urls import resolve

from stamps import serials
from stamps.links import stamp_url, validate_lot

from .factories import GTIN

LOTS = ["L2611-01", "lo/2026", "A%B&C?D", "x" * 20, "(12)+3:4;5<6=7>8_9", "'!\"*,."]


def _element(link, ai: str) -> str:
    element = link.element_strings.get(ai=ai)
    assert element is not None, ai
    return element.value


@pytest.mark.parametrize("lot", LOTS)
def test_link_with_gtin_is_a_valid_digital_link_that_round_trips(settings, lot):
    settings.SITE_URL = "https://ocop.example.vn"
    serial = serials.new_serial()
    url = stamp_url(serial, gtin=GTIN, lot=lot)
    assert url.startswith("https://ocop.example.vn/01/08938600123459/10/")
    assert url.endswith(f"/21/{serial}")
    link = GS1DigitalLinkURI.parse(url)
    assert _element(link, "01") == GTIN
    assert _element(link, "10") == lot
    assert _element(link, "21") == serial
    gtin_element = link.element_strings.get(ai="01")
    assert gtin_element.gtin is not None and gtin_element.gtin_error is None
    # biip's generic parser agrees, and writes the same URI back from the element strings.
    result = biip_parse(url)
    assert result.gs1_digital_link_uri_error is None
    assert link.as_uri(domain="ocop.example.vn") == url


def test_link_qualifiers_are_in_gs1_order(settings):
    settings.SITE_URL = "https://ocop.example.vn"
    url = stamp_url("ABC", gtin=GTIN, lot="L1")
    assert url == "https://ocop.example.vn/01/08938600123459/10/L1/21/ABC"


def test_link_percent_encodes_the_lot():
    url = stamp_url("ABC", gtin=GTIN, lot="lo/26 %")
    assert "/10/lo%2F26%20%25/21/ABC" in url


def test_link_without_gtin_is_short(settings):
    settings.SITE_URL = "https://ocop.example.vn/"
    serial = serials.new_serial()
    assert stamp_url(serial, gtin="", lot="L1") == f"https://ocop.example.vn/s/{serial}"


def test_link_a_wrong_gtin_is_not_a_valid_digital_link():
    # The parser really checks: a wrong check digit shows up as a GTIN error.
    link = GS1DigitalLinkURI.parse(stamp_url("ABC", gtin="08938600123450", lot="L1"))
    assert link.element_strings.get(ai="01").gtin_error


def test_link_a_21_character_serial_is_refused_by_biip():
    with pytest.raises(ParseError):
        GS1DigitalLinkURI.parse(stamp_url("A" * 21, gtin=GTIN, lot="L1"))


@pytest.mark.parametrize("lot", LOTS)
def test_lot_in_gs1_character_set_is_accepted(lot):
    assert validate_lot(f"  {lot} ") == lot


@pytest.mark.parametrize("lot", ["", "   ", "x" * 21, "lô 1", "L 1", "L#1", "L~1", "L$1", "L@1", "L[1]"])
def test_lot_outside_gs1_rules_is_refused(lot):
    with pytest.raises(ValidationError):
        validate_lot(lot)


def _biip_accepts_lot(lot: str) -> bool:
    try:
        GS1DigitalLinkURI.parse(stamp_url("ABC", gtin=GTIN, lot=lot))
    except ParseError:
        return False
    return True


def _we_accept_lot(lot: str) -> bool:
    try:
        validate_lot(lot)
    except ValidationError:
        return False
    return True


def test_lot_rules_agree_with_biip_on_every_printable_character():
    for code in range(33, 127):
        lot = f"L{chr(code)}1"
        assert _we_accept_lot(lot) == _biip_accepts_lot(lot), repr(chr(code))


@pytest.mark.parametrize("gtin", [GTIN, ""])
@pytest.mark.parametrize("lot", ["L2611-01", "lo/2026/A", "A%B&C?D"])
def test_link_resolves_to_the_public_verification_page(settings, gtin, lot):
    settings.SITE_URL = "https://ocop.example.vn"
    serial = serials.new_serial()
    # The server sees the path percent-decoded, as Django's handler gives it to the resolver.
    match = resolve(unquote(urlsplit(stamp_url(serial, gtin=gtin, lot=lot)).path))
    assert match.namespace == "public"
    assert match.kwargs["serial"] == serial
    if gtin:
        assert (match.kwargs["gtin"], match.kwargs["lot"]) == (gtin, lot)
