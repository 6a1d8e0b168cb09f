"""The notice of detention as a PDF: every item 19 U.S.C. 1499(c)(2) and 19 CFR 151.16(c) require and
what a recipient needs, read back from the stored document's text.

Dates are computed by hand from domain.md's worked examples: presentation Wed 2020-12-23 gives a
5-business-day notice clock due Mon 2021-01-04 (Dec 24 executive-order closure, Dec 25, Jan 1 and two
weekends skipped) and a 30-day admissibility clock due 2021-01-22, so silence is a deemed exclusion on
2021-01-23; importation 2020-11-30 gives the 3-month proof window due Sun 2021-02-28, rolled to
Mon 2021-03-01.
"""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cases import documents
from cases.models import AuditEvent, Detention, Shipment
from cases.services import detentions
from cases.services.support import as_of
from evidence.models import EvidenceFile
from tests import factories
from tests.cases import helpers
from tests.documents.support import pdf_bytes, pdf_text, stored_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_evidence_storage")]

PARTICULARS = {
    "broker_name": "Harbor Customs Brokerage Inc.",
    "consignee_name": "Midwest Medical Supply Co.",
    "goods_location": "Centralized Examination Station, 1210 Corbin St, Elizabeth NJ",
    "bill_of_lading": "maeu123456789",
    "container_numbers": ["CSQU3054383"],
    "lines_held": "001, 002",
    "quantity_held": Decimal("60"),
    "contact_phone": "+1 973 555 0142",
    "contact_email": "ana.ruiz@cbp.example.gov",
}


def _wro_detention(officer, importer):
    with as_of(datetime.date(2020, 12, 23)):
        return helpers.detained(officer=officer, basis="wro", importer=importer,
                                importation_date=datetime.date(2020, 11, 30),
                                presentation_date=datetime.date(2020, 12, 23))


def _issue(officer, detention, on, **particulars):
    with as_of(on):
        return detentions.issue_notice(actor=officer, detention=detention, **helpers.NOTICE, **particulars)


@pytest.fixture
def wro_notice_text(officer, org_a):
    detention = _issue(officer, _wro_detention(officer, org_a), datetime.date(2020, 12, 30), **PARTICULARS)
    return pdf_text(stored_document("notice-of-detention", detention=detention))


WRO_NOTICE_ITEMS = [
    # The five contents of 1499(c)(2), with the officer's own words for (B)-(E).
    "(A) Detention", "detention began on 23 December 2020",
    "(B) Specific reason for the detention", helpers.NOTICE["reason"],
    "(C) Anticipated length of the detention", helpers.NOTICE["anticipated_length"],
    "(D) Tests or inquiries to be made", helpers.NOTICE["tests_or_inquiries"],
    "(E) Information that, if supplied, may speed the disposition", helpers.NOTICE["information_requested"],
    # The parties notified and the custody details.
    "Alpha Imports LLC", "Harbor Customs Brokerage Inc.", "Midwest Medical Supply Co.",
    "Centralized Examination Station, 1210 Corbin St, Elizabeth NJ", "MAEU123456789", "CSQU3054383",
    "001, 002", "60 cartons (of 100 cartons entered)",
    # Not final; the deemed exclusion date and the protest right; test results on request.
    "This notice is not a final determination",
    "by 22 January 2021 (30 days after presentation)", "excluded on 23 January 2021",
    "1499(c)(5)(A)", "1514(a)(4)", "1499(c)(3)", "results of any test",
    # WRO: proof of admissibility, where to file it, and the export option.
    "by 1 March 2021", "certificate of origin", "detailed statement", "19 CFR 12.43",
    "port director of the port where the goods are: port 1001", "export the merchandise", "12.44(a)",
    # Who to contact.
    "Officer Ana Ruiz", "+1 973 555 0142", "ana.ruiz@cbp.example.gov",
]


def test_notice_of_a_wro_detention_states_every_required_item(wro_notice_text):
    assert [item for item in WRO_NOTICE_ITEMS if item not in wro_notice_text] == []


def test_notice_issued_within_five_business_days_is_not_flagged_late(wro_notice_text):
    assert "Issued late" not in wro_notice_text


def test_notice_of_a_wro_detention_says_nothing_of_the_uflpa(wro_notice_text):
    assert "Applicability review" not in wro_notice_text


@pytest.fixture
def uflpa_notice_text(officer, org_a):
    # Presentation Wed 2024-05-01: notice due Wed 2024-05-08; response and admissibility due Fri 2024-05-31.
    with as_of(datetime.date(2024, 5, 1)):
        detention = helpers.detained(officer=officer, basis="uflpa", importer=org_a,
                                     importation_date=datetime.date(2024, 4, 29),
                                     presentation_date=datetime.date(2024, 5, 1))
    detention = _issue(officer, detention, datetime.date(2024, 5, 3), goods_location="Port Newark bonded warehouse")
    return pdf_text(stored_document("notice-of-detention", detention=detention))


UFLPA_NOTICE_ITEMS = [
    "(A) Detention", "(B) Specific reason", "(C) Anticipated length", "(D) Tests or inquiries", "(E) Information",
    "This notice is not a final determination", "excluded on 1 June 2024", "1514(a)(4)", "1499(c)(3)",
    "Uyghur Forced Labor Prevention Act", "by 31 May 2024",
    "Applicability review: the goods are not subject to the UFLPA",
    "Packing lists, bills of lading and manifests", "with a flow chart", "proof of payment for the raw materials",
    "English translations", "executive summary and a table of contents",
    "Exception: the presumption is rebutted (UFLPA sec. 3(b))", "clear and convincing evidence",
    "due-diligence system", "Supply-chain tracing", "reported to Congress",
    "Port Newark bonded warehouse", "Officer Ana Ruiz", "officer@example.gov",
    "Customs broker none recorded",
]


def test_notice_of_a_uflpa_detention_states_every_required_item(uflpa_notice_text):
    assert [item for item in UFLPA_NOTICE_ITEMS if item not in uflpa_notice_text] == []


def test_notice_of_a_uflpa_detention_offers_no_wro_proof_route(uflpa_notice_text):
    assert "12.43" not in uflpa_notice_text


def test_notice_issued_after_its_five_business_days_is_flagged_late_on_the_pdf_and_the_case(officer, org_a):
    detention = _issue(officer, _wro_detention(officer, org_a), datetime.date(2021, 1, 5))
    detention.refresh_from_db()
    assert detention.notice_late is True
    assert detention.notice_due_on == datetime.date(2021, 1, 4)
    text = pdf_text(stored_document("notice-of-detention", detention=detention))
    assert "Issued late" in text and "by 4 January 2021" in text


def test_notice_issued_on_the_last_business_day_is_timely(officer, org_a):
    detention = _issue(officer, _wro_detention(officer, org_a), datetime.date(2021, 1, 4))
    detention.refresh_from_db()
    assert detention.notice_late is False


def test_the_stored_notice_is_immutable_evidence_whose_sha256_is_the_hash_of_its_bytes(
        officer, org_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        detention = _issue(officer, _wro_detention(officer, org_a), datetime.date(2020, 12, 30))
    stored = stored_document("notice-of-detention", detention=detention)
    data = pdf_bytes(stored)
    assert data.startswith(b"%PDF-")
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
    assert stored.content_type == "application/pdf" and stored.visible_to_importer
    assert stored.scan_status == "clean"  # the scanner ran after commit, as for every file
    assert list(stored.custody_events.values_list("action", flat=True)) == [
        "generated", "shared_with_importer", "scanned"]
    assert _audit(detention, "generate_document").get().after["sha256"] == stored.sha256


def _audit(detention, action):
    return AuditEvent.objects.filter(detention=detention, action=action)


def test_a_notice_that_cannot_be_kept_is_not_issued(officer, org_a, monkeypatch):
    detention = _wro_detention(officer, org_a)

    def broken_storage(**kwargs):
        raise OSError("evidence storage unavailable")

    monkeypatch.setattr(documents, "_archiver", broken_storage)
    with pytest.raises(OSError):
        _issue(officer, detention, datetime.date(2020, 12, 30))
    detention.refresh_from_db()
    assert detention.notice_issued_on is None and detention.status == "detained"
    assert not _audit(detention, "issue_notice").exists()


@pytest.mark.parametrize(("particulars", "field"), [
    ({"container_numbers": ["CSQU3054384"]}, "container_numbers"),  # wrong ISO 6346 check digit
    ({"container_numbers": ["CSQ3054383"]}, "container_numbers"),
    ({"bill_of_lading": "MAEU 1234/56"}, "bill_of_lading"),
    ({"quantity_held": Decimal("101")}, "quantity_held"),  # more than the 100 cartons entered
    ({"quantity_held": Decimal("0")}, "quantity_held"),
    ({"contact_phone": "call the port"}, "contact_phone"),
    ({"contact_email": "not-an-address"}, "contact_email"),
])
def test_bad_notice_particulars_are_refused_and_change_nothing(officer, org_a, particulars, field):
    detention = _wro_detention(officer, org_a)
    with pytest.raises(ValidationError) as refused:
        _issue(officer, detention, datetime.date(2020, 12, 30), **particulars)
    assert field in refused.value.message_dict
    detention = Detention.objects.get(pk=detention.pk)
    assert detention.notice_issued_on is None
    assert Shipment.objects.get(pk=detention.shipment_id).container_numbers == []
    assert not EvidenceFile.objects.filter(detention=detention).exists()


def test_a_notice_needs_a_way_to_reach_the_officer(org_a):
    officer = factories.UserFactory(role="officer", username="no-mail", email="")
    detention = _wro_detention(officer, org_a)
    with pytest.raises(ValidationError) as refused:
        _issue(officer, detention, datetime.date(2020, 12, 30))
    assert "contact_email" in refused.value.message_dict
