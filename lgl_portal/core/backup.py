"""Backup and restore: the PostgreSQL database and the media files as one consistent archive.

    python manage.py backup [--output DIR]                  → DIR/lgl-<time>.tar   (make backup)
    python manage.py restore ARCHIVE [--database NAME]      → a fresh database + media (make restore)

Consistency: the database is dumped from an exported snapshot (pg_dump --snapshot), and inside that same
snapshot the backup reads every file name the database refers to (all FileFields). Then the files are copied.
Stored files are never rewritten in place (every upload and every PDF gets a new name), so a file the snapshot
refers to is exactly the one copied; if one is missing (deleted in between), the backup fails instead of
writing an archive that restores broken links. Files newer than the snapshot are copied too and are harmless.
The manifest lists every referenced file with its sha256, and the restore checks them. With an object store
(LGL_STORAGE_URL) the referenced objects are fetched from the bucket and restored into it under the same keys.

Restore goes into a database that is new or empty (it refuses to overwrite one with tables), puts the media
files in place, and then flushes the anonymous page cache (a new content version in Redis), because pages
cached from the newer, replaced database would otherwise keep being served.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, models, transaction

from lgl_portal.core import storage

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done safely; the message says why, in Swedish."""


@dataclass(frozen=True)
class RestoreResult:
    database: str
    files: int


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = {**os.environ, "PGHOST": db.get("HOST") or "127.0.0.1", "PGPORT": str(db.get("PORT") or 5432)}
    env["PGUSER"] = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _referenced_files() -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
    return names


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _download(names: set[str], target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in sorted(names):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, path.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)


def backup_create(*, output_dir: Path) -> Path:
    if not settings.IS_POSTGRES:
        raise BackupError("Säkerhetskopiering kräver PostgreSQL (DATABASE_URL).")
    db = settings.DATABASES["default"]
    media = Path(settings.MEDIA_ROOT)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    with tempfile.TemporaryDirectory(dir=output_dir) as tmp_name:
        tmp = Path(tmp_name)
        dump = tmp / "database.dump"
        with transaction.atomic():
            with connection.cursor() as cursor:
                # The snapshot must be held open by this transaction while pg_dump uses it.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            done = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}", db["NAME"]],  # noqa: S607
                env=_pg_env(db),
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise BackupError(f"pg_dump misslyckades: {done.stderr.strip()}")
            referenced = _referenced_files()
        if storage.local_path("") is not None:
            missing = sorted(name for name in referenced if not (media / name).is_file())
        else:
            missing = sorted(name for name in referenced if not default_storage.exists(name))
            media = Path(settings.STORAGES["default"]["OPTIONS"]["bucket_name"])  # for the message only
        if missing:
            raise BackupError(
                f"{len(missing)} filer som databasen pekar på saknas i {media} (t.ex. {missing[0]}); "
                "ingen säkerhetskopia skrevs."
            )
        if storage.local_path("") is None:
            # A bucket (several nodes): the files the snapshot refers to, fetched through the store's API.
            # Objects are never rewritten either, so these are the bytes the snapshot meant.
            _download(referenced, tmp / "media")
        elif media.exists():
            shutil.copytree(media, tmp / "media", symlinks=False)
        else:
            (tmp / "media").mkdir()
        manifest = {
            "format": FORMAT,
            "created": stamp,
            "database": db["NAME"],
            "files": {name: _sha256(tmp / "media" / name) for name in sorted(referenced)},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        archive = output_dir / f"lgl-{stamp}.tar"
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            for name in ("manifest.json", "database.dump", "media"):
                tar.add(tmp / name, arcname=name)
        partial.rename(archive)  # a half-written archive never carries the final name
    return archive


def _admin_url(db: dict[str, Any]) -> str:
    auth = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgresql://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/postgres"


def _prepare_empty_database(db: dict[str, Any], name: str) -> None:
    with psycopg.connect(_admin_url(db), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            return
    with psycopg.connect(_admin_url(db).rsplit("/", 1)[0] + f"/{name}", autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    tables = row[0] if row else 0
    if tables:
        raise BackupError(
            f"Databasen {name} har redan {tables} tabeller: återställ till en ny databas (--database) "
            "eller ta bort den först."
        )


def backup_restore(*, archive: Path, database: str | None = None, media_root: Path | None = None) -> RestoreResult:
    from lgl_portal.core.cache import public_cache_flush

    db = settings.DATABASES["default"]
    name = database or db["NAME"]
    media = media_root or Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        manifest = json.loads((tmp / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Okänt format på säkerhetskopian: {manifest.get('format')!r}.")
        for file_name, digest in manifest["files"].items():
            path = tmp / "media" / file_name
            if not path.is_file() or _sha256(path) != digest:
                raise BackupError(f"Filen {file_name} i säkerhetskopian är skadad eller saknas.")
        _prepare_empty_database(db, name)
        done = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={name}",  # noqa: S607
             str(tmp / "database.dump")],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise BackupError(f"pg_restore misslyckades: {done.stderr.strip()}")
        if media_root is None and storage.local_path("") is None:
            # Into the bucket under exactly the archived names, which the restored rows point at.
            for file_name in manifest["files"]:
                with (tmp / "media" / file_name).open("rb") as handle:
                    storage.write_exact(file_name, handle)
        else:
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(tmp / "media", media, dirs_exist_ok=True)
    # Pages cached from the database that was replaced must not be served any more.
    public_cache_flush()
    return RestoreResult(database=name, files=len(manifest["files"]))
