"""Issue 15: the Django admin is no second write path.

Domain admins (decisions, meetings, plans, ratification, documents) are read-only; the admins that still write
(people, organs, memberships) save through the services, so the audit log, the e-mail notice and the checks run.
The XSS corpus is posted through the admin forms as well.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from decisions.models import Summary
from groups.models import Organ, Person
from lgl_portal.audit.models import AuditEntry
from tests.factories.decisions import DecisionFactory, SummaryFactory
from tests.factories.groups import OrganFactory, PersonFactory
from tests.security.html_checks import live_markup_problems, load_payloads

pytestmark = pytest.mark.django_db
READ_ONLY_APPS = {"decisions", "meetings", "plans", "ratification", "documents"}
PAYLOADS = load_payloads()


@pytest.fixture
def admin_client(admin_user: Any) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def test_the_admin_offers_no_add_change_or_delete_for_domain_models(admin_client: Client, admin_user: Any) -> None:
    registered = [m for m in admin.site._registry if m._meta.app_label in READ_ONLY_APPS]
    assert len(registered) >= 15
    for model in registered:
        model_admin = admin.site._registry[model]
        request = type("R", (), {"user": admin_user})()
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        opts = model._meta
        assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403, model


def test_a_published_summary_cannot_be_changed_in_the_admin(admin_client: Client) -> None:
    """The issue's hole: a personnummer and a <script> stored through the admin with no audit row."""
    summary = SummaryFactory(decision=DecisionFactory(), title="Publik rubrik", background="<p>Bakgrund</p>")
    url = reverse("admin:decisions_summary_change", args=[summary.pk])
    before = AuditEntry.objects.count()
    response = admin_client.post(
        url,
        {"title": "Ny 121212-1212", "background": "<script>alert(1)</script>", "bullets": "x", "decision": "1"},
    )
    assert response.status_code == 403
    summary.refresh_from_db()
    assert summary.title == "Publik rubrik" and "script" not in summary.background
    assert AuditEntry.objects.count() == before
    # It can still be read there.
    assert admin_client.get(url).status_code == 200


def test_a_person_saved_in_the_admin_goes_through_the_service_and_is_audited(admin_client: Client) -> None:
    person = PersonFactory(name="Anna Andersson", email="anna@example.se")
    response = admin_client.post(
        reverse("admin:groups_person_change", args=[person.pk]),
        {"name": "Anna Berg", "title": "", "organisation": "", "party": "", "email": "anna@example.se", "user": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.name == "Anna Berg"
    entry = AuditEntry.objects.filter(action="person_update", target_id=str(person.pk)).get()
    assert entry.changes["name"] == ["Anna Andersson", "Anna Berg"]


def test_the_xss_corpus_posted_through_the_admin_forms_renders_inert(admin_client: Client) -> None:
    person = PersonFactory(name="Anna Andersson")
    organ = OrganFactory(slug="xss-admin-organ")
    summary = SummaryFactory(decision=DecisionFactory(), title="Publik rubrik")
    failures = []
    for payload in PAYLOADS:
        response = admin_client.post(
            reverse("admin:groups_person_change", args=[person.pk]),
            {"name": payload[:200], "title": payload[:200], "organisation": "", "party": "", "email": "", "user": ""},
        )
        assert response.status_code == 302, (payload, response.status_code)
        response = admin_client.post(
            reverse("admin:groups_organ_change", args=[organ.pk]),
            {
                "name": payload[:200],
                "short_name": payload[:50],
                "description": payload,
                "purpose": payload,
                "paragraph_format": Organ.ParagraphFormat.PLAIN,
                "protocol_storage_place": payload[:200],
                "is_public": "on",
                "parent": "",
            },
        )
        assert response.status_code == 302, (payload, response.status_code)
        refused = admin_client.post(
            reverse("admin:decisions_summary_change", args=[summary.pk]),
            {"title": payload[:300], "background": payload},
        )
        assert refused.status_code == 403
        for path in (f"/personer/{person.pk}/", f"/organ/{organ.slug}/", "/organ/", f"/beslut/{summary.decision_id}/"):
            client = admin_client if path.startswith("/personer/") else Client()
            problems = live_markup_problems(client.get(path).content.decode())
            if problems:
                failures.append((payload, path, problems))
        for admin_path in (
            reverse("admin:groups_person_change", args=[person.pk]),
            reverse("admin:groups_organ_change", args=[organ.pk]),
        ):
            problems = live_markup_problems(admin_client.get(admin_path).content.decode())
            if problems:
                failures.append((payload, admin_path, problems))
    assert failures == []
    assert Person.objects.filter(pk=person.pk).values_list("name", flat=True).get() == PAYLOADS[-1][:200].strip()
    assert Summary.objects.get(pk=summary.pk).title == "Publik rubrik"
