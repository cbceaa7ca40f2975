from django.urls import path

from cohort import views

app_name = "cohort"

urlpatterns = [
    path("accounts/profile/", views.profile, name="profile"),
    path("leden/<int:pk>/", views.member, name="member"),
    path("leden/<int:pk>/foto/", views.member_photo, name="member_photo"),
]
