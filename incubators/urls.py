from django.urls import path, register_converter

from . import views


class PeriodConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodConverter, "period")

app_name = "incubators"

urlpatterns = [
    path("", views.base_list, name="base_list"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/download.<str:fmt>", views.statistics_download, name="statistics_download"),
    path("review/", views.review, name="review"),
    path("review/flags/<int:flag_id>/", views.flag_resolve, name="flag_resolve"),
    path("review/corrections/<int:report_id>/", views.correction_review, name="correction_review"),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
    path("<int:pk>/", views.base_detail, name="base_detail"),
    path("<int:pk>/edit/", views.base_edit, name="base_edit"),
    path("<int:pk>/history/", views.report_history, name="history"),
    path("<int:pk>/reports/<period:period>/", views.report_edit, name="report_edit"),
]
