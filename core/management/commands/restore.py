from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "Restore a backup archive (manage.py backup) into this installation, then check every row and file."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--replace", action="store_true", help="replace an installation that already holds data")

    def handle(self, *args, archive, replace, **options):
        try:
            self.stdout.write(backup.describe(backup.read_manifest(Path(archive))))
            restored = backup.restore(archive=Path(archive), replace=replace)
        except backup.BackupError as failed:
            raise CommandError(str(failed)) from failed
        if restored.differences:
            raise CommandError("restored, but it differs from the backup:\n" + "\n".join(restored.differences))
        self.stdout.write(f"restored and checked: {restored.rows} rows, {restored.files} files")
