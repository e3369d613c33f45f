"""The site's own address (`settings.SITE_URL`), which every absolute link carries: stamps' QR codes and their
CSV, certificates' QR codes, e-mails, the verification page's canonical link and its advice."""

from urllib.parse import urlsplit

from django.conf import settings


def site_url(path: str = "") -> str:
    """`path` (starting with "/") on this site: "https://ocop.example.vn" + "/s/…"."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def site_host() -> str:
    """The address as people read it in a browser's address bar: "ocop.example.vn", "192.168.1.20:8101"."""
    return urlsplit(settings.SITE_URL).netloc
