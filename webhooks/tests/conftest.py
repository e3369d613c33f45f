import datetime
import http.server
import json
import threading

import pytest
from django.utils import timezone

from certificates.domain import issue_certificate
from webhooks import domain
from webhooks.models import EventType


class Receiver:
    """A webhook endpoint on loopback, in a thread: it records every POST and answers the next of `codes`
    (then 200)."""

    def __init__(self):
        self.requests = []
        self.codes = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body, "path": self.path})
                code = receiver.codes.pop(0) if receiver.codes else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook?src=ocop"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self):
        return [json.loads(r["body"]) for r in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ENDPOINTS = True
    receiver = Receiver()
    yield receiver
    receiver.close()


def subscribe(owner, url, events=None):
    return domain.subscribe(owner=owner, name="Sàn X", url=url, events=events or list(EventType.values))


def certify(product, by, *, issued_on=None, stars=4):
    """A certificate of `product` issued through the domain function (and so audited)."""
    producer = product.producer
    issued_on = issued_on or timezone.localdate() - datetime.timedelta(days=10)
    return issue_certificate(
        product=product,
        stars=stars,
        legal_version=product.criteria_set.legal_version,
        province=producer.current_province,
        area_at_issue=producer.area,
        decision_number="125/QĐ-UBND",
        decision_date=issued_on,
        issued_on=issued_on,
        by=by,
        note="",
    )
