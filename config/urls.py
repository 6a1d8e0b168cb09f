from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cases.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("cases.api.urls", namespace="api")),
]
