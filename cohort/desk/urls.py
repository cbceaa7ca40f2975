from django.urls import path

from cohort.desk import views

app_name = "desk"

urlpatterns = [
    path("begeleiden/", views.desk_all, name="all"),
    path("edities/<id:pk>/begeleiden/", views.desk_edition, name="edition"),
]
