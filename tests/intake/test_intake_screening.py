"""Entries that arrive in bulk are screened like entries registered one at a time: no line exists unscreened."""

import io

import pytest

from cases.screening import engine
from cases.screening.list_services import load_shipped_lists
from cases.screening.models import ScreeningHit
from cases.services import intake
from tests import factories
from tests.intake import support

pytestmark = pytest.mark.django_db

LISTED = "Hoshine Silicon Industry (Shanshan) Co., Ltd."  # on the UFLPA Entity List as shipped


@pytest.fixture
def lists(admin_user):
    load_shipped_lists(actor=admin_user)


def _import(actor, rows):
    stream = intake.text_stream(io.BytesIO(support.csv_bytes(rows)))
    return intake.import_entries(actor=actor, entries=intake.read_csv(stream), source="test")


def test_an_imported_line_naming_a_listed_manufacturer_raises_a_hit(lists, officer):
    factories.ImporterOrganisationFactory(importer_number="12-345678900")
    _import(officer, [
        support.row("ABC-1234567-8", line=1),  # a Malaysian glove maker on no list
        support.row("ABC-1234567-8", line=2, manufacturer_name=LISTED, manufacturer_id="CNHOSSIL1SHA",
                    country_of_origin="CN", hts_code="2804.61.0000", description="Polysilicon"),
    ])
    hits = ScreeningHit.objects.filter(shipment__entry_number="ABC-1234567-8")
    assert {(h.line.line_number, h.list_code) for h in hits if h.list_code == engine.UFLPA_ENTITIES} == {
        (2, engine.UFLPA_ENTITIES)}
    assert not hits.filter(line__line_number=1).exists()


def test_reimporting_the_file_raises_no_hit_twice(lists, officer):
    factories.ImporterOrganisationFactory(importer_number="12-345678900")
    rows = [support.row(line=1, manufacturer_name=LISTED, country_of_origin="CN", hts_code="2804.61.0000")]
    _import(officer, rows)
    raised = ScreeningHit.objects.count()
    assert raised >= 1
    _import(officer, rows)
    assert ScreeningHit.objects.count() == raised
