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
    "django_otp",  # two-factor sign-in: staff must verify a code after the password (cases.accounts)
    "django_otp.plugins.otp_totp",  # authenticator-app codes (RFC 6238)
    "django_otp.plugins.otp_static",  # one-time recovery codes
    "axes",  # failed sign-in counting and lockout per username and per client address
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets served locally, no CDN
    "csp",  # Content-Security-Policy on every page (django-csp)
    "health_check",  # readiness and liveness probes (config/operations.py)
    "django_prometheus",  # request metrics for /metrics
    "cases",
    "evidence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cases.request_limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): a code was given this session
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cases.security_headers.NoStoreForSignedInMiddleware",
    "cases.api.parsers.JsonDepthLimitMiddleware",
    "cases.middleware.RequestIdMiddleware",
    # After the request id, so refusals it audits carry it: organisation suspended, session timeouts, 2FA.
    "cases.accounts.middleware.AccountGateMiddleware",
    # A wrong method on a page (a form's address opened as a link) answers with the 405 page, not a blank one.
    "cases.error_pages.MethodNotAllowedPageMiddleware",
    # Last: turns a lockout flagged during authentication into the lockout answer.
    "axes.middleware.AxesMiddleware",
]
# Outermost: every error under /api/ leaves in the API's JSON error format, including those Django
# answers outside the API's views (an unknown path, a CSRF refusal, a server error).
MIDDLEWARE.insert(0, "cases.api.middleware.ApiErrorBodyMiddleware")
MIDDLEWARE.insert(1, "cases.api.middleware.DeprecationHeadersMiddleware")
# Request counts and latencies by view and status for Prometheus (/metrics, config/operations.py).
MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")
# /metrics answers loopback callers, or any caller sending "Authorization: Bearer <METRICS_TOKEN>".
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

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
# Django's widget templates, with plain inputs and drop-downs written in Python (same HTML, a fraction of
# the time; cases.form_renderer).
FORM_RENDERER = "cases.form_renderer.WidgetRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Connections are reused instead of opened per request (about 4.5 ms each): either psycopg's pool in
    # each process (DATABASE_POOL=true; DATABASE_POOL_MIN_SIZE / DATABASE_POOL_MAX_SIZE), or one persistent
    # connection per web worker thread and Celery worker process (DATABASE_CONN_MAX_AGE seconds, default 60).
    # Either way a connection is checked before reuse, so one the server closed is replaced, not failed on.
    if env.bool("DATABASE_POOL", default=False):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
            "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=8),
            "timeout": env.int("DATABASE_POOL_TIMEOUT", default=10),
            "check": __import__("psycopg_pool").ConnectionPool.check_connection,
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a competing writer instead of failing at once ("database is locked"); workers, beat and the
    # web server share the file, and a loaded machine can hold a writer for many seconds.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 60
    # A transaction takes the write lock when it begins: two readers upgrading to writers at once would
    # otherwise deadlock, and SQLite answers that at once, without waiting out the timeout.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The open-work tallies' index carries its count as a non-key column (INCLUDE) on PostgreSQL for
# index-only reads; SQLite builds the same index without it, which is all the warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "cases.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # "aaaaaaaaaaaa" or "abababababab" pass the length and common-password lists but are guessed at once.
    {"NAME": "cases.accounts.validators.RepetitionValidator", "OPTIONS": {"min_distinct": 5, "max_run": 3}},
]
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username or address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's backend, also refusing users of a suspended importer organisation.
    "cases.accounts.backends.AccountBackend",
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

# Bodies declaring more are refused with 413 unread, except evidence uploads (cases.request_limits).
REQUEST_MAX_BODY_BYTES = env.int("REQUEST_MAX_BODY_BYTES", default=3 * 1024 * 1024)
# Deeper JSON bodies are refused with 400 before parsing (cases.api.parsers).
API_JSON_MAX_DEPTH = env.int("API_JSON_MAX_DEPTH", default=32)

# Content-Security-Policy (django-csp) on every page: scripts, styles, fonts and images from this site
# only; no inline script, no eval (htmx's eval features are off: templates/base.html). Evidence
# downloads send their own stricter "sandbox" policy.
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
    },
}

SESSION_COOKIE_HTTPONLY = True
# --- Accounts: sessions, sign-in throttling, two-factor sign-in, API tokens (docs/security.md) -----
# A session ends ABSOLUTE hours after sign-in, or after IDLE minutes without a request
# (cases.accounts.middleware). The cookie and the stored session never outlive the absolute limit.
ACCOUNTS_STAFF_SESSION_HOURS = env.int("ACCOUNTS_STAFF_SESSION_HOURS", default=12)
ACCOUNTS_STAFF_IDLE_MINUTES = env.int("ACCOUNTS_STAFF_IDLE_MINUTES", default=30)
ACCOUNTS_IMPORTER_SESSION_HOURS = env.int("ACCOUNTS_IMPORTER_SESSION_HOURS", default=12)
ACCOUNTS_IMPORTER_IDLE_MINUTES = env.int("ACCOUNTS_IMPORTER_IDLE_MINUTES", default=60)
SESSION_COOKIE_AGE = max(ACCOUNTS_STAFF_SESSION_HOURS, ACCOUNTS_IMPORTER_SESSION_HOURS) * 3600
# How many reverse proxies in front of the application append to X-Forwarded-For. 0 (the default):
# the header is ignored and the client is the connection's address. With N, the client is the N-th
# address from the right, the one the outermost trusted proxy saw; anything left of it is the client's
# own claim. Used by the sign-in lockout and every API throttle (cases.accounts.network).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# django-axes: after AXES_FAILURE_LIMIT failed sign-ins for one username (from anywhere), or from one
# client address (for any usernames), further attempts are refused for AXES_COOLOFF_TIME, even with
# the right password. Counted in the database, so every web process sees the same counts.
AXES_FAILURE_LIMIT = env.int("ACCOUNTS_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("ACCOUNTS_LOCKOUT_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cases.accounts.network.client_address"
AXES_LOCKOUT_CALLABLE = "cases.accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = True
AXES_VERBOSE = False
# Staff (officers, supervisors, administrators) must sign in with a one-time code after the password.
# Staff without a device are sent to enrolment right after the password step. Importers may enable it.
ACCOUNTS_STAFF_TWO_FACTOR = env.bool("ACCOUNTS_STAFF_TWO_FACTOR", default=True)
OTP_TOTP_ISSUER = "Forced Labor Case Manager"
ACCOUNTS_RECOVERY_CODES = 10
# API tokens expire this many days after they are minted.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
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
        "cases.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # One media type per operation: JSON in and out; the evidence upload alone reads multipart, and a
    # download answers with the file's bytes (cases.api.schema documents both). Form and multipart
    # bodies on JSON operations are deprecated and read until API_FORM_BODIES_SUNSET (cases.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "cases.api.parsers.DepthLimitedJSONParser",  # JSON nested too deep is a 400, never a RecursionError
        "cases.api.parsers.DeprecatedFormParser",
        "cases.api.parsers.DeprecatedMultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "cases.api.schema.ApiSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "cases.api.ordering.StrictOrderingFilter",  # an unknown ordering field is a 400, never ignored
    ],
    "DEFAULT_PAGINATION_CLASS": "cases.api.pagination.PageNumbers",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=50),
    "EXCEPTION_HANDLER": "cases.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["cases.api.throttling.AnonymousThrottle", "cases.api.throttling.UserThrottle"],
    # Per anonymous client address and per signed-in user; "N/second|minute|hour|day".
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
        # The token endpoint, per username asked for, whatever address the requests come from.
        "token_username": env.str("API_THROTTLE_TOKEN_USERNAME", default="10/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Form-encoded and multipart bodies on JSON operations: deprecated on API_FORM_BODIES_DEPRECATED_ON,
# answered with Deprecation/Sunset headers, refused with 415 from API_FORM_BODIES_SUNSET (ISO dates).
API_FORM_BODIES_DEPRECATED_ON = env.str("API_FORM_BODIES_DEPRECATED_ON", default="2026-12-07")
API_FORM_BODIES_SUNSET = env.str("API_FORM_BODIES_SUNSET", default="2027-06-30")
API_CHANGELOG_URL = env.str(
    "API_CHANGELOG_URL", default="https://cases.example.gov/docs/api-changelog.md#form-and-multipart-bodies")
SPECTACULAR_SETTINGS = {
    "TITLE": "Forced-labor detention case manager API",
    "DESCRIPTION": (
        "Version 1. Request bodies are JSON (`application/json`), except the evidence upload "
        "(`multipart/form-data`); answers are JSON, except a download (the file's bytes). Every error "
        'answers with one body, the `Error` schema: `{"error": {"code", "message", "fields"?, '
        '"current_state"?, "allowed_actions"?}}`. 400 validation (fields: field name -> list of messages), '
        "401 not signed in, 403 the role may not take the action, 404 not found or outside the caller's "
        "organisation, 405 method not offered, 406 unacceptable Accept header, 409 refused in the current "
        "state (current_state, allowed_actions), 413 body too large, 415 wrong request media type, "
        "429 throttled (Retry-After), 500 server error. Conventions, paging, webhooks and the changelog: "
        "docs/api.md and docs/api-changelog.md in the repository."
    ),
    "VERSION": "1.0.0",
    "CONTACT": {"name": "The case manager's administrators"},
    # Relative: the schema served by a deployment names that deployment.
    "SERVERS": [{"url": "/", "description": "This deployment"}],
    "TAGS": [
        {"name": name, "description": description} for name, description in (
            ("auth", "API tokens for systems."),
            ("detentions", "Detained entries, their actions, clocks and timeline."),
            ("shipments", "Presented shipments and their detention or release."),
            ("submissions", "Importers' admissibility submissions (19 CFR 12.43)."),
            ("rfis", "Requests for information and their answers."),
            ("decisions", "Admissibility decisions (four eyes)."),
            ("protests", "Protests of exclusions (19 U.S.C. 1514)."),
            ("deadlines", "Statutory clocks as rows."),
            ("notifications", "The caller's in-app notifications."),
            ("evidence", "Evidence files: upload and checked download."),
            ("investigations", "Forced-labor investigations (staff)."),
            ("orders", "Withhold Release Orders, Findings and modification petitions (staff)."),
            ("entities", "Foreign entities (staff)."),
            ("webhooks", "An organisation's webhook endpoints and their deliveries."),
        )
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its Swagger UI are for signed-in callers (session or token) only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Request bodies are documented as JSON only; deprecated form bodies are read but not advertised.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
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
        "PetitionStatusEnum": "cases.models.PetitionStatus",
        "WebhookEventTypeEnum": "cases.webhooks.models.EventType",
        "WebhookEndpointStatusEnum": "cases.webhooks.models.EndpointStatus",
        "WebhookDeliveryStatusEnum": "cases.webhooks.models.DeliveryStatus",
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
# Dates are port-local (domain.md section 3): a port missing from the Port reference data keeps its
# dates in this zone, as do agency-wide acts that belong to no port.
CASES_DEFAULT_PORT_TIME_ZONE = env.str("CASES_DEFAULT_PORT_TIME_ZONE", default="America/New_York")
# UFLPA sec. 3(b): an exception is the Commissioner's determination. Supervisors in this group (the
# Commissioner or the official the Commissioner designates) approve decisions that grant one.
CASES_UFLPA_EXCEPTION_APPROVER_GROUP = env.str("CASES_UFLPA_EXCEPTION_APPROVER_GROUP", default="Commissioner")
# Longest extension of an importer's window, counted from the window's original due date.
CASES_MAX_EXTENSION_DAYS = env.int("CASES_MAX_EXTENSION_DAYS", default=365)
# After a seizure (docs/seizure.md). Days the notice of seizure gives for the election: 30 by 19 CFR
# 171.2(b)(1); the Fines, Penalties and Forfeitures Officer may give 60 in a complex case (171.15(a)(4)).
CASES_SEIZURE_ELECTION_DAYS = env.int("CASES_SEIZURE_ELECTION_DAYS", default=30)
# Seizure of goods excluded under a WRO once a Finding converted from that WRO is published and the goods are
# still in CBP custody (19 CFR 12.42(f), 12.44(b)). Off by default: that a Finding reaches goods "still in
# custody" rests on a secondary source (domain.md [S]); the agency turns it on once its counsel confirms it.
CASES_SEIZURE_AFTER_LATER_FINDING = env.bool("CASES_SEIZURE_AFTER_LATER_FINDING", default=False)
# Days the notice of seizure and intent to forfeit stays published (forfeiture.gov practice, 19 CFR 162.45(b)).
CASES_FORFEITURE_PUBLICATION_DAYS = env.int("CASES_FORFEITURE_PUBLICATION_DAYS", default=30)
# Days after an export under bond for the proof of exportation; the law sets no period (agency practice).
CASES_EXPORT_PROOF_DAYS = env.int("CASES_EXPORT_PROOF_DAYS", default=30)
# Public statistics: a count of 1 to (threshold - 1) shipments is not published (docs/statistics.md).
STATISTICS_SUPPRESSION_THRESHOLD = env.int("STATISTICS_SUPPRESSION_THRESHOLD", default=5)
# How often Celery beat recomputes the summary rows the widest statistics views are served from.
STATISTICS_REFRESH_SECONDS = env.int("STATISTICS_REFRESH_SECONDS", default=600)
# Entry screening: a list change re-screens entries still awaiting the release-or-detain decision and
# those imported within this many days (docs/screening.md).
SCREENING_RESCREEN_DAYS = env.int("SCREENING_RESCREEN_DAYS", default=90)

# --- Evidence files (evidence app) ---------------------------------------------------------------
# Stored outside any directory the web server or whitenoise serves; only evidence.views hands bytes out.
EVIDENCE_ROOT = Path(env.str("EVIDENCE_ROOT", default=str(VAR_DIR / "evidence")))
# Uploads stream here while being hashed. Keep it on the same filesystem as EVIDENCE_ROOT so a
# finished upload is moved into place by a rename instead of a second copy.
EVIDENCE_UPLOAD_TEMP_DIR = Path(env.str("EVIDENCE_UPLOAD_TEMP_DIR", default=str(VAR_DIR / "evidence-incoming")))
# Largest accepted file. Set the web server in front to the same limit plus 1 MB for the form
# (nginx: `client_max_body_size 101m;`) so it refuses larger bodies before they reach Django.
EVIDENCE_MAX_UPLOAD_BYTES = env.int("EVIDENCE_MAX_UPLOAD_BYTES", default=100 * 1024 * 1024)
# Entry files uploaded for import (docs/intake.md): kept here until imported; the largest accepted.
ENTRY_IMPORT_ROOT = Path(env.str("ENTRY_IMPORT_ROOT", default=str(VAR_DIR / "entry-imports")))
ENTRY_IMPORT_MAX_UPLOAD_BYTES = env.int("ENTRY_IMPORT_MAX_UPLOAD_BYTES", default=512 * 1024 * 1024)
# An import whose worker wrote no progress for this long is handed back to the queue (a batch takes
# seconds); one queued this long without starting is queued again. After this many starts it fails.
ENTRY_IMPORT_STALL_MINUTES = env.int("ENTRY_IMPORT_STALL_MINUTES", default=10)
ENTRY_IMPORT_MAX_ATTEMPTS = env.int("ENTRY_IMPORT_MAX_ATTEMPTS", default=3)
# Entries one POST /api/v1/entries/bulk/ takes.
ENTRY_BULK_API_MAX_ENTRIES = env.int("ENTRY_BULK_API_MAX_ENTRIES", default=1000)
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

# --- Audit trail (cases/audit.py, docs/audit.md) ---------------------------------------------------
# HMAC keys for the audit trail, never stored in the database. AUDIT_HMAC_KEYS_FILE (one "key-id secret"
# per line) or AUDIT_HMAC_KEYS ("key-id:secret,key-id:secret"); the last key is the one new events use,
# the earlier ones stay to verify older events. A rotation is recorded in the chain by its own event.
# The development default is public; `check --deploy` refuses it (cases/audit_checks.py).
AUDIT_DEVELOPMENT_KEY_ID = "development-only"
AUDIT_DEVELOPMENT_KEY = "development-only-audit-key-not-a-secret"


def _audit_keys() -> dict[str, str]:
    path = env.str("AUDIT_HMAC_KEYS_FILE", default="")
    if path:
        pairs = [line.split(None, 1) for line in Path(path).read_text().splitlines() if line.strip()]
    else:
        pairs = [item.split(":", 1) for item in env.list("AUDIT_HMAC_KEYS", default=[])]
    keys = {key_id.strip(): secret.strip() for key_id, secret in pairs}
    return keys or {AUDIT_DEVELOPMENT_KEY_ID: AUDIT_DEVELOPMENT_KEY}


AUDIT_HMAC_KEYS = _audit_keys()
AUDIT_HMAC_CURRENT_KEY_ID = list(AUDIT_HMAC_KEYS)[-1]
# After a commit that wrote audit events, ask for a sealing run (a Celery task), at most once per
# AUDIT_SEAL_COALESCE_SECONDS per process; the "seal-audit-events" schedule seals whatever is left.
AUDIT_SEAL_ON_COMMIT = env.bool("AUDIT_SEAL_ON_COMMIT", default=True)
AUDIT_SEAL_COALESCE_SECONDS = env.float("AUDIT_SEAL_COALESCE_SECONDS", default=1.0)
# Signed checkpoints of the sealed chain head, written outside the database by the scheduled task.
# "filesystem" (AUDIT_CHECKPOINT_ROOT) or "s3" (a bucket with S3 Object Lock: each checkpoint is written
# with a COMPLIANCE retention of AUDIT_CHECKPOINT_RETENTION_DAYS, so nobody can delete or replace it).
AUDIT_CHECKPOINT_STORAGE = env.str("AUDIT_CHECKPOINT_STORAGE", default="filesystem")
AUDIT_CHECKPOINT_ROOT = Path(env.str("AUDIT_CHECKPOINT_ROOT", default=str(VAR_DIR / "audit-checkpoints")))
AUDIT_CHECKPOINT_RETENTION_DAYS = env.int("AUDIT_CHECKPOINT_RETENTION_DAYS", default=7 * 366)
if AUDIT_CHECKPOINT_STORAGE == "s3":
    STORAGES["audit_checkpoints"] = {
        "BACKEND": "cases.checkpoint_storage.ObjectLockS3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AUDIT_CHECKPOINT_S3_BUCKET"),
            "endpoint_url": env.str("AUDIT_CHECKPOINT_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AUDIT_CHECKPOINT_S3_REGION", default="") or None,
            "location": env.str("AUDIT_CHECKPOINT_S3_PREFIX", default="audit-checkpoints"),
            "file_overwrite": False,
            "default_acl": "private",
        },
    }
elif AUDIT_CHECKPOINT_STORAGE == "filesystem":
    STORAGES["audit_checkpoints"] = {
        "BACKEND": "cases.checkpoint_storage.AppendOnlyFileSystemStorage",
        "OPTIONS": {
            "location": AUDIT_CHECKPOINT_ROOT,
            "base_url": None,
            "file_permissions_mode": 0o400,
            "directory_permissions_mode": 0o700,
        },
    }
else:
    raise ValueError(f"AUDIT_CHECKPOINT_STORAGE must be 'filesystem' or 's3', not {AUDIT_CHECKPOINT_STORAGE!r}.")

# LOG_FORMAT=json: one JSON object per line (python-json-logger) with the request id of the audit trail.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cases.middleware.RequestIdFilter"}},
    "formatters": {"json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    }},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             **({"formatter": "json"} if LOG_FORMAT == "json" else {})}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # django-axes narrates every sign-in at INFO; sign-ins are audit events already, lockouts stay WARNING.
    # WeasyPrint logs every rendering step at INFO; only its warnings (a missing font, a bad rule) matter.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
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
# CELERY_SEPARATE_QUEUES=true (Procfile.prod, docs/scale.md): the sweep, notification delivery and
# evidence scanning each go to their own queue, served by their own worker processes, so a backlog of
# one never delays the others. Off by default: `make run` runs one worker reading the default queue.
if env.bool("CELERY_SEPARATE_QUEUES", default=False):
    CELERY_TASK_ROUTES = {
        "cases.sweep_deadlines": {"queue": "sweep"},
        "statistics.refresh_snapshots": {"queue": "sweep"},
        "cases.deliver_notification": {"queue": "notifications"},
        "cases.relay_pending_notifications": {"queue": "notifications"},
        "cases.send_daily_digests": {"queue": "notifications"},
        "cases.deliver_webhook": {"queue": "notifications"},
        "cases.relay_webhook_deliveries": {"queue": "notifications"},
        "evidence.*": {"queue": "evidence"},
    }
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
    # Summary rows of the widest statistics views (cases.statistics.snapshots); the pages show their age.
    "refresh-statistics": {
        "task": "statistics.refresh_snapshots", "schedule": float(STATISTICS_REFRESH_SECONDS),
        "options": {"expires": STATISTICS_REFRESH_SECONDS - 5},
    },
    # Seal audit events a busy sealer left behind, then write a signed checkpoint of the chain head.
    "seal-audit-events": {"task": "cases.seal_audit_events", "schedule": 10.0, "options": {"expires": 9}},
    "write-audit-checkpoint": {
        "task": "cases.write_audit_checkpoint",
        "schedule": env.float("AUDIT_CHECKPOINT_INTERVAL_SECONDS", default=900.0),
        "options": {"expires": 600},
    },
    # The supervisor's open-work tallies (cases.tallies): fold the trigger-written rows, one per key.
    "compact-work-tallies": {"task": "cases.compact_work_tallies", "schedule": 300.0, "options": {"expires": 290}},
    # Entry imports whose task was lost or whose worker stopped; deletes ended imports' files.
    "recover-entry-imports": {"task": "cases.recover_entry_imports", "schedule": 300.0, "options": {"expires": 290}},
    "verify-evidence-weekly": {
        "task": "evidence.verify_evidence", "schedule": crontab(day_of_week="sun", hour=3, minute=0),
    },
}
# How long a worker's claim on a notification lasts; after it lapses the relay may send the row again.
CASES_NOTIFICATION_LEASE_SECONDS = env.int("CASES_NOTIFICATION_LEASE_SECONDS", default=300)
# After this many failed sends a notification is marked failed (kept, with its last error).
CASES_NOTIFICATION_MAX_ATTEMPTS = env.int("CASES_NOTIFICATION_MAX_ATTEMPTS", default=10)

# --- Webhooks (cases/webhooks/) ---------------------------------------------------------------------
# Private, loopback and link-local targets are refused (server-side request forgery) unless this is true:
# on in local runs and the tests (a receiver on 127.0.0.1), off in production (DJANGO_DEBUG=false).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env.bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=DEBUG)
WEBHOOKS_TIMEOUT_SECONDS = env.int("WEBHOOKS_TIMEOUT_SECONDS", default=10)
# Retries wait 1, 2, 4 ... minutes, at most 6 hours; after 12 attempts (about 1.5 days) a delivery fails.
WEBHOOKS_RETRY_BASE_SECONDS = env.int("WEBHOOKS_RETRY_BASE_SECONDS", default=60)
WEBHOOKS_RETRY_MAX_SECONDS = env.int("WEBHOOKS_RETRY_MAX_SECONDS", default=6 * 3600)
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=12)
# Failed attempts in a row (any deliveries) after which an endpoint is paused and its owners told.
WEBHOOKS_PAUSE_AFTER_FAILURES = env.int("WEBHOOKS_PAUSE_AFTER_FAILURES", default=20)
CELERY_BEAT_SCHEDULE["relay-webhook-deliveries"] = {
    "task": "cases.relay_webhook_deliveries", "schedule": 60.0, "options": {"expires": 55},
}
