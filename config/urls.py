from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # Evidence files: upload, the file page with its custody log, and the only way bytes leave.
    path("evidence/", include("evidence.urls", namespace="evidence")),
    # The officers' and supervisors' workspace at the root: home, queues, cases, orders, inbox.
    path("", include("cases.urls")),
    path("api/v1/", include("cases.api.urls", namespace="api")),
]
