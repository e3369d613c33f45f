"""System checks of our own settings (`manage.py check --deploy`)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """Every QR code, printed link and e-mail carries SITE_URL: in production, one on this machine only
    prints stamps and certificates that no phone can open."""
    if settings.DEBUG or not _is_loopback(urlsplit(settings.SITE_URL).hostname or ""):
        return []
    return [
        CheckWarning(
            f"SITE_URL is {settings.SITE_URL}, an address of this machine only: QR codes, printed links and "
            "e-mails would point there.",
            hint="Set SITE_URL to the public address of the site, e.g. https://ocop.example.vn.",
            id="ocop.W001",
        )
    ]
