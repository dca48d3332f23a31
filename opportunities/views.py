"""Pages: thin (parse, call a selector or a service, render)."""

from __future__ import annotations

from django.http import HttpResponse


def vacancy_list(request, *args, **kwargs):
    return HttpResponse("")


my_applications = application_act = application_claim = application_cv = vacancy_list
vacancy_detail = vacancy_apply = applicants = vacancy_list
