"""The search box on every page: entry number, importer, producer or order reference.

The substring matches run where an index serves them: on PostgreSQL the trigram indexes of migration
0019 (pg_trgm, on UPPER(column), which is what icontains compares) find the matching importers,
producers and entry numbers; the detentions are then read by those ids, newest first. On SQLite the
same queries scan, with the same results.
"""

from django.db.models import F, Q
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render

from cases import listing, queries
from cases.csv_safety import Echo, SafeWriter
from cases.models import ForeignEntity, ImporterOrganisation, Shipment
from cases.views.common import staff_required

MAX_RESULTS = 50
# Names matching the text: at most this many importers or producers are searched (a two-letter text can
# match many; the newest 50 detentions among them are shown either way).
MAX_PARTIES = 500


SORTS = {
    "detained": ("detained_on", "id"), "entry": ("shipment__entry_number", "id"),
    "importer": ("shipment__importer__name", "id"), "producer": ("shipment__producer__name", "id"),
    "state": ("status", "id"),
}
SORTS.update({f"-{key}": tuple(f"-{f}" for f in fields) for key, fields in list(SORTS.items())})
DEFAULT_SORT = "-detained"


def _ordering(sort):
    return [F(f.lstrip("-")).desc(nulls_last=True) if f.startswith("-") else F(f).asc(nulls_last=True)
            for f in SORTS[sort]]


def matching_detentions(user, q):
    """The detentions `user` may see whose entry number, importer, producer or order matches `q`, unordered."""
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
    return queries.visible_detentions(user).filter(matches)


@staff_required
def search_csv(request):
    """Every detention the search matches (not only the first 50), sorted as on the page, as CSV."""
    q = (request.GET.get("q") or "").strip()[:100]
    sort, sort_problem = listing.parse_sort(request.GET, SORTS, DEFAULT_SORT)
    if len(q) < 2 or sort_problem:
        return HttpResponseBadRequest(sort_problem or "Type at least two characters to search.",
                                      content_type="text/plain; charset=utf-8")
    writer = SafeWriter(Echo())
    qs = matching_detentions(request.user, q).order_by(*_ordering(sort))

    def rows():
        yield writer.writerow(["Entry number", "Importer", "Producer", "Basis", "Order", "State", "Port",
                               "Detained on"])
        for d in qs.iterator(chunk_size=500):
            order = d.wro or d.finding
            yield writer.writerow([
                d.shipment.entry_number, d.shipment.importer.name,
                d.shipment.producer.name if d.shipment.producer else "", d.get_basis_display(),
                order.reference if order else "", d.get_status_display(), d.port_code, d.detained_on.isoformat(),
            ])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="search-detentions.csv"'
    return response


@staff_required
def search(request):
    q = (request.GET.get("q") or "").strip()[:100]
    detentions, wros, findings = [], [], []
    sort, sort_problem = listing.parse_sort(request.GET, SORTS, DEFAULT_SORT)
    problems = [sort_problem] if sort_problem else []
    if len(q) >= 2:
        detentions = list(matching_detentions(request.user, q).order_by(*_ordering(sort))[:MAX_RESULTS])
        order_match = Q(reference__icontains=q) | Q(entity_name__icontains=q)
        wros = list(queries.visible_wros(request.user).filter(order_match)[:MAX_RESULTS])
        findings = list(queries.visible_findings(request.user).filter(order_match)[:MAX_RESULTS])
    return render(request, "cases/search.html", {
        "q": q, "detentions": detentions, "wros": wros, "findings": findings, "limit": MAX_RESULTS,
        "too_short": bool(q) and len(q) < 2, "sort": sort, "list_problems": problems,
    }, status=400 if problems else 200)
