"""Small helpers of the public templates.

{% load public_extras %}
{{ name|media_url }}             the URL of a stored file name (a thumbnail from an annotation)
{% catalogue_badge product %}    the star badge of the product's current certificate, or its status
                                 ("Hết hiệu lực", "Đã thu hồi") when it shows no star
"""

from django import template
from django.core.files.storage import default_storage
from django.utils import timezone

from certificates.models import SHOWS_STAR
from certificates.queries import current_certificate

register = template.Library()


@register.filter
def media_url(name: str) -> str:
    return default_storage.url(name) if name else ""


@register.inclusion_tag("public/_badge.html")
def catalogue_badge(product, on=None):
    certificate = current_certificate(product)
    if certificate is None:
        return {"stars": None, "status": None}
    status = certificate.status_on(on or timezone.localdate())
    shows = status in SHOWS_STAR
    return {
        "stars": certificate.stars if shows else None,
        "glyphs": "★" * certificate.stars if shows else "",
        "status": None if shows else status,
    }
