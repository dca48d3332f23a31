from __future__ import annotations

from collections.abc import Iterable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def document_kind_names(codes: Iterable[str]) -> dict[str, str]:
    """The names of the kinds of document (the scheme's required documents), in the reader's language."""
    from .models import RequiredDocument

    names: dict[str, str] = {}
    for code, name in RequiredDocument.objects.filter(code__in=list(codes)).order_by("pk").values_list("code", "name"):
        names.setdefault(code, name)
    return names


def scheme_names(codes: Iterable[str]) -> dict[str, str]:
    from .models import Scheme

    return dict(Scheme.objects.filter(code__in=list(codes)).values_list("code", "name"))


def claim_state_labels(codes: Iterable[str]) -> dict[str, object]:
    from .models import ClaimState

    return dict(ClaimState.choices)


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Subsidies")

    def ready(self):
        from portal.audit import label_detail_values

        # the audit log names what its entries record: "Kind of document: Degree certificate",
        # an export's filters as "Scheme: any, State: Approved"
        label_detail_values("subsidies.claimdocument", "kind", document_kind_names)
        label_detail_values("subsidies.exportjob", "scheme", scheme_names)
        label_detail_values("subsidies.exportjob", "state", claim_state_labels)
