"""Shared fixtures: the five roles every feature is tested with, and a real Chromium for browser tests.

App-specific factories live in tests/factories/<app>.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.test import Client

from groups.models import Membership, Organ
from lgl_portal.celery import app as celery_app
from tests.factories.groups import OrganFactory, UserFactory, user_with_role

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LGL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _swedish_and_fresh_cache(settings: Any) -> Iterator[None]:
    from django.core.cache import cache

    settings.LANGUAGE_CODE = "sv"
    cache.clear()
    yield


@pytest.fixture
def mail_at_commit(django_capture_on_commit_callbacks: Any) -> Iterator[Callable[[], Any]]:
    """For tests without a worker: `with mail_at_commit():` delivers the mail enqueued inside it when it ends.

    The test's transaction never commits, so the commit is played by running the on-commit callbacks, and the
    mail task (lgl_portal/core/tasks.py) runs in this process, as the worker would run it. The real worker and
    Redis are tested in tests/core/test_mail.py.
    """

    @contextmanager
    def delivered() -> Iterator[None]:
        celery_app.conf.task_always_eager = True
        try:
            with django_capture_on_commit_callbacks(execute=True):
                yield
        finally:
            celery_app.conf.task_always_eager = False

    yield delivered


@pytest.fixture
def organ(db: None) -> Organ:
    return OrganFactory(name="Länsgemensam ledning i samverkan", slug="lgl-test")


@pytest.fixture
def outsider(db: None) -> Any:
    return UserFactory(username="utomstaende")


@pytest.fixture
def member(organ: Organ) -> Any:
    return user_with_role(organ, Membership.Role.LEDAMOT, username="ledamot")


@pytest.fixture
def secretary(organ: Organ) -> Any:
    return user_with_role(organ, Membership.Role.SEKRETERARE, username="sekreterare")


@pytest.fixture
def chair(organ: Organ) -> Any:
    return user_with_role(organ, Membership.Role.ORDFORANDE, username="ordforande")


@pytest.fixture
def admin_user(db: None) -> Any:
    user = UserFactory(username="admin")
    user.is_superuser = True
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def role_clients(outsider: Any, member: Any, secretary: Any, chair: Any) -> dict[str, Client]:
    """A logged-in client per role of the permission matrix; 'anonymous' is not logged in."""
    clients: dict[str, Client] = {"anonymous": Client()}
    for name, user in (("outsider", outsider), ("member", member), ("secretary", secretary), ("chair", chair)):
        client = Client()
        client.force_login(user)
        clients[name] = client
    return clients


# --- Browser ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium saknas på {CHROMIUM}: installera med `apt-get install -y chromium` (se README).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
