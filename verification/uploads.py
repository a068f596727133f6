"""An upload handler that keeps the file in memory and never on disk: /verifiera/ stores nothing it is given.

Beyond the size limit it keeps counting but stops keeping bytes, so the form can say how large the file was
(lgl_portal.core.uploads.validate_upload refuses it on size first) without holding 25 MB in memory.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class MemoryOnlyUploadHandler(FileUploadHandler):
    def __init__(self, request: Any = None, *, max_bytes: int | None = None) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes or settings.LGL_MAX_UPLOAD_BYTES
        self.buffer = io.BytesIO()
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= self.max_bytes:
            self.buffer.write(raw_data)
        # Returning None: no later handler gets the chunk, so no temporary file is ever written.

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
