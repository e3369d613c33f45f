"""`scope.through`: a record that belongs to a product is scoped as its product, by joins."""

import pytest

from accounts.scope import Reach, Scope, through
from market.models import Listing
from products.models import Product
from stamps.models import StampBatch


def test_a_child_record_reaches_people_as_its_product_does():
    assert Listing.scope == Scope(
        producer="product__producer_id",
        commune="product__producer__current_commune_id",
        province="product__producer__current_province_id",
    )
    assert through("product", Product.scope, province="province_id").province == "province_id"


def test_a_stamp_batch_keeps_its_province_and_reaches_the_rest_through_its_product():
    assert StampBatch.scope == Scope(
        producer="product__producer_id", commune="product__producer__current_commune_id", province="province_id"
    )


def test_only_plain_lookups_are_carried_through():
    with pytest.raises(TypeError, match="Via"):
        through("application", Scope(producer=Reach("producer_id")))
