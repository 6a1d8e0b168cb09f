"""The orders registry and the investigations pages."""

import datetime
import re

import pytest
from django.urls import reverse

from cases.models import Detention, Finding, IloIndicatorAssessment, WithholdReleaseOrder
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_an_importer_gets_not_found_for_the_staff_registry(client, importer_a):
    client.force_login(importer_a)

    assert client.get(reverse("orders")).status_code == 404
    assert client.get(reverse("investigations")).status_code == 404


def test_the_registry_searches_and_filters_wros(client, officer):
    gloves = factories.WroFactory(merchandise="Disposable gloves", country="MY")
    cotton = factories.WroFactory(merchandise="Cotton", country="CN", entity_name="Xinjiang Production Corps")
    client.force_login(officer)

    assert cotton.reference not in text(client.get(reverse("orders"), {"kind": "wro", "country": "MY"}))
    assert gloves.reference in text(client.get(reverse("orders"), {"kind": "wro", "merchandise": "glove"}))
    page = text(client.get(reverse("orders"), {"kind": "wro", "entity": "xinjiang"}))
    assert cotton.reference in page and gloves.reference not in page
    assert gloves.reference not in text(client.get(reverse("orders"), {"kind": "wro", "date_from": "2030-01-01"}))


def test_the_registry_lists_findings_on_their_own_tab(client, officer):
    finding = factories.FindingFactory()
    client.force_login(officer)

    assert finding.reference in text(client.get(reverse("orders"), {"kind": "finding", "status": "published"}))


def test_the_order_page_lists_detentions_held_under_it(client, officer):
    detention = helpers.detained(officer=officer, basis="wro")
    client.force_login(officer)

    page = text(client.get(reverse("order", args=["wro", detention.wro.pk])))

    assert detention.shipment.entry_number in page


def test_the_order_page_pages_its_detentions_newest_first_each_once(client, officer, monkeypatch):
    """Keyset pages of two rows through five detentions held under one WRO, two of them detained the same day."""
    made = [helpers.detained(officer=officer, basis="wro", importation_date=datetime.date(2026, 10, 20))
            for _ in range(6)]
    order = made[0].wro
    # Detained on (hand-made): made[0] 1 Nov, made[1] 3 Nov, made[2] 2 Nov, made[3] 3 Nov, made[4] 31 Oct.
    days = [datetime.date(2026, 11, 1), datetime.date(2026, 11, 3), datetime.date(2026, 11, 2),
            datetime.date(2026, 11, 3), datetime.date(2026, 10, 31)]
    for detention, day in zip(made, days, strict=False):
        Detention.objects.filter(pk=detention.pk).update(wro=order, detained_on=day)
    other = made[5]  # held under another order: not listed
    monkeypatch.setattr("cases.views.orders_pages.PAGE_SIZE", 2)
    client.force_login(officer)

    listed, labels, url = [], [], reverse("order", args=["wro", order.pk])
    for _ in range(10):
        html = text(client.get(url))
        listed += re.findall(r'href="/detentions/(\d+)/"', html.split('id="held-heading"')[1].split("</section>")[0])
        labels.append(re.search(r'id="held-heading">[^<]*<span class="muted">\(([^)]*)\)', html).group(1))
        following = re.search(r'href="\?(cursor=[^"]+)"><span class="usa-pagination__link-text">Next', html)
        if following is None:
            break
        url = reverse("order", args=["wro", order.pk]) + "?" + following.group(1)

    # Newest first, the later-made of the two on 3 Nov first (ids descending break the tie).
    expected = [made[3], made[1], made[2], made[0], made[4]]
    assert listed == [str(d.pk) for d in expected]
    assert str(other.pk) not in listed
    assert labels == ["1–2 of 5", "3–4 of 5", "5–5 of 5"]


def test_an_unknown_order_answers_not_found(client, officer):
    client.force_login(officer)

    assert client.get(reverse("order", args=["wro", 99999])).status_code == 404
    assert client.get(reverse("order", args=["finding", 99999])).status_code == 404


def test_an_officer_drafts_a_wro(client, officer):
    client.force_login(officer)

    response = client.post(reverse("order-create"), {
        "reference": "WRO-2026-0042", "entity_name": "Example Province", "is_region_wide": "on", "merchandise": "Yarn",
        "country": "CN", "hts_codes": "5205"})

    wro = WithholdReleaseOrder.objects.get(reference="WRO-2026-0042")
    assert wro.status == "draft"
    assert response.url == reverse("order", args=["wro", wro.pk])


def test_a_bad_draft_keeps_the_typed_values_and_marks_the_field(client, officer):
    client.force_login(officer)

    response = client.post(reverse("order-create"), {
        "reference": "WRO-2026-0043", "entity_name": "Example Mill", "merchandise": "Yarn", "country": "ZZZ"})

    assert response.status_code == 400
    assert 'value="Example Mill"' in text(response)
    assert "usa-form-group--error" in text(response)
    assert not WithholdReleaseOrder.objects.filter(reference="WRO-2026-0043").exists()


def test_a_supervisor_activates_a_draft(client, supervisor):
    wro = factories.WroFactory(status="draft", effective_date=None)
    client.force_login(supervisor)

    client.post(reverse("order-activate", args=[wro.pk]), {"effective_date": "2026-01-05"})

    wro.refresh_from_db()
    assert wro.status == "active" and wro.effective_date == datetime.date(2026, 1, 5)


def test_an_officer_cannot_activate_and_is_told_why(client, officer):
    wro = factories.WroFactory(status="draft", effective_date=None)
    client.force_login(officer)

    response = client.post(reverse("order-activate", args=[wro.pk]), {"effective_date": "2026-01-05"}, follow=True)

    wro.refresh_from_db()
    assert wro.status == "draft"
    assert "may not activate the order" in text(response)


def test_the_activate_button_shows_only_to_a_supervisor(client, officer, supervisor):
    wro = factories.WroFactory(status="draft", effective_date=None)
    client.force_login(officer)
    assert "Activate the order" not in text(client.get(reverse("order", args=["wro", wro.pk])))
    client.force_login(supervisor)
    assert "Activate the order" in text(client.get(reverse("order", args=["wro", wro.pk])))


def test_a_supervisor_revokes_an_order_with_a_reason(client, supervisor):
    wro = factories.WroFactory()
    client.force_login(supervisor)

    client.post(reverse("order-end", args=["wro", wro.pk]), {"effective_date": "2024-01-01", "reason": "Remediated."})

    wro.refresh_from_db()
    assert wro.status == "inactive"


def test_revoking_without_a_reason_is_refused_at_the_field(client, supervisor):
    wro = factories.WroFactory()
    client.force_login(supervisor)

    response = client.post(reverse("order-end", args=["wro", wro.pk]), {"effective_date": "2024-01-01", "reason": ""})

    assert response.status_code == 400
    wro.refresh_from_db()
    assert wro.status == "active"


def test_a_supervisor_modifies_an_order_for_one_producer(client, supervisor):
    wro = factories.WroFactory()
    client.force_login(supervisor)

    client.post(reverse("order-modify", args=["wro", wro.pk]), {
        "exempt_producer": wro.entity.pk, "effective_date": "2024-01-01", "reason": "Audited and remediated."})

    wro.refresh_from_db()
    assert wro.status == "partially_active"


def test_a_supervisor_converts_a_wro_to_a_finding(client, supervisor):
    wro = factories.WroFactory()
    client.force_login(supervisor)

    response = client.post(reverse("order-convert", args=[wro.pk]), {
        "reference": "FND-2026-0001", "published_date": "2021-03-29", "federal_register_citation": "86 FR 16380"})

    finding = Finding.objects.get(reference="FND-2026-0001")
    assert finding.source_wro == wro
    assert response.url == reverse("order", args=["finding", finding.pk])


def test_a_finding_is_marked_no_longer_necessary(client, supervisor):
    finding = factories.FindingFactory()
    client.force_login(supervisor)

    client.post(reverse("order-end", args=["finding", finding.pk]), {"effective_date": "2024-01-01", "reason": "Done."})

    finding.refresh_from_db()
    assert finding.status == "no_longer_necessary"


def opened(officer, supervisor):
    investigation = factories.InvestigationFactory(status="under_investigation", assigned_officer=officer)
    return investigation


def test_the_investigation_list_filters_by_status(client, officer):
    open_one = factories.InvestigationFactory(status="under_investigation")
    closed = factories.InvestigationFactory(status="closed_no_action")
    client.force_login(officer)

    page = text(client.get(reverse("investigations"), {"status": "under_investigation"}))

    assert open_one.reference in page and closed.reference not in page


def test_the_investigation_page_lists_all_eleven_indicators(client, officer, supervisor):
    investigation = opened(officer, supervisor)
    client.force_login(officer)

    page = text(client.get(reverse("investigation", args=[investigation.pk])))

    assert len(re.findall(r'class="usa-checkbox__input"[^>]*name="[a-z_]+__observed"', page)) == 11
    assert "Debt bondage" in page and "Excessive overtime" in page
    assert "Save the checklist" in page


def test_saving_the_checklist_records_the_observed_indicators(client, officer, supervisor):
    investigation = opened(officer, supervisor)
    client.force_login(officer)

    client.post(reverse("investigation-assess", args=[investigation.pk]), {
        "debt_bondage__observed": "on", "debt_bondage__notes": "Recruitment fees of 4 months' wages."})

    assessment = IloIndicatorAssessment.objects.get(investigation=investigation, indicator="debt_bondage")
    assert assessment.observed and "Recruitment fees" in assessment.notes


def test_an_observed_indicator_without_notes_is_refused_and_nothing_is_saved(client, officer, supervisor):
    investigation = opened(officer, supervisor)
    client.force_login(officer)

    response = client.post(reverse("investigation-assess", args=[investigation.pk]), {
        "isolation__observed": "on", "isolation__notes": "Remote site.",
        "debt_bondage__observed": "on", "debt_bondage__notes": ""})

    assert response.status_code == 400
    assert 'id="id_debt_bondage__notes-error"' in text(response)
    assert "Remote site." in text(response)
    assert not IloIndicatorAssessment.objects.filter(investigation=investigation, observed=True).exists()


def test_recommending_a_wro_creates_a_draft_linked_back(client, officer, supervisor):
    investigation = opened(officer, supervisor)
    client.force_login(officer)

    response = client.post(reverse("investigation-recommend", args=[investigation.pk]), {"reference": "WRO-2026-0099"})

    wro = WithholdReleaseOrder.objects.get(reference="WRO-2026-0099")
    investigation.refresh_from_db()
    assert investigation.status == "wro_recommended" and investigation.resulting_wro == wro
    assert response.url == reverse("order", args=["wro", wro.pk])
    page = text(client.get(response.url))
    assert investigation.reference in page


def test_opening_and_closing_an_investigation(client, officer):
    investigation = factories.InvestigationFactory()
    client.force_login(officer)

    client.post(reverse("investigation-open", args=[investigation.pk]))
    client.post(reverse("investigation-close", args=[investigation.pk]), {"reason": "Not substantiated."})

    investigation.refresh_from_db()
    assert investigation.status == "closed_no_action"


def test_a_supervisor_assigns_the_investigating_officer(client, officer, supervisor):
    investigation = factories.InvestigationFactory(status="under_investigation")
    client.force_login(supervisor)

    client.post(reverse("investigation-assign", args=[investigation.pk]), {"officer": officer.pk})

    investigation.refresh_from_db()
    assert investigation.assigned_officer == officer


def test_returning_an_allegation_needs_written_advice(client, officer):
    investigation = factories.InvestigationFactory()
    client.force_login(officer)

    response = client.post(reverse("investigation-return", args=[investigation.pk]), {"advice": ""})

    assert response.status_code == 400
    investigation.refresh_from_db()
    assert investigation.status == "allegation_received"


def test_a_refused_investigation_action_says_why(client, officer):
    investigation = factories.InvestigationFactory(status="closed_no_action")
    client.force_login(officer)

    response = client.post(reverse("investigation-open", args=[investigation.pk]), follow=True)

    assert "Cannot open investigation" in text(response)


def test_an_unknown_investigation_answers_not_found(client, officer):
    client.force_login(officer)

    assert client.get(reverse("investigation", args=[99999])).status_code == 404
    assert client.post(reverse("investigation-open", args=[99999])).status_code == 404


def test_a_draft_naming_no_producer_must_be_region_wide(client, officer):
    client.force_login(officer)

    response = client.post(reverse("order-create"), {
        "reference": "WRO-2026-0044", "entity_name": "Example Mill", "merchandise": "Yarn", "country": "CN"})

    assert response.status_code == 400
    assert "mark the order as region-wide" in text(response)


def test_a_draft_may_name_the_producer(client, officer):
    producer = factories.ForeignEntityFactory(name="Example Spinning Mill", country="CN")
    client.force_login(officer)

    client.post(reverse("order-create"), {
        "reference": "WRO-2026-0045", "entity": producer.pk, "merchandise": "Yarn", "country": "CN"})

    wro = WithholdReleaseOrder.objects.get(reference="WRO-2026-0045")
    assert wro.entity == producer and wro.entity_name == "Example Spinning Mill"


def test_staff_record_a_petition_from_the_order_page_and_it_is_listed_there(client, officer):
    wro = factories.WroFactory()
    client.force_login(officer)

    response = client.post(reverse("order-petition", args=["wro", wro.pk]), {
        "petitioner": "Remediated Gloves Sdn. Bhd.", "grounds": "Fees repaid; audited in 2026.",
        "exempt_producer": wro.entity_id, "submitted_on": "2026-03-02"})

    assert response.status_code == 302
    petition = wro.petitions.get()
    assert (petition.petitioner, petition.status, petition.exempt_producer) == (
        "Remediated Gloves Sdn. Bhd.", "submitted", wro.entity)
    page = text(client.get(reverse("order", args=["wro", wro.pk])))
    assert "Remediated Gloves Sdn. Bhd., received 2 Mar 2026" in page


def test_a_petition_naming_no_one_is_refused_on_the_page_with_the_reason(client, officer):
    wro = factories.WroFactory()
    client.force_login(officer)

    response = client.post(reverse("order-petition", args=["wro", wro.pk]), {
        "petitioner": "Gloves Co.", "grounds": "Remediated.", "submitted_on": "2026-03-02"})

    assert response.status_code == 400
    assert "Name the producer or importer to exempt, or ask for full revocation." in text(response)
    assert not wro.petitions.exists()


def test_an_importer_cannot_record_a_petition_from_the_page(client, importer_a):
    wro = factories.WroFactory()
    client.force_login(importer_a)

    response = client.post(reverse("order-petition", args=["wro", wro.pk]), {
        "petitioner": "Us", "grounds": "Clean.", "full_revocation": "on", "submitted_on": "2026-03-02"})

    assert response.status_code == 404
    assert not wro.petitions.exists()
