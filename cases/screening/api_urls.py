"""/api/v1/screening/: wired in config/urls.py (the core API does not import capability packages)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from cases.screening.api import HitViewSet, ListedEntityViewSet, ReferenceListViewSet, ScreeningCheckView

router = SimpleRouter(trailing_slash=True)
router.register("lists", ReferenceListViewSet, basename="api-reference-list")
router.register("list-entries", ListedEntityViewSet, basename="api-listed-entity")
router.register("hits", HitViewSet, basename="api-screening-hit")

urlpatterns = [
    path("check/", ScreeningCheckView.as_view(), name="api-screening-check"),
    path("", include(router.urls)),
]
