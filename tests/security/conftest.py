
from tests.evidence.conftest import evidence_storage  # noqa: F401 - autouse: evidence files under tmp_path
