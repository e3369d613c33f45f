import pytest
from django.core.exceptions import ValidationError

from market.links import check_listing_url, refused_hosts


@pytest.mark.parametrize(
    "url",
    [
        "https://shopee.vn/Mut-gung-Phu-Nghia-i.123.456",
        "https://www.lazada.vn/products/mut-gung-i789.html?spm=a2o4n",
        "https://tiki.vn/mut-gung-p123.html",
        "https://mutgungphunghia.vn/",
        "https://shop.example.com:443/san-pham",
    ],
)
def test_listing_url_accepts_a_direct_https_link(url):
    assert check_listing_url(f"  {url} ") == url


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://shopee.vn/mut-gung", "listing_https"),
        ("ftp://shopee.vn/mut-gung", "listing_https"),
        ("javascript:alert(1)", "listing_https"),
        ("https://user:secret@shopee.vn/mut-gung", "listing_credentials"),
        ("https://admin@shopee.vn/", "listing_credentials"),
        ("https://203.0.113.7/shop", "listing_host"),
        ("https://[2001:db8::1]/shop", "listing_host"),
        ("https://localhost/shop", "listing_host"),
        ("https://shop.123/", "listing_host"),
        ("https://-bad-.vn/", "listing_host"),
        ("https:///no-host", "listing_host"),
        ("https://shopee.vn:8443/x", "listing_host"),
        ("https://bit.ly/3abcd", "listing_redirect"),
        ("https://s.shopee.vn/AbCd", "listing_redirect"),
        ("https://go.isclix.com/deep_link/123?url=https://shopee.vn", "listing_redirect"),
        ("https://WWW.TinyURL.com/x", "listing_redirect"),
        ("https://shopee.vn:99999/x", "listing_url"),
    ],
)
def test_listing_url_refuses(url, code):
    with pytest.raises(ValidationError) as caught:
        check_listing_url(url)
    assert caught.value.code == code


def test_refused_hosts_are_read_from_the_data_file():
    hosts = refused_hosts()
    assert {"bit.ly", "s.shopee.vn", "shope.ee"} <= hosts
    assert not any(host.startswith("#") for host in hosts)


def test_a_refused_host_does_not_refuse_the_marketplace_itself():
    assert check_listing_url("https://shopee.vn/x") == "https://shopee.vn/x"
