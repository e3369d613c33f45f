"""The self-score's summary bar (stars, total, missed minimums), kept in view on a phone while the producer
scrolls the sheet: on the page, and refreshed out of band by every preview response."""

import re

from django.urls import reverse

from .factories import best_choices


def bar(html: str) -> tuple[str, str]:
    match = re.search(r'(<div id="score-summary"[^>]*>)(.*?)</div>', html, re.S)
    assert match, "no summary bar"
    return match.group(1), " ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split())


def test_self_assessment_page_has_the_summary_bar(client, alice, draft):
    client.force_login(alice)
    html = client.get(reverse("dossiers:self_assessment", args=[draft.code])).content.decode()
    tag, text = bar(html)
    assert "hx-swap-oob" not in tag
    assert "sao" in text
    assert "/100" in text


def test_preview_response_refreshes_the_summary_bar_out_of_band(client, alice, draft):
    client.force_login(alice)
    url = reverse("dossiers:preview", args=[draft.code])
    best = {f"c-{code}": position for code, position in best_choices(draft).items()}
    tag, text = bar(client.post(url, best, headers={"HX-Request": "true"}).content.decode())
    assert 'hx-swap-oob="true"' in tag
    assert "5 sao" in text
    assert "100/100" in text
    # Without production linkage (1.5 = 0 points) the minimums of 4★ and 5★ are missed: the bar names 1.5.
    tag, text = bar(client.post(url, {**best, "c-1.5": "1"}, headers={"HX-Request": "true"}).content.decode())
    assert "3 sao" in text
    assert "97/100" in text
    assert "1.5" in text
