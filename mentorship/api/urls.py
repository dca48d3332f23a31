from django.urls import path

from . import views

urlpatterns = [
    path("mentors/", views.MentorListCreate.as_view(), name="mentorship-api-mentors"),
    path("mentors/<int:pk>/", views.MentorDetail.as_view(), name="mentorship-api-mentor"),
    path(
        "mentors/<int:pk>/entitlement/", views.MentorEntitlementView.as_view(), name="mentorship-api-mentor-entitlement"
    ),
    path("mentees/", views.MenteeListCreate.as_view(), name="mentorship-api-mentees"),
    path("relationships/", views.RelationshipListCreate.as_view(), name="mentorship-api-relationships"),
    path("relationships/<int:pk>/", views.RelationshipDetail.as_view(), name="mentorship-api-relationship"),
    path("relationships/<int:pk>/end/", views.RelationshipEnd.as_view(), name="mentorship-api-relationship-end"),
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
