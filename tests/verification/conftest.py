"""Fixtures of the verification tests: the development seal (shared with the document tests)."""

from tests.documents.seal_support import dev_seal, dev_seal_dir  # noqa: F401 - fixtures
