"""Taking something off the public side records a reason, and it is really gone from the public outputs."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from decisions.models import Summary
from lgl_portal.audit.models import AuditEntry
from tests.security import crawl_support as cs

pytestmark = pytest.mark.django_db


def test_depublishing_a_summary_needs_a_reason_records_it_and_removes_it_from_public_outputs() -> None:
    cs.load_demo()
    summary = Summary.objects.filter(is_published=True, organ__slug="lgl").select_related("decision").first()
    assert summary is not None, "the demo publishes Beslut i korthet"
    marker = "QXAVPUBLICERAD48"
    Summary.objects.filter(pk=summary.pk).update(background=f"<p>Bakgrund {marker}.</p>")
    public_pages = ("/beslut/", f"/beslut/{summary.decision_id}/", "/beslut/flode.atom", "/api/papers/?limit=1000")
    assert any(marker in Client().get(path).content.decode() for path in public_pages), "published text is public"
    secretary = Client()
    secretary.force_login(get_user_model().objects.get(username="sekreterare"))
    url = f"/beslut/{summary.decision_id}/sammanfattning/avpublicera/"

    refused = secretary.post(url, {"reason": ""})
    assert refused.status_code == 400
    summary.refresh_from_db()
    assert summary.is_published

    reason = "Innehöll uppgifter om en enskild som inte ska publiceras."
    assert secretary.post(url, {"reason": reason}).status_code == 302
    summary.refresh_from_db()
    assert not summary.is_published
    assert (
        AuditEntry.objects.filter(action__contains="depublish", target_id=str(summary.pk))
        .latest("at")
        .changes["reason"]
        == reason
    )

    from django.core.cache import cache

    cache.clear()  # what the cache held before is no concern here; the test asks what the portal renders now
    for path in public_pages:
        assert marker not in Client().get(path).content.decode(), path
    # The search page repeats its query; more copies than for a query that matches nothing would be a hit.
    echoes = Client().get("/sok/?q=QXKONTROLL49").content.decode().count("QXKONTROLL49")
    assert Client().get(f"/sok/?q={marker}").content.decode().count(marker) == echoes
