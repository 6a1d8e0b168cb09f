"""Bad input to the lifecycle services: each refused with a ValidationError a person can act on.

Every test names the field the message is attached to and a phrase of the message, and checks that
nothing was saved and no audit event was written.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.models import Shipment
from cases.services import decisions, detentions, protests, rfis, shipments, submissions
from tests import factories
from tests.cases import helpers

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def refused(call, field: str, phrase: str) -> ValidationError:
    """Run `call`, expect a ValidationError on `field` containing `phrase`, and no row changed."""
    before = helpers.world()
    shipment_count = Shipment.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        call()
    error = excinfo.value
    assert field in error.message_dict, error.message_dict
    assert any(phrase in message for message in error.message_dict[field]), error.message_dict[field]
    assert helpers.world() == before
    assert Shipment.objects.count() == shipment_count
    return error


def register(officer, **overrides):
    values = {
        "entry_number": "AB1-1234567-8", "importer": factories.ImporterOrganisationFactory(),
        "country_of_origin": "MY", "hts_codes": ["4015.19.0510"], "description": "Nitrile gloves",
        "quantity": "100", "value": "25000.00", "port_code": "1001",
        "importation_date": TODAY - 5 * DAY, "presentation_date": TODAY - 4 * DAY,
    }
    values.update(overrides)
    return shipments.register_shipment(actor=officer, **values)


# --- Identifiers -------------------------------------------------------------------------------

@pytest.mark.parametrize("entry_number", ["AB1-123456-8", "AB11234567-8", "AB-1234567-8", "AB1-1234567-89",
                                          "AB1 1234567 8", "ABCD-1234567-8"])
def test_malformed_entry_number_is_refused_with_the_expected_format(officer, entry_number):
    refused(lambda: register(officer, entry_number=entry_number), "entry_number", "XXX-NNNNNNN-N")


@pytest.mark.parametrize("codes", [["4015.19"], ["4015190510"], ["4015.19.051A"], ["4015.19.0510", "61.09"]])
def test_malformed_hts_code_is_refused_naming_the_code_and_the_format(officer, codes):
    error = refused(lambda: register(officer, hts_codes=codes), "hts_codes", "NNNN.NN.NNNN")
    assert codes[-1] in " ".join(error.message_dict["hts_codes"])


def test_shipment_without_any_hts_code_is_refused(officer):
    refused(lambda: register(officer, hts_codes=[]), "hts_codes", "at least one 10-digit HTSUS number")


@pytest.mark.parametrize("country", ["XX", "MYS", "M1", "Malaysia"])
def test_unknown_country_code_is_refused_with_the_iso_format(officer, country):
    refused(lambda: register(officer, country_of_origin=country), "country_of_origin", "ISO 3166-1 alpha-2")


@pytest.mark.parametrize("port", ["100", "10011", "10A1", "NYC1"])
def test_malformed_port_code_is_refused_with_the_four_digit_format(officer, port):
    refused(lambda: register(officer, port_code=port), "port_code", "4 digits")


@pytest.mark.parametrize("currency", ["US", "XYZ", "DOLLARS"])
def test_unknown_currency_is_refused_with_the_iso_format(officer, currency):
    refused(lambda: register(officer, currency=currency), "currency", "ISO 4217")


# --- Amounts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["value", "quantity"])
@pytest.mark.parametrize("amount", ["0", "-1", "-0.01", 0, "NaN", "Infinity"])
def test_zero_negative_or_non_finite_amount_is_refused(officer, field, amount):
    refused(lambda: register(officer, **{field: amount}), field, "must be greater than zero")


@pytest.mark.parametrize("field", ["value", "quantity"])
@pytest.mark.parametrize("amount", ["ten", "", None, "1,000"])
def test_amount_that_is_not_a_number_is_refused(officer, field, amount):
    refused(lambda: register(officer, **{field: amount}), field, "as a number")


# --- Dates out of order or in the future -------------------------------------------------------

def test_presentation_before_importation_is_refused(officer):
    refused(lambda: register(officer, importation_date=TODAY - 3 * DAY, presentation_date=TODAY - 4 * DAY),
            "presentation_date", "before the date of importation")


@pytest.mark.parametrize("field", ["importation_date", "presentation_date"])
def test_shipment_dates_in_the_future_are_refused(officer, field):
    refused(lambda: register(officer, **{field: TODAY + DAY}), field, "cannot be in the future")


def test_correcting_presentation_to_before_importation_is_refused(officer):
    shipment = register(officer, presentation_date=None)
    refused(lambda: shipments.record_presentation(actor=officer, shipment=shipment,
                                                  presentation_date=shipment.importation_date - DAY),
            "presentation_date", "before the date of importation")


def test_recording_a_future_presentation_is_refused(officer):
    shipment = register(officer, presentation_date=None)
    refused(lambda: shipments.record_presentation(actor=officer, shipment=shipment, presentation_date=TODAY + DAY),
            "presentation_date", "cannot be in the future")


def test_release_dated_before_presentation_is_refused(officer):
    shipment = register(officer)
    refused(lambda: shipments.release_shipment(actor=officer, shipment=shipment,
                                               released_on=shipment.presentation_date - DAY),
            "released_on", "before the goods were presented")


def test_detention_dated_before_presentation_is_refused_naming_the_presentation_date(officer):
    shipment = register(officer)
    error = refused(lambda: detentions.detain_shipment(actor=officer, shipment=shipment, basis="uflpa",
                                                       detained_on=shipment.presentation_date - DAY),
                    "detained_on", "cannot be dated before presentation")
    assert f"{shipment.presentation_date:%d %B %Y}" in error.message_dict["detained_on"][0]


def test_detention_dated_in_the_future_is_refused(officer):
    shipment = register(officer)
    refused(lambda: detentions.detain_shipment(actor=officer, shipment=shipment, basis="uflpa",
                                               detained_on=TODAY + DAY),
            "detained_on", "cannot be in the future")


def test_detaining_goods_not_yet_presented_is_refused(officer):
    shipment = register(officer, presentation_date=None)
    refused(lambda: detentions.detain_shipment(actor=officer, shipment=shipment, basis="uflpa"),
            "presentation_date", "Record when the goods were presented")


def test_notice_dated_before_the_detention_is_refused_naming_the_detention_date(officer):
    detention = helpers.detained(officer=officer, basis="uflpa")
    error = refused(lambda: detentions.issue_notice(actor=officer, detention=detention,
                                                    issued_on=detention.detained_on - DAY, **helpers.NOTICE),
                    "issued_on", "cannot be dated before the detention")
    assert f"{detention.detained_on:%d %B %Y}" in error.message_dict["issued_on"][0]


def test_notice_dated_in_the_future_is_refused(officer):
    detention = helpers.detained(officer=officer, basis="uflpa")
    refused(lambda: detentions.issue_notice(actor=officer, detention=detention, issued_on=TODAY + DAY,
                                            **helpers.NOTICE),
            "issued_on", "cannot be dated in the future")


@pytest.mark.parametrize(("field", "citation"), [
    ("reason", "1499(c)(2)(B)"), ("anticipated_length", "1499(c)(2)(C)"),
    ("tests_or_inquiries", "1499(c)(2)(D)"), ("information_requested", "1499(c)(2)(E)"),
])
def test_notice_missing_one_of_its_statutory_contents_is_refused_citing_it(officer, field, citation):
    detention = helpers.detained(officer=officer, basis="uflpa")
    contents = {**helpers.NOTICE, field: "   "}
    refused(lambda: detentions.issue_notice(actor=officer, detention=detention, **contents), field, citation)


def test_export_dated_in_the_future_is_refused(officer, importer_a):
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    refused(lambda: detentions.elect_export(actor=importer_a, detention=detention, exported_on=TODAY + DAY),
            "exported_on", "cannot be in the future")


# --- The legal basis and its order -------------------------------------------------------------

def detain(officer, basis, importation_date=TODAY - 5 * DAY, **orders):
    shipment = register(officer, importation_date=importation_date, presentation_date=importation_date + DAY)
    return lambda: detentions.detain_shipment(actor=officer, shipment=shipment, basis=basis, **orders)


def test_draft_wro_is_not_in_force_on_the_date_of_importation(officer):
    wro = factories.WroFactory(status="draft", effective_date=None)
    error = refused(detain(officer, "wro", wro=wro), "wro", "was not in force on the date of importation")
    assert wro.reference in error.message_dict["wro"][0]


def test_wro_revoked_before_importation_is_not_in_force(officer):
    wro = factories.WroFactory(status="inactive", effective_date=TODAY - 400 * DAY, inactive_since=TODAY - 30 * DAY)
    refused(detain(officer, "wro", wro=wro), "wro", "choose another basis or order")


def test_wro_effective_after_importation_is_not_in_force(officer):
    wro = factories.WroFactory(effective_date=TODAY - 2 * DAY)
    refused(detain(officer, "wro", wro=wro), "wro", "was not in force on the date of importation")


def test_finding_published_after_importation_is_not_in_force(officer):
    finding = factories.FindingFactory(published_date=TODAY - 2 * DAY)
    refused(detain(officer, "finding", finding=finding), "finding", "was not in force on the date of importation")


def test_wro_revoked_after_importation_still_covers_the_goods(officer):
    wro = factories.WroFactory(status="inactive", effective_date=TODAY - 400 * DAY, inactive_since=TODAY - DAY)
    detention = detain(officer, "wro", wro=wro)()
    assert detention.wro == wro


def test_wro_basis_without_its_order_is_refused(officer):
    refused(detain(officer, "wro"), "wro", "must name the order")


def test_finding_basis_without_its_finding_is_refused(officer):
    refused(detain(officer, "finding"), "finding", "must name the Finding")


@pytest.mark.parametrize("basis", ["caatsa", "uflpa"])
@pytest.mark.parametrize("order", ["wro", "finding"])
def test_statutory_presumption_naming_an_order_is_refused(officer, basis, order):
    named = {"wro": factories.WroFactory, "finding": factories.FindingFactory}[order]()
    refused(detain(officer, basis, **{order: named}), "basis", "do not name an order")


@pytest.mark.parametrize("basis", ["", "forced_labor", "WRO"])
def test_unknown_basis_is_refused_listing_the_bases(officer, basis):
    refused(detain(officer, basis), "basis", "WRO, Finding, CAATSA or UFLPA")


# --- Later steps -------------------------------------------------------------------------------

def test_package_of_the_wrong_kind_for_the_basis_is_refused(officer, importer_a):
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    refused(lambda: submissions.save_draft(actor=importer_a, detention=detention, package="caatsa_evidence"),
            "package", "does not apply to the basis")


def test_answers_to_unknown_checklist_items_are_refused_naming_them(officer, importer_a):
    detention = helpers.noticed(officer=officer, basis="uflpa", importer=importer_a.organisation)
    refused(lambda: submissions.save_draft(actor=importer_a, detention=detention, package="uflpa_exception",
                                           answers={"favourite_colour": "blue"}),
            "answers", "favourite_colour")


def test_incomplete_package_is_refused_listing_what_is_missing(officer, importer_a):
    draft = helpers.draft_package(officer=officer, importer_user=importer_a)
    submissions.save_draft(actor=importer_a, detention=draft.detention, answers={"due_diligence": " "})
    refused(lambda: submissions.submit_submission(actor=importer_a, submission=draft), "__all__",
            "Still missing: Due-diligence system")


def test_rfi_without_questions_is_refused(officer):
    detention = helpers.noticed(officer=officer, basis="uflpa")
    refused(lambda: rfis.send_rfi(actor=officer, detention=detention, questions="  "), "questions",
            "Write the questions")


def test_empty_rfi_answer_is_refused(officer, importer_a):
    rfi = helpers.rfi_in("open", officer=officer, importer_user=importer_a)
    refused(lambda: rfis.answer_rfi(actor=importer_a, rfi=rfi, answer=""), "answer", "Write your answer")


def test_outcome_the_basis_does_not_allow_is_refused_listing_the_allowed_ones(officer):
    detention = helpers.noticed(officer=officer, basis="uflpa")
    refused(lambda: decisions.propose_decision(actor=officer, detention=detention, outcome="seize", reasons="x"),
            "outcome", "release, exclude")


def test_proposal_without_reasons_is_refused(officer):
    detention = helpers.noticed(officer=officer, basis="uflpa")
    refused(lambda: decisions.propose_decision(actor=officer, detention=detention, outcome="release",
                                               release_ground="not_subject", reasons=""),
            "reasons", "Give the reasons")


def test_sending_back_without_a_reason_is_refused(officer, supervisor):
    detention = helpers.proposed(officer=officer, basis="uflpa")
    refused(lambda: decisions.send_back_decision(actor=supervisor, detention=detention, reason=" "),
            "reason", "Say why the proposal is sent back")


def test_assigning_to_someone_who_is_not_an_active_officer_is_refused(officer, supervisor, importer_a):
    detention = helpers.noticed(officer=officer, basis="uflpa")
    refused(lambda: detentions.assign_detention(actor=supervisor, detention=detention, officer=importer_a),
            "officer", "Choose an active officer")


@pytest.mark.parametrize("field", list(protests.REQUIRED_CONTENTS))
def test_protest_missing_a_required_content_is_refused(officer, supervisor, importer_a, field):
    detention = helpers.in_state("excluded", officer=officer, supervisor=supervisor, importer_user=importer_a)
    contents = {**helpers.PROTEST_CONTENTS, "entry_number": detention.shipment.entry_number, field: ""}
    refused(lambda: protests.file_protest(actor=importer_a, detention=detention, **contents), field,
            protests.REQUIRED_CONTENTS[field])


@pytest.mark.parametrize(("entry_number", "phrase"), [("AB1-99", "XXX-NNNNNNN-N"),
                                                      ("ZZ9-7654321-0", "The protested entry is")])
def test_protest_of_a_malformed_or_other_entry_is_refused(officer, supervisor, importer_a, entry_number, phrase):
    detention = helpers.in_state("excluded", officer=officer, supervisor=supervisor, importer_user=importer_a)
    contents = {**helpers.PROTEST_CONTENTS, "entry_number": entry_number}
    refused(lambda: protests.file_protest(actor=importer_a, detention=detention, **contents), "entry_number", phrase)
