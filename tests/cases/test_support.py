import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from cases.services.support import as_of, today


@pytest.mark.django_db
def test_today_is_the_real_date_in_the_default_port_zone():
    # 03:00 UTC on 2 March is still 1 March in New York (UTC-5).
    with time_machine.travel(datetime.datetime(2026, 3, 2, 3, 0, tzinfo=datetime.UTC), tick=False):
        assert today() == datetime.date(2026, 3, 1)


@pytest.mark.django_db
def test_as_of_back_dates_acts_and_restores_the_real_date():
    day = datetime.date(2024, 2, 29)
    with as_of(day):
        assert today() == day
    assert today() == timezone.now().astimezone(ZoneInfo("America/New_York")).date()


def test_as_of_refuses_a_date_no_port_has_reached():
    # At 09:00 UTC on 1 March no place has reached 2 March yet: UTC+14 gets there at 10:00 UTC.
    with (time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False),
          pytest.raises(ValueError), as_of(datetime.date(2026, 3, 2))):
        pass
