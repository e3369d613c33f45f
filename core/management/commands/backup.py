from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (see core/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", default=str(Path(settings.BASE_DIR) / "backups"), help="where to write the archive"
        )

    def handle(self, *args, directory, **options):
        try:
            archive = backup.backup(directory=Path(directory))
        except backup.BackupError as failed:
            raise CommandError(str(failed)) from failed
        self.stdout.write(f"{archive}\n{backup.describe(backup.read_manifest(archive))}")
