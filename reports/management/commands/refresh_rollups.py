"""Rebuild the report rollups: every product's figures and the stamp days since the last run; `--full` rebuilds
the stamp days from the first scan. Safe to run twice or to kill (see `reports.rollups`)."""

from django.core.management.base import BaseCommand

from reports import rollups


class Command(BaseCommand):
    help = "Tính lại các bảng số liệu báo cáo (hằng đêm, hoặc sau khi nhập dữ liệu)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Tính lại cả số liệu tem từ lượt quét đầu tiên")

    def handle(self, *args, full: bool = False, **options):
        done = rollups.refresh_all(full=full)
        self.stdout.write(
            f"{done['product_days']} dòng sản phẩm theo ngày, {done['stamp_days']} ngày số liệu tem đã tính lại."
        )
