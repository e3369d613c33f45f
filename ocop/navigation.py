"""The main menu's entries that depend on who is signed in, each read from the rule of the app it opens (never a
role list in a template)."""

from inspections.rules import can_open_inspections
from market.rules import buyer_of, can_list_buyers, can_open_market, can_see_demands
from monitoring.rules import can_open_inbox
from opendata.requests import can_request_export
from programme.rules import can_open_programme
from signing.rules import can_open_signing
from webhooks.rules import can_subscribe


def menu(request):
    # Pages refused before authentication runs (core.middleware) have no user yet: they show no such entry.
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "shows_programme": can_open_programme(user),
        "shows_inspections": can_open_inspections(user),
        "shows_inbox": can_open_inbox(user),
        "shows_market": can_open_market(user),
        # A buyer's account gets a menu of its own: its demands and its buyer (it reads nothing else).
        "own_buyer": buyer_of(user),
        "shows_demands": can_see_demands(user) or can_list_buyers(user),
        "shows_buyers": can_list_buyers(user),
        "shows_webhooks": can_subscribe(user),
        "shows_signing": can_open_signing(user),
        "shows_open_data_export": can_request_export(user),
    }
