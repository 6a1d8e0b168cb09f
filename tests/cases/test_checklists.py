import pytest

from cases.checklists import CHECKLISTS, PACKAGES_BY_BASIS, missing_parts
from cases.models import IloIndicator, PackageKind


def _complete_answers(package):
    return {item.key: "stated" for item in CHECKLISTS[package] if not item.document_category}


def _required_categories(package):
    return {item.document_category for item in CHECKLISTS[package] if item.document_category and item.required}


@pytest.mark.parametrize("package", list(PackageKind))
def test_a_complete_package_misses_nothing(package):
    ilo = {indicator.value: "addressed" for indicator in IloIndicator}
    assert missing_parts(package, _complete_answers(package), ilo, _required_categories(package)) == []


def test_wro_package_lists_each_ilo_indicator_not_addressed():
    package = PackageKind.CERTIFICATE_AND_STATEMENT
    missing = missing_parts(package, _complete_answers(package), {}, _required_categories(package))
    assert len(missing) == 11
    assert "Statement on the ILO indicator 'Debt bondage'" in missing


def test_missing_documents_are_named_with_what_to_attach():
    package = PackageKind.CERTIFICATE_AND_STATEMENT
    ilo = {indicator.value: "addressed" for indicator in IloIndicator}
    missing = missing_parts(package, _complete_answers(package), ilo, set())
    assert any(part.startswith("Certificate of origin") and part.endswith("(attach a file)") for part in missing)


def test_blank_statements_count_as_missing():
    package = PackageKind.CAATSA_EVIDENCE
    answers = {key: "   " for key in _complete_answers(package)}
    missing = missing_parts(package, answers, {}, _required_categories(package))
    assert missing[0].startswith("Clear and convincing evidence")


def test_optional_items_are_never_required():
    package = PackageKind.CERTIFICATE_AND_STATEMENT
    optional = {item.label for item in CHECKLISTS[package] if not item.required}
    ilo = {indicator.value: "addressed" for indicator in IloIndicator}
    missing = missing_parts(package, _complete_answers(package), ilo, _required_categories(package))
    assert not optional & set(missing)


@pytest.mark.parametrize("basis", ["wro", "finding", "caatsa", "uflpa"])
def test_every_basis_offers_at_least_one_package(basis):
    assert PACKAGES_BY_BASIS[basis]
