"""How a user account is named on a page: by the person's name, never by the username."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def display_name(user: Any) -> str:
    """The linked person's name (groups.Person via the `person` reverse accessor), else the account's full name."""
    if user is None:
        return "–"
    person = getattr(user, "person", None)
    name = getattr(person, "name", "") if person is not None else ""
    return name or (user.get_full_name() if hasattr(user, "get_full_name") else "") or _("okänd användare")
