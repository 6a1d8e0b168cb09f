import datetime

import pytest
from django.utils import timezone

from cases.services.support import as_of, today


def test_today_is_the_real_date_by_default():
    assert today() == timezone.localdate()


def test_as_of_back_dates_acts_and_restores_the_real_date():
    day = datetime.date(2024, 2, 29)
    with as_of(day):
        assert today() == day
    assert today() == timezone.localdate()


def test_as_of_refuses_a_future_date():
    with pytest.raises(ValueError), as_of(timezone.localdate() + datetime.timedelta(days=1)):
        pass
