from evidence.checks import evidence_root_not_served, scanner_enabled


def test_deployment_check_refuses_the_none_scanner(settings):
    settings.EVIDENCE_SCANNER = "none"
    assert [e.id for e in scanner_enabled(None)] == ["evidence.E001"]


def test_deployment_check_accepts_clamav(settings):
    settings.EVIDENCE_SCANNER = "clamav"
    assert scanner_enabled(None) == []


def test_evidence_inside_a_served_directory_is_an_error(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    assert [e.id for e in evidence_root_not_served(None)] == ["evidence.E002"]


def test_default_evidence_root_is_not_served(settings):
    assert evidence_root_not_served(None) == []
