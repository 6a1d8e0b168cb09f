"""Documents with a petition after a seizure: filed from the portal through the evidence intake, shown to
staff on the petition in the After the decision panel, never to another organisation (docs/seizure.md)."""

from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.errors import ActionNotPermitted, InvalidTransition
from cases.models import SeizurePetition
from cases.services import seizures
from evidence import services as evidence_services
from evidence.models import EvidenceFile
from tests.cases import seizure_builders as sb

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def people(officer, supervisor, importer_a):
    return {"officer": officer, "supervisor": supervisor, "importer": importer_a}


def _upload_url(petition):
    return reverse("evidence:upload", args=["seizure_petition", petition.pk])


def _attach(actor, petition, name="plant-audit.pdf"):
    return evidence_services.intake_file(actor=actor, target=petition, uploaded_file=SimpleUploadedFile(name, PDF),
                                         category="audit_report")


def test_filing_a_petition_from_the_portal_goes_on_to_attaching_its_documents(client, people):
    seizure = sb.seizure_in("noticed", people)
    client.force_login(people["importer"])
    prefix = f"seizure-{seizure.pk}-file_petition"
    answer = client.post(reverse("portal:after_decision_act", args=["seizure", seizure.pk, "file_petition"]),
                         {f"{prefix}-kind": "petition", f"{prefix}-grounds": "Audited plant; see the audit."})
    petition = SeizurePetition.objects.get(seizure=seizure)
    assert answer.status_code == 302
    assert urlsplit(answer["Location"]).path == _upload_url(petition)

    answer = client.post(answer["Location"], {"category": "audit_report",
                                              "file": SimpleUploadedFile("plant audit 2026.pdf", PDF)})

    evidence_file = EvidenceFile.objects.get(seizure_petition=petition)
    assert evidence_file.original_filename == "plant audit 2026.pdf"
    assert answer.status_code == 302
    assert urlsplit(answer["Location"]).path == reverse("portal:detention", args=[seizure.detention_id])
    page = client.get(reverse("portal:detention", args=[seizure.detention_id])).content.decode()
    assert "plant audit 2026.pdf" in page


def test_staff_see_each_document_on_the_petition_with_a_link_to_it(client, people):
    petition = sb.petition(people, sb.seizure_in("noticed", people))
    files = [_attach(people["importer"], petition, name) for name in ("plant-audit.pdf", "payroll-march.pdf")]
    client.force_login(people["officer"])

    page = client.get(reverse("detention", args=[petition.seizure.detention_id])).content.decode()

    section = page[page.index(f'id="petition-{petition.pk}"'):]
    for evidence_file in files:
        assert f'href="{reverse("evidence:file", args=[evidence_file.pk])}"' in section
        assert evidence_file.original_filename in section
    assert "Attach a document to this petition" not in page  # the petitioner attaches them, from the portal
    assert client.get(reverse("evidence:file", args=[files[0].pk])).status_code == 200


def test_the_panel_reads_the_documents_of_every_petition_in_one_query(client, people, django_assert_max_num_queries):
    detention = sb.seizure_in("petition_denied", people).detention
    client.force_login(people["officer"])
    client.get(reverse("detention", args=[detention.pk]))  # warm the session and the caches
    with django_assert_max_num_queries(80) as few:
        client.get(reverse("detention", args=[detention.pk]))
    petition = SeizurePetition.objects.get(seizure__detention=detention)
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        _attach(people["officer"], petition, name)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("detention", args=[detention.pk]))


# Whether the petitioner may add a document, by the petition's state (19 CFR 171.1(c): the petition states
# the facts and is supported by the documents; the decision rests on what was filed before it was proposed).
ATTACH_TABLE = [
    ("filed", None),
    ("proposed", InvalidTransition),
    ("denied", InvalidTransition),
    ("granted", InvalidTransition),
]


def _petition_in(state, people):
    petition = sb.petition(people, sb.seizure_in("noticed", people))
    if state == "proposed":
        seizures.propose_petition_decision(actor=people["officer"], petition=petition, outcome="deny",
                                              reasons="No clean supply chain shown.")
    elif state in ("denied", "granted"):
        sb.decide(people, petition, "deny" if state == "denied" else "grant")
    return sb.fresh(petition)


@pytest.mark.parametrize(("state", "refusal"), ATTACH_TABLE)
def test_the_petitioner_attaches_documents_until_a_decision_is_proposed(people, state, refusal):
    petition = _petition_in(state, people)
    if refusal is None:
        assert _attach(people["importer"], petition).seizure_petition_id == petition.pk
        return
    with pytest.raises(refusal) as excinfo:
        _attach(people["importer"], petition)
    assert "until a decision on it is proposed" in excinfo.value.message
    assert not EvidenceFile.objects.filter(seizure_petition=petition).exists()


def test_refused_upload_on_the_page_says_why_and_stores_nothing(client, people):
    petition = _petition_in("proposed", people)
    client.force_login(people["importer"])
    answer = client.post(_upload_url(petition), {"category": "audit_report",
                                                 "file": SimpleUploadedFile("late.pdf", PDF)})
    assert answer.status_code == 409
    assert "until a decision on it is proposed" in answer.content.decode()
    assert not EvidenceFile.objects.filter(seizure_petition=petition).exists()


def test_an_importer_never_sees_another_organisations_petition_documents(client, people, importer_b):
    petition = sb.petition(people, sb.seizure_in("noticed", people))
    evidence_file = _attach(people["importer"], petition)
    client.force_login(importer_b)

    for url in (_upload_url(petition), reverse("evidence:file", args=[evidence_file.pk]),
                reverse("evidence:download", args=[evidence_file.pk]),
                reverse("portal:detention", args=[petition.seizure.detention_id])):
        assert client.get(url).status_code == 404, url
    answer = client.post(_upload_url(petition), {"category": "audit_report",
                                                 "file": SimpleUploadedFile("x.pdf", PDF)})
    assert answer.status_code == 404
    with pytest.raises(ActionNotPermitted):
        _attach(importer_b, petition)
    assert list(EvidenceFile.objects.filter(seizure_petition=petition)) == [evidence_file]
