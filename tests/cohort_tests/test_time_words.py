"""How long ago, as a Dutch speaker says it: "zojuist", "3 dagen geleden"."""

import datetime

from django.utils import timezone, translation

from cohort.templatetags.leergang import ago, since


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
