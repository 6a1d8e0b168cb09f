"""Money in the agency's letters reads as people write it: "$182,673.00", the same as on the pages.

The PDFs are read back as text and compared with amounts typed by hand. The cost bond is 19 U.S.C. 1608 and
19 CFR 162.45(a)(3): USD 5,000 or 10% of the appraised value, whichever is lower, but not less than USD 250, so
an appraised value of 182,673 needs a bond of 5,000 and one of 12,000 a bond of 1,200. The statute's own words
("USD 5,000", "USD 250") are quoted as they are; only amounts computed from the case's data are formatted.
"""

import re

import pytest
from django.core.exceptions import ValidationError

from cases.actors import SYSTEM
from cases.models import Notification
from cases.services import seizures
from tests.cases import helpers
from tests.cases import seizure_builders as b
from tests.documents.support import pdf_text, stored_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_evidence_storage")]


@pytest.fixture
def people(officer, supervisor, importer_a):
    return {"officer": officer, "supervisor": supervisor, "importer": importer_a, "system": SYSTEM}


def recorded_seizure(people, appraised_value):
    seizure = b.seized(people)
    return seizures.record_seizure(
        actor=people["officer"], seizure=seizure, goods_description="1,200 cartons of nitrile gloves",
        quantity="1,200 cartons", appraised_value=appraised_value, storage_location="CES 2704, Bay 4",
        custody_receipt_number="6051S-2026-0042")


def test_the_seizure_record_states_the_appraised_value_in_dollars_with_cents(people):
    seizure = recorded_seizure(people, "182673")

    text = pdf_text(stored_document("seizure-record", detention=seizure.detention))

    assert "Appraised domestic value $182,673.00" in text
    assert "USD 182673" not in text


def test_the_notice_of_seizure_states_the_value_and_the_cost_bond_in_dollars_and_quotes_the_statute(people):
    seizure = recorded_seizure(people, "182673")

    text = pdf_text(stored_document("notice-of-seizure", detention=seizure.detention))

    assert "appraised at $182,673.00" in text
    assert ("a bond of $5,000.00 (USD 5,000 or 10% of the value, whichever is lower, but not less than USD 250)"
            in text)
    assert "USD 182673" not in text and "USD 5000.00" not in text


def test_a_cost_bond_below_the_cap_is_written_with_its_cents(people):
    seizure = recorded_seizure(people, "12345.60")

    text = pdf_text(stored_document("notice-of-seizure", detention=seizure.detention))

    assert "appraised at $12,345.60" in text and "a bond of $1,234.56 (" in text


def test_the_notice_to_redeliver_states_the_value_of_the_goods_in_dollars(people):
    detention = helpers.in_state("released", officer=people["officer"], supervisor=people["supervisor"],
                                 importer_user=people["importer"])
    seizures.demand_redelivery(actor=people["officer"], detention=detention,
                               reason="Goods found to be covered by a Finding.", bond_number="BOND-99-001",
                               goods_value="1234567.5")

    text = pdf_text(stored_document("notice-to-redeliver", detention=detention))

    assert "Value of the goods $1,234,567.50" in text
    assert "USD 1234567" not in text


def test_a_refused_cost_bond_names_the_amounts_due_in_dollars_and_the_statute_in_its_words(people):
    seizure = recorded_seizure(people, "12000")
    message = ("The cost bond must be at least $1,200.00: USD 5,000 or 10% of the appraised value ($12,000.00), "
               "whichever is lower, and not less than USD 250 (19 U.S.C. 1608; 19 CFR 162.45(a)(3)).")

    with pytest.raises(ValidationError, match=re.escape(message)):
        seizures.file_claim(actor=people["importer"], seizure=b.fresh(seizure), statement="Ours.",
                            cost_bond_amount="1199.99")


def test_the_claim_for_liquidated_damages_tells_the_importer_the_amount_in_dollars(people):
    redelivery = b.redelivery_in("damages_claimed", people)  # claims 24000.00 on bond BOND-99-001

    bodies = set(Notification.objects.filter(kind="liquidated_damages", detention=redelivery.detention)
                 .values_list("body", flat=True))

    assert bodies == {"CBP claims $24,000.00 in liquidated damages on bond BOND-99-001 for the failure to "
                      "redeliver (19 CFR 113.62)."}
