from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts import single_sign_on
from cms import slugs
from cms import views as cms_views
from lms import csp, health, metrics, views
from lms.api import api

# Addresses without a language prefix: printed on certificates, used by machines, or bilingual.
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # 404 unless METRICS_ENABLED (lms/metrics.py).
    path("metrics", metrics.metrics, name="metrics"),
    # Browsers ask for /favicon.ico whatever the page says; without this it would be sent to
    # /th/favicon.ico/ and answer 404.
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("csp-report/", csp.csp_report, name="csp_report"),
    path("sitemap.xml", sitemap, name="sitemap"),
    # Printed on certificates as QR codes: no language prefix, the page is bilingual.
    path("verify/", include("certificates.urls")),
    path("api/v1/", api.urls),
    # Opened from a QR code on a phone: no language prefix in what the camera reads.
    path("checkin/", include("courses.checkin_urls")),
    # Registered at each identity provider: one address whatever the language (the language
    # the person started in is in their session).
    path("sso/<str:provider>/callback/", single_sign_on.callback, name="sso_callback"),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("accounts.urls")),
    path("me/", views.my_learning, name="my_learning"),
    path("me/", include("privacy.urls")),
    path("me/nominations/", include("agencies.nomination_urls")),
    path("my-agency/", include("agencies.urls")),
    path("search/", cms_views.search, name="search"),
    path("", include("courses.urls")),
    # Wagtail's page tree last: it answers every remaining address (/th/courses/...).
    path("", include(wagtail_urls)),
    # Slugs with Thai vowels and tone marks, which Wagtail's own pattern refuses (cms/slugs.py).
    re_path(slugs.SERVE_PATTERN, wagtail_views.serve, name="wagtail_serve"),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

# A database outage raised outside a view (a middleware's query) answers 503, not 500.
handler500 = "lms.database_outage.server_error"
