from django.urls import path

from cohort.cases import downloads, views

app_name = "cases"

urlpatterns = [
    path("edities/<id:cohort_pk>/casussen/", views.case_list, name="list"),
    path("edities/<id:cohort_pk>/casussen/export/", downloads.export_cohort,
         name="export_cohort"),
    path("casussen/nieuw/", views.case_create, name="create"),
    path("casussen/export/", downloads.export_own, name="export_own"),
    path("casussen/<id:pk>/", views.case_detail, name="detail"),
    path("casussen/<id:pk>/bewerken/", views.case_edit, name="edit"),
    path("casussen/<id:pk>/indienen/", views.case_submit, name="submit"),
    path("casussen/<id:pk>/besproken/", views.case_mark_discussed, name="mark_discussed"),
    path("casussen/<id:pk>/sluiten/", views.case_close, name="close"),
    path("casussen/<id:pk>/heropenen/", views.case_reopen, name="reopen"),
    path("bijeenkomsten/<id:pk>/casussen/", views.session_cases, name="session_cases"),
    path("casussen/<id:pk>/besproken/ongedaan/", views.case_undo_discussed,
         name="undo_discussed"),
    path("casussen/<id:pk>/feedback/", views.case_feedback, name="feedback"),
    path("casussen/<id:pk>/feedback/<id:feedback_pk>/bewerken/", views.case_feedback_edit,
         name="feedback_edit"),
    path("casussen/<id:pk>/feedback/<id:feedback_pk>/verwijderen/", views.case_feedback_remove,
         name="feedback_remove"),
    path("casussen/<id:pk>/nazorg/", views.case_follow_up, name="follow_up"),
    path("casussen/<id:pk>/geschiedenis/<id:event_pk>/verwijderen/", views.case_event_redact,
         name="event_redact"),
    path("casussen/<id:pk>/bijlagen/<id:attachment_pk>/", downloads.attachment,
         name="attachment"),
    path("casussen/<id:pk>/bijlagen/<id:attachment_pk>/verwijderen/",
         views.attachment_remove, name="attachment_remove"),
]
