from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lgl_portal.core.backup import BackupError, backup_restore
from lgl_portal.core.cache import CacheUnavailable, public_cache_flush


class Command(BaseCommand):
    help = "Återställer en säkerhetskopia till en ny databas och mediamappen, och tömmer sidcachen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", nargs="?", help="Arkivet som `manage.py backup` skrev.")
        parser.add_argument("--database", help="Databasens namn (ny eller tom); standard: den i DATABASE_URL.")
        parser.add_argument("--flush-cache-only", action="store_true", help="Töm bara sidcachen.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["flush_cache_only"]:
            try:
                public_cache_flush()
            except CacheUnavailable as exc:
                raise CommandError("Sidcachen (Redis) svarar inte.") from exc
            self.stdout.write("Sidcachen tömd.")
            return
        if not options["archive"]:
            raise CommandError("Ange arkivet som ska återställas.")
        try:
            result = backup_restore(archive=Path(options["archive"]), database=options.get("database"))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except CacheUnavailable as exc:
            raise CommandError(
                "Databasen och filerna är återställda, men sidcachen (Redis) kunde inte tömmas: kör "
                "`python manage.py restore --flush-cache-only` när Redis svarar, annars visas gamla sidor."
            ) from exc
        self.stdout.write(f"Återställd till databasen {result.database}, {result.files} filer, sidcachen tömd.")
