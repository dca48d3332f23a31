from django.urls import path

from . import views
from .workflow import RELATIONSHIP

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
    # the decision's buttons name the actions of workflow.MENTOR_APPLICATION
    path("staff/mentors/<int:pk>/review/", views.staff_review, name="staff_review"),
    path("staff/match/", views.staff_match, name="staff_match"),
    # one page per action of workflow.RELATIONSHIP ("end": staff/relationships/<pk>/end/, "staff_end")
    *(
        path(
            f"staff/relationships/<int:pk>/{action}/",
            views.staff_relationship_action,
            {"action": action},
            name=f"staff_{action}",
        )
        for action in RELATIONSHIP.actions
    ),
    path("staff/activities/new/", views.staff_activity_new, name="staff_activity_new"),
    path("staff/activities/<int:pk>/", views.staff_activity, name="staff_activity"),
]
