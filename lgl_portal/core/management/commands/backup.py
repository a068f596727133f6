from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lgl_portal.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Säkerhetskopierar databasen och alla filer till ett arkiv (se lgl_portal/core/backup.py)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "backups"), help="Mapp för arkivet.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = backup_create(output_dir=Path(options["output"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))
