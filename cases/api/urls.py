"""/api/v1/: resources in plural kebab-case, actions as POST /<resource>/<id>/<action>/."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from cases.api.views.casework import (
    DeadlineViewSet,
    DecisionViewSet,
    NotificationViewSet,
    ProtestViewSet,
    RfiViewSet,
    SubmissionViewSet,
)
from cases.api.views.detentions import DetentionViewSet
from cases.api.views.entries import EntryBulkView
from cases.api.views.investigations import InvestigationViewSet
from cases.api.views.orders import FindingViewSet, PetitionViewSet, WroViewSet
from cases.api.views.reference import EntityViewSet, TokenView, UnknownEndpoint
from cases.api.views.seizures import (
    DispositionViewSet,
    RedeliveryViewSet,
    SeizurePetitionViewSet,
    SeizureViewSet,
)
from cases.api.views.shipments import ShipmentViewSet

app_name = "api"

# No format suffixes (.json) and no browsable root: one documented URL per operation.
router = SimpleRouter(trailing_slash=True)
router.register("orders/wros", WroViewSet, basename="wro")
router.register("orders/findings", FindingViewSet, basename="finding")
router.register("orders/petitions", PetitionViewSet, basename="petition")
router.register("entities", EntityViewSet, basename="entity")
router.register("investigations", InvestigationViewSet, basename="investigation")
router.register("shipments", ShipmentViewSet, basename="shipment")
router.register("detentions", DetentionViewSet, basename="detention")
router.register("submissions", SubmissionViewSet, basename="submission")
router.register("rfis", RfiViewSet, basename="rfi")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("protests", ProtestViewSet, basename="protest")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("seizures", SeizureViewSet, basename="seizure")
router.register("seizure-petitions", SeizurePetitionViewSet, basename="seizure-petition")
router.register("dispositions", DispositionViewSet, basename="disposition")
router.register("redeliveries", RedeliveryViewSet, basename="redelivery")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, so no inline script is needed; the UI
    # sets style attributes as it renders, which the page's policy allows for this page only.
    path("docs/", csp_update({"style-src": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("entries/bulk/", EntryBulkView.as_view(), name="entries-bulk"),
    path("", include(router.urls)),
    re_path(r"", UnknownEndpoint.as_view(), name="unknown"),
]
