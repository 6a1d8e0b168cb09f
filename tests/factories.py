"""Factories for test data. Records with state are built through the services where it matters
(tests/cases/helpers.py); these build plain, valid rows."""

import datetime
from decimal import Decimal

import factory

from cases import models

PASSWORD = "test-pass-2026!"


class ImporterOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImporterOrganisation

    name = factory.Sequence(lambda n: f"Importer {n} Inc.")
    importer_number = factory.Sequence(lambda n: f"{10 + n % 89:02d}-{1000000 + n:07d}00")
    address = "100 Harbor Way, Long Beach, CA"
    contact_email = factory.Sequence(lambda n: f"compliance{n}@importer.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov")
    role = "officer"
    port_code = factory.LazyAttribute(lambda u: "1001" if u.role == "officer" else "")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ForeignEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ForeignEntity

    name = factory.Sequence(lambda n: f"Producer {n} Sdn. Bhd.")
    country = "MY"
    address = "Klang, Selangor"


class WroFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WithholdReleaseOrder

    reference = factory.Sequence(lambda n: f"WRO-2020-{n:04d}")
    entity = factory.SubFactory(ForeignEntityFactory)
    entity_name = factory.LazyAttribute(lambda o: o.entity.name)
    merchandise = "Disposable gloves"
    hts_codes = ["4015.19"]
    country = "MY"
    status = "active"
    effective_date = datetime.date(2020, 7, 15)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Finding

    reference = factory.Sequence(lambda n: f"FND-2021-{n:04d}")
    entity = factory.SubFactory(ForeignEntityFactory)
    entity_name = factory.LazyAttribute(lambda o: o.entity.name)
    merchandise = "Disposable gloves"
    hts_codes = ["4015.19"]
    country = "MY"
    status = "published"
    published_date = datetime.date(2021, 3, 29)
    federal_register_citation = "86 FR 16380"


class ShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Shipment
        skip_postgeneration_save = True

    entry_number = factory.Sequence(lambda n: f"AB{n % 10}-{1000000 + n:07d}-{n % 10}")
    importer = factory.SubFactory(ImporterOrganisationFactory)
    producer = factory.SubFactory(ForeignEntityFactory)
    country_of_origin = "MY"
    hts_codes = ["4015.19.0510"]
    description = "Nitrile examination gloves, 100 cartons"
    quantity = Decimal("100")
    quantity_unit = "cartons"
    value = Decimal("25000.00")
    currency = "USD"
    port_code = "1001"
    importation_date = datetime.date(2026, 10, 1)
    presentation_date = datetime.date(2026, 10, 2)

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        """One line mirroring the header, as an entry migrated from a single-line shipment has.

        `lines=[{...}, ...]` makes those lines instead (fields not given come from the header);
        `lines=[]` makes none.
        """
        if not create:
            return
        specs = [{}] if extracted is None else list(extracted)
        for number, spec in enumerate(specs, start=1):
            EntryLineFactory(shipment=self, **{"line_number": number, **_line_from_header(self), **spec})


def _line_from_header(shipment) -> dict:
    producer = shipment.producer
    return {
        "hts_code": shipment.hts_codes[0] if shipment.hts_codes else "4015.19.0510",
        "description": shipment.description, "country_of_origin": shipment.country_of_origin,
        "quantity": shipment.quantity, "quantity_unit": shipment.quantity_unit, "value": shipment.value,
        "currency": shipment.currency, "producer": producer,
        "manufacturer_name": producer.name if producer else "",
        "manufacturer_address": producer.address if producer else "",
    }


class EntryLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EntryLine

    shipment = factory.SubFactory(ShipmentFactory, lines=[])
    line_number = factory.LazyAttribute(lambda o: o.shipment.lines.count() + 1)
    hts_code = "4015.19.0510"
    description = "Nitrile examination gloves"
    country_of_origin = "MY"
    quantity = Decimal("100")
    quantity_unit = "cartons"
    value = Decimal("25000.00")
    currency = "USD"
    manufacturer_id = ""
    manufacturer_name = "Example Glove Sdn. Bhd."
    manufacturer_address = "Lot 1, Jalan Example, Klang, Selangor"


class InvestigationFactory(factory.django.DjangoModelFactory):
    """An investigation row in any state; the services number and open real ones (receive_allegation)."""

    class Meta:
        model = models.Investigation

    reference = factory.Sequence(lambda n: f"INV-2019-{9000 + n:04d}")
    status = "allegation_received"
    allegation_source = "Non-governmental organisation report"
    allegation_received_on = datetime.date(2024, 3, 4)
    allegation_summary = "Workers report debt bondage through recruitment fees and retained passports."
    subject_entity = factory.SubFactory(ForeignEntityFactory)
    subject = factory.LazyAttribute(lambda o: o.subject_entity.name if o.subject_entity else "Region-wide practice")
    merchandise = "Disposable gloves"
    country = "MY"
    hts_codes = ["4015.19"]
    receiving_port_code = "1001"


class ModificationPetitionFactory(factory.django.DjangoModelFactory):
    """A partial petition against an active WRO, exempting the order's own producer."""

    class Meta:
        model = models.ModificationPetition

    wro = factory.SubFactory(WroFactory)
    petitioner = "Remediated Gloves Sdn. Bhd."
    grounds = "Recruitment fees repaid to all workers; passports returned; audited in 2024."
    exempt_producer = factory.LazyAttribute(lambda o: o.wro.entity if o.wro else None)
    status = "submitted"
    submitted_on = datetime.date(2024, 5, 1)
