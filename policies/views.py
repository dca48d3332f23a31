"""Pages: the list with filters and search, a guide, the eligibility checker. Thin: parse with
the shared forms, read through selectors, render."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import cache as page_cache
from . import selectors
from .forms import EligibilityForm, PolicyFilterForm
from .presenters import search_hits

PAGE_SIZE = 20


def index(request):
    """The public list of guides (drafts too, marked, for HR bureau staff). Anonymous readers
    get it from the page cache while nothing on it has changed (policies/cache.py)."""
    cacheable = page_cache.cacheable(request)
    version = None
    if cacheable:
        cached, version = page_cache.lookup(request)
        if cached is not None:
            return cached
    form = PolicyFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        results = selectors.policy_search(user=request.user, **form.filters())
        query = form.cleaned_data.get("search", "")
        status = 200
    elif form.is_bound:
        results = selectors.policy_list(user=request.user).none()
        query = ""
        status = 400
    else:
        results = selectors.policy_list(user=request.user)
        query = ""
        status = 200
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    hits = search_hits(page.object_list, query)
    response = render(
        request,
        "policies/list.html",
        {
            "form": form,
            "page_obj": page,
            "hits": hits,
            "query": query,
            "capped_heading": _capped_heading(results),
        },
        status=status,
    )
    if cacheable:
        page_cache.store(request, response, version)
    return response


def _capped_heading(results) -> str:
    """ "More than 1,000 guides" when the search stopped counting (selectors.SearchResults)."""
    if not getattr(results, "capped", False):
        return ""
    return _("More than %(limit)s guides") % {"limit": number_format(selectors.SEARCH_COUNT_CAP, force_grouping=True)}


def detail(request, slug: str):
    policy = selectors.policy_by_slug(slug, user=request.user)
    if policy is None:
        raise Http404
    language = get_language()
    fallbacks = selectors.fallbacks_used(policy, language=language)
    return render(
        request,
        "policies/detail.html",
        {
            "policy": policy,
            "fallbacks": fallbacks,
            "fallback_fields": {used.field: used.language for used in fallbacks},
            "last_change": selectors.latest_public_change(policy),
            "related": selectors.related_policies(policy, user=request.user),
            "missing_languages": selectors.missing_languages(policy) if selectors.can_see_drafts(request.user) else [],
            "language_names": dict(settings.LANGUAGES),
        },
    )


def checker(request):
    """The eligibility checker: a short form, then the guides that fit and why."""
    results = None
    if request.method == "POST":
        form = EligibilityForm(request.POST)
        if form.is_valid():
            results = selectors.eligibility_matches(form.applicant(), user=request.user)
    else:
        form = EligibilityForm()
    return render(
        request,
        "policies/checker.html",
        {"form": form, "results": results},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
