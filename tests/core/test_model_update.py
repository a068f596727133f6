"""Update services take one typed keyword argument per field and reject an unknown field the same way: TypeError."""

from __future__ import annotations

from typing import Any

import pytest

from decisions import services as decision_services
from groups import services as group_services
from lgl_portal.audit.models import AuditEntry
from tests.factories.decisions import AssignmentFactory, DecisionFactory
from tests.factories.groups import OrganFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _targets() -> list[tuple[Any, dict[str, Any]]]:
    organ = OrganFactory()
    decision = DecisionFactory(organ=organ)
    assignment = AssignmentFactory(decision=decision, assignee_organ=organ)
    return [
        (group_services.person_update, {"person": PersonFactory()}),
        (group_services.organ_update, {"organ": organ}),
        (decision_services.decision_update, {"decision": decision}),
        (decision_services.assignment_update, {"assignment": assignment}),
    ]


def test_every_update_service_rejects_an_unknown_field_with_type_error_and_saves_nothing() -> None:
    user = UserFactory()
    for service, target in _targets():
        with pytest.raises(TypeError):
            service(acting_user=user, **target, no_such_field="x")
    assert not AuditEntry.objects.exists()


def test_an_update_changes_only_the_fields_it_names() -> None:
    person = PersonFactory(name="Åsa Öberg", title="Samordnare", party="")
    group_services.person_update(acting_user=UserFactory(), person=person, party="  S  ")
    person.refresh_from_db()
    assert (person.name, person.title, person.party) == ("Åsa Öberg", "Samordnare", "S")
    entry = AuditEntry.objects.get(action="person_update")
    assert set(entry.changes) == {"party"}
