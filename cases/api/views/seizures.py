"""After the decision: seizures and their forfeiture, petitions, dispositions of the goods, redeliveries.

The actions are declared once in cases.actions (service, input, label), for these endpoints and for the
pages alike; the rules are in docs/seizure.md.
"""

from cases import queries
from cases.api.declared import declared_actions
from cases.api.serializers import (
    GoodsDispositionSerializer,
    ProtestSerializer,
    RedeliverySerializer,
    SeizurePetitionSerializer,
    SeizureSerializer,
)
from cases.api.views.base import ReadOnlyResource


class _Resource(ReadOnlyResource):
    ordering = ["-id"]
    ordering_fields = ["id"]


@declared_actions("seizure", created={"petition": (queries.visible_seizure_petitions, SeizurePetitionSerializer)})
class SeizureViewSet(_Resource):
    """Seizures (19 U.S.C. 1595a(c)) and their administrative forfeiture (19 U.S.C. 1607-1609, 1618)."""

    scoped_query = staticmethod(queries.visible_seizures)
    serializer_class = SeizureSerializer
    prefetch = ("detention__deadlines", "petitions")


@declared_actions("petition")
class SeizurePetitionViewSet(_Resource):
    """Petitions for relief, offers in compromise and supplemental petitions, decided under four eyes."""

    scoped_query = staticmethod(queries.visible_seizure_petitions)
    serializer_class = SeizurePetitionSerializer


@declared_actions("disposition")
class DispositionViewSet(_Resource):
    """What becomes of the goods: destruction under witness, export under bond with proof, release."""

    scoped_query = staticmethod(queries.visible_dispositions)
    serializer_class = GoodsDispositionSerializer


@declared_actions("redelivery", created={"protest": (queries.visible_protests, ProtestSerializer)})
class RedeliveryViewSet(_Resource):
    """Demands to redeliver released goods (19 CFR 141.113) and liquidated damages (19 CFR 113.62)."""

    scoped_query = staticmethod(queries.visible_redeliveries)
    serializer_class = RedeliverySerializer
    prefetch = ("detention__deadlines", "protests")
