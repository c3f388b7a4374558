"""The only settings module. Everything comes from the environment.

Strict readers: a malformed value raises ImproperlyConfigured at start-up
instead of silently falling back.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()  # typed generics such as ModelAdmin[Team] at run time

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("COMPLAINTDESK_DEBUG", False)
_DEV_SECRET = "insecure-development-key-set-COMPLAINTDESK_SECRET_KEY-in-production"  # noqa: S105
SECRET_KEY = env_str("COMPLAINTDESK_SECRET_KEY", _DEV_SECRET)
if SECRET_KEY == _DEV_SECRET and not DEBUG and env_bool("COMPLAINTDESK_REQUIRE_SECRET", False):
    raise ImproperlyConfigured("COMPLAINTDESK_SECRET_KEY must be set in production")
ALLOWED_HOSTS = env_list("COMPLAINTDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("COMPLAINTDESK_CSRF_TRUSTED_ORIGINS", [])
PUBLIC_BASE_URL = env_str("COMPLAINTDESK_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "ninja",
    "complaintdesk.accounts",
    "complaintdesk.customers",
    "complaintdesk.complaints",
    "complaintdesk.sla",
    "complaintdesk.replycheck",
    "complaintdesk.intake",
    "complaintdesk.worker",
    "complaintdesk.api",
    "complaintdesk.analytics",
    "complaintdesk.benchmarking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "complaintdesk.accounts.middleware.ViewerTimezoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "complaintdesk.urls"
WSGI_APPLICATION = "complaintdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "complaintdesk.sla.context_processors.unread_alerts",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "OPTIONS": {"environment": "complaintdesk.lib.jinja.environment"},
    },
]

# Form widgets render through Jinja2 (Django's own widget templates for it): the
# complaint page holds several forms, and Django's template engine made them most
# of the page's time.
FORM_RENDERER = "django.forms.renderers.Jinja2"


def _database() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        # The same file scripts/run.sh serves, so a management command run from the
        # checkout (createtoken, import-csv) reaches the running demo's database.
        default = Path.cwd() / "var" / "complaintdesk.sqlite3"
        path = Path(env_str("COMPLAINTDESK_SQLITE_PATH", str(default)))
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    try:
        # Connections outlive a request, on SQLite too: a new SQLite connection reads
        # the schema and prepares every statement afresh (3-4 ms of a create).
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run while the worker writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions; the
        # backend queues writers on a lock file (see lib/sqlite_backend).
        config["ENGINE"] = "complaintdesk.lib.sqlite_backend"
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
        # A file, not memory: tests of concurrent writers need real locking.
        config["TEST"] = {
            "NAME": str(Path(tempfile.gettempdir()) / f"complaintdesk-test-{os.getpid()}.sqlite3")
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_HEALTH_CHECKS"] = True
        # Requests are short and as many as the cores: compiling a query (JIT) or
        # starting parallel workers for it costs more than it saves. At 1M complaints
        # a filtered search spent 100-200 ms in JIT alone (docs/BENCHMARKS.md).
        # Options given in DATABASE_URL come after these, so they win.
        options = config.setdefault("OPTIONS", {})
        options["options"] = (
            f"-c jit=off -c max_parallel_workers_per_gather=0 {options.get('options', '')}"
        ).strip()
    else:
        raise ImproperlyConfigured(f"Unsupported database engine {config['ENGINE']}")
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "complaints:inbox"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("el", _("Greek")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("COMPLAINTDESK_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("COMPLAINTDESK_STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("COMPLAINTDESK_MEDIA_ROOT", str(Path.cwd() / "var" / "media")))
MEDIA_URL = "media/"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("COMPLAINTDESK_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Email: console unless an SMTP host is configured.
EMAIL_HOST = env_str("COMPLAINTDESK_SMTP_HOST", "")
EMAIL_PORT = env_int("COMPLAINTDESK_SMTP_PORT", 25)
EMAIL_HOST_USER = env_str("COMPLAINTDESK_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("COMPLAINTDESK_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("COMPLAINTDESK_SMTP_STARTTLS", False)
EMAIL_USE_SSL = env_bool("COMPLAINTDESK_SMTP_SSL", False)
EMAIL_TIMEOUT = env_int("COMPLAINTDESK_SMTP_TIMEOUT", 30)
EMAIL_BACKEND = env_str(
    "COMPLAINTDESK_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("COMPLAINTDESK_FROM_EMAIL", "complaints@complaintdesk.localhost")
COMPLAINTDESK_MAIL_DOMAIN = DEFAULT_FROM_EMAIL.rpartition("@")[2] or "complaintdesk.localhost"

# Behaviour knobs that are infrastructure, not business rules.
COMPLAINTDESK_OUTBOX_MAX_ATTEMPTS = env_int("COMPLAINTDESK_OUTBOX_MAX_ATTEMPTS", 8)
COMPLAINTDESK_PUBLIC_FORM_RATE = env_int("COMPLAINTDESK_PUBLIC_FORM_RATE", 10)  # per hour per IP
COMPLAINTDESK_REOPEN_WINDOW_DAYS = env_int("COMPLAINTDESK_REOPEN_WINDOW_DAYS", 30)
COMPLAINTDESK_MAX_ATTACHMENT_BYTES = env_int("COMPLAINTDESK_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("COMPLAINTDESK_LOG_LEVEL", "WARNING")},
}
COMPLAINTDESK_INBOUND_PER_SENDER_HOUR = env_int("COMPLAINTDESK_INBOUND_PER_SENDER_HOUR", 30)
