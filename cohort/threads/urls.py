from django.urls import path

from cohort.threads import views

app_name = "threads"

urlpatterns = [
    path("edities/<id:cohort_pk>/reflecties/", views.edition_reflections, name="reflections"),
    path("edities/<id:cohort_pk>/gesprekken/", views.edition_threads, name="threads"),
    path("reflecties/schrijven/", views.reflection_write, name="reflection_write"),
    path("reflecties/<id:pk>/", views.reflection_detail, name="reflection"),
    path("reflecties/<id:pk>/bewerken/", views.reflection_edit, name="reflection_edit"),
    path("reflecties/<id:pk>/delen/", views.reflection_share, name="reflection_share"),
    path("reflecties/<id:pk>/verwijderen/", views.reflection_delete, name="reflection_delete"),
    path("reflecties/<id:pk>/geschiedenis/", views.reflection_history,
         name="reflection_history"),
    path("reflecties/<id:pk>/reageren/", views.reflection_comment, name="reflection_comment"),
    path("casussen/<id:pk>/reageren/", views.case_comment, name="case_comment"),
    path("casussen/<id:pk>/intervisie/", views.intervision_advance, name="intervision"),
    path("casussen/<id:case_pk>/noemen/", views.mentionable, name="mentionable_case"),
    path("reflecties/<id:reflection_pk>/noemen/", views.mentionable,
         name="mentionable_reflection"),
    path("gesprekken/<id:pk>/", views.thread_go, name="thread"),
    path("gesprekken/<id:pk>/slot/", views.thread_lock, name="lock"),
    path("reacties/<id:pk>/", views.comment_go, name="comment"),
    path("reacties/<id:pk>/bewerken/", views.comment_edit, name="comment_edit"),
    path("reacties/<id:pk>/verwijderen/", views.comment_delete, name="comment_delete"),
    path("reacties/<id:pk>/geschiedenis/", views.comment_history, name="comment_history"),
    path("reacties/<id:pk>/reactie/", views.comment_react, name="comment_react"),
    path("reacties/<id:pk>/verbergen/", views.comment_hide, name="comment_hide"),
    path("reacties/<id:pk>/zichtbaar/", views.comment_unhide, name="comment_unhide"),
    path("reacties/<id:pk>/vastzetten/", views.comment_pin, name="comment_pin"),
]
