"""Screening pages, wired in config/urls.py under screening/."""

from django.urls import path

from cases.screening import views

urlpatterns = [
    path("hits/", views.hits_queue, name="screening-hits"),
    path("hits/<int:pk>/", views.hit_detail, name="screening-hit"),
    path("hits/<int:pk>/clear/", views.clear, name="screening-hit-clear"),
    path("hits/<int:pk>/hold/", views.hold, name="screening-hit-hold"),
    path("hits/<int:pk>/detain/", views.detain, name="screening-hit-detain"),
    path("lists/", views.lists_page, name="screening-lists"),
    path("lists/check/", views.check, name="screening-check"),
    path("lists/<int:pk>/upload/", views.upload, name="screening-list-upload"),
    path("lists/versions/<int:pk>/", views.version_detail, name="screening-list-version"),
    path("lists/versions/<int:pk>/confirm/", views.version_decide, {"decision": "confirm"},
         name="screening-list-confirm"),
    path("lists/versions/<int:pk>/discard/", views.version_decide, {"decision": "discard"},
         name="screening-list-discard"),
]
