"""The OpenAPI schema and the documentation page rendered from it (Swagger UI from drf-spectacular-sidecar:
the assets are the project's own static files, no CDN; the start-up script is a separate file, for the CSP)."""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

schema_view = SpectacularAPIView.as_view()
docs_view = SpectacularSwaggerSplitView.as_view(url_name="api:schema", title="LGL öppna data – API-dokumentation")
