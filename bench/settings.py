"""Settings for the HTTP bench: the portal's own settings plus a URLconf with a bare view (the ceiling)."""

from lgl_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
