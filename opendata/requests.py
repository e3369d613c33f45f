"""An export on demand: a national officer asks for the open data to be written now (after a correction, say)
rather than at night. The export itself is the worker's job (`tasks.export_open_data`), queued once the request is
recorded; asking again within REQUEST_INTERVAL seconds is refused, so a double click or an impatient user never
queues the same work twice."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import NATIONAL
from core import ratelimit

from .tasks import export_open_data

logger = logging.getLogger(__name__)

REQUEST_INTERVAL = 300


def can_request_export(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in NATIONAL


@transaction.atomic
def request_export(*, by) -> None:
    if not can_request_export(by):
        raise PermissionDenied
    if ratelimit.hit("opendata:export-request", window=REQUEST_INTERVAL) > 1:
        raise ValidationError(
            _("Đã có yêu cầu xuất dữ liệu mở trong %(minutes)s phút qua; tệp mới sẽ có khi lần xuất đó xong.")
            % {"minutes": REQUEST_INTERVAL // 60}
        )
    # No record changes (the files say when they were written), so the request is logged, not audited.
    logger.info("open data export requested by %s", by.get_username())
    transaction.on_commit(export_open_data.enqueue)
