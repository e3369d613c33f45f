import pytest

from dossiers.models import ApplicationStatus


@pytest.mark.parametrize("persona", ["alice", "carol", "erin", "council", "advisor", "inspector", "minh", "root"])
def test_every_role_gets_a_dashboard(client, request, persona, producer_a, producer_b):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/")
    assert response.status_code == 200
    assert "Xin chào" in response.content.decode()


@pytest.mark.parametrize(("persona", "producers"), [("alice", 1), ("carol", 1), ("erin", 2), ("frank", 0), ("minh", 2)])
def test_dashboard_counts_only_what_the_user_may_see(client, request, persona, producers, producer_a, producer_b):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/").context["producer_count"] == producers


def test_pages_are_vietnamese_by_default_and_english_on_request(client, db):  # the shop window reads the catalogue
    assert 'lang="vi"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_browser_language_does_not_override_vietnamese(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in response.content.decode()
    assert response["Content-Language"] == "vi"


def test_home_shows_the_commune_officer_its_dossiers_to_check_and_nothing_of_another_commune(
    client, carol, dave, product_a
):
    import datetime

    from certificates.tests.conftest import make_application
    from dossiers.models import ApplicationStatus

    dossier = make_application(
        product_a, status=ApplicationStatus.SUBMITTED, commune_deadline=datetime.date(2020, 1, 2)
    )
    client.force_login(carol)
    page = client.get("/").content.decode()
    assert 'id="work-dossiers_to_check"' in page
    assert dossier.get_absolute_url() in page
    assert "badge overdue" in page
    client.force_login(dave)
    page = client.get("/").content.decode()
    assert 'id="work-dossiers_to_check"' in page
    assert dossier.get_absolute_url() not in page
    assert product_a.name not in page


@pytest.mark.parametrize(
    ("persona", "panel"),
    [
        ("erin", "open_rounds"),
        ("council", "sheets_to_score"),
        ("alice", "my_dossiers"),
        ("carol", "producers_to_verify"),
    ],
)
def test_home_shows_each_role_its_work_first(client, request, persona, panel):
    client.force_login(request.getfixturevalue(persona))
    page = client.get("/").content.decode()
    assert f'id="work-{panel}"' in page
    assert page.index(f'id="work-{panel}"') < page.index('class="stat"')


def test_home_page_queries_do_not_grow_with_the_work(client, erin, carol, alice, product_a, product_b, hanoi):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certificates.tests.conftest import make_application, make_certificate
    from core import versions
    from reports.rollups import FIGURES_VERSION

    def count(user):
        client.force_login(user)
        versions.bump(FIGURES_VERSION)  # the key figures computed each time, not read from the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    before = {user.username: count(user) for user in (erin, carol, alice)}
    for product in (product_a, product_b):
        make_application(product, status=ApplicationStatus.SUBMITTED, commune_deadline=datetime.date(2026, 1, 5))
        make_certificate(product, issued_on=datetime.date.today() - datetime.timedelta(days=1000))
    after = {user.username: count(user) for user in (erin, carol, alice)}
    assert after == before
    from dashboards.work import panels_for

    def shown(user):
        return {p.key: len(p.items) for p in panels_for(user)}

    assert shown(erin)["certificates_to_renew"] == 2
    assert shown(carol)["dossiers_to_check"] == 1
    assert shown(alice) == {"my_dossiers": 1, "certificates_to_renew": 1, "demands_to_answer": 0}
