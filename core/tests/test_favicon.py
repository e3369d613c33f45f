"""The site's icon: linked from every page shell and answered at /favicon.ico, where browsers look first."""

import pytest
from django.contrib.staticfiles import finders

from public.tests.factories import make_certificate

ICON_LINK = '<link rel="icon" href="/static/brand/favicon.svg" type="image/svg+xml">'


def test_favicon_ico_sends_the_browser_to_the_vendored_icon(client, db):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, "/static/brand/favicon.ico")
    for name in ("brand/favicon.ico", "brand/favicon.svg", "brand/apple-touch-icon.png"):
        assert finders.find(name), name


@pytest.mark.parametrize("url", ["/", "/san-pham-ocop/", "/tai-khoan/dang-nhap/"])
def test_pages_link_the_icon(client, db, url):
    assert ICON_LINK in client.get(url).content.decode()


def test_public_certificate_page_links_the_icon(client, product_a):
    certificate = make_certificate(product_a)
    assert ICON_LINK in client.get(certificate.get_absolute_url()).content.decode()
