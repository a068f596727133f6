"""The two lock files (issue 11): the production image gets the runtime lock only, both locks carry hashes."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")
# Named in the issue: none of these may reach the production image.
TEST_ONLY = {"pytest", "playwright", "ruff", "mypy", "pip-tools", "import-linter", "django-stubs"}


def _pins(name: str) -> dict[str, tuple[str, list[str]]]:
    """{package: (version, [hashes])} read straight from the file, pip's requirement syntax."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in (ROOT / name).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = match.group(1).lower().replace("_", "-")
            pins[current] = (match.group(2), [])
        elif line.strip().startswith("--hash=") and current:
            pins[current][1].append(line.strip().removesuffix("\\").strip())
    return pins


def test_the_runtime_lock_holds_no_test_tools() -> None:
    runtime = _pins("requirements.lock")
    assert {"django", "celery", "gunicorn", "weasyprint"} <= set(runtime)
    assert not TEST_ONLY & set(runtime)


def test_the_dev_lock_holds_the_runtime_lock_at_the_same_versions_plus_the_test_tools() -> None:
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    for package, (version, _hashes) in runtime.items():
        assert package in dev, package
        assert dev[package][0] == version, package
    assert set(dev) >= TEST_ONLY


def test_every_pin_in_both_locks_has_a_sha256_hash() -> None:
    for name in ("requirements.lock", "requirements-dev.lock"):
        for package, (_version, hashes) in _pins(name).items():
            assert hashes, f"{name}: {package} has no hash"
            assert all(re.fullmatch(r"--hash=sha256:[0-9a-f]{64}", h) for h in hashes), f"{name}: {package}"


def test_the_image_installs_only_the_runtime_lock_with_hashes_checked() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir --require-hashes -r requirements.lock" in dockerfile
    assert "requirements-dev.lock" not in dockerfile


def test_make_installs_the_dev_lock_with_hashes_checked() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "DEV_LOCK := requirements-dev.lock" in makefile
    assert "pip install --quiet --require-hashes -r $(DEV_LOCK)" in makefile
