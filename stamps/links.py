"""The URL printed in each stamp's QR code, on our own domain (`core.site.site_url`).

With a GTIN it is a GS1 Digital Link URI, `<site>/01/<GTIN-14>/10/<lot>/21/<serial>`: the primary key (AI 01)
then its key qualifiers in the order GS1 fixes (AI 22, 10, 21 — we use 10 and 21), each value percent-encoded.
Any GS1 resolver or scanner app reads the GTIN, lot and serial from it. Without a GTIN it is the short
`<site>/s/<serial>`. Both lead to the same public verification page, which looks the stamp up by serial.

Lots and serials are AI 10 and AI 21: at most 20 characters of GS1's character set 82 (the ASCII letters and
digits and `! " % & ' ( ) * + , - . / : ; < = > ? _`). Serials are 17 Crockford characters, always inside it;
lots are checked when a batch is ordered (`validate_lot`)."""

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.site import site_url

# GS1 General Specifications, character set 82 (as in biip's patterns for AI 10 and AI 21).
GS1_CSET82 = re.compile(r"""[!"%-?A-Z_a-z]+""")
LOT_MAX_LENGTH = 20


def validate_lot(lot: str) -> str:
    """The lot number, stripped, or a ValidationError: 1 to 20 characters of GS1 character set 82."""
    lot = (lot or "").strip()
    if not lot:
        raise ValidationError(_("Nhập số lô."), code="lot_required")
    if len(lot) > LOT_MAX_LENGTH:
        raise ValidationError(
            _("Số lô dài tối đa %(max)s ký tự (chuẩn GS1, AI 10)."), code="lot_too_long", params={"max": LOT_MAX_LENGTH}
        )
    if not GS1_CSET82.fullmatch(lot):
        raise ValidationError(
            _(
                "Số lô chỉ gồm chữ cái không dấu, chữ số và các ký tự %(chars)s "
                "(không dấu cách, không chữ có dấu) theo chuẩn GS1."
            ),
            code="lot_characters",
            params={"chars": "! \" % & ' ( ) * + , - . / : ; < = > ? _"},
        )
    return lot


def link_prefix(*, gtin: str, lot: str) -> str:
    """Everything before the serial, shared by a whole batch: `stamp_url` is `link_prefix(...) + serial`."""
    if gtin:
        return site_url(f"/01/{gtin}/10/{quote(lot, safe='')}/21/")
    return site_url("/s/")


def stamp_url(serial: str, *, gtin: str, lot: str) -> str:
    """The QR payload of one stamp. The serial needs no encoding: it is Crockford base32."""
    return link_prefix(gtin=gtin, lot=lot) + serial


def batch_link_prefix(batch) -> str:
    return link_prefix(gtin=batch.product.gtin, lot=batch.lot)
