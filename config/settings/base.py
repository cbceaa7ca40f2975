"""Settings shared by every environment. Values come from the environment
through ``config.env`` only; see README.md for the variables."""

from pathlib import Path

from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import database, env, flag, integer, redis, redis_db

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local files (SQLite, collected static, media); serve-prod points it at its temp folder.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

INSECURE_SECRET_KEY = "django-insecure-leergang-development-only"
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_SECRET_KEY)
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "cohort",
    "cohort.notifications",
    "cohort.programme",
    "cohort.cases",
    "cohort.threads",
    "cohort.consent",
    "cohort.desk",
    "cohort.search",
    "blog",
    "cohort.apps.LeergangUsersAppConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "axes",
    "django_htmx",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.middleware.PrivateResponseMiddleware",
    "config.middleware.AdminForFacilitatorsMiddleware",
    "config.middleware.AdminEditionGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "blog.middleware.PublishRefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.AdminContentSecurityPolicyMiddleware",
    # Below CSRF, locale and CSP: a page from the cache still gets the reader's own token.
    "config.pagecache.PublicPageCacheMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cohort.context_processors.navigation",
            ],
        },
    },
    {
        # Plain text (email subjects and bodies, text exports): no HTML escaping.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Database ---------------------------------------------------------------
DATABASES = {"default": database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'leergang.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # select_for_update() is a no-op on SQLite: take the write lock up front
    # and wait for it instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = integer("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "cohort.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out client is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    # allauth's, with permissions in one query (sessions signed in by allauth's own, next,
    # stay valid).
    "cohort.auth_backends.LeergangAuthenticationBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "programme:my_leergang"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: email login, closed sign-up (participants arrive by invitation).
ACCOUNT_ADAPTER = "cohort.notifications.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Unknown addresses get no mail: it could only point to a sign-up that is closed.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# allauth's per-account login limit would lock the owner out too; axes
# guards logins per client + account instead. Other limits stay allauth's.
ACCOUNT_RATE_LIMITS = {"login_failed": None}

# django-axes: slow down guessing from one client without locking the account
# for everyone else (the lock is on client address + account together).
AXES_FAILURE_LIMIT = integer("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_USERNAME_CALLABLE = "cohort.adapters.axes_username"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Proxies in front of the web processes (docs/deploy.md); config.client_ip reads the
# client's address from X-Forwarded-For only that far, for axes and the blog's limits.
PROXY_COUNT = integer("PROXY_COUNT", integer("AXES_PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_VERBOSE = False

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "leergang_language"
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
PRIVATE_MEDIA_ROOT = VAR_DIR / "private"

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _s3 = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env.str("AWS_S3_REGION_NAME", default=None),
        "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
        "file_overwrite": False,
    }
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3, "location": "media", "default_acl": None},
        },
        # Private media never gets a public URL: only signed, short-lived
        # links or our own permission-checking views read it.
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
        },
    }
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
PROFILE_PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Decoding an image takes memory by its pixels, not its bytes: a 600 KB PNG can claim
# 13,000 × 13,000 pixels. Uploads above this are refused before they are decoded (a 48
# megapixel phone photo still fits).
IMAGE_MAX_PIXELS = 50_000_000
CASE_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
CASE_ATTACHMENT_MAX_COUNT = 5
# Weeks after a case was discussed that its author is asked what happened since.
CASE_FOLLOW_UP_WEEKS = integer("CASE_FOLLOW_UP_WEEKS", 4)

# Minutes before a direct notification (feedback on your case, a reply to you) is emailed;
# read in the site before then, it is not emailed at all.
NOTIFICATION_EMAIL_DELAY_MINUTES = integer("NOTIFICATION_EMAIL_DELAY_MINUTES", 10)
# Threads: posts per member per window (counted in the database, so it holds with Redis
# down), the edit grace period before an edit keeps a revision, comments' top-level
# branches per page.
THREAD_POST_LIMIT = integer("THREAD_POST_LIMIT", 30)
# Invitation emails one person may have sent in a day (groups and one by one together).
INVITATIONS_PER_DAY = integer("INVITATIONS_PER_DAY", 200)
THREAD_POST_WINDOW_MINUTES = integer("THREAD_POST_WINDOW_MINUTES", 10)
THREAD_EDIT_GRACE_MINUTES = 5
THREAD_PAGE_SIZE = integer("THREAD_PAGE_SIZE", 20)
# The header's public part is cached this long at most (a publish purges it at once).
NAV_CACHE_SECONDS = integer("NAV_CACHE_SECONDS", 300)
# Public pages for visitors are kept this long at most (config.pagecache; 0: not at all).
PAGE_CACHE_SECONDS = integer("PAGE_CACHE_SECONDS", 600)

# Requests that make the blog mail an address someone typed, per hour (cohort.throttle).
BLOG_SUBSCRIBE_PER_CLIENT_PER_HOUR = integer("BLOG_SUBSCRIBE_PER_CLIENT_PER_HOUR", 10)
BLOG_SUBSCRIBE_PER_MAILBOX_PER_HOUR = integer("BLOG_SUBSCRIBE_PER_MAILBOX_PER_HOUR", 3)

# --- Cache, Redis and Celery ------------------------------------------------
REDIS_URL = redis("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": env.str("CACHE_URL", default=redis_db(REDIS_URL, 1)),
            # Redis answers in microseconds: a second's silence means it is unwell.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=redis_db(REDIS_URL, 0))
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    # No broker: run tasks in the request's process, after commit as always.
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = False

CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Survives a Redis restart while it holds unacknowledged messages (Celery 5.7.0).
CELERY_WORKER_CONSUMER = "config.celery_consumer:Consumer"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A Redis that accepts but never answers must not hang a request: bound the
# socket waits and the publish retries (a request then waits at most about 3 s,
# and after one failure none for a while: config/redis_rest.py); the outbox
# re-sends what did not go.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 1,
    "socket_connect_timeout": 1,
    "visibility_timeout": 3600,
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE = {
    "resend-pending-email": {
        "task": "notifications.tasks.resend_pending_email",
        "schedule": 5 * 60,
    },
    # Scheduled pages (blocks, blog parts) go live on time without anyone acting.
    "publish-scheduled": {
        "task": "cohort.tasks.publish_scheduled",
        "schedule": 60,
    },
    # Hourly, so a session planned late still gets its reminder; keys stop duplicates.
    "session-reminders": {
        "task": "programme.tasks.send_session_reminders",
        "schedule": crontab(minute=7),
    },
    "case-follow-ups": {
        "task": "cases.tasks.send_case_follow_ups",
        "schedule": crontab(minute=23),
    },
    "notification-batches": {
        "task": "notifications.tasks.expand_pending_batches",
        "schedule": 60,
    },
    "notification-emails": {
        "task": "notifications.tasks.send_due_emails",
        "schedule": 60,
    },
    # Hourly: each member's leergangbrief goes out at the hour they chose (Dutch time).
    "notification-digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(minute=2),
    },
    "purge-request-counts": {
        "task": "cohort.tasks.purge_request_counts",
        "schedule": crontab(hour=4, minute=11),
    },
    "blog-purge-unconfirmed": {
        "task": "blog.tasks.purge_unconfirmed_subscriptions",
        "schedule": crontab(hour=4, minute=41),
    },
}

# --- Email ------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Leergang <noreply@example.org>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Leergang] "
MAILERS = {
    "default": {
        "BACKEND": env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {},
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env.str("EMAIL_HOST", default="localhost"),
        "port": integer("EMAIL_PORT", 25),
        "username": env.str("EMAIL_HOST_USER", default=""),
        "password": env.str("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": flag("EMAIL_USE_TLS", False),
        "use_ssl": flag("EMAIL_USE_SSL", False),
        "timeout": integer("EMAIL_TIMEOUT", 20),
    }
elif MAILERS["default"]["BACKEND"].endswith("filebased.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {"file_path": env.str("EMAIL_FILE_PATH")}

# --- Security headers (every environment, so tests see them) ----------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail marks its own preview views SAMEORIGIN; everything else may not be framed.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions are written to the database and read through the cache (Redis in production):
# a signed-in page does not query the sessions table; with Redis down it reads the table.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The Wagtail admin still relies on inline styles and scripts in places.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", "https:"],
    "frame-src": [CSP.SELF, "https:"],
}

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "Leergang"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL full text search in Dutch (stemming, stop words).
    INSTALLED_APPS.append("django.contrib.postgres")
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS  # checked before decoding
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Images live in private storage and are served by cohort.image_views (see cohort/images.py).
WAGTAILIMAGES_IMAGE_MODEL = "cohort.LeergangImage"
WAGTAILIMAGES_RENDITION_STORAGE = "private"
# Documents live in private storage and are streamed by Wagtail's serve view after the
# collection check (see cohort/documents.py): never a redirect to a storage URL.
WAGTAILDOCS_DOCUMENT_MODEL = "cohort.LeergangDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Password resets go through allauth (and the outbox), not the admin's own form.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No third-party avatars: they would send a hash of members' email addresses away.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
