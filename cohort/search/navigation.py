from django.urls import reverse


def add_links(request, nav):
    nav.search_url = reverse("search:search")
