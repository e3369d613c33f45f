"""A leaf offers the same answers, in the same order, on the producer's self-score and on the member's sheet:
both are drawn from the criteria set's one layout (`criteria.sheets.sheet_layout`)."""

import re

from django.urls import reverse

RADIO = re.compile(r'name="c-([0-9.]+)" value="(\d+)"')


def answers(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for code, value in RADIO.findall(html):
        found.setdefault(code, []).append(value)
    return found


def test_self_score_and_member_sheet_offer_the_same_answers_in_the_same_order(client, evaluation_a, members, alice):
    client.force_login(alice)
    own = answers(
        client.get(reverse("dossiers:self_assessment", args=[evaluation_a.application.code])).content.decode()
    )
    client.force_login(members[1])
    sheet = answers(client.get(reverse("evaluation:sheet", args=[evaluation_a.code])).content.decode())

    assert len(sheet) == 32
    assert own == sheet
    assert sheet["2.4"] == ["0", "1"]  # a yes/no item: "Không", then "Có"
