"""Sign-in and the signed-in person's own security pages, under /accounts/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from cases.accounts import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/enrol/", views.enrol, name="two-factor-enrol"),
    path("two-factor/verify/", views.verify, name="two-factor-verify"),
    path("settings/", views.account_settings, name="account-settings"),
    path("security/", views.security, name="account-security"),
    path("security/recovery-codes/", views.regenerate_codes, name="two-factor-recovery-codes"),
    path("security/turn-off/", views.turn_off, name="two-factor-off"),
    path("tokens/", views.tokens, name="account-tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="account-token-revoke"),
]
