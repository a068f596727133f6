"""LGL_STORAGE_URL: a bucket URL selects the S3 storage with private, never-overwritten objects; a bad one stops
the start with a message naming the variable; without it the local disk stays (make run)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.security.test_settings import ROOT, _env, _manage

SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "from django.core.files.storage import storages; d = storages['default']; "
    "print(json.dumps({'storages': s.STORAGES['default'], 'class': type(d).__name__}))"
)


def _storage(tmp_path: Path, **env: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=_env(tmp_path, PYTHONPATH=str(ROOT), **env),
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_bucket_url_selects_private_objects_that_are_never_overwritten(tmp_path: Path) -> None:
    shown = _storage(
        tmp_path, LGL_STORAGE_URL="s3://lgl-filer?endpoint=http://minio:9000&region=eu-north-1&prefix=/kalmar/"
    )
    options = shown["storages"]["OPTIONS"]
    assert shown["class"] == "S3Storage"
    assert options["bucket_name"] == "lgl-filer"
    assert options["endpoint_url"] == "http://minio:9000"
    assert options["region_name"] == "eu-north-1"
    assert options["location"] == "kalmar"
    assert options["default_acl"] is None  # no ACL header: the bucket's default, private
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is True
    # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, never from the URL or the settings.
    assert not {"access_key", "secret_key"} & set(options)


def test_without_a_bucket_url_files_stay_on_the_local_disk(tmp_path: Path) -> None:
    assert _storage(tmp_path)["class"] == "FileSystemStorage"


def test_a_malformed_bucket_url_stops_the_start_and_names_the_variable(tmp_path: Path) -> None:
    for url in (
        "http://minio:9000/lgl",
        "s3://?endpoint=http://minio:9000",
        "s3://lgl/undermapp",
        "s3://lgl?endpoint=http://minio:9000&acl=public-read",
    ):
        result = _manage(tmp_path, "check", LGL_STORAGE_URL=url)
        assert result.returncode != 0, url
        assert "LGL_STORAGE_URL ska se ut som s3://hink" in result.stderr, url
