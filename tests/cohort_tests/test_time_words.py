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
