"""The portal's one settings module, driven by environment variables.

Defaults are the safe ones (DEBUG off, secure cookies, HTTPS redirects). Development (`make run`) and the
test suite set the variables they need; production sets the rest. A missing or malformed value fails at
start with a message that names the variable, never later in a request.
"""

from __future__ import annotations

from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import django_stubs_ext
import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets Django's generic classes be subscripted at run time (`admin.ModelAdmin[Plan]`, `forms.ModelForm[Organ]`),
# as the type checker wants; it adds __class_getitem__ and changes nothing else.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("LGL_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))


def _required(name: str, value: str) -> str:
    if not value:
        raise ImproperlyConfigured(f"Miljövariabeln {name} måste sättas (se .env.example).")
    return value


# environ.bool reads any unknown word ("kanske") as False; a typo must stop the start instead.
_debug_raw = env.str("DJANGO_DEBUG", default="false").strip().lower()
if _debug_raw not in ("true", "false", "1", "0", "yes", "no", "on", "off", ""):
    raise ImproperlyConfigured(f"DJANGO_DEBUG måste vara true eller false, inte {_debug_raw!r}.")
DEBUG = _debug_raw in ("true", "1", "yes", "on")

# A development key is allowed only with DEBUG on; anything else must bring its own secret.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-used-by-make-run-never-in-production-0123456789"  # noqa: S105
_required("DJANGO_SECRET_KEY", SECRET_KEY)
if not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY måste vara minst 50 tecken lång när DJANGO_DEBUG är av.")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS måste anges när DJANGO_DEBUG är av.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("LGL_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The admin with the second-factor rule for users who enrolled TOTP (lgl_portal.accounts.admin_site).
    "lgl_portal.accounts.admin_config.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "django_prose_editor",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "lgl_portal.core",
    "lgl_portal.audit",
    "lgl_portal.accounts",
    "groups",
    "meetings",
    "decisions",
    "decisions.ratification",
    "meetings.documents",
    "meetings.expediering",
    "plans",
    # On top of the domain apps: the members' review and the site pages read from them.
    "members",
    "pages",
    "verification",
    # The open data (OParl 1.1) reads every domain app's selectors.
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # OParl requires `Access-Control-Allow-Origin: *` on the API (only there: see CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    "lgl_portal.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lgl_portal.core.access.SwedishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After authentication so the Swedish 400 page renders with the header; before anything reads a parameter.
    "lgl_portal.core.middleware.RejectBadParametersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Anonymous visitors' public pages straight from the page cache (lgl_portal/core/cache.py).
    "lgl_portal.core.cache.PublicPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lgl_portal.core.access.AccessMiddleware",
    # Last, so that a locked-out login still passes through everything above.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lgl_portal.urls"
WSGI_APPLICATION = "lgl_portal.wsgi.application"
ASGI_APPLICATION = "lgl_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # The portal's date forms, in every template without a {% load %} (lgl_portal/core/templatetags/dates.py).
            "builtins": ["lgl_portal.core.templatetags.dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lgl_portal.core.context_processors.portal",
            ],
        },
    }
]

# --- Database ---------------------------------------------------------------------------------------
# The embedded default is SQLite under var/ (git-ignored) so that `make run` needs no server.
VAR_DIR.mkdir(parents=True, exist_ok=True)
try:
    DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lgl.sqlite3'}")}
except Exception as exc:  # environ raises several kinds for a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL kan inte tolkas: {exc}") from exc
if not DATABASES["default"].get("ENGINE"):
    raise ImproperlyConfigured("DATABASE_URL kan inte tolkas: ange t.ex. postgres://användare@värd:5432/databas.")
# Persistent connections: opening a PostgreSQL connection costs more than a cached page, and each new connection
# loads the Swedish ispell dictionary of the search (decisions/search.py) on its first search, 0.2–1 s of the
# database's CPU; with connections renewed every minute that load was the slowest searches at 1,000,000 decisions.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that costs no round trip (lgl_portal/core/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "lgl_portal.core.postgresql"
# The search's statements are prepared once per connection (lgl_portal/core/prepared.py); false behind a pooler
# in transaction mode that does not carry prepared statements between server connections.
LGL_PREPARED_STATEMENTS = env.bool("LGL_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache ----------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL måste börja med redis://, rediss:// eller unix://.")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "lgl_portal.core.redis_cache.KeptClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("LGL_CACHE_PREFIX", default="lgl"),
            # A cache that hangs must not hang the page: fail fast and render uncached. A hit answers in
            # about a millisecond, so a quarter of a second is already an outage (see lgl_portal/core/cache.py).
            "OPTIONS": {
                "socket_connect_timeout": env.float("LGL_CACHE_TIMEOUT_SECONDS", default=0.25),
                "socket_timeout": env.float("LGL_CACHE_TIMEOUT_SECONDS", default=0.25),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lgl"}}
# How long an anonymous visitor's page may be served from the cache; content changes invalidate earlier.
PUBLIC_PAGE_CACHE_SECONDS = env.int("LGL_PUBLIC_PAGE_CACHE_SECONDS", default=300)
# Each web process may also keep cached pages in memory and re-read the content version from Redis at most
# this often (seconds): faster, but a change reaches other processes up to this late. 0 = always ask Redis.
PUBLIC_PAGE_LOCAL_SECONDS = env.float("LGL_PUBLIC_PAGE_LOCAL_SECONDS", default=0)
# After a failed cache call, this process leaves Redis alone this long (seconds) before asking again.
LGL_CACHE_RETRY_SECONDS = env.float("LGL_CACHE_RETRY_SECONDS", default=2.0)

# --- Celery -----------------------------------------------------------------------------------------------
CELERY_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # kombu's Redis transport, except that an ack racing a lost connection does not stop the worker (see there).
    CELERY_BROKER_TRANSPORT = "lgl_portal.broker:RedisTransport"
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        # Longer than any task may run, or Redis hands an unacknowledged task to a second worker.
        "visibility_timeout": 3600,
        "socket_timeout": 3,
        "socket_connect_timeout": 3,
        "max_retries": 1,
    }
else:
    # Embedded broker for `make run`: a folder both processes can reach, no server needed.
    for sub in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# The worker and beat come back by themselves when Redis returns (retrying for ever, backing off to 10 s
# between attempts) instead of exiting. Enqueueing from a web request never waits on these retries: it
# publishes with retry=False and the row stays pending for the beat (meetings/documents/services.py).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task running when the broker connection drops is cancelled rather than finished blind: its message
# was not acknowledged (acks_late), so Redis redelivers it after the reconnect and the job row's lease
# (claimed_until) lets the new delivery take the row over.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# A render child is replaced after this many tasks: WeasyPrint's font and image caches only grow.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("LGL_WORKER_MAX_TASKS_PER_CHILD", default=50)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only when it finished, and re-queued when its worker dies mid-way.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TIMEZONE = "Europe/Stockholm"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
# Document jobs (meetings/documents): a pending row untouched this long is sent to the broker again; a row
# being rendered holds a lease this long, renewed while the render runs, so a dead worker's job is free again
# within lease + sweep seconds (under a minute), when the beat's sweep finds it.
LGL_DOCUMENT_REQUEUE_SECONDS = env.int("LGL_DOCUMENT_REQUEUE_SECONDS", default=60)
LGL_DOCUMENT_LEASE_SECONDS = env.int("LGL_DOCUMENT_LEASE_SECONDS", default=30)
LGL_DOCUMENT_SWEEP_SECONDS = env.float("LGL_DOCUMENT_SWEEP_SECONDS", default=15)
CELERY_BEAT_SCHEDULE = {
    "requeue-pending-documents": {
        "task": "meetings.documents.tasks.requeue_pending_documents",
        "schedule": timedelta(seconds=LGL_DOCUMENT_SWEEP_SECONDS),
    },
    "cleanup-document-files": {
        "task": "meetings.documents.tasks.cleanup_document_files",
        "schedule": timedelta(hours=1),
    },
    "requeue-pending-dispatches": {
        "task": "meetings.expediering.tasks.requeue_pending_dispatches",
        "schedule": timedelta(minutes=1),
    },
    "warn-late-justering": {
        "task": "meetings.tasks.warn_late_justering",
        "schedule": crontab(hour=7, minute=0),
    },
    "refresh-anslag-documents": {
        "task": "meetings.tasks.refresh_anslag_documents",
        "schedule": crontab(hour=0, minute=15),
    },
    "remind-justering-deadlines": {
        "task": "meetings.tasks.remind_justering_deadlines",
        "schedule": crontab(hour=7, minute=5),
    },
    "remind-assignments-due": {
        "task": "decisions.tasks.remind_assignments_due",
        "schedule": crontab(hour=7, minute=15),
    },
    "remind-ratifications-pending": {
        "task": "decisions.ratification.tasks.remind_pending_assemblies",
        "schedule": crontab(hour=7, minute=30),
    },
    "mark-overdue-milestones": {
        "task": "plans.tasks.milestones_mark_overdue",
        "schedule": crontab(hour=6, minute=45),
    },
    "queue-handling-texts": {
        "task": "decisions.tasks.queue_handling_texts",
        "schedule": timedelta(minutes=1),
    },
    "refresh-search-vocabulary": {
        "task": "decisions.tasks.refresh_search_vocabulary",
        "schedule": timedelta(hours=1),
    },
}

# --- Auth and security -------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Permissions an admin granted by hand on one object (docs/permissions.md).
    "guardian.backends.ObjectPermissionBackend",
    # Rights that follow from active memberships and a meeting's roles, computed per request, never stored.
    "groups.permissions.MembershipBackend",
    "meetings.permissions.MeetingRoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Every logged-in user has Mina sidor (a member's meetings, handlingar and questions): land there.
LOGIN_REDIRECT_URL = "members:my_pages"
LOGOUT_REDIRECT_URL = "pages:start"
ANONYMOUS_USER_NAME = None  # guardian: anonymous visitors get no object permissions at all

AXES_FAILURE_LIMIT = env.int("LGL_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LGL_LOGIN_COOLOFF_MINUTES", default=15))
# A username is locked after AXES_FAILURE_LIMIT failures from any address (spraying one account from many
# addresses); an address is throttled across usernames after LGL_LOGIN_ADDRESS_FAILURE_LIMIT failures (password
# spraying from one address), counted from axes' failure log by lgl_portal.accounts.selectors.
AXES_LOCKOUT_PARAMETERS = [["username"]]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# axes.W006 asks for ip_address in the lockout parameters; the address is throttled separately (below), with its
# own, higher limit, so that one user's typos do not lock out a whole office behind one address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
LGL_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LGL_LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
# The client address: django-ipware. Behind the production proxy (DJANGO_BEHIND_PROXY=true) it is the address the
# proxy appended to X-Forwarded-For (right-most, LGL_PROXY_COUNT proxies), never one the client wrote itself;
# without a proxy, REMOTE_ADDR.
AXES_IPWARE_META_PRECEDENCE_ORDER: tuple[str, ...]
if env.bool("DJANGO_BEHIND_PROXY", False):
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_PROXY_COUNT = env.int("LGL_PROXY_COUNT", default=1)
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env.int("LGL_SESSION_SECONDS", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_PROXY", False) else None
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Browser features the portal never uses, refused for every page (Permissions-Policy header).
LGL_PERMISSIONS_POLICY_DENY = (
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
    "interest-cohort",
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "lgl_portal.core.errors.csrf_failure"

# Content-Security-Policy without 'unsafe-inline': templates carry no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Request and upload limits: refused with a clear message rather than read into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("LGL_MAX_REQUEST_BYTES", default=2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
LGL_MAX_UPLOAD_BYTES = env.int("LGL_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Expediering: seconds before a failed e-mail is sent again (doubled per attempt).
LGL_DISPATCH_RETRY_SECONDS = env.int("LGL_DISPATCH_RETRY_SECONDS", default=60)

# --- Organisation seal (PAdES) on justerade protokoll and extracts ------------------------------------------
# The seal's PKCS#12 file and password (docker-compose mounts it as a secret) and the CA certificates /verifiera/
# trusts. With DEBUG on, `make run` creates a clearly marked development CA and seal under var/seal/ and these
# default to it; without a seal the documents are rendered unsealed and the worker logs a warning.
LGL_SEAL_DEV_DIR = VAR_DIR / "seal"
LGL_SEAL_DEV_PASSWORD = "utvecklingssigill-ej-hemligt"  # noqa: S105 - development material, named so
LGL_SEAL_P12 = env.str("LGL_SEAL_P12", default=str(LGL_SEAL_DEV_DIR / "dev-seal.p12") if DEBUG else "")
LGL_SEAL_PASSWORD = env.str("LGL_SEAL_PASSWORD", default=LGL_SEAL_DEV_PASSWORD if DEBUG else "")
if not LGL_SEAL_PASSWORD and env.str("LGL_SEAL_PASSWORD_FILE", default=""):
    # A docker secret is a file; reading it here keeps the password out of the environment.
    LGL_SEAL_PASSWORD = Path(env.str("LGL_SEAL_PASSWORD_FILE")).read_text(encoding="utf-8").strip()
LGL_SEAL_TRUST_ROOTS = env.list("LGL_SEAL_TRUST_ROOTS", default=[str(LGL_SEAL_DEV_DIR / "dev-ca.pem")] if DEBUG else [])

# --- I18n ---------------------------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files are never served from a public URL: every download goes through a view
# that checks permission. MEDIA_URL is deliberately not routed anywhere.
MEDIA_ROOT = Path(env.str("LGL_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/_private-media/"


def _object_store(url: str) -> dict[str, Any]:
    """`s3://bucket?endpoint=http://minio:9000&region=eu-north-1&prefix=lgl` → S3Storage (django-storages).

    Credentials are not part of the URL (it ends up in logs and process lists): boto3 reads AWS_ACCESS_KEY_ID
    and AWS_SECRET_ACCESS_KEY from the environment. Objects are private (no ACL header: the bucket's default,
    which is private), never overwritten (a taken name gets a suffix, as on disk: backups rely on it), and
    served only through the portal's permission-checked views (see README, "Flera noder").
    """
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"endpoint", "region", "prefix", "addressing"}
    if parts.scheme != "s3" or not parts.netloc or parts.path not in ("", "/") or unknown:
        raise ImproperlyConfigured(
            "LGL_STORAGE_URL ska se ut som s3://hink?endpoint=http://värd:9000&region=…&prefix=… "
            f"(okänt: {', '.join(sorted(unknown)) or url!r})."
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": parts.netloc,
            "endpoint_url": query.get("endpoint") or None,
            "region_name": query.get("region") or None,
            "location": query.get("prefix", "").strip("/"),
            # MinIO, Garage and rclone answer on one host name: path-style addressing unless told otherwise.
            "addressing_style": query.get("addressing", "path"),
            "signature_version": "s3v4",
            "default_acl": None,
            "file_overwrite": False,
            # Presigned URLs are never handed out (downloads stream through the views); if url() is ever
            # called, the URL is signed and short-lived, never a public object URL.
            "querystring_auth": True,
            "querystring_expire": 60,
            # A download is buffered in memory up to this size, then in a temporary file, never whole in RAM.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }


LGL_STORAGE_URL = env.str("LGL_STORAGE_URL", default="")
STORAGES = {
    "default": _object_store(LGL_STORAGE_URL)
    if LGL_STORAGE_URL
    else {
        "BACKEND": env.str("LGL_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("LGL_FILE_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": env.str("LGL_STATIC_STORAGE", default="whitenoise.storage.CompressedManifestStaticFilesStorage"),
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- E-mail ----------------------------------------------------------------------------------------------
try:
    vars().update(env.email_url("DJANGO_EMAIL_URL", default="consolemail://"))
except Exception as exc:
    raise ImproperlyConfigured(f"DJANGO_EMAIL_URL kan inte tolkas: {exc}") from exc
# Sender and recipients come from the environment; the example.org-style defaults exist only for DEBUG (make run),
# so production never mails from or to a placeholder address.
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="")
if not DEFAULT_FROM_EMAIL and DEBUG:
    DEFAULT_FROM_EMAIL = "LGL-portalen <noreply@lgl.example>"
_required("DJANGO_DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# "Namn <adress>, adress2": who receives reports from the site (e.g. accessibility problems).
MANAGERS = [(name, address) for name, address in getaddresses([env.str("DJANGO_MANAGERS", default="")]) if address]
# Named on the accessibility statement and used when no MANAGERS are set (lag 2018:1937 requires a contact).
# The start page lists this county's bodies first (a county's name, "Kalmar län", or its code, "08").
LGL_HOME_COUNTY = env.str("LGL_HOME_COUNTY", default="Kalmar län")
LGL_ACCESSIBILITY_CONTACT = env.str("LGL_ACCESSIBILITY_CONTACT", default="")
if not LGL_ACCESSIBILITY_CONTACT and DEBUG:
    LGL_ACCESSIBILITY_CONTACT = "tillganglighet@lgl.example"
_required("LGL_ACCESSIBILITY_CONTACT", LGL_ACCESSIBILITY_CONTACT)
# The mail task retries transient SMTP failures after BASE, 2×BASE, 4×BASE … seconds (at most an hour apart).
LGL_MAIL_RETRY_BASE_SECONDS = env.float("LGL_MAIL_RETRY_BASE_SECONDS", default=30)
LGL_MAIL_MAX_RETRIES = env.int("LGL_MAIL_MAX_RETRIES", default=8)

# --- API -------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LGL öppna data (OParl 1.1)",
    "DESCRIPTION": (
        "Läsbart JSON-API med offentliga uppgifter från Länsgemensam ledning i samverkan, enligt OParl 1.1. "
        "Börja vid /api/ (System) och följ länkarna: Body, och per Body listorna organization, person, meeting, "
        "paper och legislativeTerm. Listor har formen {data, pagination, links} och tar filtren created_since, "
        "created_until, modified_since och modified_until."
    ),
    "VERSION": "1.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "SERVERS": [{"url": SITE_URL}],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.openapi.add_oparl_components"],
}
# The open API may be read from any origin (OParl 1.1, "CORS"); nothing else of the portal is shared.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Conditional requests from a browser client: it may send the validators and read them back.
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]

# --- Logging ---------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Portal rules -------------------------------------------------------------------------------------------
# The justering deadline itself is each organ's rule (Organ.justering_days, default 14, KL 5 kap. 69 §).
# Days before the justering deadline (and on the day) that the secretary and the signers are reminded.
LGL_JUSTERING_REMIND_DAYS_AHEAD = env.int("LGL_JUSTERING_REMIND_DAYS_AHEAD", default=4)
# Days before a due date that an uppdrag reminder is sent.
LGL_ASSIGNMENT_REMINDER_DAYS = env.int("LGL_ASSIGNMENT_REMINDER_DAYS", default=7)
LGL_RATIFICATION_REMINDER_DAYS = env.int("LGL_RATIFICATION_REMINDER_DAYS", default=14)
