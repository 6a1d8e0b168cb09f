"""The exclusion notice (19 CFR 12.44) and the request for information (CBP Form 28 practice) as PDFs.

Hand-computed dates: a WRO detention imported 2020-11-30 has its 3-month proof window due Mon
2021-03-01; an exclusion decided Fri 2021-03-05 opens the 180-day protest window (19 U.S.C. 1514(c)(3)),
due Wed 2021-09-01, and the 60-day abandonment clock (19 CFR 12.44(a)), due Tue 2021-05-04. A request
sent Mon 2024-05-06 with the default 30 days is due Wed 2024-06-05.
"""

import datetime

import pytest

from cases.services import decisions, detentions, rfis
from cases.services.support import as_of
from evidence.models import EvidenceFile
from tests.cases import helpers
from tests.documents.support import pdf_text, stored_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_evidence_storage")]


@pytest.fixture
def wro_case(officer, org_a):
    with as_of(datetime.date(2020, 12, 23)):
        detention = helpers.detained(officer=officer, basis="wro", importer=org_a,
                                     importation_date=datetime.date(2020, 11, 30),
                                     presentation_date=datetime.date(2020, 12, 23))
    with as_of(datetime.date(2020, 12, 28)):
        return detentions.issue_notice(actor=officer, detention=detention, **helpers.NOTICE)


def test_an_approved_exclusion_issues_the_written_exclusion_notice_with_the_protest_and_abandonment_dates(
        wro_case, officer, supervisor):
    with as_of(datetime.date(2021, 3, 5)):
        decisions.propose_decision(actor=officer, detention=wro_case, outcome="exclude",
                                   reasons="No certificate of origin was filed within 3 months of importation.")
        decisions.approve_decision(actor=supervisor, detention=wro_case)
    text = pdf_text(stored_document("exclusion-notice", detention=wro_case))
    expected = [
        "Notice of exclusion", wro_case.shipment.entry_number, "is excluded from entry", "effective 5 March 2021",
        "No certificate of origin was filed within 3 months of importation.",
        "Proposed by Officer Ana Ruiz", "Approved by Supervisor Sam Diaz", "Alpha Imports LLC",
        "1514(a)(4)", "by 1 September 2021", "CBP Form 19", "deemed denied on the 30th day",
        "Court of International Trade", "by 4 May 2021", "deemed abandoned", "19 CFR 12.44(a)",
    ]
    assert [item for item in expected if item not in text] == []


def test_an_approved_release_issues_no_exclusion_notice(wro_case, officer, supervisor):
    with as_of(datetime.date(2021, 1, 6)):
        decisions.propose_decision(actor=officer, detention=wro_case, outcome="release", reasons="Proof accepted.")
        decisions.approve_decision(actor=supervisor, detention=wro_case)
    assert not EvidenceFile.objects.filter(detention=wro_case, original_filename__startswith="exclusion").exists()


def test_a_proposed_exclusion_not_yet_approved_issues_nothing(wro_case, officer):
    with as_of(datetime.date(2021, 3, 5)):
        decisions.propose_decision(actor=officer, detention=wro_case, outcome="exclude", reasons="No proof.")
    assert not EvidenceFile.objects.filter(detention=wro_case, original_filename__startswith="exclusion").exists()


def test_a_request_for_information_is_issued_as_a_letter_with_its_questions_and_due_date(officer, org_a):
    with as_of(datetime.date(2024, 5, 1)):
        detention = helpers.detained(officer=officer, basis="uflpa", importer=org_a,
                                     importation_date=datetime.date(2024, 4, 29),
                                     presentation_date=datetime.date(2024, 5, 1))
    with as_of(datetime.date(2024, 5, 3)):
        detentions.issue_notice(actor=officer, detention=detention, **helpers.NOTICE)
    with as_of(datetime.date(2024, 5, 6)):
        rfi = rfis.send_rfi(actor=officer, detention=detention,
                            questions="Name the spinning mill that supplied the cotton yarn, with its address.")
    stored = stored_document("request-for-information", detention=detention)
    assert stored.original_filename == f"request-for-information-{detention.shipment.entry_number}-2024-05-06.pdf"
    text = pdf_text(stored)
    expected = [
        "Request for information", "CBP Form 28", "sent 6 May 2024", "Answer by 5 June 2024",
        "Name the spinning mill that supplied the cotton yarn, with its address.", "Alpha Imports LLC",
        detention.shipment.entry_number, "not a final determination", "Officer Ana Ruiz", "officer@example.gov",
    ]
    assert [item for item in expected if item not in text] == []
    assert rfi.due_date == datetime.date(2024, 6, 5)
