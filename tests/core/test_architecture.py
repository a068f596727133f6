"""House rules that a reviewer would otherwise have to remember: every public write service is one transaction."""

from __future__ import annotations

import importlib
import inspect

import pytest

SERVICE_MODULES = [
    "groups.services",
    "groups.privacy",
    "meetings.services.meeting",
    "meetings.services.agenda",
    "meetings.services.protocol",
    "meetings.services.editing",
    "meetings.services.attendance",
    "meetings.services.justering",
    "meetings.services.after_justering",
    "meetings.services.correction",
    "meetings.services.reminders",
    "meetings.services.changes",
    "meetings.services.frame",
    "meetings.services.proceedings",
    "meetings.documents.services",
    "meetings.expediering.services",
    "decisions.services",
    "members.services",
    "decisions.ratification.services",
    "plans.services",
]

# Public functions of service modules that are deliberately not wrapped in @transaction.atomic, with the reason.
NOT_ATOMIC = {
    "groups.services.membership_validate": "reads only; shared by the service and the admin form",
    "meetings.services.justering.protocol_gate_check": "reads only: the publication gate over a whole protocol",
    "groups.privacy.person_data_export": "reads only",
    "meetings.services.protocol.rich_text": "pure text cleaning",
    "meetings.documents.services.document_enqueue": "talks to the broker after commit; must not hold a transaction",
    "meetings.documents.services.document_render": "claims, renders and finishes in separate short transactions",
    "meetings.documents.services.document_requeue_stale_soon": "starts a thread that runs the atomic sweep",
    "meetings.documents.services.document_files_cleanup": "reads file names and deletes files; writes no row",
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


def test_every_module_of_a_split_service_package_is_checked() -> None:
    import pkgutil

    import meetings.services

    found = {
        f"meetings.services.{m.name}"
        for m in pkgutil.iter_modules(meetings.services.__path__)
        if not m.name.startswith("_")
    }
    assert found - set(SERVICE_MODULES) == set()


def _first_party_imports() -> dict[str, set[str]]:
    """Module -> the first-party modules it imports anywhere in its source (also inside functions)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    apps = ("lgl_portal", "groups", "meetings", "decisions", "plans", "api", "members")
    files = {}
    for app in apps:
        for path in (root / app).rglob("*.py") if (root / app).is_dir() else ():
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(root).with_suffix("").parts
            files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def resolve(name: str) -> str:
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name

    edges: dict[str, set[str]] = {}
    for module, path in files.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(resolve(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*kept, base] if base else kept)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    found.add(full if full in files else resolve(base))
        edges[module] = found - {"", module}
    return edges


def test_no_two_modules_import_each_other() -> None:
    edges = _first_party_imports()
    mutual = sorted({tuple(sorted((a, b))) for a, targets in edges.items() for b in targets if a in edges.get(b, ())})
    assert mutual == []


def test_the_documents_app_imports_neither_plans_nor_the_meetings_services() -> None:
    edges = _first_party_imports()
    offending = {
        module: sorted(t for t in targets if t.startswith(("plans", "meetings.services")))
        for module, targets in edges.items()
        if module.startswith("meetings.documents")
    }
    assert {m: t for m, t in offending.items() if t} == {}
