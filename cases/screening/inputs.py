"""The input of each act on a screening hit (cases.actions): the API's body and the hit page's form alike."""

from rest_framework import serializers

from cases import queries
from cases.api.inputs import Day, Visible
from cases.models import Basis


class ClearInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, label="Why this is not the listed entity",
                                   help_text="For example: a different address, MID or line of business.")


class HoldInput(serializers.Serializer):
    presentation_date = Day(required=False, allow_null=True, label="Presented for examination on",
                            help_text="Starts the 5-business-day release-or-detain clock; when left empty, the "
                                      "date already recorded, else today.")
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                   label="Note (optional)")


class DetainFromHitInput(serializers.Serializer):
    basis = serializers.ChoiceField(choices=Basis.choices, required=False, label="Legal basis",
                                    help_text="When left empty: the hit's basis and order.")
    wro = Visible(queries.visible_wros, required=False, allow_null=True, label="Withhold Release Order")
    finding = Visible(queries.visible_findings, required=False, allow_null=True, label="Finding")
    presentation_date = Day(required=False, allow_null=True, label="Presented for examination on",
                            help_text="Needed only if the presentation is not recorded yet.")
    detained_on = Day(required=False, allow_null=True, label="Detained on", help_text="Today when left empty.")
    this_line_only = serializers.BooleanField(required=False, default=False,
                                              label="Hold only this line (partial detention)")
