from django.urls import path

from cohort.consent import views

app_name = "consent"

urlpatterns = [
    path("citeren/vragen/", views.consent_request, name="request"),
    path("toestemming/", views.consent_list, name="list"),
    path("toestemming/<id:pk>/", views.consent_detail, name="detail"),
    path("toestemming/<id:pk>/intrekken/", views.consent_withdraw, name="withdraw"),
]
