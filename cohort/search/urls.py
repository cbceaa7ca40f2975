from django.urls import path

from cohort.search import views

app_name = "search"

urlpatterns = [path("zoeken/", views.search, name="search")]
