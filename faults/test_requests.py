"""The app server (gunicorn, one worker) killed with SIGKILL, worker and master, in the middle of a request:
a council member's sheet submission, stopped inside its transaction right after the sheet was marked submitted,
and a certificate's PDF, which is rendered per request (there is no PDF job). The sheet is not submitted at all
and nothing is written; on a new server the same POST submits it once, and the PDF is served."""

import contextlib
import http.client
import sys
import threading
import urllib.parse

from django.apps import apps
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from certificates.models import Certificate
from evaluation.models import MemberSheet
from evaluation.tests.workflow.conftest import five_star
from notifications.models import Notification

from .world import kill, wait_for

SECRET = "k" * 32  # a CSRF secret of our own: cookie and form field alike
SHEET_SUBMITTED = r'UPDATE "evaluation_membersheet" SET .*"submitted_at" = '
CERTIFICATE_READ = r'FROM "certificates_certificate"'


class Server:
    def __init__(self, world, port: int, pause: dict | None = None):
        from .world import free_port

        self.port = port or free_port()
        self.process = world.start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "faults.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "300",
            ],
            pause=pause,
        )
        wait_for(self.answers, what="gunicorn answering", process=self.process)

    def answers(self) -> bool:
        try:
            self.request("GET", "/healthz")
        except OSError:
            return False
        return True

    def request(self, method: str, path: str, *, cookies: dict | None = None, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def signed_in(user) -> dict:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": SECRET}


def request_in_background(server: Server, *args, **kwargs) -> threading.Thread:
    def send():
        with contextlib.suppress(OSError):  # the server died under the request: that is the point
            server.request(*args, **kwargs)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


def killed_mid_request(world, sql: str, *args, **kwargs) -> None:
    marker = world.tmp / "paused-server"
    server = Server(world, 0, pause={"sql": sql, "file": marker})
    thread = request_in_background(server, *args, **kwargs)
    wait_for(marker.exists, what=f"the request paused after {sql!r}", process=server.process)
    kill(int(marker.read_text()))  # the worker, inside the request
    kill(server.process.pid)  # and its master
    server.process.wait(timeout=60)
    thread.join(timeout=60)
    assert not thread.is_alive()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.managed}


def test_app_server_killed_during_a_sheet_submission_submits_it_fully_or_not_at_all(
    world, evaluation_a, members, criteria_set
):
    member = members[1]
    cookies = signed_in(member)
    form = {f"c-{code}": str(position) for code, position in five_star(criteria_set).items()}
    form.update({"action": "submit", "csrfmiddlewaretoken": SECRET})
    path = reverse("evaluation:sheet", args=[evaluation_a.code])
    world.publish()
    killed_mid_request(world, SHEET_SUBMITTED, "POST", path, cookies=cookies, form=form)

    world.collect()
    sheet = MemberSheet.objects.filter(evaluation=evaluation_a, member=member).first()
    # The whole submission rolled back: not even the draft row the request created first.
    assert sheet is None
    assert not AuditEntry.objects.filter(action="submit").exists()

    world.publish()
    server = Server(world, 0)
    status, _body = server.request("POST", path, cookies=cookies, form=form)
    assert status == 302
    world.collect()
    sheet = MemberSheet.objects.get(evaluation=evaluation_a, member=member)
    assert sheet.submitted_at is not None and sheet.total is not None
    assert AuditEntry.objects.filter(action="submit", object_id=str(sheet.pk)).count() == 1
    status, _body = server.request("POST", path, cookies=cookies, form=form)  # a second press changes nothing
    world.collect()
    assert status == 200
    assert AuditEntry.objects.filter(action="submit", object_id=str(sheet.pk)).count() == 1


def test_app_server_killed_while_rendering_a_certificate_pdf_writes_nothing(world, certified_a, erin):
    certificate = Certificate.objects.get(product=certified_a)
    cookies = signed_in(erin)
    path = reverse("certificates:pdf", args=[certificate.number])
    before = row_counts()
    notices = Notification.objects.count()
    world.publish()
    killed_mid_request(world, CERTIFICATE_READ, "GET", path, cookies=cookies)
    world.collect()
    assert row_counts() == before
    assert Notification.objects.count() == notices
    media = world.tmp / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))

    world.publish()
    status, body = Server(world, 0).request("GET", path, cookies=cookies)
    assert (status, body[:5]) == (200, b"%PDF-")
