from django.shortcuts import render
from django.views.decorators.http import require_GET

from cohort.search import selectors


@require_GET
def search(request):
    query = request.GET.get("q", "")
    hits = selectors.search(request.user, query)
    response = render(request, "search/search.html", {
        "query": query[: selectors.MAX_QUERY], "hits": hits,
    })
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response
