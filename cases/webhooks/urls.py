"""Portal pages for webhooks, included at /portal/webhooks/ (namespace "webhooks")."""

from django.urls import path

from cases.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoints, name="endpoints"),
    path("register/", views.register, name="register"),
    path("<int:endpoint_pk>/", views.endpoint, name="endpoint"),
    *(path(f"<int:endpoint_pk>/{action}/", views.act, {"action": action}, name=action)
      for action in ("pause", "resume", "disable")),
]
