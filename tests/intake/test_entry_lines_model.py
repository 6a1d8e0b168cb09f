"""Entries have lines; shipments recorded before lines existed became one-line entries; partial detention."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cases.errors import InvalidTransition
from cases.models import AuditEvent, EntryLine
from cases.services import detentions
from cases.services.support import today as port_today
from tests import factories

BEFORE = [("cases", "0018_notice_documents")]
AFTER = [("cases", "0020_entry_lines_from_shipments")]


@pytest.mark.django_db(transaction=True)
def test_migration_turns_each_single_line_shipment_into_one_line_losing_nothing():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    org = apps.get_model("cases", "ImporterOrganisation").objects.create(name="Alpha", importer_number="12-345678900")
    entity = apps.get_model("cases", "ForeignEntity").objects.create(
        name="Example Glove Sdn. Bhd.", address="Lot 1, Jalan Example, Klang", country="MY"
    )
    Shipment = apps.get_model("cases", "Shipment")
    common = {"importer": org, "port_code": "1001", "importation_date": datetime.date(2026, 10, 1)}
    with_producer = Shipment.objects.create(
        entry_number="AB1-1000001-1", producer=entity, country_of_origin="MY",
        hts_codes=["4015.19.0510", "9903.88.0300"], description="Nitrile gloves", quantity=Decimal("100.50"),
        quantity_unit="cartons", value=Decimal("25000.75"), currency="MYR", **common,
    )
    without_producer = Shipment.objects.create(
        entry_number="AB1-1000002-2", country_of_origin="CN", hts_codes=["5208.12.4020"],
        description="Cotton fabric", quantity=Decimal("7"), value=Decimal("900"), **common,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Line = apps.get_model("cases", "EntryLine")
    first = Line.objects.get(shipment_id=with_producer.pk)
    assert (first.line_number, first.hts_code, first.additional_hts_codes) == (1, "4015.19.0510", ["9903.88.0300"])
    assert (first.description, first.country_of_origin, first.quantity, first.quantity_unit) == (
        "Nitrile gloves", "MY", Decimal("100.50"), "cartons")
    assert (first.value, first.currency) == (Decimal("25000.75"), "MYR")
    assert (first.manufacturer_name, first.manufacturer_address, first.producer_id) == (
        "Example Glove Sdn. Bhd.", "Lot 1, Jalan Example, Klang", entity.pk)
    second = Line.objects.get(shipment_id=without_producer.pk)
    assert (second.line_number, second.hts_code, second.additional_hts_codes) == (1, "5208.12.4020", [])
    assert (second.manufacturer_name, second.producer_id, second.currency) == ("", None, "USD")
    # The header stays as it was.
    header = apps.get_model("cases", "Shipment").objects.get(pk=with_producer.pk)
    assert header.hts_codes == ["4015.19.0510", "9903.88.0300"] and header.value == Decimal("25000.75")
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_line_numbers_are_unique_within_an_entry():
    shipment = factories.ShipmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.EntryLineFactory(shipment=shipment, line_number=1)


@pytest.mark.django_db
def test_a_line_refuses_a_short_hts_code_and_a_malformed_mid():
    line = factories.EntryLineFactory.build(shipment=factories.ShipmentFactory(), line_number=2,
                                            hts_code="4015.19", manufacturer_id="my-glove!")
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert set(error.value.message_dict) == {"hts_code", "manufacturer_id"}


@pytest.mark.django_db
def test_a_well_formed_mid_is_accepted():
    line = factories.EntryLineFactory.build(shipment=factories.ShipmentFactory(), line_number=2,
                                            manufacturer_id="MYTOPGLO1234KLA")
    line.full_clean()


@pytest.mark.django_db
def test_filer_code_is_the_first_part_of_the_entry_number():
    assert factories.ShipmentFactory(entry_number="XY9-0000001-4").filer_code == "XY9"


def _two_line_entry():
    today = datetime.date.today()
    return factories.ShipmentFactory(
        importation_date=today - datetime.timedelta(days=2), presentation_date=today - datetime.timedelta(days=1),
        lines=[{"description": "Gloves"}, {"description": "Masks", "hts_code": "6307.90.9845"}],
    )


@pytest.mark.django_db
def test_partial_detention_holds_the_named_lines_and_the_rest_can_be_released(officer):
    shipment = _two_line_entry()
    detention = detentions.detain_shipment(actor=officer, shipment=shipment, basis="caatsa", lines=[1])
    assert list(detention.held_lines.values_list("line_number", flat=True)) == [1]
    released = detentions.release_unheld_lines(actor=officer, detention=detention)
    assert [line.line_number for line in released] == [2]
    # Released on the port's local date (the machine's UTC date can be a day ahead).
    assert EntryLine.objects.get(shipment=shipment, line_number=2).released_on == port_today(shipment.port_code)
    assert EntryLine.objects.get(shipment=shipment, line_number=1).released_on is None
    assert AuditEvent.objects.filter(detention=detention, action="release_unheld_lines").count() == 1
    with pytest.raises(InvalidTransition):
        detentions.release_unheld_lines(actor=officer, detention=detention)


@pytest.mark.django_db
def test_a_detention_cannot_hold_a_line_the_entry_does_not_have(officer):
    shipment = _two_line_entry()
    other_line = factories.EntryLineFactory()
    with pytest.raises(ValidationError):
        detentions.detain_shipment(actor=officer, shipment=shipment, basis="caatsa", lines=[3])
    with pytest.raises(ValidationError):
        detentions.detain_shipment(actor=officer, shipment=shipment, basis="caatsa", lines=[other_line])
    shipment.refresh_from_db()
    assert shipment.release_status == "pending"


@pytest.mark.django_db
def test_a_whole_entry_detention_has_nothing_to_release_separately(officer):
    detention = detentions.detain_shipment(actor=officer, shipment=_two_line_entry(), basis="caatsa")
    assert not detention.held_lines.exists()
    with pytest.raises(InvalidTransition):
        detentions.release_unheld_lines(actor=officer, detention=detention)
