"""Caching the public catalogue's pages, whole, in each server process's memory (the "pages" cache), under
a version number kept in the cache that every process shares ("default": the database, or Redis).

A page is stored under a key made of its path and query, the language, today's date and the catalogue's
version number:

- today's date: a certificate that expires at midnight loses its star on the first request of the next day,
  without anyone touching a record;
- the version: every save or delete of a product, product image, producer, certificate (a withdrawal or
  renewal saves the certificate), sales point, listing or event bumps it, so an edit shows on the next request;
- a short timeout (PUBLIC_CACHE_SECONDS, 300 s) bounds what the signals cannot see (a bulk `update()`),
  and browsers may keep a page as long.

The stamp verification page is never cached (each check is counted), but the product and certificate of a
stamp's batch are, under the same version (`cached_batch_facts`).

The public pages touch no session and no CSRF token, so one rendering serves every visitor; the catalogue's
only per-request input is the language cookie, which is part of the key (and of `Vary`)."""

import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.translation import get_language

from certificates.models import Certificate
from core import versions
from market.models import Listing, SalesPoint
from producers.models import Producer
from products.models import Product, ProductImage
from programme.models import Event
from stamps.scanning import load_batch_facts

VERSION_KEY = "public:catalogue:version"
pages = ConnectionProxy(caches, "pages")


def timeout() -> int:
    return settings.PUBLIC_CACHE_SECONDS


def catalogue_version(*, stored: str | None = None) -> str:
    """`stored`: the version as the caller read it already (see `core.versions.current`)."""
    return versions.current(VERSION_KEY, stored=stored)


def bump_version(**kwargs) -> None:
    """Signal receiver: the catalogue changed, so every cached page is stale."""
    versions.bump(VERSION_KEY)


def _key(request) -> str:
    parts = f"{catalogue_version()}|{timezone.localdate().isoformat()}|{get_language()}|{request.get_full_path()}"
    return "public:page:" + hashlib.sha256(parts.encode()).hexdigest()


def cached_page(view):
    """Serve a GET from the cache when it holds the page; otherwise render it and keep a 200 response."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = pages.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                pages.set(key, (response.content, response["Content-Type"]), timeout())
        patch_cache_control(response, public=True, max_age=timeout())
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def cached_batch_facts(batch, *, version: str | None = None):
    """`stamps.scanning.load_batch_facts` through the cache, under the same key scheme as the pages (the same
    version, bumped by the same changes; `version` when the caller has read it already): the verification
    page then needs one query to find the stamp, one for the version and one to record the check. Asked for an
    unknown code too (batch None), so that both cost the same."""
    key = f"public:batch-facts:{version or catalogue_version()}:{batch.pk if batch is not None else 0}"
    facts = pages.get(key)
    if facts is None and batch is not None:
        facts = load_batch_facts(batch)
        pages.set(key, facts, timeout())
    return facts


def connect_invalidation() -> None:
    """Bump the version whenever a record the catalogue shows is saved or deleted (called from AppConfig)."""
    # Events: the home page lists the next trade events.
    for model in (Product, ProductImage, Producer, Certificate, SalesPoint, Listing, Event):
        post_save.connect(bump_version, sender=model, dispatch_uid=f"public-cache-save-{model.__name__}")
        post_delete.connect(bump_version, sender=model, dispatch_uid=f"public-cache-delete-{model.__name__}")
    # What a sales point carries ("where to buy" on product and stamp pages).
    m2m_changed.connect(bump_version, sender=SalesPoint.products.through, dispatch_uid="public-cache-sales-point")
