from django.urls import path

from cohort import image_views, views

app_name = "cohort"

urlpatterns = [
    path("accounts/profile/", views.profile, name="profile"),
    path("taal/<str:code>/", views.language, name="language"),
    path("leden/<id:pk>/", views.member, name="member"),
    path("leden/<id:pk>/foto/", views.member_photo, name="member_photo"),
    path(
        "afbeeldingen/<str:kind>/<id:pk>/<str:signature>/<str:filename>",
        image_views.serve_image,
        name="image_serve",
    ),
]
