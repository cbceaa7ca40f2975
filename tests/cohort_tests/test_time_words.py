"""How long ago, as a Dutch speaker says it: "zojuist", "3 dagen geleden"."""

import datetime

from django.utils import timezone, translation

from cohort.templatetags.leergang import ago, short, since


def test_ago_and_since_in_dutch_and_english():
    now = timezone.now()
    with translation.override("nl"):
        assert ago(now - datetime.timedelta(seconds=20)) == "zojuist"
        assert ago(now - datetime.timedelta(days=3, hours=2)) == "3\xa0dagen geleden"
        assert since(now - datetime.timedelta(days=3, hours=2)) == "3\xa0dagen"
    with translation.override("en"):
        assert ago(now - datetime.timedelta(seconds=20)) == "just now"
        assert ago(now - datetime.timedelta(hours=5, minutes=10)) == "5\xa0hours ago"
    assert ago(None) == "" and since(None) == ""
    assert since(now - datetime.timedelta(seconds=20)) == ""  # never "0 minuten"


def test_short_dates_as_each_language_writes_them():
    now = timezone.localtime()
    moment = now.replace(month=12, day=1, hour=18, minute=38)
    last_year = moment.replace(year=now.year - 1)
    with translation.override("nl"):
        assert short(moment) == "1 dec"
        assert short(moment, "time") == "1 dec 18:38"
        assert short(last_year) == f"1 dec {now.year - 1}"
    with translation.override("en"):
        assert short(moment) == "1 Dec"
        assert short(last_year, "time") == f"1 Dec {now.year - 1} 18:38"
    assert short(None) == ""


def test_datetime_attributes_hold_at_most_milliseconds(client, db):
    import re

    from tests.blog_tests.factories import blog_index, post

    page = post(blog_index(), title="Tijd", state="live")
    html = client.get(page.url).content.decode()
    values = re.findall(r'datetime="([^"]+)"', html)
    assert values
    for value in values:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?([+-]\d\d:\d\d|Z)",
                            value), value
