from django.core.management.base import BaseCommand

from webhooks.sending import send_due


class Command(BaseCommand):
    help = "Gửi các webhook đến hạn: lần thử lại và những lần gửi mà một tiến trình bị dừng để lại (chạy mỗi phút)."

    def handle(self, *args, **options):
        sent = send_due()
        self.stdout.write(f"{sent} webhook deliveries tried")
