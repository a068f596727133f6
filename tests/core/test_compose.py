"""docker-compose.yml cannot run here (no Docker engine), so it is checked by reading it."""

from __future__ import annotations

import importlib
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _locked_packages() -> set[str]:
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    return {line.split("==")[0].lower() for line in lines if "==" in line}


def test_compose_has_the_production_shape_with_health_checks_and_named_volumes() -> None:
    compose = _compose()
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert {"pgdata", "redisdata", "media"} <= set(compose["volumes"])
    assert services["postgres"]["volumes"][0].startswith("pgdata:")


def test_every_command_compose_names_exists_in_the_project() -> None:
    services = _compose()["services"]
    packages = _locked_packages()
    django_commands = get_commands()
    checked = 0
    for name, service in services.items():
        command = service.get("command")
        if not command or name in ("postgres", "redis"):
            continue
        program = command[0]
        if program == "python":
            assert command[1] == "manage.py" and (ROOT / "manage.py").exists()
            assert command[2] in django_commands, f"{name}: manage.py {command[2]} does not exist"
        elif program == "gunicorn":
            assert "gunicorn" in packages
            module, attr = command[1].split(":")
            assert hasattr(importlib.import_module(module), attr), f"{name}: {command[1]} does not exist"
        elif program == "celery":
            assert "celery" in packages
            app_module = command[command.index("-A") + 1]
            assert hasattr(importlib.import_module(app_module), "celery_app")
            assert command[command.index("-A") + 2] in ("worker", "beat")
        else:
            raise AssertionError(f"{name}: unknown program {program}")
        checked += 1
    assert checked >= 4


def test_the_dockerfile_installs_from_the_lock_file() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements.lock" in dockerfile
    assert "FROM python:3.11" in dockerfile


def test_the_web_server_runs_gunicorn_with_the_projects_threaded_config() -> None:
    web = _compose()["services"]["web"]["command"]
    assert web[web.index("-c") + 1] == "gunicorn.conf.py"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "lgl_portal.wsgi:application", "-c", "gunicorn.conf.py"]' in dockerfile
    from gunicorn.config import Config

    config = Config()
    namespace: dict = {"__file__": str(ROOT / "gunicorn.conf.py")}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    for name in ("bind", "worker_class", "workers", "threads", "timeout", "graceful_timeout", "max_requests"):
        config.set(name, namespace[name])
    # Threads, so a slow member page does not hold a whole process while public pages wait behind it.
    assert config.worker_class_str == "gthread" and config.threads >= 4 and config.workers >= 2
    assert 0 < config.timeout <= 60 and config.max_requests > 0
