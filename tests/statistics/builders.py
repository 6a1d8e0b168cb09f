"""Records for the statistics tests, written directly: the statistics only read them.

Each detention is described by a small spec so that the tests can compute the expected figures from
the same specs by hand (plain loops), independently of the aggregation code under test.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from cases.models import Deadline, Detention
from cases.services.deadlines import sync_next_clock
from tests import factories

_serial = itertools.count(1)


@dataclass
class Spec:
    detained_on: datetime.date
    status: str = "detained"
    hts: str = "4015.19.0510"
    country: str = "MY"
    value: Decimal = Decimal("1000.00")
    currency: str = "USD"
    port: str = "1001"
    basis: str = "uflpa"
    decided_on: datetime.date | None = None
    importer: object = None
    wro: object = None
    extra: dict = field(default_factory=dict)


def build(spec: Spec) -> Detention:
    n = next(_serial)
    importation = spec.detained_on - datetime.timedelta(days=2)
    shipment = factories.ShipmentFactory(
        entry_number=f"ST{n % 10}-{2000000 + n:07d}-{n % 10}",
        importer=spec.importer or factories.ImporterOrganisationFactory(),
        country_of_origin=spec.country, hts_codes=[spec.hts], value=spec.value, currency=spec.currency,
        port_code=spec.port, importation_date=importation, presentation_date=importation,
        release_status="detained",
    )
    return Detention.objects.create(
        shipment=shipment, basis=spec.basis, wro=spec.wro if spec.basis == "wro" else None,
        status=spec.status, port_code=spec.port, presented_on=importation, detained_on=spec.detained_on,
        decided_on=spec.decided_on,
    )


def clock(detention: Detention, *, kind: str, due: datetime.date, state: str, closed: datetime.date | None):
    row = Deadline.objects.create(
        kind=kind, party="agency", detention=detention, starts_on=due - datetime.timedelta(days=5), due_date=due,
        computed_due_date=due, citation="test", state=state, closed_on=closed,
    )
    # A clock row written as history, not through the clock services: keep the detention's stored next
    # clock in step, as those services do.
    sync_next_clock([detention.pk])
    return row
