"""The export on demand: a national officer writes the open data now; a second request inside the interval is
refused and queues nothing; nobody else may ask."""

from django.urls import reverse

from opendata.export import RUNS, latest

URL = reverse("opendata:export_now")


def runs(directory) -> int:
    return len(list((directory / RUNS).iterdir())) if (directory / RUNS).exists() else 0


def test_a_national_officer_exports_now_and_a_second_request_is_refused(
    client, minh, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.OPEN_DATA_DIR = tmp_path
    client.force_login(minh)
    assert "Xuất dữ liệu mở ngay" in client.get(URL).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(URL, follow=True)
    assert "Đã yêu cầu xuất dữ liệu mở" in done.content.decode()
    assert latest(tmp_path) is not None and runs(tmp_path) == 1

    with django_capture_on_commit_callbacks(execute=True) as queued:
        refused = client.post(URL, follow=True)
    assert "Đã có yêu cầu xuất dữ liệu mở trong 5 phút qua" in refused.content.decode()
    assert (queued, runs(tmp_path)) == ([], 1)


def test_only_national_officers_may_ask(client, erin, carol, alice, tmp_path, settings):
    settings.OPEN_DATA_DIR = tmp_path
    for persona in (erin, carol, alice):
        client.force_login(persona)
        assert client.get(URL).status_code == 403
        assert client.post(URL).status_code == 403
    assert runs(tmp_path) == 0
    client.logout()
    assert client.post(URL).status_code == 302  # to the sign-in page


def test_the_menu_offers_the_export_and_the_webhooks_to_whom_may_use_them(client, minh, erin):
    client.force_login(minh)
    page = client.get("/").content.decode()
    assert URL in page and reverse("webhooks:list") in page
    client.force_login(erin)
    page = client.get("/").content.decode()
    assert URL not in page and reverse("webhooks:list") in page
