from django.urls import path

from cohort.cases import downloads, views

app_name = "cases"

urlpatterns = [
    path("edities/<int:cohort_pk>/casussen/", views.case_list, name="list"),
    path("edities/<int:cohort_pk>/casussen/export/", downloads.export_cohort,
         name="export_cohort"),
    path("casussen/nieuw/", views.case_create, name="create"),
    path("casussen/export/", downloads.export_own, name="export_own"),
    path("casussen/<int:pk>/", views.case_detail, name="detail"),
    path("casussen/<int:pk>/bewerken/", views.case_edit, name="edit"),
    path("casussen/<int:pk>/indienen/", views.case_submit, name="submit"),
    path("casussen/<int:pk>/besproken/", views.case_mark_discussed, name="mark_discussed"),
    path("casussen/<int:pk>/sluiten/", views.case_close, name="close"),
    path("casussen/<int:pk>/feedback/", views.case_feedback, name="feedback"),
    path("casussen/<int:pk>/nazorg/", views.case_follow_up, name="follow_up"),
    path("casussen/<int:pk>/bijlagen/<int:attachment_pk>/", downloads.attachment,
         name="attachment"),
    path("casussen/<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/",
         views.attachment_remove, name="attachment_remove"),
]
