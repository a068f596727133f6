"""Load the demo data from the seeds, app by app. Idempotent: a second run changes nothing."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: later apps build on what earlier ones created. Each module has `load(out=...)`.
DEMO_MODULES = [
    "groups.demo",
    "meetings.demo",
    "meetings.expediering.demo",
    "decisions.demo",
    "decisions.ratification.demo",
    "plans.demo",
]


class Command(BaseCommand):
    help = "Läser in demodata från källdokumenten (shared/seeds)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            self.stdout.write(f"{name}:")
            with transaction.atomic():
                module.load(out=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
