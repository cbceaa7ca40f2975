from django.urls import path

from cohort.programme import views

app_name = "programme"

urlpatterns = [
    path("mijn-leergang/", views.my_leergang, name="my_leergang"),
    path("blokken/<id:pk>/klaar/", views.block_done, name="block_done"),
    path("edities/<id:pk>/voortgang/", views.cohort_progress, name="cohort_progress"),
    path("edities/<id:pk>/uitnodigen/", views.cohort_invite, name="cohort_invite"),
    path("edities/<id:pk>/voortgang.csv", views.cohort_progress_csv,
         name="cohort_progress_csv"),
    path("bijeenkomsten/<id:pk>.ics", views.session_ics, name="session_ics"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("agenda/<id:pk>/vernieuwen/", views.calendar_reset, name="calendar_reset"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
]
