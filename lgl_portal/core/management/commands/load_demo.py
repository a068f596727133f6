"""Load the demo data from the seeds, app by app. Idempotent: a second run changes nothing.

Each of the portal's own apps may have a `demo` module with `load(out=...)`. They run in INSTALLED_APPS order,
which follows the layers (groups, meetings, decisions, ratification, plans, ...), so later apps build on what
earlier ones created. Found by name like Celery's tasks, so the foundation imports no domain app.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


def demo_modules() -> list[str]:
    base = Path(settings.BASE_DIR).resolve()
    names = []
    for config in apps.get_app_configs():
        if not Path(config.path).resolve().is_relative_to(base):
            continue  # third-party apps
        name = f"{config.name}.demo"
        if importlib.util.find_spec(name) is not None:
            names.append(name)
    return names


class Command(BaseCommand):
    help = "Läser in demodata från källdokumenten (shared/seeds)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name in demo_modules():
            module = importlib.import_module(name)
            self.stdout.write(f"{name}:")
            with transaction.atomic():
                module.load(out=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
