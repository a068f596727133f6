from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from groups.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Skriver ut demoanvändarna och deras lösenord (finns bara i demodata)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Demoinloggningar (användarnamn / lösenord, roll):")
        for username, (password, person) in DEMO_USERS.items():
            who = f" – {person}" if person else ""
            self.stdout.write(f"  {username:<12} {password:<24}{who}")
