"""The statistics pages: who sees what, the public page's suppression, downloads, bad filters, query counts."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories
from tests.statistics.builders import Spec, build
from tests.statistics.conftest import D

pytestmark = pytest.mark.django_db


def test_officers_see_the_staff_statistics(client, officer, records):
    client.force_login(officer)
    response = client.get(reverse("statistics"), {"fiscal_year": 2026})
    assert response.status_code == 200
    assert response.context["figures"]["totals"]["count"] == 8
    assert b"Statutory clocks" in response.content and b"statistics-chart-data" in response.content


def test_importers_get_404_on_the_staff_statistics_and_its_downloads(client, importer_a, records):
    client.force_login(importer_a)
    assert client.get(reverse("statistics")).status_code == 404
    assert client.get(reverse("statistics-download", args=["country", "csv"])).status_code == 404
    assert client.get(reverse("annual-report")).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in_for_the_staff_page(client):
    response = client.get(reverse("statistics"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_public_page_needs_no_sign_in_and_names_no_importer_or_producer(client, records):
    response = client.get(reverse("public-statistics"))
    assert response.status_code == 200
    text = response.content.decode()
    for detention in records["detentions"]:
        assert detention.shipment.importer.name not in text
        assert detention.shipment.producer.name not in text
        assert detention.shipment.entry_number not in text
    assert records["wro"].entity_name in text  # orders in force are listed as the agency publishes them


def test_the_public_page_suppresses_small_cells(client, records):
    build(Spec(D(2026, 5, 5), "released", country="CN"))
    response = client.get(reverse("public-statistics"), {"fiscal_year": 2026})
    figures = response.context["figures"]
    # Nine shipments in FY2026, every outcome below 5: each outcome count is hidden, the total of 9 is shown.
    row = figures["totals"]["rows"][0]
    assert all(n is None for n in row["counts"].values() if n != 0)
    assert row["total"] == 9
    countries = {r["key"]: r["total"] for r in figures["by_country"]["rows"]}
    assert countries["CN"] == 5  # five Chinese shipments: at the threshold, published
    assert all(countries[k] is None for k in ("MY", "VN", "MX", "IN"))  # one each
    assert "Malaysia" in response.content.decode() and "suppressed" in response.content.decode()


def test_the_public_page_takes_no_importer_port_or_order_filter(client, records):
    response = client.get(reverse("public-statistics"), {"fiscal_year": 2026, "importer": records["org_b"].pk,
                                                          "port": "5201"})
    assert response.context["figures"]["totals"]["rows"][0]["total"] == 8
    assert response.context["figures"]["filters"] == {"fiscal_year": 2026}


def test_a_bad_filter_answers_400_with_a_message_and_no_figures(client, officer):
    client.force_login(officer)
    response = client.get(reverse("statistics"), {"fiscal_year": "twenty"})
    assert response.status_code == 400
    assert b"Enter a fiscal year as four digits" in response.content
    response = client.get(reverse("public-statistics"), {"month": 3})
    assert response.status_code == 400 and b"Choose a fiscal year" in response.content


def test_csv_download_matches_the_table_and_neutralises_formulas(client, officer, records):
    records["wro"].merchandise = "=HYPERLINK(\"http://evil.example\")"
    records["wro"].save()
    client.force_login(officer)
    response = client.get(reverse("statistics-download", args=["orders", "csv"]), {"fiscal_year": 2026})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    wro_row = next(r for r in rows if r[1] == "WRO-2020-TEST")
    assert wro_row[4] == "'=HYPERLINK(\"http://evil.example\")" and wro_row[-1] == "1"
    response = client.get(reverse("statistics-download", args=["country", "csv"]), {"fiscal_year": 2026})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Country of origin" and rows[1][0] == "China" and rows[1][-2] == "4"
    assert rows[1][-1] == "3450.00"  # 2000 + 250 + 1200 in U.S. dollars; the 900 EUR shipment has no value here


def test_xlsx_download_holds_the_same_figures_and_no_formula(client, officer, records):
    records["wro"].entity_name = "+cmd|' /C calc'!A0"
    records["wro"].save()
    client.force_login(officer)
    response = client.get(reverse("statistics-download", args=["orders", "xlsx"]), {"fiscal_year": 2026})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    wro_row = next(r for r in values if r[1] == "WRO-2020-TEST")
    assert wro_row[2] == "'+cmd|' /C calc'!A0"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_public_downloads_are_suppressed_like_the_page(client, records):
    response = client.get(reverse("public-statistics-download", args=["country", "csv"]), {"fiscal_year": 2026})
    rows = {r[0]: r for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["Malaysia"][-2] == "suppressed" and rows["China"][-2] == "suppressed"  # four: under 5
    assert client.get(reverse("public-statistics-download", args=["clocks", "csv"])).status_code == 404


def test_pages_run_a_bounded_number_of_queries_whatever_the_data(client, officer, records,
                                                                 django_assert_max_num_queries):
    client.force_login(officer)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("statistics"), {"fiscal_year": 2026})
    org = factories.ImporterOrganisationFactory()
    for day in range(1, 29):
        build(Spec(D(2026, 2, day), "released", "8541.40.6020", ["CN", "VN", "TH", "KH"][day % 4], importer=org,
                   decided_on=D(2026, 3, day)))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("statistics"), {"fiscal_year": 2026})
    with django_assert_max_num_queries(12):
        client.get(reverse("public-statistics"), {"fiscal_year": 2026})


def test_the_suppression_threshold_is_a_setting(client, records, settings):
    settings.STATISTICS_SUPPRESSION_THRESHOLD = 1
    figures = client.get(reverse("public-statistics"), {"fiscal_year": 2026}).context["figures"]
    assert {r["key"]: r["total"] for r in figures["by_country"]["rows"]}["MY"] == 1
    settings.STATISTICS_SUPPRESSION_THRESHOLD = 5
    figures = client.get(reverse("public-statistics"), {"fiscal_year": 2026}).context["figures"]
    assert {r["key"]: r["total"] for r in figures["by_country"]["rows"]}["MY"] is None
