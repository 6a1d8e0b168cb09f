"""After the decision: seizures and their forfeiture, petitions, dispositions of the goods, redeliveries.

Each action calls one service of cases.services.seizures; the rules are in docs/seizure.md.
"""

from cases import queries
from cases.api import inputs
from cases.api.serializers import (
    GoodsDispositionSerializer,
    RedeliverySerializer,
    SeizurePetitionSerializer,
    SeizureSerializer,
)
from cases.api.views.base import ReadOnlyResource, post_action
from cases.services import seizures


class _Resource(ReadOnlyResource):
    subject = ""  # the service's keyword for the object
    ordering = ["-id"]
    ordering_fields = ["id"]

    def _act(self, body, service, *, transition=None):
        obj = self.get_object()
        return self.act(obj=obj, body=body, transition=transition,
                        call=lambda **data: service(actor=self.request.user, **{self.subject: obj}, **data))


class SeizureViewSet(_Resource):
    """Seizures (19 U.S.C. 1595a(c)) and their administrative forfeiture (19 U.S.C. 1607-1609, 1618)."""

    scoped_query = staticmethod(queries.visible_seizures)
    serializer_class = SeizureSerializer
    prefetch = ("detention__deadlines", "petitions")
    subject = "seizure"

    @post_action("record", request=inputs.SeizureRecordInput, response=SeizureSerializer,
                 summary="Record the seizure: record, custody receipt and notice of seizure (19 CFR 162.31)")
    def record(self, request, pk=None):
        return self._act(inputs.SeizureRecordInput, seizures.record_seizure, transition="record_seizure")

    @post_action("file-petition", request=inputs.SeizurePetitionInput, response=SeizurePetitionSerializer,
                 status_code=201, summary="File a petition for relief, an offer in compromise or a supplemental "
                                          "petition (19 U.S.C. 1618; 19 CFR 171.2, 171.61)")
    def file_petition(self, request, pk=None):
        seizure = self.get_object()
        kind = request.data.get("kind") if hasattr(request.data, "get") else None
        return self.act(obj=seizure, body=inputs.SeizurePetitionInput, status_code=201,
                        transition="file_supplemental_petition" if kind == "supplemental" else "file_petition",
                        call=lambda **data: seizures.file_petition(actor=request.user, seizure=seizure, **data),
                        answer=lambda petition: queries.visible_seizure_petitions(request.user).get(pk=petition.pk),
                        answer_serializer=SeizurePetitionSerializer)

    @post_action("file-claim", request=inputs.ClaimInput, response=SeizureSerializer,
                 summary="File a claim and cost bond for judicial forfeiture (19 U.S.C. 1608)")
    def file_claim(self, request, pk=None):
        return self._act(inputs.ClaimInput, seizures.file_claim)

    @post_action("abandon", request=inputs.AbandonInput, response=SeizureSerializer,
                 summary="Abandon the seized goods: forfeited and destroyed")
    def abandon(self, request, pk=None):
        return self._act(inputs.AbandonInput, seizures.abandon_goods)

    @post_action("publish-intent-to-forfeit", request=inputs.PublicationInput, response=SeizureSerializer,
                 summary="Publish the notice of seizure and intent to forfeit (19 CFR 162.45)")
    def publish_intent_to_forfeit(self, request, pk=None):
        return self._act(inputs.PublicationInput, seizures.publish_intent_to_forfeit)

    @post_action("declare-forfeiture", request=inputs.DeclarationInput, response=SeizureSerializer,
                 summary="Declare the goods forfeited: no timely claim (19 U.S.C. 1609)")
    def declare_forfeiture(self, request, pk=None):
        return self._act(inputs.DeclarationInput, seizures.declare_forfeiture)

    @post_action("refer-to-us-attorney", request=inputs.ReferralInput, response=SeizureSerializer,
                 summary="Refer the claim to the U.S. Attorney (19 U.S.C. 1608, 1610)")
    def refer_to_us_attorney(self, request, pk=None):
        return self._act(inputs.ReferralInput, seizures.refer_to_us_attorney)


class SeizurePetitionViewSet(_Resource):
    """Petitions for relief, offers in compromise and supplemental petitions, decided under four eyes."""

    scoped_query = staticmethod(queries.visible_seizure_petitions)
    serializer_class = SeizurePetitionSerializer
    subject = "petition"

    @post_action("propose-decision", request=inputs.PetitionProposalInput, response=SeizurePetitionSerializer,
                 summary="Propose granting (with conditions) or denying the petition")
    def propose_decision(self, request, pk=None):
        return self._act(inputs.PetitionProposalInput, seizures.propose_petition_decision)

    @post_action("approve-decision", response=SeizurePetitionSerializer,
                 summary="Approve the proposed petition decision (a different supervisor)")
    def approve_decision(self, request, pk=None):
        return self._act(None, seizures.approve_petition_decision)

    @post_action("send-back-decision", request=inputs.SendBackInput, response=SeizurePetitionSerializer,
                 summary="Send the proposed petition decision back with a reason")
    def send_back_decision(self, request, pk=None):
        return self._act(inputs.SendBackInput, seizures.send_back_petition_decision)


class DispositionViewSet(_Resource):
    """What becomes of the goods: destruction under witness, export under bond with proof, release."""

    scoped_query = staticmethod(queries.visible_dispositions)
    serializer_class = GoodsDispositionSerializer
    subject = "disposition"

    @post_action("record-destruction", request=inputs.DestructionInput, response=GoodsDispositionSerializer,
                 summary="Record the witnessed destruction")
    def record_destruction(self, request, pk=None):
        return self._act(inputs.DestructionInput, seizures.record_destruction)

    @post_action("record-export", request=inputs.ExportRecordInput, response=GoodsDispositionSerializer,
                 summary="Record the export under bond (the in-bond movement)")
    def record_export(self, request, pk=None):
        return self._act(inputs.ExportRecordInput, seizures.record_export)

    @post_action("record-proof-of-export", request=inputs.ExportProofInput, response=GoodsDispositionSerializer,
                 summary="Record the proof of exportation; the case closes")
    def record_proof_of_export(self, request, pk=None):
        return self._act(inputs.ExportProofInput, seizures.record_proof_of_export)

    @post_action("record-release", request=inputs.ReleaseRecordInput, response=GoodsDispositionSerializer,
                 summary="Record the release of the goods after relief")
    def record_release(self, request, pk=None):
        return self._act(inputs.ReleaseRecordInput, seizures.record_release)


class RedeliveryViewSet(_Resource):
    """Demands to redeliver released goods (19 CFR 141.113) and liquidated damages (19 CFR 113.62)."""

    scoped_query = staticmethod(queries.visible_redeliveries)
    serializer_class = RedeliverySerializer
    prefetch = ("detention__deadlines",)
    subject = "redelivery"

    @post_action("record-redelivered", request=inputs.RedeliveredInput, response=RedeliverySerializer,
                 summary="Record the goods as redelivered")
    def record_redelivered(self, request, pk=None):
        return self._act(inputs.RedeliveredInput, seizures.record_redelivered)

    @post_action("record-not-redelivered", response=RedeliverySerializer,
                 summary="Record the goods as not redelivered after the 30 days")
    def record_not_redelivered(self, request, pk=None):
        return self._act(None, seizures.record_not_redelivered)

    @post_action("claim-liquidated-damages", request=inputs.DamagesInput, response=RedeliverySerializer,
                 summary="Claim liquidated damages on the bond (19 CFR 113.62)")
    def claim_liquidated_damages(self, request, pk=None):
        return self._act(inputs.DamagesInput, seizures.claim_liquidated_damages)
