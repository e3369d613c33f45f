from django.core.management.base import BaseCommand, CommandError

from opendata.export import export
from opendata.validation import validate


class Command(BaseCommand):
    help = "Xuất dữ liệu mở (CSV, JSON và từ điển dữ liệu datapackage.json) và kiểm tra chúng; chạy hằng đêm."

    def handle(self, *args, **options):
        run = export()
        problems = validate(run)
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(f"open data written to {run}")
