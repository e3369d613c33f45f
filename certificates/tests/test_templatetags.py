import datetime

import pytest
from django.template import Context, Template

from certificates.queries import with_current_certificate
from products.models import Product

from .conftest import days_ago, make_certificate


def render(text: str, **context) -> str:
    return Template("{% load ocop %}" + text).render(Context(context)).strip()


def test_stars_show_for_a_product_with_a_valid_certificate(product_a):
    make_certificate(product_a, issued_on=days_ago(10), stars=4)
    html = render("{% ocop_stars product %}", product=product_a)
    assert "★★★★ OCOP" in html
    assert 'aria-label="4 sao OCOP"' in html


@pytest.mark.parametrize(
    "fields",
    [
        {"issued_on": datetime.date(2020, 1, 1)},  # expired
        {"issued_on": days_ago(10), "withdrawn_on": days_ago(1)},
    ],
)
def test_no_star_for_an_expired_or_withdrawn_certificate(product_a, fields):
    certificate = make_certificate(product_a, stars=5, **fields)
    assert render("{% ocop_stars product %}", product=product_a) == ""
    assert render("{% ocop_stars certificate %}", certificate=certificate) == ""


def test_no_star_without_a_certificate_and_none_for_other_objects(product_a):
    assert render("{% ocop_stars product %}", product=product_a) == ""
    assert render("{% ocop_stars thing %}", thing="4") == ""


def test_stars_follow_the_day_they_are_shown_on(product_a):
    certificate = make_certificate(product_a, issued_on=datetime.date(2026, 6, 15), stars=3)
    assert "★★★" in render("{% ocop_stars c on=day %}", c=certificate, day=datetime.date(2029, 6, 15))
    assert render("{% ocop_stars c on=day %}", c=certificate, day=datetime.date(2029, 6, 16)) == ""


def test_a_newer_certificate_replaces_the_older_star(product_a):
    old = make_certificate(product_a, issued_on=days_ago(400), stars=3, number="OLD")
    new = make_certificate(product_a, issued_on=days_ago(10), stars=4, number="NEW")
    old.superseded_by = new
    old.save()
    assert "★★★★ OCOP" in render("{% ocop_stars product %}", product=product_a)
    assert render("{% ocop_stars c %}", c=old) == ""


def test_prefetched_products_show_stars_without_more_queries(product_a, product_b, django_assert_num_queries):
    make_certificate(product_a, issued_on=days_ago(10), stars=4)
    products = list(with_current_certificate(Product.objects.filter(pk__in=[product_a.pk, product_b.pk])))
    with django_assert_num_queries(0):
        html = render("{% for p in products %}[{% ocop_stars p %}]{% endfor %}", products=products)
    assert html.count("★★★★") == 1


def test_status_badge_names_the_status(product_a):
    certificate = make_certificate(product_a, issued_on=datetime.date(2020, 1, 1))
    assert render("{% certificate_status c %}", c=certificate) == '<span class="badge rejected">Hết hiệu lực</span>'
