"""The main menu shows each part's entry to exactly the accounts its own rule lets in."""

import pytest

MARKET, INSPECTIONS, INBOX, PROGRAMME = "/thi-truong/diem-ban/", "/kiem-tra/", "/kiem-tra/hop-thu/", "/chuong-trinh/"


@pytest.mark.parametrize(
    ("persona", "entries"),
    [
        ("alice", {MARKET}),
        ("carol", {MARKET, PROGRAMME}),
        ("erin", {MARKET, INSPECTIONS, INBOX, PROGRAMME}),
        ("inspector", {MARKET, INSPECTIONS, INBOX, PROGRAMME}),
        ("council", set()),
        ("advisor", set()),
        ("minh", {MARKET, INSPECTIONS, INBOX, PROGRAMME}),
        ("root", {MARKET, INSPECTIONS, INBOX, PROGRAMME}),
        # A sales point's operator: its own page and the catalogue only.
        ("oanh", set()),
    ],
)
def test_menu_entries_follow_each_parts_rule(db, client, request, persona, entries):
    client.force_login(request.getfixturevalue(persona))
    menu = client.get("/").content.decode()
    menu = menu[menu.index("<nav") : menu.index("</nav>")]
    shown = {entry for entry in (MARKET, INSPECTIONS, INBOX, PROGRAMME) if f'href="{entry}"' in menu}
    assert shown == entries


def test_visitors_see_none_of_them(db, client):
    menu = client.get("/").content.decode()
    assert not any(f'href="{entry}"' in menu for entry in (MARKET, INSPECTIONS, INBOX, PROGRAMME))
