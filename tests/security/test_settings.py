"""Production settings pass `check --deploy`, and a bad environment stops the start with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_SECRET = "b7Qe-9xT!rL2mZ#pV4sK8wN1yH6cJ0fD3gA5uE7iO9tR2qW4zX6vB8nM1lP3kS5jF7hG"


def _env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "lgl_portal.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": PRODUCTION_SECRET,
        "DJANGO_ALLOWED_HOSTS": "lgl.example.se",
        "DJANGO_DEFAULT_FROM_EMAIL": "LGL-portalen <noreply@lgl.example.se>",
        "LGL_ACCESSIBILITY_CONTACT": "tillganglighet@lgl.example.se",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lgl"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "LGL_VAR_DIR": str(tmp_path / "var"),
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _manage(tmp_path: Path, *args: str, **overrides: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=_env(tmp_path, **overrides),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deploy_security_checks_are_clean_with_production_settings(tmp_path: Path) -> None:
    result = _manage(tmp_path, "check", "--deploy", "--tag", "security", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_turn_on_hsts_secure_cookies_and_https(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "DENY", "same-origin", "False"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DJANGO_DEBUG": "kanske"}, "DJANGO_DEBUG måste vara true eller false"),
        ({"DJANGO_SECRET_KEY": ""}, "Miljövariabeln DJANGO_SECRET_KEY måste sättas"),
        ({"DJANGO_SECRET_KEY": "för-kort"}, "DJANGO_SECRET_KEY måste vara minst 50 tecken"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS måste anges"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL måste börja med redis://"),
        ({"DATABASE_URL": "inte-en-url"}, "DATABASE_URL kan inte tolkas"),
    ],
)
def test_a_bad_setting_fails_at_start_with_a_message_naming_it(
    tmp_path: Path, overrides: dict[str, str], message: str
) -> None:
    result = _manage(tmp_path, "check", **overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
