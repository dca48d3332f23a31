from django.urls import path

from ..workflow import MENTOR_APPLICATION, RELATIONSHIP
from . import views

urlpatterns = [
    path("mentors/", views.MentorListCreate.as_view(), name="mentorship-api-mentors"),
    path("mentors/<int:pk>/", views.MentorDetail.as_view(), name="mentorship-api-mentor"),
    path(
        "mentors/<int:pk>/entitlement/", views.MentorEntitlementView.as_view(), name="mentorship-api-mentor-entitlement"
    ),
    # one route per action of the mentor application's table (approve, reject)
    *(
        path(
            f"mentors/<int:pk>/{action}/",
            views.MentorAction.as_view(),
            {"action": action},
            name=f"mentorship-api-mentor-{action}",
        )
        for action in MENTOR_APPLICATION.actions
    ),
    path("mentees/", views.MenteeListCreate.as_view(), name="mentorship-api-mentees"),
    path("relationships/", views.RelationshipListCreate.as_view(), name="mentorship-api-relationships"),
    path("relationships/<int:pk>/", views.RelationshipDetail.as_view(), name="mentorship-api-relationship"),
    # one route per action of the relationship's table (end: "mentorship-api-relationship-end")
    *(
        path(
            f"relationships/<int:pk>/{action}/",
            views.RelationshipAction.as_view(),
            {"action": action},
            name=f"mentorship-api-relationship-{action}",
        )
        for action in RELATIONSHIP.actions
    ),
    path(
        "relationships/<int:pk>/entitlement/",
        views.RelationshipEntitlementView.as_view(),
        name="mentorship-api-relationship-entitlement",
    ),
    path("services/", views.ServiceListCreate.as_view(), name="mentorship-api-services"),
    path("services/<int:pk>/", views.ServiceDetail.as_view(), name="mentorship-api-service"),
    path("activities/", views.ActivityList.as_view(), name="mentorship-api-activities"),
    path("activities/<int:pk>/attendance/", views.ActivityAttendance.as_view(), name="mentorship-api-attendance"),
]
