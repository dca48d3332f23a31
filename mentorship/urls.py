from django.urls import path

from . import views

app_name = "mentorship"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.mentor_detail, name="mentor"),
    path("apply/", views.apply, name="apply"),
    path("ask/", views.ask, name="ask"),
    path("profile/", views.edit_profile, name="profile"),
    path("my-mentor/", views.my_mentor, name="my_mentor"),
    path("my-mentees/", views.my_mentees, name="my_mentees"),
    path("relationships/<int:pk>/", views.relationship_detail, name="relationship"),
    path("services/<int:pk>/insurance/", views.insurance_update, name="insurance"),
    path("services/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("staff/", views.staff_home, name="staff"),
    path("staff/mentors/<int:pk>/review/", views.staff_review, name="staff_review"),
    path("staff/match/", views.staff_match, name="staff_match"),
    path("staff/relationships/<int:pk>/end/", views.staff_end, name="staff_end"),
    path("staff/activities/new/", views.staff_activity_new, name="staff_activity_new"),
    path("staff/activities/<int:pk>/", views.staff_activity, name="staff_activity"),
]
