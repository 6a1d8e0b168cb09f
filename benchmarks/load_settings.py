"""Settings for benchmarks/load_officers.py: the project's, with DEBUG off as deployed, over plain HTTP on
127.0.0.1 (the load tool speaks HTTP, so secure-only cookies and the HTTPS redirect are turned off)."""

from config.settings import *  # noqa: F403

DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
