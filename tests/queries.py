"""Counting a page's queries the way the query-count tests do."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, user, url):
    """(queries, text) of ``url`` for ``user``, read a second time: the header's public
    part is cached after a first page."""
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text
