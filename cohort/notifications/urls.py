from django.urls import path

from cohort.notifications import views

app_name = "notifications"

urlpatterns = [
    path("meldingen/", views.notification_list, name="list"),
    path("meldingen/<id:pk>/", views.notification_open, name="open"),
    path("meldingen/gelezen/", views.notifications_read, name="read_all"),
    path("meldingen/instellingen/", views.preferences, name="preferences"),
    path("meldingen/volgen/", views.watch, name="watch"),
    path("meldingen/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("meldingen/afmelden/<str:token>/ongedaan/", views.resubscribe, name="resubscribe"),
]
