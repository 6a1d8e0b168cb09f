"""The search box on every page: entry number, importer, producer or order reference.

The substring matches run where an index serves them: on PostgreSQL the trigram indexes of migration
0023 (pg_trgm, on UPPER(column), which is what icontains compares) find the matching importers,
producers, orders and entry numbers. The page then reads each kind of match on its own, in the page's
order and limited to the page (an OR of them all would make PostgreSQL scan the detentions), and keeps the
first page of the merged candidates (`first_matches`). On SQLite the same queries scan, with the same
results. The CSV export reads every match, so it keeps the single OR (`matching_detentions`).
"""

from django.db.models import CharField, F, Q, Value
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render

from cases import detention_csv, listing, queries
from cases.csv_safety import Echo, SafeWriter
from cases.models import Finding, ForeignEntity, ImporterOrganisation, Shipment, WithholdReleaseOrder
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


# Only the producer may be missing; the other sort keys are never NULL, so they sort plainly, which lets
# an index on them be read in either direction (the detained_on, id index of the detentions).
NULLABLE = {"shipment__producer__name"}


def _ordering(sort):
    fields = [(f.lstrip("-"), f.startswith("-")) for f in SORTS[sort]]
    return [(F(name).desc(nulls_last=True) if desc else F(name).asc(nulls_last=True)) if name in NULLABLE
            else (F(name).desc() if desc else F(name).asc()) for name, desc in fields]


def matching_detentions(user, q):
    """The detentions `user` may see whose entry number, importer, producer or order matches `q`, unordered.

    One OR over every kind of match: the CSV export reads them all, so it scans as it must.
    """
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


def match_kinds(q):
    """One filter per kind of match: entry numbers (the shipments' trigram index of migration 0023 on
    PostgreSQL), then importers, producers, WROs and Findings whose name or reference matches, read first
    in one query (their trigram indexes; at most MAX_PARTIES of each) so that each filter is an indexed
    list of ids and a kind that matches nothing is not run at all."""
    parts = [
        model.objects.filter(**{f"{field}__icontains": q}).annotate(kind=Value(kind, output_field=CharField()))
        .order_by().values_list("kind", "id")
        for kind, model, field in (("importer", ImporterOrganisation, "name"), ("producer", ForeignEntity, "name"),
                                   ("wro", WithholdReleaseOrder, "reference"), ("finding", Finding, "reference"))
    ]
    ids = {"importer": [], "producer": [], "wro": [], "finding": []}
    for kind, pk in parts[0].union(*parts[1:], all=True):
        if len(ids[kind]) < MAX_PARTIES:
            ids[kind].append(pk)
    kinds = [Q(shipment__in=Shipment.objects.filter(entry_number__icontains=q).values("id"))]
    for kind, lookup in (("importer", "shipment__importer_id__in"), ("producer", "shipment__producer_id__in"),
                         ("wro", "wro_id__in"), ("finding", "finding_id__in")):
        if ids[kind]:
            kinds.append(Q(**{lookup: ids[kind]}))
    return kinds


def first_matches(user, q, ordering, limit=MAX_RESULTS):
    """The first `limit` detentions `user` may see matching `q` in `ordering` (which ends with the id, so it
    is a total order), read a page at a time: each kind of match gives its own first `limit` ids (one
    indexed query each), and the first `limit` of their union are the first `limit` of all matches, since
    each of those is among the first `limit` of its own kind."""
    visible = queries.visible_detentions(user).select_related(None)
    candidates = set()
    for kind in match_kinds(q):
        candidates.update(visible.filter(kind).order_by(*ordering).values_list("pk", flat=True)[:limit])
    if not candidates:
        return []
    return list(queries.visible_detentions(user).filter(pk__in=candidates).order_by(*ordering)[:limit])


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
        for d, shown in detention_csv.rows(qs):
            yield writer.writerow([
                d.shipment__entry_number, d.shipment__importer__name, d.shipment__producer__name or "",
                shown["basis_label"], shown["order_reference"], shown["status_label"], d.port_code,
                d.detained_on.isoformat(),
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
        detentions = first_matches(request.user, q, _ordering(sort))
        order_match = Q(reference__icontains=q) | Q(entity_name__icontains=q)
        wros = list(queries.visible_wros(request.user).filter(order_match)[:MAX_RESULTS])
        findings = list(queries.visible_findings(request.user).filter(order_match)[:MAX_RESULTS])
    return render(request, "cases/search.html", {
        "q": q, "detentions": detentions, "wros": wros, "findings": findings, "limit": MAX_RESULTS,
        "too_short": bool(q) and len(q) < 2, "sort": sort, "list_problems": problems,
    }, status=400 if problems else 200)
