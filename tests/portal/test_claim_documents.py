"""Documents with a claim and cost bond after a seizure (19 U.S.C. 1608): filed from the portal through the
evidence intake as a petition's are, shown to staff on the seizure in the After the decision panel, refused once
the claim is referred (1610) or the seizure decided, never shown to another organisation (docs/seizure.md)."""

from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.services import seizures
from evidence import services as evidence_services
from evidence.models import EvidenceFile
from tests.cases import seizure_builders as sb

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def people(officer, supervisor, importer_a):
    return {"officer": officer, "supervisor": supervisor, "importer": importer_a}


def _upload_url(seizure):
    return reverse("evidence:upload", args=["seizure_claim", seizure.pk])


def _attach(actor, seizure, name="bill-of-sale.pdf"):
    return evidence_services.intake_file(actor=actor, target=seizure, uploaded_file=SimpleUploadedFile(name, PDF),
                                         category="invoice")


def test_filing_a_claim_from_the_portal_goes_on_to_attaching_its_documents(client, people):
    seizure = sb.seizure_in("noticed", people)
    client.force_login(people["importer"])
    prefix = f"seizure-{seizure.pk}-file_claim"
    url = reverse("portal:after_decision_act", args=["seizure", seizure.pk, "file_claim"])
    answer = client.post(url, {f"{prefix}-statement": "We bought the goods; see the bill of sale.",
                               f"{prefix}-cost_bond_amount": "1200.00", "confirm": "yes"})
    assert sb.fresh(seizure).status == "claim_filed"
    assert answer.status_code == 302
    assert urlsplit(answer["Location"]).path == _upload_url(seizure)

    answer = client.post(answer["Location"], {"category": "invoice",
                                              "file": SimpleUploadedFile("bill of sale.pdf", PDF)})

    evidence_file = EvidenceFile.objects.get(seizure_claim=seizure)
    assert evidence_file.original_filename == "bill of sale.pdf"
    assert evidence_file.case_detention == seizure.detention
    assert answer.status_code == 302
    assert urlsplit(answer["Location"]).path == reverse("portal:detention", args=[seizure.detention_id])
    page = client.get(reverse("portal:detention", args=[seizure.detention_id])).content.decode()
    assert "bill of sale.pdf" in page and "Attach a document to the claim" in page


def test_staff_see_each_claim_document_on_the_seizure_with_a_link_to_it(client, people):
    seizure = sb.seizure_in("claim_filed", people)
    files = [_attach(people["importer"], seizure, name) for name in ("bill-of-sale.pdf", "title.pdf")]
    client.force_login(people["officer"])

    page = client.get(reverse("detention", args=[seizure.detention_id])).content.decode()

    section = page[page.index(f'id="seizure-{seizure.pk}"'):]
    for evidence_file in files:
        assert f'href="{reverse("evidence:file", args=[evidence_file.pk])}"' in section
        assert evidence_file.original_filename in section
    assert "Attach a document to the claim" not in page  # the claimant attaches them, from the portal
    assert client.get(reverse("evidence:file", args=[files[0].pk])).status_code == 200


def test_the_panel_reads_the_claim_documents_in_one_query(client, people, django_assert_max_num_queries):
    seizure = sb.seizure_in("claim_filed", people)
    client.force_login(people["officer"])
    client.get(reverse("detention", args=[seizure.detention_id]))
    _attach(people["importer"], seizure, "a.pdf")
    with django_assert_max_num_queries(90) as few:
        client.get(reverse("detention", args=[seizure.detention_id]))
    for name in ("b.pdf", "c.pdf", "d.pdf"):
        _attach(people["importer"], seizure, name)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("detention", args=[seizure.detention_id]))


# Whether the claimant may add a document, by the seizure's state: only while the claim is filed and waits for
# its referral (19 U.S.C. 1608, 1610); before a claim there is nothing to attach to.
ATTACH_TABLE = [
    ("claim_filed", None, ""),
    ("referred", InvalidTransition, "until it is referred"),
    ("noticed", InvalidTransition, "no claim and cost bond was filed"),
    ("petition_pending", InvalidTransition, "no claim and cost bond was filed"),
    ("forfeited", InvalidTransition, "no claim and cost bond was filed"),
    ("remitted", InvalidTransition, "no claim and cost bond was filed"),
]


@pytest.mark.parametrize(("state", "refusal", "words"), ATTACH_TABLE)
def test_the_claimant_attaches_documents_until_the_claim_is_referred(people, state, refusal, words):
    seizure = sb.seizure_in(state, people)
    if refusal is None:
        assert _attach(people["importer"], seizure).seizure_claim_id == seizure.pk
        return
    with pytest.raises(refusal) as excinfo:
        _attach(people["importer"], seizure)
    assert words.replace("until it is referred", "not yet referred") in excinfo.value.message
    assert not EvidenceFile.objects.filter(seizure_claim=seizure).exists()


def test_documents_filed_before_the_referral_stay_on_the_claim(client, people):
    seizure = sb.seizure_in("claim_filed", people)
    evidence_file = _attach(people["importer"], seizure)
    seizures.refer_to_us_attorney(actor=people["supervisor"], seizure=seizure, reference="USAO-CDCA 26-1")
    client.force_login(people["importer"])
    page = client.get(reverse("portal:detention", args=[seizure.detention_id])).content.decode()
    assert evidence_file.original_filename in page
    assert "Attach a document to the claim" not in page


def test_refused_upload_on_the_page_says_why_and_stores_nothing(client, people):
    seizure = sb.seizure_in("referred", people)
    client.force_login(people["importer"])
    answer = client.post(_upload_url(seizure), {"category": "invoice",
                                                "file": SimpleUploadedFile("late.pdf", PDF)})
    assert answer.status_code == 409
    assert "not yet referred to the U.S. Attorney" in answer.content.decode()
    assert not EvidenceFile.objects.filter(seizure_claim=seizure).exists()


def test_an_importer_never_sees_another_organisations_claim_documents(client, people, importer_b):
    seizure = sb.seizure_in("claim_filed", people)
    evidence_file = _attach(people["importer"], seizure)
    client.force_login(importer_b)

    for url in (_upload_url(seizure), reverse("evidence:file", args=[evidence_file.pk]),
                reverse("evidence:download", args=[evidence_file.pk]),
                reverse("portal:detention", args=[seizure.detention_id])):
        assert client.get(url).status_code == 404, url
    answer = client.post(_upload_url(seizure), {"category": "invoice",
                                                "file": SimpleUploadedFile("x.pdf", PDF)})
    assert answer.status_code == 404
    with pytest.raises(ActionNotPermitted):
        _attach(importer_b, seizure)
    assert list(EvidenceFile.objects.filter(seizure_claim=seizure)) == [evidence_file]
