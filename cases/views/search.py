"""The search box on every page: entry number, importer, producer or order reference.

The substring matches run where an index serves them: on PostgreSQL the trigram indexes of migration
0019 (pg_trgm, on UPPER(column), which is what icontains compares) find the matching importers,
producers and entry numbers; the detentions are then read by those ids, newest first. On SQLite the
same queries scan, with the same results.
"""

from django.db.models import Q
from django.shortcuts import render

from cases import queries
from cases.models import ForeignEntity, ImporterOrganisation, Shipment
from cases.views.common import staff_required

MAX_RESULTS = 50
# Names matching the text: at most this many importers or producers are searched (a two-letter text can
# match many; the newest 50 detentions among them are shown either way).
MAX_PARTIES = 500


@staff_required
def search(request):
    q = (request.GET.get("q") or "").strip()[:100]
    detentions, wros, findings = [], [], []
    if len(q) >= 2:
        importer_ids = list(ImporterOrganisation.objects.filter(name__icontains=q).values_list("id", flat=True)
                            [:MAX_PARTIES])
        producer_ids = list(ForeignEntity.objects.filter(name__icontains=q).values_list("id", flat=True)
                            [:MAX_PARTIES])
        matches = (Q(shipment__in=Shipment.objects.filter(entry_number__icontains=q).values("id"))
                   | Q(wro__reference__icontains=q) | Q(finding__reference__icontains=q))
        if importer_ids:
            matches |= Q(shipment__importer_id__in=importer_ids)
        if producer_ids:
            matches |= Q(shipment__producer_id__in=producer_ids)
        detentions = list(
            queries.visible_detentions(request.user).filter(matches).order_by("-detained_on", "-id")[:MAX_RESULTS]
        )
        order_match = Q(reference__icontains=q) | Q(entity_name__icontains=q)
        wros = list(queries.visible_wros(request.user).filter(order_match)[:MAX_RESULTS])
        findings = list(queries.visible_findings(request.user).filter(order_match)[:MAX_RESULTS])
    return render(request, "cases/search.html", {
        "q": q, "detentions": detentions, "wros": wros, "findings": findings, "limit": MAX_RESULTS,
        "too_short": bool(q) and len(q) < 2,
    })
