"""The search box on every page: entry number, importer, producer or order reference."""

from django.db.models import Q
from django.shortcuts import render

from cases import queries
from cases.views.common import staff_required

MAX_RESULTS = 50


@staff_required
def search(request):
    q = (request.GET.get("q") or "").strip()[:100]
    detentions, wros, findings = [], [], []
    if len(q) >= 2:
        detentions = list(
            queries.visible_detentions(request.user).filter(
                Q(shipment__entry_number__icontains=q) | Q(shipment__importer__name__icontains=q)
                | Q(shipment__producer__name__icontains=q) | Q(wro__reference__icontains=q)
                | Q(finding__reference__icontains=q)
            ).order_by("-detained_on", "-id")[:MAX_RESULTS]
        )
        order_match = Q(reference__icontains=q) | Q(entity_name__icontains=q)
        wros = list(queries.visible_wros(request.user).filter(order_match)[:MAX_RESULTS])
        findings = list(queries.visible_findings(request.user).filter(order_match)[:MAX_RESULTS])
    return render(request, "cases/search.html", {
        "q": q, "detentions": detentions, "wros": wros, "findings": findings, "limit": MAX_RESULTS,
        "too_short": bool(q) and len(q) < 2,
    })
