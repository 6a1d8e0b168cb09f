"""The front-end assets from npm (static/vendor, built by `make assets`) survive production's
collectstatic: every file uswds.min.css refers to is shipped, and no CDN is referenced."""

import os
import pathlib

import pytest
from django.core.management import call_command
from django.test import override_settings

VENDOR = pathlib.Path(__file__).resolve().parents[2] / "static" / "vendor"

needs_assets = pytest.mark.skipif(
    not (VENDOR / ".installed").exists() and os.environ.get("CI") != "true",
    reason="static/vendor is built by `make assets` (npm ci)",
)


@needs_assets
def test_collectstatic_with_the_manifest_storage_finds_every_referenced_file(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)

    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/uswds/fonts/source-sans-pro/*.woff2"))


@needs_assets
@pytest.mark.django_db
def test_the_pages_load_nothing_from_another_host(client, officer):
    client.force_login(officer)

    page = client.get("/queue/").content.decode()

    assert "https://" not in page.split("<body")[0]
    for asset in ("vendor/uswds/css/uswds.min.css", "vendor/htmx.min.js", "vendor/uswds/js/uswds.min.js"):
        assert f'"/static/{asset}"' in page
