from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config import routing
from config.api import api_router
from config.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cohort.urls")),
    path("", include("cohort.notifications.urls")),
    path("", include("cohort.programme.urls")),
    path("", include("cohort.cases.urls")),
    path("", include("cohort.threads.urls")),
    path("", include("cohort.consent.urls")),
    path("", include("cohort.search.urls")),
    path("", include("cohort.desk.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else: keep it last. Only its serve view:
# wagtail.urls also mounts a second login form (/_util/login/) and the shared-password
# form for page privacy, which is switched off (WAGTAIL_PRIVATE_PAGE_OPTIONS).
# Wagtail reverses "wagtailcore_login" even with WAGTAIL_FRONTEND_LOGIN_URL set: the name
# stays, as a redirect to the one login page.
urlpatterns += [
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True),
         name="wagtailcore_login"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
]
