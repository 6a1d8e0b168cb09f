"""Settings, all from the environment (django-environ), with safe local defaults.

Local runs need no configuration: SQLite under var/, console email, DEBUG on.
Production sets DJANGO_DEBUG=false, DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE),
DJANGO_ALLOWED_HOSTS and DATABASE_URL, and passes `manage.py check --deploy`.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DJANGO_DEBUG", default=True)


def _secret_key() -> str:
    path = env.str("DJANGO_SECRET_KEY_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    if DEBUG:
        return env.str("DJANGO_SECRET_KEY", default="local-development-only-not-a-secret")
    # Fail loudly: a production process must never start with a guessable key.
    return env.str("DJANGO_SECRET_KEY")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",  # tokens for brokers' and importers' systems (POST /api/v1/auth/token/)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets served locally, no CDN
    "cases",
    "evidence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cases.middleware.RequestIdMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cases.context_processors.workspace",  # unread notification count in the header
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a competing writer instead of failing at once ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "cases.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # stored in UTC; pages show the port's local zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="forced-labor-cases@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

REST_FRAMEWORK = {
    # Token first: an anonymous API call then answers 401 with a WWW-Authenticate challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "cases.api.pagination.PageNumbers",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=50),
    "EXCEPTION_HANDLER": "cases.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["cases.api.throttling.AnonymousThrottle", "cases.api.throttling.UserThrottle"],
    # Per anonymous client address and per signed-in user; "N/second|minute|hour|day".
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Forced-labor detention case manager API",
    "DESCRIPTION": (
        "Version 1. Every error answers with one body: "
        '`{"error": {"code", "message", "fields"?, "current_state"?, "allowed_actions"?}}`. '
        "400 validation (fields: field name -> list of messages), 401 not signed in, 403 the role may not "
        "take the action, 404 not found or outside the caller's organisation, 409 refused in the current "
        "state (current_state, allowed_actions), 429 throttled."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # One named enum per state machine and vocabulary, instead of generated names like Status326Enum.
    "ENUM_NAME_OVERRIDES": {
        "BasisEnum": "cases.models.Basis",
        "DetentionStatusEnum": "cases.models.DetentionStatus",
        "SubmissionStatusEnum": "cases.models.SubmissionStatus",
        "RfiStatusEnum": "cases.models.RfiStatus",
        "DecisionStatusEnum": "cases.models.DecisionStatus",
        "ProtestStatusEnum": "cases.models.ProtestStatus",
        "InvestigationStatusEnum": "cases.models.InvestigationStatus",
        "WroStatusEnum": "cases.models.WroStatus",
        "FindingStatusEnum": "cases.models.FindingStatus",
        "ReleaseStatusEnum": "cases.models.ReleaseStatus",
        "DeadlineStateEnum": "cases.models.DeadlineState",
        "DeadlineKindEnum": "cases.api.schema.DEADLINE_KIND_CHOICES",
        "OrderKindEnum": ["wro", "finding"],
        "OutcomeEnum": "cases.models.Outcome",
    },
}

# --- Domain policy settings (domain.md section 3) ---------------------------------------------
# Whether a lapsed admissibility_determination clock records a deemed exclusion automatically
# (True) or raises a supervisor alert while the Part 12 window governs (False). Unsettled law:
# see domain.md, "Deemed-exclusion policy". Override per basis, e.g. CASES_DEEMED_EXCLUSION_WRO=true.
CASES_DEEMED_EXCLUSION_POLICY = {
    basis: env.bool(f"CASES_DEEMED_EXCLUSION_{basis.upper()}", default=default)
    for basis, default in {"wro": False, "finding": False, "caatsa": True, "uflpa": True}.items()
}
# Days an importer has to answer a request for information (CBP Form 28 practice).
CASES_RFI_RESPONSE_DAYS = env.int("CASES_RFI_RESPONSE_DAYS", default=30)

# --- Evidence files (evidence app) ---------------------------------------------------------------
# Stored outside any directory the web server or whitenoise serves; only evidence.views hands bytes out.
EVIDENCE_ROOT = Path(env.str("EVIDENCE_ROOT", default=str(VAR_DIR / "evidence")))
# Uploads stream here while being hashed. Keep it on the same filesystem as EVIDENCE_ROOT so a
# finished upload is moved into place by a rename instead of a second copy.
EVIDENCE_UPLOAD_TEMP_DIR = Path(env.str("EVIDENCE_UPLOAD_TEMP_DIR", default=str(VAR_DIR / "evidence-incoming")))
# Largest accepted file. Set the web server in front to the same limit plus 1 MB for the form
# (nginx: `client_max_body_size 101m;`) so it refuses larger bodies before they reach Django.
EVIDENCE_MAX_UPLOAD_BYTES = env.int("EVIDENCE_MAX_UPLOAD_BYTES", default=100 * 1024 * 1024)
# ZIP archives are inspected without extracting; these bound what the scanner would have to unpack.
EVIDENCE_ZIP_MAX_ENTRIES = env.int("EVIDENCE_ZIP_MAX_ENTRIES", default=10_000)
EVIDENCE_ZIP_MAX_UNCOMPRESSED_BYTES = env.int("EVIDENCE_ZIP_MAX_UNCOMPRESSED_BYTES", default=1024 * 1024 * 1024)
EVIDENCE_ZIP_MAX_RATIO = env.int("EVIDENCE_ZIP_MAX_RATIO", default=200)
# "clamav" (clamd over its Unix socket) or "none" (local runs only: files are marked clean unscanned;
# `check --deploy` refuses it).
EVIDENCE_SCANNER = env.str("EVIDENCE_SCANNER", default="none" if DEBUG else "clamav")
EVIDENCE_CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="/var/run/clamav/clamd.ctl")
EVIDENCE_CLAMD_TIMEOUT = env.int("EVIDENCE_CLAMD_TIMEOUT", default=120)
# "filesystem" (EVIDENCE_ROOT) or "s3" (any S3-compatible store, through django-storages).
EVIDENCE_STORAGE = env.str("EVIDENCE_STORAGE", default="filesystem")
if EVIDENCE_STORAGE == "s3":
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("EVIDENCE_S3_BUCKET"),
            "endpoint_url": env.str("EVIDENCE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("EVIDENCE_S3_REGION", default="") or None,
            "location": env.str("EVIDENCE_S3_PREFIX", default="evidence"),
            # Content-addressed keys must never be silently replaced by other bytes.
            "file_overwrite": False,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
elif EVIDENCE_STORAGE == "filesystem":
    STORAGES["evidence"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": EVIDENCE_ROOT,
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
else:
    raise ValueError(f"EVIDENCE_STORAGE must be 'filesystem' or 's3', not {EVIDENCE_STORAGE!r}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every rendering step at INFO; only its warnings (a missing font, a bad rule) matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Celery (config/celery.py) -------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Without a broker (tests, a bare `manage.py runserver`) work runs inline after commit.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Redis re-delivers an unacknowledged task after the visibility timeout, so it must exceed the longest
# task's time limit (evidence.verify_evidence: 6 hours) or a running task would start a second time.
# Work lost with a dead worker does not wait for it: the sweep runs every minute and the relay re-sends.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 7 * 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must not hang while Redis is down: give up publishing quickly, the relay re-sends later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# The schedule is static here (not in the database) so that it is reviewed like code. `expires` drops
# a run that waited in the queue past its next turn, so a backlog never piles up sweeps.
CELERY_BEAT_SCHEDULE = {
    "sweep-deadlines": {"task": "cases.sweep_deadlines", "schedule": 60.0, "options": {"expires": 55}},
    "relay-pending-notifications": {
        "task": "cases.relay_pending_notifications", "schedule": 60.0, "options": {"expires": 55},
    },
    "send-daily-digests": {
        "task": "cases.send_daily_digests",
        "schedule": crontab(hour=env.int("CASES_DIGEST_HOUR_UTC", default=11), minute=0),
    },
    # Scans whose task was lost while Redis or the worker was down; reads the pending-scan partial index.
    "requeue-stale-evidence-scans": {
        "task": "evidence.requeue_stale_scans", "schedule": 300.0, "options": {"expires": 290},
    },
    # Re-hash every stored evidence file (manage.py verify_evidence does the same on demand).
    "verify-evidence-weekly": {
        "task": "evidence.verify_evidence", "schedule": crontab(day_of_week="sun", hour=3, minute=0),
    },
}
# How long a worker's claim on a notification lasts; after it lapses the relay may send the row again.
CASES_NOTIFICATION_LEASE_SECONDS = env.int("CASES_NOTIFICATION_LEASE_SECONDS", default=300)
# After this many failed sends a notification is marked failed (kept, with its last error).
CASES_NOTIFICATION_MAX_ATTEMPTS = env.int("CASES_NOTIFICATION_MAX_ATTEMPTS", default=10)
