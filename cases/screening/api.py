"""/api/v1/screening/: the reference lists and their entries (read), and a dry-run check of one line."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import queries
from cases.api.declared import declared_actions
from cases.api.errors import ErrorSerializer
from cases.api.permissions import IsAgencyStaff
from cases.api.schema import ApiSchema
from cases.api.serializers import DetentionSerializer
from cases.api.views.base import ReadOnlyResource
from cases.screening import engine
from cases.screening import queries as screening_queries
from cases.screening import services as screening
from cases.screening.models import ListedEntity, ReferenceList, ScreeningHit
from cases.services.shipments import STAFF_ROLES
from cases.validators import validate_country_code, validate_hts_code


class ReferenceListSerializer(serializers.ModelSerializer):
    entries_in_force = serializers.IntegerField(read_only=True)

    class Meta:
        model = ReferenceList
        fields = ["id", "code", "name", "kind", "legal_basis", "source", "version", "updated_at", "entries_in_force"]


class ListedEntitySerializer(serializers.ModelSerializer):
    list = serializers.SlugRelatedField(source="reference_list", slug_field="code", read_only=True)

    class Meta:
        model = ListedEntity
        fields = ["id", "list", "name", "aliases", "country", "address", "section", "hts_prefixes", "source",
                  "added_on", "removed_on", "revision", "wro", "finding"]


class ReferenceListViewSet(ReadOnlyResource):
    """The lists entries are screened against, with their version and the number of entries in force."""

    permission_classes = [IsAgencyStaff]
    serializer_class = ReferenceListSerializer
    ordering_fields = ["code", "name"]
    ordering = ["code"]

    def get_queryset(self):
        return ReferenceList.objects.annotate(
            entries_in_force=Count("entities", filter=Q(entities__removed_on__isnull=True)))


class ListedEntityViewSet(ReadOnlyResource):
    """Entries of the lists, in force and removed (``removed_on``); filter with ``?list=<code>``."""

    permission_classes = [IsAgencyStaff]
    serializer_class = ListedEntitySerializer
    ordering_fields = ["id", "name", "added_on"]
    ordering = ["name", "id"]

    def get_queryset(self):
        queryset = ListedEntity.objects.select_related("reference_list")
        code = self.request.query_params.get("list")
        return queryset.filter(reference_list__code=code) if code else queryset


class CheckSerializer(serializers.Serializer):
    manufacturer_name = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    manufacturer_address = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="",
                                    help_text="Country of origin, ISO 3166-1 alpha-2.")
    hts = serializers.CharField(max_length=12, required=False, allow_blank=True, default="",
                                help_text="HTSUS number, NNNN.NN.NNNN.")

    def _django(self, validator, value):
        try:
            validator(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return value

    def validate_country(self, value):
        return self._django(validate_country_code, value.strip().upper()) if value.strip() else ""

    def validate_hts(self, value):
        value = value.strip()
        if len(value) == 10 and value.isdigit():
            value = f"{value[:4]}.{value[4:6]}.{value[6:]}"
        return self._django(validate_hts_code, value) if value else ""

    def validate(self, attrs):
        if not any(attrs.get(k, "").strip() for k in ("manufacturer_name", "manufacturer_address", "country")):
            raise serializers.ValidationError(
                "Give at least the manufacturer's name, address or the country of origin to screen.")
        return attrs


class CheckHitSerializer(serializers.Serializer):
    list = serializers.CharField(help_text="Code of the list (or rule) the hit comes from.")
    list_name = serializers.CharField()
    entity = serializers.CharField(help_text="The listed entity, sector or rule.")
    score = serializers.FloatField(help_text="0-100; rules that need no name score 100.")
    matched_on = serializers.ListField(child=serializers.CharField(),
                                       help_text="Fields of the line that matched.")
    why = serializers.CharField()
    basis = serializers.CharField(help_text="Detention basis the hit supports (wro, finding, caatsa, uflpa).")


class ScreeningCheckView(APIView):
    """What an entry line with these values would raise against the lists in force; nothing is written."""

    schema = ApiSchema()
    permission_classes = [IsAgencyStaff]

    @extend_schema(request=CheckSerializer, summary="Screen one line without recording it",
                   responses={200: CheckHitSerializer(many=True), 400: ErrorSerializer, 403: ErrorSerializer})
    def post(self, request, *args, **kwargs):
        body = CheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        results = engine.check_line(**body.validated_data)
        return Response([r.as_check_answer() for r in results])


class HitSerializer(serializers.ModelSerializer):
    entry_number = serializers.CharField(source="shipment.entry_number", read_only=True)
    line_number = serializers.IntegerField(source="line.line_number", read_only=True)
    declared_manufacturer = serializers.SerializerMethodField()
    listed_aliases = serializers.SerializerMethodField()
    decide_by = serializers.DateField(read_only=True, allow_null=True,
                                      help_text="Due date of the entry's open release-or-detain clock.")
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = ScreeningHit
        fields = ["id", "entry_number", "shipment", "line", "line_number", "declared_manufacturer", "list_code",
                  "list_name", "basis", "listed_entity", "entity_name", "listed_aliases", "entity_revision", "score",
                  "matched_on", "why", "rule_version", "status", "disposition_reason", "disposed_by", "disposed_at",
                  "detention", "decide_by", "created_at", "allowed_actions"]

    def get_declared_manufacturer(self, hit) -> dict:
        line = hit.line
        return {"manufacturer_id": line.manufacturer_id, "name": line.manufacturer_name,
                "address": line.manufacturer_address, "country": line.country_of_origin, "hts": line.hts_code}

    def get_listed_aliases(self, hit) -> list[str]:
        return list(hit.listed_entity.aliases) if hit.listed_entity else []

    def get_allowed_actions(self, hit) -> list[str]:
        return hit_actions(self.context["request"].user, hit)


def _action_paths() -> dict[str, str]:
    from cases import actions  # noqa: PLC0415 (the declarations import this module's neighbours)

    return {act.action: act.api_path for act in actions.acts_of("hit")}


def hit_actions(user, hit) -> list[str]:
    if getattr(user, "role", None) not in STAFF_ROLES:
        return []
    return [path for action, path in _action_paths().items() if hit.status in screening.HIT_TRANSITIONS[action][0]]


# The acts on a hit (clear, hold, detain) are declared in cases.actions, with the hit page's forms, and added here.
@declared_actions("hit", created={"detention": (queries.visible_detentions, DetentionSerializer)})
class HitViewSet(ReadOnlyResource):
    """Screening hits (staff only): open and held by default; ``?status=`` and ``?entry=`` filter."""

    permission_classes = [IsAgencyStaff]
    serializer_class = HitSerializer
    filter_backends = []

    def get_queryset(self):
        if self.action == "list":
            params = self.request.query_params
            return screening_queries.hits_queue(self.request.user, params.get("status", ""), params.get("entry", ""))
        return screening_queries.visible_hits(self.request.user).order_by("id")

    def current_actions(self, obj) -> list[str]:
        return hit_actions(self.request.user, ScreeningHit.objects.get(pk=obj.pk)) if obj is not None else []
