"""/api/v1/screening/: wired in config/urls.py (the core API does not import capability packages)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from cases.screening.api import ListedEntityViewSet, ReferenceListViewSet, ScreeningCheckView

router = SimpleRouter(trailing_slash=True)
router.register("lists", ReferenceListViewSet, basename="reference-list")
router.register("list-entries", ListedEntityViewSet, basename="listed-entity")

urlpatterns = [
    path("check/", ScreeningCheckView.as_view(), name="api-screening-check"),
    path("", include(router.urls)),
]
