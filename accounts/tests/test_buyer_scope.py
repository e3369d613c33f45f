"""The buyer persona, apart from the matrix's columns: a buyer's account reads its own records only (`own`)."""

import pytest

from market import rules as market_rules

from .buyers import buyer_records, make_buyer


@pytest.fixture
def world(world):
    return {**world, **buyer_records(world)}


def test_a_buyer_sees_its_own_records_and_nothing_else(world, commune_y):
    """The buyer persona (its account reads `own` only): its buyer, demand, conversation and message, which it may
    edit and write in; another buyer reaches none of them, and neither reaches any other record of the world."""
    other = make_buyer("binh", area=commune_y, name="Nhà phân phối Bình Minh", tax_code="0100107518-011")
    bao, binh = world["buyer"].account, other.account
    own = {"buyer", "demand", "conversation", "message"}
    for name, record in world.items():
        if not hasattr(type(record), "scope"):
            continue
        seen = {
            user.username: type(record).objects.visible_to(user).filter(pk=record.pk).exists() for user in (bao, binh)
        }
        assert seen == {"bao": name in own, "binh": False}, name
    assert list(type(other).objects.visible_to(binh)) == [other]
    acts = {
        user.username: (
            market_rules.can_edit_demand(user, world["demand"]),
            market_rules.can_talk(user, world["conversation"]),
            market_rules.can_verify_buyer(user, world["buyer"]),
        )
        for user in (bao, binh)
    }
    assert acts == {"bao": (True, True, False), "binh": (False, False, False)}
