"""House rules that a reviewer would otherwise have to remember: every public write service is one transaction."""

from __future__ import annotations

import importlib
import inspect

import pytest

SERVICE_MODULES = [
    "groups.services",
    "groups.privacy",
    "meetings.services",
    "meetings.documents.services",
    "meetings.expediering.services",
    "decisions.services",
    "decisions.ratification.services",
    "plans.services",
]

# Public functions of service modules that are deliberately not wrapped in @transaction.atomic, with the reason.
NOT_ATOMIC = {
    "groups.services.organ_permissions_sync": "called inside the membership services' transaction",
    "groups.services.person_permissions_sync": "called inside person services' transaction",
    "groups.services.all_organ_permissions_sync": "nightly batch; each person's sync stands alone",
    "groups.services.membership_validate": "reads only; shared by the service and the admin form",
    "groups.privacy.person_data_export": "reads only",
    "meetings.services.appeal_last_day": "pure date arithmetic",
    "meetings.services.earliest_removal": "pure date arithmetic",
    "meetings.services.posted_late": "pure date arithmetic",
    "meetings.services.rich_text": "pure text cleaning",
    "meetings.documents.services.document_enqueue": "talks to the broker after commit; must not hold a transaction",
    "meetings.documents.services.document_render": "claims, renders and finishes in separate short transactions",
    "meetings.expediering.services.dispatch_enqueue": "talks to the broker after commit; must not hold a transaction",
    "meetings.expediering.services.dispatch_deliver": "waits for the PDF and the mail server in short transactions",
    "meetings.expediering.services.retry_delay": "pure arithmetic",
    "decisions.ratification.services.reminders_send": "one transaction per reminder, so one bad address loses none",
}


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_every_public_service_function_is_one_transaction(module_name: str) -> None:
    module = importlib.import_module(module_name)
    missing = []
    for name, func in inspect.getmembers(module, inspect.isfunction):
        qualified = f"{module_name}.{name}"
        if func.__module__ != module_name or name.startswith("_") or qualified in NOT_ATOMIC:
            continue
        # transaction.atomic used as a decorator wraps with functools.wraps, which leaves __wrapped__.
        if not hasattr(func, "__wrapped__"):
            missing.append(name)
    assert missing == [], f"{module_name}: add @transaction.atomic (or a reason to NOT_ATOMIC): {missing}"


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_write_services_take_keyword_only_arguments(module_name: str) -> None:
    module = importlib.import_module(module_name)
    positional = []
    for name, func in inspect.getmembers(module, inspect.isfunction):
        if func.__module__ != module_name or name.startswith("_") or f"{module_name}.{name}" in NOT_ATOMIC:
            continue
        target = inspect.unwrap(func)
        params = inspect.signature(target).parameters.values()
        if any(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params):
            positional.append(name)
    assert positional == [], f"{module_name}: make these keyword-only: {positional}"
