from django.core.management.base import BaseCommand
from django.utils import timezone

from webhooks.expiry import emit_expired


class Command(BaseCommand):
    help = "Phát sự kiện webhook certificate.expired cho giấy chứng nhận hết hạn từ lần chạy trước (chạy mỗi giờ)."

    def handle(self, *args, **options):
        emitted = emit_expired(today=timezone.localdate())
        self.stdout.write(f"{emitted} certificate expiry events")
