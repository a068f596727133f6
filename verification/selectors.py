"""Reads: the register of sealed files, by the file's checksum or by the checksum of its signature."""

from __future__ import annotations

from django.db.models import QuerySet

from meetings.documents.models import SealedFile


def _sealed_files() -> QuerySet[SealedFile]:
    return SealedFile.objects.select_related("job__meeting__organ", "job__extract__recipient").prefetch_related(
        "job__extract__items"
    )


def sealed_file_by_sha256(*, sha256: str) -> SealedFile | None:
    return _sealed_files().filter(sha256=sha256).first()


def sealed_file_by_signature(*, signature_sha256: str) -> SealedFile | None:
    if not signature_sha256:
        return None
    return _sealed_files().filter(signature_sha256=signature_sha256).order_by("sealed_at", "id").first()
