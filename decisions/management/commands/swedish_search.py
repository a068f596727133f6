"""Remap `lgl_swedish` (with the ispell dictionary if its files are now installed) and rewrite the search columns.

Run after scripts/pg_swedish_dictionary.sh on a database migrated before the dictionary was there.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from decisions import search


class Command(BaseCommand):
    help = "Skapar sökkonfigurationen lgl_swedish på nytt och bygger om sökkolumnerna."

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("Bara PostgreSQL har fulltextsökning; SQLite söker med LIKE.")
            return
        with transaction.atomic(), connection.schema_editor() as editor:
            # The columns depend on the configuration: drop them before it, then build them again over it.
            for table in ("decisions_decision", "decisions_summary", "decisions_handlingtext"):
                editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {search.COLUMN}")
            editor.execute("DROP INDEX IF EXISTS agendaitem_search_gin")
            splits = search.create_text_search_config(editor)
            search.rebuild_documents(apps, editor)
            search.create_walk_indexes(editor)
            search.create_recent_gin_indexes(editor)
        self.stdout.write("Sammansatta ord delas: " + ("ja" if splits else "nej (ordlistan saknas, prefix används)"))
