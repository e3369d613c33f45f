from django.core.management import call_command
from django.utils import timezone

from webhooks.models import Cursor, Delivery, EventType

from .conftest import certify, subscribe


def test_send_webhooks_command_sends_what_the_worker_left(receiver, erin, product_a):
    subscription = subscribe(erin, receiver.url, events=[EventType.CERTIFICATE_ISSUED])
    certify(product_a, erin)  # committed while no worker ran its task
    call_command("send_webhooks")
    call_command("send_webhooks")  # run twice: sent once
    assert len(receiver.requests) == 1
    assert Delivery.objects.get(subscription=subscription).status == Delivery.Status.DELIVERED


def test_emit_expired_certificates_command_moves_its_cursor(erin, product_a):
    call_command("emit_expired_certificates")
    assert Cursor.objects.get().day == timezone.localdate()
    call_command("emit_expired_certificates")
    assert Cursor.objects.get().day == timezone.localdate()
    assert Cursor.objects.count() == 1
