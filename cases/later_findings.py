"""Which Findings reach goods excluded under a WRO and still in CBP custody (19 CFR 12.42(f), 12.44(b)).

A Finding applies to imports on or after its publication and to goods still in custody (domain.md [S]). It reaches
an excluded case when it is in force on the day (published by then, not ended), covers the case's goods by the rule
every order applies (`ForcedLaborOrder.covers_goods`: country, producer or region, HTSUS scope) and exempts neither
the case's producer nor its importer (`ForcedLaborOrder.exemption_for`: a partial modification, written directly or
by a granted modification petition). Whether it was converted from the case's own WRO or published on its own does
not matter; the converted one is offered first.

Reads only: the state table's guards (cases.workflows) and the seizure service both ask here, so the page, the API
and the approval apply one rule. A list attaches the candidate Findings of its page once (`attach_findings_in_force`)
so that its allowed actions run a bounded number of queries.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from cases.models import Finding, OrderExemption
from cases.services.support import PortBook, today

_ATTACHED, _DAY = "_findings_in_force", "_findings_day"


@dataclass(frozen=True)
class FindingReach:
    """A Finding in force whose scope takes in the goods, and the exemption that takes this case out, if any."""

    finding: Finding
    exemption: OrderExemption | None

    @property
    def covers(self) -> bool:
        return self.exemption is None


def _candidates(countries, day: datetime.date):
    """Findings of these countries not ended before `day`, with their exemptions (and whom they name)."""
    exemptions = OrderExemption.objects.select_related("producer", "importer", "petition")
    return list(
        Finding.objects.filter(Q(inactive_since__isnull=True) | Q(inactive_since__gt=day), country__in=countries)
        .prefetch_related(Prefetch("exemptions", queryset=exemptions))
        .order_by("-published_date", "reference")
    )


def attach_findings_in_force(detentions) -> None:
    """Read once the candidate Findings, and each port's date, for every excluded case under a WRO among
    `detentions` (a page of a list), so that the guards run no query for them: four queries, whatever the number
    of cases."""
    wanted = [d for d in detentions if d.status == "excluded" and d.basis == "wro"]
    if not wanted:
        return
    ports = PortBook()
    ports.load({d.port_code for d in wanted})
    days = {d.pk: ports.today(d.port_code) for d in wanted}
    by_country: dict[str, list[Finding]] = {}
    for finding in _candidates({d.shipment.country_of_origin for d in wanted}, min(days.values())):
        by_country.setdefault(finding.country, []).append(finding)
    for detention in wanted:
        setattr(detention, _ATTACHED, by_country.get(detention.shipment.country_of_origin, []))
        setattr(detention, _DAY, days[detention.pk])


def day_for(detention) -> datetime.date:
    """The port's local date the Findings are read on (domain.md section 3: dates are port-local)."""
    return getattr(detention, _DAY, None) or today(detention.port_code)


def findings_reaching(detention, day: datetime.date) -> list[FindingReach]:
    """The Findings in force on `day` whose scope takes in the goods of an excluded case under a WRO, the one
    converted from the case's own WRO first, then the latest published; each with the exemption of the case's
    producer or importer in effect by `day`, if any."""
    if detention.basis != "wro" or detention.wro_id is None:
        return []
    shipment = detention.shipment
    candidates = getattr(detention, _ATTACHED, None)
    if candidates is None:
        candidates = _candidates([shipment.country_of_origin], day)
    reach = []
    for finding in candidates:
        if not finding.is_in_force_on(day):
            continue
        if not finding.covers_goods(country=shipment.country_of_origin, hts_codes=shipment.hts_codes,
                                    producer_id=shipment.producer_id):
            continue
        exemption = finding.exemption_for(producer_id=shipment.producer_id, importer_id=shipment.importer_id, day=day)
        reach.append(FindingReach(finding, exemption))
    reach.sort(key=lambda r: r.finding.source_wro_id != detention.wro_id)  # stable: the converted one first
    return reach


def covering_findings(detention, day: datetime.date) -> list[Finding]:
    return [r.finding for r in findings_reaching(detention, day) if r.covers]


def default_finding(detention, covering: list[Finding]) -> Finding | None:
    """The Finding a proposal names when none is chosen: the one converted from the case's WRO, else the only one."""
    converted = next((f for f in covering if f.source_wro_id == detention.wro_id), None)
    if converted is not None:
        return converted
    return covering[0] if len(covering) == 1 else None


def describe_exemption(finding: Finding, exemption: OrderExemption) -> str:
    """'the producer X is exempted from Finding F since D (modification petition granted on D2)'."""
    who = []
    if exemption.producer_id:
        who.append(f"the producer {exemption.producer.name}")
    if exemption.importer_id:
        who.append(f"the importer {exemption.importer.name}")
    how = ""
    if exemption.petition_id and exemption.petition.decided_on:
        how = f", on the modification petition of {exemption.petition.petitioner} granted on " \
              f"{exemption.petition.decided_on:%d %B %Y}"
    return (f"{' and '.join(who)} {'are' if len(who) > 1 else 'is'} exempted from Finding {finding.reference} "
            f"since {exemption.effective_date:%d %B %Y}{how}")


def refusal(detention, day: datetime.date, *, named_id: int | None = None) -> str | None:
    """Why no Finding (or not the one named by `named_id`) reaches the goods on `day`, or None when it does."""
    if detention.basis != "wro" or detention.wro_id is None:
        return ("the goods were not excluded under a WRO: goods held under a Finding or a presumption are seized on "
                "their own basis, not under a Finding published later (19 CFR 12.44(b))")
    reach = findings_reaching(detention, day)
    if named_id is not None:
        mine = next((r for r in reach if r.finding.pk == named_id), None)
        if mine is None:
            return _not_reaching(Finding.objects.get(pk=named_id), day)
        if mine.exemption is not None:
            return (f"the Finding {mine.finding.reference} does not cover this case: "
                    f"{describe_exemption(mine.finding, mine.exemption)}")
        return None
    if any(r.covers for r in reach):
        return None
    if reach:
        return "; ".join(f"the Finding {r.finding.reference} does not cover this case: "
                         f"{describe_exemption(r.finding, r.exemption)}" for r in reach)
    converted = _converted_finding(detention.wro)
    if converted is not None and not converted.is_in_force_on(day):
        return _not_reaching(converted, day)
    shipment = detention.shipment
    producer = shipment.producer.name if shipment.producer_id else "no named producer"
    return (f"no Finding in force today covers these goods ({producer}, {shipment.country_of_origin}, HTSUS "
            f"{', '.join(shipment.hts_codes or []) or 'none given'}); under a WRO excluded goods are exported or "
            "abandoned, not seized (19 CFR 12.44(a))")


def _converted_finding(wro) -> Finding | None:
    """The Finding converted from `wro`, or None (read through the relation, which a list may have selected)."""
    try:
        return wro.finding
    except Finding.DoesNotExist:
        return None


def _not_reaching(finding: Finding, day: datetime.date) -> str:
    if day < finding.published_date:
        return (f"the Finding {finding.reference} is not in force today: it takes effect on its publication, "
                f"{finding.published_date:%d %B %Y} (19 CFR 12.42(f))")
    if not finding.is_in_force_on(day):
        return (f"the Finding {finding.reference} is not in force today ({finding.get_status_display().lower()} "
                f"since {finding.inactive_since:%d %B %Y}; 19 CFR 12.42(f))")
    return (f"the Finding {finding.reference} does not cover these goods: its producer, country or HTSUS scope "
            "is not theirs")
