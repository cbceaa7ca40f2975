from django.urls import path

from cohort.programme import views

app_name = "programme"

urlpatterns = [
    path("mijn-leergang/", views.my_leergang, name="my_leergang"),
]
