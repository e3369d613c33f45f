"""Export a province's history in the import's shape: `manage.py export_history --province CODE FILE`
(CODE: today's province code, e.g. 01 for Hà Nội). The file imports back unchanged."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from areas.models import Area
from history.domain import export_bundle

from .import_history import importing_user


class Command(BaseCommand):
    help = "Export a province's producers, products, past results and certificates as a history workbook."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx file to write.")
        parser.add_argument("--province", required=True, help="Today's province code, e.g. 01.")
        parser.add_argument("--user", help="Username of the account the export runs as (its scope applies).")

    def handle(self, *args, **options):
        try:
            province = Area.objects.current().get(level=Area.Level.PROVINCE, code=options["province"].zfill(2))
        except Area.DoesNotExist:
            raise CommandError(f"Không có tỉnh mã {options['province']}.") from None
        user = importing_user(options["user"])
        try:
            data = export_bundle(province=province, by=user)
        except PermissionDenied:
            raise CommandError(f"Tài khoản {user.username} không xem được dữ liệu của {province.name}.") from None
        Path(options["file"]).write_bytes(data)
        self.stdout.write(f"Đã ghi {options['file']} ({province.name}).")
