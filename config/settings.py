"""Settings, all read from environment variables (see .env.example)."""

import json
import os

import dj_database_url

from efop.flux.queue import huey_settings
from efop.paths import PROJECT_DIR, data_dir, reference_dir


def _load_dotenv() -> None:
    env_file = PROJECT_DIR / ".env"
    if not env_file.exists():
        return
    for line in env_file.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


_load_dotenv()


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


BASE_DIR = PROJECT_DIR
DATA_DIR = data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)
REFERENCE_DIR = reference_dir()

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "efop-insecure-development-key")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "dsfr",
    "widget_tweaks",
    "axes",
    "efop.referentiels",
    "efop.organismes",
    "efop.comptes",
    "efop.offre",
    "efop.flux",
    "efop.historique",
    "efop.moderation",
    "efop.qualite",
    "efop.doublons",
    "efop.plateaux",
    "efop.selections",
    "efop.masse",
    "efop.transfert",
    "efop.lieux",
    "efop.dispositifs",
    "efop.ressources",
    "efop.archives",
    "efop.metiers",
    "efop.recherche",
    "efop.api",
    "efop.web.public",
    "efop.web.espace",
    "efop.web.moderation",
    "efop.web.qualite",
    "efop.web.doublons",
    "efop.web.flux",
    "efop.web.dispositifs",
    "efop.web.masse",
    "efop.web.ressources",
    "efop.web.exports",
    "efop.web.selections",
    "efop.web.lieux",
    "efop.web.archives",
    "efop.web.metiers",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "efop.historique.context.ActorMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling: must come first
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "espace:connexion"
LOGIN_REDIRECT_URL = "espace:tableau-de-bord"
LOGOUT_REDIRECT_URL = "public:accueil"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one e-mail from one address,
# that pair is locked out for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = int(os.environ.get("EFOP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "espace/comptes/verrouille.html"

# E-mails (notifications, invitations, password reset): console by default, SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "efop <ne-pas-repondre@efop.localhost>")
# The absolute address of the site, for links in e-mails sent by commands (reminders).
EFOP_SITE_URL = os.environ.get("EFOP_SITE_URL", "http://127.0.0.1:8000")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "efop.web.public.context_processors.site_config",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'efop.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while an import writes; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# The job queue (partner flows): embedded SQLite file by default, Redis or PostgreSQL in production.
HUEY = huey_settings(
    os.environ.get("EFOP_QUEUE_URL", ""),
    DATA_DIR,
    workers=int(os.environ.get("EFOP_WORKERS", "2")),
    name=os.environ.get("EFOP_QUEUE_NAME", "efop"),
)
# Partner flows: fetch retries (exponential backoff), lock expiry, where credentials come from.
# The archive reads back the formations an import just created and compares them with what it was
# given (efop.archives.services): costly, on in the tests.
EFOP_ARCHIVE_VERIFY = env_bool("EFOP_ARCHIVE_VERIFY", False)
EFOP_FLUX_RETRIES = int(os.environ.get("EFOP_FLUX_RETRIES", "4"))
EFOP_FLUX_RETRY_DELAY = int(os.environ.get("EFOP_FLUX_RETRY_DELAY", "60"))  # seconds, doubled each time
EFOP_FLUX_LOCK_TTL = int(os.environ.get("EFOP_FLUX_LOCK_TTL", "1800"))  # seconds without heartbeat
EFOP_FLUX_HTTP_TIMEOUT = int(os.environ.get("EFOP_FLUX_HTTP_TIMEOUT", "60"))
# Credentials of the sources, by name: EFOP_FLUX_CREDENTIALS='{"greta": {"user": "…", "password": "…"}}'
# or EFOP_FLUX_GRETA_USER / EFOP_FLUX_GRETA_PASSWORD / EFOP_FLUX_GRETA_HOST_KEY (see efop.flux.credentials).
EFOP_FLUX_CREDENTIALS = json.loads(os.environ.get("EFOP_FLUX_CREDENTIALS") or "{}")
# When the worker runs the nightly quality controls over the whole base (cron: minute hour).
EFOP_QUALITE_NUIT = os.environ.get("EFOP_QUALITE_NUIT", "30 2")
# Newsletter: subscribers written to per queued task (one SMTP connection each)
EFOP_LETTRE_LOT = int(os.environ.get("EFOP_LETTRE_LOT", "50"))
# Lieux d'information not verified for this many months are e-mailed to staff (efop.lieux.rappels).
EFOP_LIEUX_FRAICHEUR_MOIS = int(os.environ.get("EFOP_LIEUX_FRAICHEUR_MOIS", "12"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
# Uploaded files (photos of plateaux techniques) served by Django itself: for development and
# `make run`; in production the web server serves MEDIA_ROOT at /media/.
EFOP_SERVE_MEDIA = env_bool("EFOP_SERVE_MEDIA", DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("EFOP_LOG_LEVEL", "WARNING")},
}
