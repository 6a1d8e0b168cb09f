"""The HTS-to-industry mapping: the documented rule, the same in Python and in the database, editable and audited."""

import pytest
from django.urls import reverse

from cases.models import AuditEvent, Detention
from cases.statistics.industry import annotate_industry, current_mapping, industry_for_code
from cases.statistics.models import IndustryMapping
from tests.statistics.builders import Spec, build
from tests.statistics.conftest import INDUSTRY_OF, D

pytestmark = pytest.mark.django_db


def test_the_seeded_mapping_gives_the_documented_industry_for_each_code():
    mapping = current_mapping()
    for code, industry in INDUSTRY_OF.items():
        assert industry_for_code(code, mapping) == industry, code


def test_a_heading_row_wins_over_its_chapter_row():
    mapping = current_mapping()
    assert mapping["84"] == "industrial" and mapping["8471"] == "electronics"
    assert industry_for_code("8471.30.0100", mapping) == "electronics"
    assert industry_for_code("8479.89.9499", mapping) == "industrial"


def test_the_database_expression_agrees_with_the_python_rule():
    for code in INDUSTRY_OF:
        build(Spec(D(2026, 1, 5), hts=code))
    mapping = current_mapping()
    rows = annotate_industry(Detention.objects.all(), "shipment__hts_codes", mapping).values_list(
        "shipment__hts_codes", "industry")
    assert {codes[0]: industry for codes, industry in rows} == INDUSTRY_OF


def test_an_administrator_edit_of_the_mapping_changes_the_figures_and_is_audited(client, admin_user):
    row = IndustryMapping.objects.get(hts_prefix="95")
    client.force_login(admin_user)
    response = client.post(reverse("admin:cases_industrymapping_change", args=[row.pk]),
                           {"hts_prefix": "95", "industry": "other", "note": "Toys counted as other"})
    assert response.status_code == 302
    assert industry_for_code("9503.00.0073", current_mapping()) == "other"
    event = AuditEvent.objects.filter(action="admin_change_industrymapping").get()
    assert event.before == {"industry": "consumer", "note": row.note} and event.after["industry"] == "other"


def test_the_mapping_refuses_a_prefix_that_is_not_a_chapter_or_heading(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("admin:cases_industrymapping_add"), {"hts_prefix": "851", "industry": "electronics"})
    assert response.status_code == 200 and b"2-digit chapter or a 4-digit heading" in response.content
    assert not IndustryMapping.objects.filter(hts_prefix="851").exists()
