"""Rendering the verification page fast: everything on it except a handful of values is the same for every
check of a batch, on a given day, with a given verdict, in a given language. That page is rendered once with
markers in place of those values, kept in the cache (under the catalogue's version, so an edit shows at once),
and each check fills the markers in, escaped: a few string replacements instead of a template rendering.

The values that differ per check: the serial (as text and inside the report link, the location endpoint and
the canonical URL), the location token, and the "checked N times since …" sentence."""

import functools
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core.site import site_host, site_url
from market.where import where_to_buy
from stamps.models import RevokeReason, Verdict
from stamps.scanning import Check
from stamps.serials import group
from stamps.verdicts import STAR_VERDICTS, revoke_reason

from . import cache as page_cache
from .forms import CheckForm

LOCATE_SALT = "public.stamp.locate"
TEMPLATE = "public/verify.html"
DYNAMIC = ("serial_text", "report_href", "locate_url", "canonical", "locate_token", "scan_message")
# Private-use characters: never in our templates or data, and left alone by HTML escaping and urlencode.
MARKERS = {name: f"\ue000{name}\ue001" for name in DYNAMIC}


def verdict_context(*, verdict: str, certificate=None, reason: RevokeReason | None = None) -> dict:
    verdict = Verdict(verdict)
    stars = certificate.stars if certificate is not None and verdict in STAR_VERDICTS else None
    return {
        "verdict": verdict,
        "certificate": certificate,
        "revoke_reason": reason if verdict == Verdict.REVOKED else None,
        "stars": stars,
        "star_glyphs": "★" * stars if stars else "",
        "is_warning": verdict in (Verdict.UNKNOWN, Verdict.REVOKED, Verdict.SUSPICIOUS),
        "site_host": site_host(),
    }


def locate_token(check: Check) -> str:
    return signing.dumps([check.serial, check.scanned_at.isoformat()], salt=LOCATE_SALT)


def _scan_message(check: Check) -> str:
    if check.stamp is None:
        return ""
    if check.scan_count <= 1:
        return _("Đây là lần đầu tiên tem này được kiểm tra.")
    since = date_format(timezone.localtime(check.first_scanned_at), "d/m/Y H:i")
    return ngettext(
        "Tem này đã được kiểm tra %(count)s lần, lần đầu lúc %(since)s.",
        "Tem này đã được kiểm tra %(count)s lần, lần đầu lúc %(since)s.",
        check.scan_count,
    ) % {"count": check.scan_count, "since": since}


SERIAL_SLOT = "SERIAL-SLOT"  # where the serial goes in the reversed location URL
# What reverse() leaves unquoted in a path (django.urls.resolvers): the same quoting, for the same URL.
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


@functools.lru_cache(maxsize=8)
def _url_templates(script_prefix: str, urlconf) -> tuple[str, str]:
    """The report form's URL, and the location endpoint's with `SERIAL_SLOT` for the serial: reversed once per
    script prefix and URLconf, not twice per check (two reverse() calls were about 5 % of a check's time)."""
    locate = reverse("public:locate", args=[SERIAL_SLOT], urlconf=urlconf)
    return reverse("public:report", urlconf=urlconf), locate


def dynamic_values(check: Check, *, token: str = "") -> dict:
    serial = check.serial
    report_url, locate_template = _url_templates(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return {
        "serial_text": group(serial) if len(serial) <= 20 else serial,
        "report_href": f"{report_url}?ma={quote(serial, safe='')}",
        "locate_url": locate_template.replace(SERIAL_SLOT, quote(serial, safe=PATH_SAFE)),
        "canonical": site_url(f"/s/{quote(serial, safe='')}"),
        "locate_token": token,
        "scan_message": _scan_message(check),
    }


def _revoke_reason(check: Check) -> RevokeReason | None:
    return revoke_reason(check.stamp) if check.verdict == Verdict.REVOKED and check.stamp is not None else None


def _page_context(check: Check) -> dict:
    product, stamp = check.product, check.stamp
    today = timezone.localdate(check.scanned_at)
    context = verdict_context(verdict=check.verdict, certificate=check.certificate, reason=_revoke_reason(check))
    starred = product is not None and context["stars"] is not None
    context.update(
        {
            "stamp": stamp,
            "batch": stamp.batch if stamp is not None else None,
            "product": product,
            "producer": product.producer if product is not None else None,
            "thumbnail_url": default_storage.url(product.thumbnail) if product and product.thumbnail else "",
            "certificate_status": check.certificate.status_on(today) if check.certificate else None,
            # Where to buy, only under a verdict that shows the star (its certificate shows one today).
            "places": where_to_buy(product, day=today, certificate=check.certificate) if starred else [],
            "listings": list(product.listings.all()) if starred else [],
            "form": CheckForm(),
            "dyn": MARKERS,
        }
    )
    return context


def render_check(request, check: Check, *, version: str | None = None) -> str:
    """The page of one check: the cached page of its batch, day, verdict and language, filled in (`version`:
    the catalogue's, when the caller has read it already)."""
    batch_id = check.stamp.batch_id if check.stamp is not None else 0
    today = timezone.localdate(check.scanned_at)
    # Stamps of one batch may have been revoked for different reasons: the reason is part of the page.
    reason = _revoke_reason(check) or ""
    parts = [
        version or page_cache.catalogue_version(),
        str(batch_id),
        str(check.verdict),
        reason,
        today.isoformat(),
        get_language(),
    ]
    key = "public:verify-page:" + ":".join(parts)
    page = page_cache.pages.get(key)
    if page is None:
        page = render_to_string(TEMPLATE, _page_context(check), request)
        page_cache.pages.set(key, page, page_cache.timeout())
    for name, value in dynamic_values(check, token=locate_token(check)).items():
        page = page.replace(MARKERS[name], escape(value))
    return page


def render_verdict(request, check: Check) -> str:
    """The verdict block alone (after a shared place changed it), rendered directly."""
    context = {**verdict_context(verdict=check.verdict, certificate=check.certificate), "dyn": dynamic_values(check)}
    return render_to_string(f"{TEMPLATE}#verdict", context, request)
