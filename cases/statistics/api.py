"""/api/v1/statistics/: the same aggregates as the pages, with the same filters.

`GET /api/v1/statistics/` is for agency staff (every filter, every figure); `GET /api/v1/statistics/public/`
is the public subset (suppressed small cells, no names), readable without a token.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.api.permissions import IsAgencyStaff
from cases.api.schema import ApiSchema
from cases.services.support import today
from cases.statistics import figures as figures_module
from cases.statistics import public
from cases.statistics.forms import PublicFilterForm, StaffFilterForm
from cases.statistics.models import Industry

_PUBLIC_PARAMETERS = [
    OpenApiParameter("fiscal_year", OpenApiTypes.INT, description="Federal fiscal year, October to September "
                     "(2026 = 1 October 2025 to 30 September 2026)."),
    OpenApiParameter("month", OpenApiTypes.INT, enum=list(range(1, 13)),
                     description="Calendar month (1-12) within the fiscal year; needs fiscal_year."),
    OpenApiParameter("industry", OpenApiTypes.STR, enum=Industry.values, description="Industry group."),
    OpenApiParameter("country", OpenApiTypes.STR, description="Country of origin, ISO 3166-1 alpha-2."),
    OpenApiParameter("basis", OpenApiTypes.STR, enum=["wro", "finding", "caatsa", "uflpa"], description="Legal basis."),
]
_STAFF_PARAMETERS = _PUBLIC_PARAMETERS + [
    OpenApiParameter("port", OpenApiTypes.STR, description="Port code (4 digits)."),
    OpenApiParameter("order", OpenApiTypes.STR, description='Order held under: "wro:<id>" or "finding:<id>".'),
    OpenApiParameter("importer", OpenApiTypes.INT, description="Importer organisation id."),
]


def _filters(request, form_class):
    form = form_class(request.query_params)
    if not form.is_valid():
        raise exceptions.ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.to_filter()


class StatisticsView(APIView):
    schema = ApiSchema()
    permission_classes = [IsAuthenticated, IsAgencyStaff]

    @extend_schema(
        operation_id="statistics_retrieve", parameters=_STAFF_PARAMETERS, summary="Program statistics (staff)",
        description="Detentions and values by outcome, month, industry, country, basis and port; time to "
                    "decision; clock compliance per kind; orders in force with their detentions; RFIs and protests.",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The figures for the filters.")},
    )
    def get(self, request):
        return Response(figures_module.staff_figures(_filters(request, StaffFilterForm), today=today()))


class PublicStatisticsView(APIView):
    schema = ApiSchema()
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="statistics_public_retrieve", parameters=_PUBLIC_PARAMETERS, auth=[],
        summary="Public statistics (no token needed)",
        description="Aggregates only: shipments by outcome, month, industry and country of origin, and the "
                    "orders in force. Counts from 1 to the suppression threshold minus one, and any figure "
                    "that would let one be worked out from a total, are null.",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The public figures for the filters.")},
    )
    def get(self, request):
        return Response(public.public_figures(_filters(request, PublicFilterForm), today=today()))
