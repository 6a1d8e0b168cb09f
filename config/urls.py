from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from cases.screening import api_urls as screening_api_urls
from cases.statistics import api_urls as statistics_api_urls
from cases.statistics import urls as statistics_urls
from config import operations
from evidence import annual_report_views

urlpatterns = [
    # Probes and metrics for operations (config/operations.py).
    path("health/live/", operations.LivenessView.as_view(), name="health-live"),
    path("health/ready/", operations.ReadinessView.as_view(), name="health-ready"),
    path("metrics", operations.metrics, name="metrics"),
    # Sign-in (with the lockout and two-factor steps), the person's own security page and API tokens.
    path("accounts/", include("cases.accounts.urls")),
    # An invited importer chooses a password through Django's one-time reset token (cases.services.organisations).
    path("accounts/set-password/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="portal/set_password.html", success_url=reverse_lazy("set_password_done")), name="set_password"),
    path("accounts/set-password/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="portal/set_password_done.html"), name="set_password_done"),
    # The importer portal: an organisation's users answer the detentions of their goods.
    path("portal/webhooks/", include("cases.webhooks.urls", namespace="webhooks")),
    path("portal/", include("cases.portal_urls", namespace="portal")),
    path("admin/", admin.site.urls),
    # Evidence files: upload, the file page with its custody log, and the only way bytes leave.
    path("evidence/", include("evidence.urls", namespace="evidence")),
    # Program statistics: the staff page, the public page (no sign-in) and the annual report to Congress,
    # whose files are kept as evidence (so its page is wired here, like the evidence API).
    path("statistics/", include(statistics_urls.staff_urlpatterns)),
    path("statistics/annual-report/", annual_report_views.annual_report, name="annual-report"),
    path("public/statistics/", include(statistics_urls.public_urlpatterns)),
    path("api/v1/statistics/", include(statistics_api_urls)),
    # Entry screening: reference lists, hits and the dry-run check (cases/screening/).
    path("api/v1/screening/", include(screening_api_urls)),
    path("screening/", include("cases.screening.urls")),
    # The officers' and supervisors' workspace at the root: home, queues, cases, orders, inbox.
    path("", include("cases.urls")),
    # Evidence files in the API: wired here because cases never imports evidence (before the catch-all below).
    path("api/v1/evidence/", include("evidence.api")),
    # An organisation's webhooks: a capability of its own (cases/webhooks/), also before the catch-all.
    path("api/v1/webhooks/", include("cases.webhooks.api")),
    path("api/v1/", include("cases.api.urls", namespace="api")),
]

# Error pages with the site's navigation (cases/error_pages.py); the 405 page comes from its middleware.
handler403 = "cases.error_pages.permission_denied"
handler404 = "cases.error_pages.page_not_found"
handler500 = "cases.error_pages.server_error"
