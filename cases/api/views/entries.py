"""POST /api/v1/entries/bulk/: brokers' and agency systems send entries with their lines in bulk.

Each entry is validated and stored whole through the intake service (cases/services/intake.py); an
entry that fails is listed in the answer with each line's reason and never blocks the others. Sending
the same entries again changes nothing (idempotent on entry number + line number).
"""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.api.errors import ErrorSerializer
from cases.api.permissions import IsAgencyStaff
from cases.api.schema import ApiSchema
from cases.models import EntryType
from cases.services import intake


class EntryLineInput(serializers.Serializer):
    line_number = serializers.IntegerField(min_value=1, max_value=999)
    hts_code = serializers.CharField(help_text="10-digit HTSUS number, NNNN.NN.NNNN")
    description = serializers.CharField()
    country_of_origin = serializers.CharField(help_text="ISO 3166-1 alpha-2")
    quantity = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)
    quantity_unit = serializers.CharField(required=False)
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)
    currency = serializers.CharField(required=False, help_text="ISO 4217; USD when left out")
    manufacturer_id = serializers.CharField(required=False, help_text="Manufacturer identification code (MID)")
    manufacturer_name = serializers.CharField(required=False)
    manufacturer_address = serializers.CharField(required=False)


class EntryInput(serializers.Serializer):
    entry_number = serializers.CharField(
        help_text="Entry number: 3-character filer code, 7 digits and the check digit, e.g. ABC-1234567-8.")
    entry_type = serializers.ChoiceField(choices=EntryType.choices, required=False, help_text="01 when left out")
    importer_number = serializers.CharField(help_text="The importer of record number of a registered organisation")
    port_code = serializers.CharField(help_text="4 digits DDPP")
    importation_date = serializers.DateField()
    presentation_date = serializers.DateField(required=False, allow_null=True)
    lines = EntryLineInput(many=True)


class BulkEntriesInput(serializers.Serializer):
    entries = serializers.ListField(
        child=serializers.DictField(), min_length=1,
        help_text="Entries, each as EntryInput. Each is checked on its own: a bad entry is reported, not fatal.",
    )


class BulkEntriesRequest(serializers.Serializer):
    """The documented body; the view reads each entry on its own (BulkEntriesInput) so one bad entry is reported
    in the answer instead of refusing the request."""

    entries = EntryInput(many=True)


class BulkEntryErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the entry in `entries`, from 0.")
    entry_number = serializers.CharField()
    line_number = serializers.CharField(help_text="The line the reason is about; empty for the entry as a whole.")
    message = serializers.CharField()


class BulkEntriesResultSerializer(serializers.Serializer):
    entries_created = serializers.IntegerField()
    entries_extended = serializers.IntegerField(help_text="Already recorded; lines not yet recorded were added.")
    entries_unchanged = serializers.IntegerField(help_text="Already recorded with exactly these lines.")
    entries_refused = serializers.IntegerField()
    lines_created = serializers.IntegerField()
    lines_unchanged = serializers.IntegerField()
    errors = BulkEntryErrorSerializer(many=True)


class EntryBulkView(APIView):
    """Register entries with their lines in bulk (officers and supervisors; agency systems' accounts)."""

    schema = ApiSchema()
    permission_classes = [IsAgencyStaff]
    parser_classes = [JSONParser]

    @extend_schema(
        request=BulkEntriesRequest, summary="Register entries with their lines in bulk",
        responses={200: BulkEntriesResultSerializer, 400: ErrorSerializer, 403: ErrorSerializer,
                   413: ErrorSerializer},
        description=("Entries are stored whole or not at all; an entry that fails is listed in `errors` with "
                     "each line's reason and does not stop the others. At most ENTRY_BULK_API_MAX_ENTRIES "
                     "(default 1000) per request. Re-sending the same entries changes nothing."),
    )
    def post(self, request):
        intake.require_staff(request.user, "register entries")
        body = BulkEntriesInput(data=request.data)
        body.is_valid(raise_exception=True)
        entries = body.validated_data["entries"]
        limit = settings.ENTRY_BULK_API_MAX_ENTRIES
        if len(entries) > limit:
            raise serializers.ValidationError(
                {"entries": [f"Send at most {limit} entries per request; this one has {len(entries)}."]})
        result = intake.import_entries(actor=request.user, source="API",
                                       entries=intake.entries_from_objects(entries, first_row=0))
        answer = result.as_dict()
        answer.pop("rows_done")
        answer["errors"] = [{"index": error.row, "entry_number": error.entry_number,
                             "line_number": error.line_number, "message": error.message} for error in result.errors]
        return Response(BulkEntriesResultSerializer(answer).data)

