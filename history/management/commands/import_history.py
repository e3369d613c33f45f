"""Import a province's history from a shell: `manage.py import_history FILE [--dry-run] [--user USERNAME]`, or
write the blank template: `manage.py import_history --template FILE`.

Every problem is printed as "Sheet, dòng N, cột X: message" and the command exits with status 1 when there is
any (nothing is written); a real run prints what was created, updated and left unchanged per sheet."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role, User
from history import columns as cols
from history.domain import apply_plan, check_bundle
from history.reading import read_bundle
from history.template import build_template


def importing_user(username: str | None) -> User:
    """The account the import runs as: `username`, or the one active administrator when there is one."""
    if username:
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"Không có tài khoản “{username}”.") from None
    admins = list(User.objects.filter(role=Role.SYSADMIN, is_active=True)[:2])
    if len(admins) != 1:
        raise CommandError("Hãy ghi --user TÊN_ĐĂNG_NHẬP: tài khoản chạy lệnh nhập (cán bộ tỉnh hoặc quản trị).")
    return admins[0]


class Command(BaseCommand):
    help = "Import producers, products, past results and certificates from a history workbook (.xlsx) or CSV."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file to import (with --template: the file to write).")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; write nothing.")
        parser.add_argument("--user", help="Username of the account the import runs as (its scope applies).")
        parser.add_argument("--template", action="store_true", help="Write the blank template to FILE instead.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if options["template"]:
            path.write_bytes(build_template())
            self.stdout.write(f"Đã ghi tệp mẫu {path}.")
            return
        user = importing_user(options["user"])
        try:
            with path.open("rb") as file:
                bundle = read_bundle(file, filename=path.name)
            plan = check_bundle(bundle, by=user)
        except FileNotFoundError:
            raise CommandError(f"Không có tệp {path}.") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except PermissionDenied:
            raise CommandError(f"Tài khoản {user.username} không được nhập dữ liệu.") from None
        for problem in plan.problems:
            self.stdout.write(str(problem))
        if plan.problems:
            rows = len(plan.problem_rows)
            raise CommandError(f"{len(plan.problems)} lỗi ở {rows} dòng: chưa nhập dòng nào.")
        counts = plan.counts
        if options["dry_run"]:
            self.stdout.write("Không có lỗi (chạy thử, chưa ghi gì).")
            for sheet in cols.SHEETS:
                c = counts[sheet.key]
                self.stdout.write(f"{sheet.title}: {c['create']} mới, {c['update']} sửa, {c['unchanged']} không đổi")
            return
        try:
            summary = apply_plan(plan, by=user)
        except PermissionDenied:
            raise CommandError(f"Tài khoản {user.username} không được nhập các dòng này.") from None
        for sheet in cols.SHEETS:
            self.stdout.write(
                f"{sheet.title}: {summary.created[sheet.key]} mới, {summary.updated[sheet.key]} sửa, "
                f"{summary.unchanged[sheet.key]} không đổi"
            )
