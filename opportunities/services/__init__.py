"""Every write of the opportunities app, one function per use case, keyword-only, with the person
acting. Transitions follow the tables of opportunities/workflow.py; refusals are the portal's
domain errors.

Positions (the portal's capacity idiom, portal/capacity.py): accepting an offer locks the
application, then its vacancy, then the vacancy's cohort (always in that order), counts the
applications holding a position after the lock, and refuses with CapacityFull when the vacancy's
positions or the cohort's capacity are taken. A vacancy whose last position is taken is closed in
the same transaction.
"""

from ._common import LANGUAGE_SUFFIXES, MAX_CV_BYTES, NOTE_MAX_LENGTH, TRANSLATED_FIELDS
from .applications import (
    ActionInput,
    application_act,
    application_claim,
    application_create,
    cv_opened,
    placement_scheme,
)
from .reminders import applications_remind_stale, digests_send, saved_search_create
from .vacancies import (
    VacancyInput,
    employer_verify,
    resolve_vacancy,
    search_text_of,
    vacancies_close_expired,
    vacancy_act,
    vacancy_create,
    vacancy_index,
    vacancy_update,
)

__all__ = [
    "LANGUAGE_SUFFIXES",
    "MAX_CV_BYTES",
    "NOTE_MAX_LENGTH",
    "TRANSLATED_FIELDS",
    "ActionInput",
    "VacancyInput",
    "application_act",
    "application_claim",
    "application_create",
    "applications_remind_stale",
    "cv_opened",
    "digests_send",
    "employer_verify",
    "placement_scheme",
    "resolve_vacancy",
    "saved_search_create",
    "search_text_of",
    "vacancies_close_expired",
    "vacancy_act",
    "vacancy_create",
    "vacancy_index",
    "vacancy_update",
]
