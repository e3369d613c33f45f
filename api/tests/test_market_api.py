"""Producers at trade events through the API: applying, inviting, answering, deciding and the outcome, each the
same write as the event page's; who reads which line of an event's list; scope and token rights."""

import pytest
from django.urls import reverse

from market.models import Outcome, Participation
from market.tests.conftest import make_fair
from public.tests.factories import make_certificate

from .market import last_entry_id, last_notification_id, token_client, told, trail

pytestmark = pytest.mark.django_db


@pytest.fixture
def fairs(erin, hanoi):
    """Two fairs alike (same topic and days), so that the same write on each leaves the same trail."""
    return make_fair(by=erin, area=hanoi), make_fair(by=erin, area=hanoi)


@pytest.fixture
def certified_a(product_a):
    make_certificate(product_a)
    return product_a


def participations(event) -> str:
    return reverse("api:v1:participation-list", args=[event.code])


def test_apply_through_the_api_is_the_event_pages_apply(client, alice, erin, fairs, certified_a):
    by_page, by_api = fairs
    client.force_login(alice)
    since, notices = last_entry_id(), last_notification_id()
    page = client.post(reverse("market:apply", args=[by_page.code]), {"products": [certified_a.pk]})
    page_trail, page_told = trail(since), told(notices)

    since, notices = last_entry_id(), last_notification_id()
    api = token_client(alice).post(
        reverse("api:v1:participation-apply", args=[by_api.code]), {"products": [certified_a.code]}, format="json"
    )
    assert (page.status_code, api.status_code) == (302, 201)
    assert trail(since) == page_trail and told(notices) == page_told
    assert len(page_trail) == 1 and page_told
    line = Participation.objects.get(event=by_api)
    body = api.json()
    assert (body["code"], body["status"], [p["code"] for p in body["products"]]) == (
        line.code,
        "applied",
        [certified_a.code],
    )


def test_decide_through_the_api_is_the_event_pages_decide(client, alice, erin, fairs, producer_a, certified_a):
    from market.domain.participation import apply

    by_page, by_api = (apply(event=e, producer=producer_a, products=[certified_a], by=alice) for e in fairs)
    client.force_login(erin)
    since, notices = last_entry_id(), last_notification_id()
    page = client.post(
        reverse("market:decide", args=[by_page.event.code, by_page.code]), {"accept": "0", "reason": "Kín chỗ"}
    )
    page_trail, page_told = trail(since, drop=("event",)), told(notices)

    since, notices = last_entry_id(), last_notification_id()
    url = reverse("api:v1:participation-decide", args=[by_api.event.code, by_api.code])
    api = token_client(erin).post(url, {"accept": False, "reason": "Kín chỗ"}, format="json")
    assert (page.status_code, api.status_code) == (302, 200)
    assert trail(since, drop=("event",)) == page_trail and told(notices) == page_told
    assert (api.json()["status"], api.json()["reason"]) == ("declined", "Kín chỗ")


def test_decline_without_a_reason_is_a_problem_with_the_domains_message(alice, erin, fairs, producer_a, certified_a):
    from market.domain.participation import apply

    line = apply(event=fairs[0], producer=producer_a, products=[certified_a], by=alice)
    url = reverse("api:v1:participation-decide", args=[fairs[0].code, line.code])
    response = token_client(erin).post(url, {"accept": False}, format="json")
    assert (response.status_code, response["Content-Type"]) == (400, "application/problem+json")
    assert response.json()["errors"] == {"reason": ["Ghi lý do không tham gia."]}


def test_invite_then_the_producer_accepts_with_its_products(erin, alice, fairs, producer_a, certified_a):
    event = fairs[0]
    invited = token_client(erin).post(
        reverse("api:v1:participation-invite", args=[event.code]), {"producer": producer_a.code}, format="json"
    )
    assert (invited.status_code, invited.json()["status"]) == (201, "invited")
    url = reverse("api:v1:participation-answer", args=[event.code, invited.json()["code"]])
    alices = token_client(alice)
    assert alices.post(url, {"accept": True, "products": ["NOSUCHCODE"]}, format="json").status_code == 400
    answered = alices.post(url, {"accept": True, "products": [certified_a.code]}, format="json")
    assert (answered.status_code, answered.json()["status"]) == (200, "accepted")
    assert list(Participation.objects.get(event=event).products.all()) == [certified_a]


def test_the_public_reads_accepted_participants_without_reasons(
    api, erin, alice, bob, fairs, producer_a, producer_b, certified_a, product_b
):
    from market.domain.participation import apply, decide

    make_certificate(product_b)
    event = fairs[0]
    accepted = apply(event=event, producer=producer_a, products=[certified_a], by=alice)
    decide(participation=accepted, accept=True, reason="Gian số 12", by=erin)
    apply(event=event, producer=producer_b, products=[product_b], by=bob)

    public = api.get(participations(event)).json()["results"]
    assert [(row["producer"]["code"], row["status"], row["reason"]) for row in public] == [
        (producer_a.code, "accepted", None)
    ]
    organiser = token_client(erin).get(participations(event)).json()["results"]
    assert {(row["producer"]["code"], row["reason"]) for row in organiser} == {
        (producer_a.code, "Gian số 12"),
        (producer_b.code, ""),
    }
    bobs = token_client(bob).get(participations(event), {"status": "applied"}).json()["results"]
    assert [row["producer"]["code"] for row in bobs] == [producer_b.code]


def test_another_provinces_officer_gets_404_on_every_write_and_on_a_pending_line(
    frank, alice, erin, hanoi, fairs, producer_a, certified_a
):
    from market.domain.participation import apply

    event = fairs[0]
    line = apply(event=event, producer=producer_a, products=[certified_a], by=alice)
    franks = token_client(frank)
    assert franks.get(reverse("api:v1:participation-detail", args=[event.code, line.code])).status_code == 404
    writes = [
        (reverse("api:v1:participation-invite", args=[event.code]), {"producer": producer_a.code}),
        (reverse("api:v1:participation-decide", args=[event.code, line.code]), {"accept": True}),
    ]
    for url, data in writes:
        assert franks.post(url, data, format="json").status_code == 404
    assert franks.put(reverse("api:v1:event-outcome", args=[event.code]), {}, format="json").status_code == 404
    closed = make_fair(by=erin, area=hanoi, accepts=False)
    closed.kind = "conference"
    closed.save(update_fields=["kind"])
    assert franks.get(participations(closed)).status_code == 404


def test_a_read_only_token_cannot_write(alice, fairs, certified_a):
    response = token_client(alice, scopes=()).post(
        reverse("api:v1:participation-apply", args=[fairs[0].code]), {"products": [certified_a.code]}, format="json"
    )
    assert (response.status_code, response.json()["detail"]) == (403, "Mã truy cập này chỉ được đọc.")
    assert not Participation.objects.exists()


def test_the_organiser_records_the_outcome_and_everyone_reads_it(api, erin, carol, fairs):
    event = fairs[0]
    url = reverse("api:v1:event-outcome", args=[event.code])
    assert api.get(url).json() == {"visitors": None, "sales": None, "note": "", "memoranda": 0, "updated_at": None}
    since = last_entry_id()
    recorded = token_client(erin).put(url, {"visitors": 12000, "sales": 850000000}, format="json")
    assert (recorded.status_code, recorded.json()["visitors"], recorded.json()["sales"]) == (200, 12000, 850000000)
    assert [row[1:3] for row in trail(since)] == [("create", "outcome")]
    assert api.get(url).json()["visitors"] == 12000
    assert token_client(carol).put(url, {"visitors": 1}, format="json").status_code == 404
    assert Outcome.objects.get(event=event).visitors == 12000
    negative = token_client(erin).put(url, {"visitors": -1}, format="json")
    assert negative.status_code == 400


def test_a_producer_cannot_invite_and_an_organiser_cannot_apply(alice, erin, fairs, producer_a, certified_a):
    event = fairs[0]
    invite = reverse("api:v1:participation-invite", args=[event.code])
    assert token_client(alice).post(invite, {"producer": producer_a.code}, format="json").status_code == 403
    apply = reverse("api:v1:participation-apply", args=[event.code])
    assert token_client(erin).post(apply, {"products": [certified_a.code]}, format="json").status_code == 403
