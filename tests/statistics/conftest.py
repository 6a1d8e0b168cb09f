import datetime
from decimal import Decimal

import pytest

from cases.models import Protest, RequestForInformation
from tests import factories
from tests.statistics.builders import Spec, build, clock

D = datetime.date

# Hand-made from the mapping documented in docs/statistics.md (heading rows win over chapter rows).
INDUSTRY_OF = {
    "6109.10.0012": "apparel", "8541.40.6020": "electronics", "8479.89.9499": "industrial",
    "8471.30.0100": "electronics", "6203.42.4011": "apparel", "0702.00.2000": "agriculture",
    "9503.00.0073": "consumer", "9801.00.1012": "other", "7604.10.1000": "base_metals",
    "3004.90.9290": "pharma_chemicals",
}
# From the detention states (cases/models/detentions.py) to the public outcome groups.
OUTCOME_OF = {
    "detained": "pending", "notice_issued": "pending", "submission_received": "pending", "under_review": "pending",
    "released": "released", "excluded": "denied", "deemed_excluded": "denied", "seized": "seized",
    "forfeited": "seized", "exported": "exported", "abandoned": "abandoned",
}


@pytest.fixture
def records(db, org_a, org_b, officer):
    wro = factories.WroFactory(reference="WRO-2020-TEST", effective_date=D(2020, 7, 15))
    revoked = factories.WroFactory(reference="WRO-2019-GONE", effective_date=D(2019, 1, 1), status="inactive",
                                   inactive_since=D(2025, 1, 1))
    factories.WroFactory(reference="WRO-DRAFT", status="draft", effective_date=None)
    finding = factories.FindingFactory(reference="FND-2021-TEST", published_date=D(2021, 3, 29))
    specs = [
        Spec(D(2025, 9, 30), "released", "6109.10.0012", "CN", Decimal("500"), decided_on=D(2025, 10, 10),
             importer=org_a),
        Spec(D(2025, 10, 1), "excluded", "8541.40.6020", "CN", Decimal("2000"), decided_on=D(2025, 10, 21),
             importer=org_a),
        Spec(D(2025, 10, 15), "notice_issued", "8479.89.9499", "MY", Decimal("300"), port="5201", basis="wro",
             wro=wro, importer=org_b),
        Spec(D(2025, 11, 3), "released", "8471.30.0100", "VN", Decimal("700"), decided_on=D(2025, 11, 13),
             importer=org_b),
        Spec(D(2025, 11, 20), "seized", "6203.42.4011", "CN", Decimal("900"), currency="EUR", basis="caatsa",
             decided_on=D(2025, 12, 20), importer=org_a),
        Spec(D(2026, 2, 10), "forfeited", "0702.00.2000", "MX", Decimal("100"), decided_on=D(2026, 3, 12),
             importer=org_b),
        Spec(D(2026, 9, 30), "exported", "9503.00.0073", "CN", Decimal("250"), decided_on=D(2026, 9, 30),
             importer=org_a),
        Spec(D(2026, 10, 1), "abandoned", "9801.00.1012", "CN", Decimal("400"), importer=org_a),
        Spec(D(2026, 3, 5), "deemed_excluded", "7604.10.1000", "CN", Decimal("1200"), port="5201", importer=org_b),
        Spec(D(2026, 4, 1), "under_review", "3004.90.9290", "IN", Decimal("80"), importer=org_a),
    ]
    detentions = [build(spec) for spec in specs]
    clock(detentions[0], kind="detention_notice", due=D(2025, 9, 25), state="met", closed=D(2025, 9, 24))
    clock(detentions[1], kind="detention_notice", due=D(2025, 10, 8), state="met", closed=D(2025, 10, 7))
    clock(detentions[2], kind="detention_notice", due=D(2025, 10, 22), state="met", closed=D(2025, 10, 24))
    clock(detentions[3], kind="detention_notice", due=D(2025, 11, 10), state="lapsed", closed=D(2025, 11, 11))
    clock(detentions[8], kind="detention_notice", due=D(2026, 3, 12), state="cancelled", closed=D(2026, 3, 6))
    clock(detentions[9], kind="admissibility_determination", due=D(2026, 5, 1), state="open", closed=None)
    clock(detentions[2], kind="proof_of_admissibility", due=D(2026, 1, 13), state="met", closed=D(2026, 1, 13))
    RequestForInformation.objects.create(detention=detentions[2], status="answered", questions="Which mill?",
                                         sent_by=officer, sent_on=D(2025, 10, 20), due_date=D(2025, 11, 19),
                                         answer="Mill X.")
    RequestForInformation.objects.create(detention=detentions[0], status="open", questions="Which farm?",
                                         sent_by=officer, sent_on=D(2025, 9, 1), due_date=D(2025, 10, 1))
    RequestForInformation.objects.create(detention=detentions[9], status="lapsed", questions="Which plant?",
                                         sent_by=officer, sent_on=D(2026, 4, 2), due_date=D(2026, 5, 2))
    return {"specs": specs, "detentions": detentions, "wro": wro, "revoked": revoked, "finding": finding,
            "org_a": org_a, "org_b": org_b}


@pytest.fixture
def protest(records, officer):
    detention = records["detentions"][1]
    return Protest.objects.create(
        detention=detention, organisation=records["org_a"], status="denied", filed_on=D(2025, 12, 1), filed_by=officer,
        protestant_name="Alpha Imports LLC", protestant_address="1 Dock St", importer_number="12-345678900",
        entry_number=detention.shipment.entry_number, entry_date=D(2025, 9, 29), decision_date=D(2025, 10, 21),
        merchandise="Solar cells", objections="Supply chain traced.", decided_on=D(2025, 12, 20),
    )
