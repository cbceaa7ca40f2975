from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cohort import selectors


@login_required
def my_leergang(request):
    """A participant's landing after login: their editions (grows with the programme issue)."""
    memberships = selectors.memberships_of(request.user)
    return render(request, "programme/my_leergang.html", {"memberships": memberships})
