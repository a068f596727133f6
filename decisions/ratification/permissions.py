"""Who may do what in the ratification tracker. The one place this app asks.

Everyone reads cases, assembly decisions and their extracts (fullmäktige's protokollsutdrag are public
documents once registered). The secretaries of the organ that sent the case out, and admins, write.
"""

from __future__ import annotations

from typing import Any

from decisions.models import Decision
from decisions.ratification.models import AssemblyDecision, RatificationCase
from groups.models import Organ
from groups.permissions import can_manage_organ, is_admin


def can_view_case(user: Any, case: RatificationCase) -> bool:
    return True


def can_manage_case(user: Any, case: RatificationCase) -> bool:
    if is_admin(user):
        return True
    return case.sending_organ is not None and can_manage_organ(user, case.sending_organ)


def can_create_case(user: Any, organ: Organ | None = None) -> bool:
    if organ is None:
        return is_admin(user)
    return can_manage_organ(user, organ)


def can_create_case_from(user: Any, decision: Decision) -> bool:
    return can_manage_organ(user, decision.organ)


def can_download_extract(user: Any, row: AssemblyDecision) -> bool:
    # Registered extracts are public; an extract on a row taken off the list stays public too (it was published).
    return bool(row.extract) and (row.is_registered or can_manage_case(user, row.case))
