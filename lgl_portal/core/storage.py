"""The file store as the portal needs it beyond Django's Storage API: rename, walk, write under an exact name.

The store is the local disk (`make run`, one machine) or an S3-compatible bucket (LGL_STORAGE_URL, several
nodes). Django's API has no rename and no recursive listing, and `save()` picks another name when one is
taken; these three operations are what the document renderer, the cleanup and the restore need, done the
cheap way on each store: `os.replace` on disk, a server-side CopyObject in a bucket (S3 has no rename).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import IO, Any

from django.core.files.storage import Storage, default_storage
from django.utils import timezone


def local_path(name: str, *, storage: Storage | None = None) -> str | None:
    """The file's path on this machine's disk, or None for an object store."""
    try:
        return (storage or default_storage).path(name)
    except NotImplementedError:
        return None


def _s3(storage: Storage) -> Any | None:
    # Duck-typed rather than imported: django-storages (and boto3) are only loaded when a bucket is configured.
    return storage if hasattr(storage, "bucket") and hasattr(storage, "_normalize_name") else None


def _key(storage: Any, name: str) -> str:
    from storages.utils import clean_name

    return str(storage._normalize_name(clean_name(name)))


def promote(staged: str, final: str, *, storage: Storage | None = None) -> str:
    """Give a staged file its final name and return it; the final name must be free (never overwritten)."""
    storage = storage or default_storage
    source, target = local_path(staged, storage=storage), local_path(final, storage=storage)
    if source and target:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.exists(target):
            raise FileExistsError(target)
        os.replace(source, target)  # atomic on one filesystem
        return final
    s3 = _s3(storage)
    if s3 is not None:
        if s3.exists(final):
            raise FileExistsError(final)
        # Copied inside the store (no bytes through this process), then the staged key is deleted.
        s3.bucket.Object(_key(s3, final)).copy_from(
            CopySource={"Bucket": s3.bucket_name, "Key": _key(s3, staged)}, MetadataDirective="COPY"
        )
        s3.delete(staged)
        return final
    with storage.open(staged, "rb") as handle:
        saved = storage.save(final, handle)
    storage.delete(staged)
    return str(saved)


def walk(prefix: str, *, storage: Storage | None = None) -> Iterator[tuple[str, dt.datetime]]:
    """Every file under `prefix` (recursively) with its modification time, as storage names."""
    storage = storage or default_storage
    root = local_path(prefix, storage=storage)
    if root is not None:
        base = local_path("", storage=storage) or ""
        for folder, _dirs, files in os.walk(root):
            for file in files:
                path = os.path.join(folder, file)
                try:
                    modified = dt.datetime.fromtimestamp(os.path.getmtime(path), tz=dt.UTC)
                except OSError:
                    continue  # removed meanwhile
                yield os.path.relpath(path, base).replace(os.sep, "/"), modified
        return
    s3 = _s3(storage)
    if s3 is not None:
        # One paginated listing of the prefix instead of a request per folder.
        for obj in s3.bucket.objects.filter(Prefix=_key(s3, prefix.rstrip("/") + "/")):
            name = obj.key[len(s3.location) :].lstrip("/") if s3.location else obj.key
            yield name, obj.last_modified
        return
    folders, files = storage.listdir(prefix)
    for file in files:
        name = f"{prefix}/{file}"
        yield name, storage.get_modified_time(name)
    for folder in folders:
        yield from walk(f"{prefix}/{folder}", storage=storage)


def write_exact(name: str, handle: IO[bytes], *, storage: Storage | None = None) -> None:
    """Store `handle` under exactly `name`, replacing what is there (only the restore does this)."""
    storage = storage or default_storage
    path = local_path(name, storage=storage)
    if path is not None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                out.write(chunk)
        return
    s3 = _s3(storage)
    if s3 is not None:
        s3.bucket.Object(_key(s3, name)).upload_fileobj(handle)
        return
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, handle)


def older_than(modified: dt.datetime, *, cutoff: dt.datetime) -> bool:
    if timezone.is_naive(modified):
        modified = timezone.make_aware(modified, dt.UTC)
    return modified < cutoff
