"""A shipment held for examination under a known basis: the sweep records the detention the law deems."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases.models import AuditEvent, Deadline, Detention
from cases.services import shipments
from cases.services.sweep import sweep_deadlines
from tests import factories

pytestmark = pytest.mark.django_db

PRESENTED = datetime.date(2020, 12, 23)  # domain.md: the decision is due Mon 2021-01-04


def _register(officer, **exam):
    return shipments.register_shipment(
        actor=officer, entry_number="ZZ8-7654321-0", importer=factories.ImporterOrganisationFactory(),
        country_of_origin="CN", hts_codes=["6307.90.9889"], description="Masks", quantity=10, value=100,
        port_code="1001", importation_date=PRESENTED, presentation_date=PRESENTED, **exam,
    )


def test_the_sweep_records_a_deemed_detention_under_the_examination_basis(officer, supervisor):
    with time_machine.travel(datetime.datetime(2020, 12, 23, 12, tzinfo=datetime.UTC), tick=False) as traveller:
        shipment = _register(officer, exam_basis="caatsa")
        traveller.move_to(datetime.datetime(2021, 1, 5, 12, tzinfo=datetime.UTC))
        sweep_deadlines()

    detention = Detention.objects.get(shipment=shipment)
    assert detention.detention_deemed and detention.basis == "caatsa"
    assert detention.detained_on == datetime.date(2021, 1, 5)
    assert Deadline.objects.get(shipment=shipment, kind="detention_decision").state == "lapsed"
    notice = Deadline.objects.get(detention=detention, kind="detention_notice")
    # 19 CFR 151.16(c): the notice is due 5 business days after the failure to release on Mon 4 January.
    assert notice.state == "open" and notice.starts_on == datetime.date(2021, 1, 4)
    assert notice.due_date == datetime.date(2021, 1, 11)
    event = AuditEvent.objects.get(action="record_deemed_detention")
    assert event.actor_id is None and event.detention_id == detention.pk


def test_a_second_sweep_records_no_second_detention(officer, supervisor):
    with time_machine.travel(datetime.datetime(2020, 12, 23, 12, tzinfo=datetime.UTC), tick=False) as traveller:
        shipment = _register(officer, exam_basis="caatsa")
        traveller.move_to(datetime.datetime(2021, 1, 5, 12, tzinfo=datetime.UTC))
        sweep_deadlines()
        sweep_deadlines()
    assert Detention.objects.filter(shipment=shipment).count() == 1
    assert AuditEvent.objects.filter(action="record_deemed_detention").count() == 1


def test_an_examination_basis_under_a_wro_must_name_an_order_in_force(officer):
    wro = factories.WroFactory(effective_date=datetime.date(2021, 6, 1))
    with pytest.raises(ValidationError) as excinfo:
        _register(officer, exam_basis="wro")
    assert "exam_wro" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        _register(officer, exam_basis="wro", exam_wro=wro)
    assert "not in force" in excinfo.value.message_dict["exam_wro"][0]
    with pytest.raises(ValidationError) as excinfo:
        _register(officer, exam_basis="uflpa", exam_wro=wro)
    assert "stands on its own" in excinfo.value.message_dict["exam_basis"][0]
