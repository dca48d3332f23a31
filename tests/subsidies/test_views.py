"""Pages: who sees what, forms, refused transitions as 400/403/409, pinned query counts."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from subsidies import services
from subsidies.models import Claim, ClaimState, ExportJob, IdentityView

from .factories import PDF

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("en"):
        return reverse(f"subsidies:{name}", args=args)


def signed_in(client, user):
    client.force_login(user)
    return client


def test_index_lists_schemes_in_every_language(client, schemes):
    for lang in ("zh-hant", "zh-hans", "en"):
        with translation.override(lang):
            response = client.get(reverse("subsidies:index"))
        assert response.status_code == 200
    assert "Futian internship subsidy" in client.get(url("index")).content.decode()
    assert url("apply", "futian-internship") == "/en/subsidies/apply/futian-internship/"


def test_apply_page_creates_a_draft_and_fills_the_profile(
    client, schemes, make_user, django_capture_on_commit_callbacks
):
    youth = make_user("youth")
    signed_in(client, youth)
    assert client.get(url("apply", "futian-internship")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("apply", "futian-internship"),
            {
                "education_level": "phd",
                "start_date": "2026-01-01",
                "end_date": "2026-02-28",
                "identity_type": "hkid",
                "identity_number": "A123456(3)",
                "requested_amount": "",
            },
        )
    claim = Claim.objects.get(applicant=youth)
    assert response.status_code == 302 and response["Location"] == url("claim", claim.pk)
    assert claim.eligible_amount == Decimal("9000.00")
    assert youth.subsidy_profile.identity_number == "A1234563"
    page = client.get(url("claim", claim.pk)).content.decode()
    assert "PhD, 2 whole months × 4,500 = 9,000" in page


def test_apply_form_errors_are_400(client, schemes, make_user):
    signed_in(client, make_user("youth"))
    response = client.post(
        url("apply", "futian-internship"),
        {
            "education_level": "phd",
            "start_date": "2026-03-01",
            "end_date": "2026-02-01",
            "identity_type": "hkid",
            "identity_number": "A123456(4)",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "check digit" in body and "end date" in body


def test_apply_for_a_scheme_of_another_role_is_403(client, schemes, make_user):
    signed_in(client, make_user("youth"))
    assert client.get(url("apply", "gba-mentor")).status_code == 403
    assert client.get(url("apply", "no-such-scheme")).status_code == 404


def test_apply_needs_sign_in(client, schemes):
    assert client.get(url("apply", "luohu-living")).status_code == 302


def test_claim_page_only_for_applicant_and_staff(client, kit, make_user):
    claim = kit.submitted()
    signed_in(client, make_user("youth"))
    assert client.get(url("claim", claim.pk)).status_code == 404
    signed_in(client, claim.applicant)
    assert client.get(url("claim", claim.pk)).status_code == 200
    signed_in(client, kit.reviewer)
    page = client.get(url("claim", claim.pk)).content.decode()
    assert claim.masked_identity in page and claim.identity_number not in page
    draft = kit.draft()
    assert client.get(url("claim", draft.pk)).status_code == 404  # staff do not see drafts


def test_document_download_permission_checked(client, kit, make_user):
    claim = kit.submitted()
    document = claim.documents.first()
    signed_in(client, make_user("youth"))
    assert client.get(url("document", document.pk)).status_code == 404
    signed_in(client, kit.reviewer)
    response = client.get(url("document", document.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    client.logout()
    assert client.get(url("document", document.pk)).status_code == 302


def test_document_upload_page_refuses_executable(client, kit):
    claim = kit.draft()
    signed_in(client, claim.applicant)
    response = client.post(
        url("document_upload", claim.pk),
        {"kind": "degree", "file": SimpleUploadedFile("degree.pdf", b"MZ\x90\x00" + b"\x00" * 100)},
    )
    assert response.status_code == 400
    assert "PDF, JPEG or PNG" in response.content.decode()
    response = client.post(
        url("document_upload", claim.pk), {"kind": "degree", "file": SimpleUploadedFile("degree.pdf", PDF)}
    )
    assert response.status_code == 302 and claim.documents.count() == 1


def test_full_identity_view_is_recorded(client, kit):
    claim = kit.submitted()
    signed_in(client, kit.reviewer)
    response = client.post(url("identity_reveal", claim.pk))
    assert claim.identity_number in response.content.decode()
    assert IdentityView.objects.filter(claim=claim, viewer=kit.reviewer).count() == 1
    signed_in(client, claim.applicant)
    assert client.post(url("identity_reveal", claim.pk)).status_code == 403


def test_page_actions_and_refusals(client, kit, django_capture_on_commit_callbacks):
    claim = kit.submitted()
    signed_in(client, claim.applicant)
    assert client.post(url("claim_action", claim.pk, "start-review")).status_code == 403
    signed_in(client, kit.reviewer)
    assert client.post(url("claim_action", claim.pk, "resubmit")).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("claim_action", claim.pk, "start-review")).status_code == 302
        assert client.post(url("claim_action", claim.pk, "recommend"), {"note": "ok"}).status_code == 302
    signed_in(client, kit.approver)
    response = client.post(url("claim_action", claim.pk, "approve"), {"amount": "99999"})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("claim_action", claim.pk, "approve"), {"amount": "7500"}).status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPROVED
    assert client.post(url("claim_action", claim.pk, "dance")).status_code == 404


def test_review_queue_staff_only(client, kit, make_user):
    signed_in(client, make_user("youth"))
    assert client.get(url("review_queue")).status_code == 403
    client.logout()
    assert client.get(url("review_queue")).status_code == 302


def test_review_queue_filters_and_sorting(client, kit):
    small = kit.submitted(requested_amount=Decimal("1000"))
    big = kit.submitted("luohu-living", requested_amount=Decimal("60000"))
    signed_in(client, kit.reviewer)
    body = client.get(url("review_queue") + "?scheme=luohu-living").content.decode()
    assert f"#{big.pk}<" in body and f"#{small.pk}<" not in body
    body = client.get(url("review_queue") + "?sort=-amount").content.decode()
    assert body.index(f"#{big.pk}<") < body.index(f"#{small.pk}<")
    body = client.get(url("review_queue") + "?min_amount=5000").content.decode()
    assert f"#{small.pk}<" not in body
    body = client.get(url("review_queue") + "?min_days=3").content.decode()
    assert f"#{small.pk}<" not in body


def test_review_queue_query_count_is_fixed(client, kit, django_assert_num_queries):
    kit.submitted()
    signed_in(client, kit.reviewer)
    # Rendered for every request (there is no page cache): 1 user, 2 roles (the first request
    # after users were written: new applicants), 3 schemes (filter choices), 4 count, 5 page of
    # claims with scheme, applicant and batch item (index subsidies_claim_waiting), 6 exclusive
    # schemes, 7 the same people's/companies' other claims, 8 the accounts holding the page's
    # identity numbers. The session comes from the cache.
    with django_assert_num_queries(8):
        assert client.get(url("review_queue")).status_code == 200
    for _ in range(5):
        kit.submitted("luohu-living", company_name="Same Co")
    with django_assert_num_queries(8):
        assert client.get(url("review_queue")).status_code == 200


@pytest.mark.heavy
def test_review_queue_shows_50_a_page_in_waiting_order(client, kit, django_assert_num_queries):
    from django.utils import timezone

    from subsidies.views import QUEUE_PAGE_SIZE

    first = kit.submitted()
    others = [kit.submitted() for _ in range(QUEUE_PAGE_SIZE)]
    Claim.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - timezone.timedelta(days=9))
    signed_in(client, kit.reviewer)
    with django_assert_num_queries(8):  # as above, with 51 claims waiting
        body = client.get(url("review_queue") + "?state=submitted&sort=waiting").content.decode()
    assert QUEUE_PAGE_SIZE == 50 and body.count('name="claims"') == 50
    assert body.index(f"#{first.pk}<") < body.index(f"#{others[0].pk}<")  # waiting longest first
    assert f"#{others[-1].pk}<" not in body  # on page 2
    assert (
        f"#{others[-1].pk}<"
        in client.get(url("review_queue") + "?state=submitted&sort=waiting&page=2").content.decode()
    )


def test_review_queue_rows_are_rendered_once_and_never_stale(client, kit, monkeypatch):
    """The rows and the filter form come from the cache while nothing they show has changed;
    a change to a claim is a new row, rendered afresh."""
    from django.core.cache import cache

    from subsidies import fragments

    cache.clear()
    claims = [kit.submitted(), kit.submitted("luohu-living", requested_amount=Decimal("60000"))]
    signed_in(client, kit.reviewer)
    rendered = []
    real = fragments.render_to_string
    monkeypatch.setattr(fragments, "render_to_string", lambda *a, **k: rendered.append(1) or real(*a, **k))
    first = client.get(url("review_queue")).content.decode()
    assert len(rendered) == 2
    second = client.get(url("review_queue")).content.decode()

    def queue(body):  # the filter form and the table, without the CSRF tokens (new each request)
        import re

        return re.sub(
            r'name="csrfmiddlewaretoken" value="[^"]+"', "", body[body.index("<details") : body.index("</table>")]
        )

    assert len(rendered) == 2 and queue(second) == queue(first)  # from the cache, as HTML (not escaped again)
    assert first.count('<tr class="govuk-table__row">') == 3 and "&lt;tr" not in first
    assert 'name="scheme"' in first and 'name="sort"' in first
    with translation.override("en"):
        services.claim_start_review(claim_id=claims[0].pk, actor=kit.reviewer)
    third = client.get(url("review_queue")).content.decode()
    assert len(rendered) == 3  # only the changed row
    row = third[third.index(f"#{claims[0].pk}<") :]
    row = row[: row.index("</tr>")]
    with translation.override("en"):  # the pages of these tests are in English (url())
        assert str(ClaimState.IN_REVIEW.label) in row and str(ClaimState.SUBMITTED.label) not in row
    assert queue(third) != queue(first)


def test_bulk_return_with_one_reason(client, kit, django_capture_on_commit_callbacks):
    a, b, c = kit.in_review(), kit.submitted(), kit.approved()
    signed_in(client, kit.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("review_bulk"),
            {"action": "return", "reason": "Add your social insurance record.", "claims": [a.pk, b.pk, c.pk]},
        )
    states = dict(Claim.objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("pk", "state"))
    assert states == {a.pk: "returned", b.pk: "returned", c.pk: "approved"}  # a decided claim is left alone
    assert a.transitions.last().note == "Add your social insurance record."


def test_my_claims_query_count_and_caps(client, kit, django_assert_num_queries):
    claim = kit.approved("luohu-living", amount=Decimal("50000"))
    signed_in(client, claim.applicant)
    # 1 user, 2 count, 3 page of claims with scheme, 4 the user's roles (page layout), 5 claims
    # with rules for the caps (the session comes from the cache, the user from the database)
    with django_assert_num_queries(5):
        body = client.get(url("my_claims")).content.decode()
    assert "10,000" in body  # what is left of the 60,000 cap
    for _ in range(3):
        kit.draft(applicant=claim.applicant)
    with django_assert_num_queries(5):  # the same five with more claims
        client.get(url("my_claims"))


def test_batch_pages_and_exports_neutralise_formulas(client, kit, django_capture_on_commit_callbacks):
    claim = kit.approved()
    claim.applicant.full_name = '=HYPERLINK("http://evil")'
    claim.applicant.save()
    signed_in(client, kit.reviewer)
    assert client.post(url("batches")).status_code == 403  # reviewers do not make batches
    signed_in(client, kit.approver)
    response = client.post(url("batches"))
    batch_url = response["Location"]
    assert client.get(batch_url).status_code == 200
    batch_id = int(batch_url.rstrip("/").split("/")[-1])
    csv_body = client.get(url("batch_export", batch_id, "csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_body)))
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'
    assert rows[1][4] == claim.masked_identity
    xlsx = client.get(url("batch_export", batch_id, "xlsx")).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.cell(row=2, column=4).value.startswith("'=")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("batch_mark_paid", batch_id))
        again = client.post(url("batch_mark_paid", batch_id))
    assert again.status_code == 302
    assert Claim.objects.get(pk=claim.pk).transitions.filter(to_state="paid").count() == 1


def test_claims_export_job_with_progress(client, kit, django_capture_on_commit_callbacks):
    kit.submitted()
    signed_in(client, kit.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("export_start"), {"format": "xlsx"})
    job = ExportJob.objects.get()
    assert response["Location"] == url("export_status", job.pk)
    assert job.progress == 100 and job.finished_at
    page = client.get(url("export_status", job.pk)).content.decode()
    assert url("export_download", job.pk) in page
    download = client.get(url("export_download", job.pk))
    assert download.status_code == 200
    signed_in(client, kit.approver)
    assert client.get(url("export_download", job.pk)).status_code == 404  # only the requester


def test_statistics_page(client, kit):
    kit.approved()
    signed_in(client, kit.approver)
    response = client.get(url("statistics"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="subsidies-chart-data"' in body and "statistics.js" in body and "<script>" not in body


def test_dashboard_panels(client, kit):
    claim = kit.submitted()
    signed_in(client, claim.applicant)
    with translation.override("en"):
        assert f"#{claim.pk}" in client.get(reverse("dashboard")).content.decode()
    signed_in(client, kit.reviewer)
    with translation.override("en"):
        assert client.get(reverse("dashboard")).status_code == 200


def test_rule_change_shown_claim_keeps_its_rule(kit):
    claim = kit.approved()
    assert services.claim_compute_eligibility(claim_id=claim.pk) is None


def test_scheme_list_page_query_count(client, schemes, django_assert_num_queries):
    # 1 schemes, 2 their rules, 3 their required documents (prefetched)
    with django_assert_num_queries(3):
        assert client.get(url("index")).status_code == 200


def test_batches_page_query_count_same_for_few_and_many(client, kit, django_assert_num_queries):
    kit.approved()
    services.payment_batch_create(actor=kit.approver)
    signed_in(client, kit.approver)
    # 1 user, 2 roles, 3 approved claims waiting (count and total), 4 count, 5 page of batches
    # with their claim counts (the session comes from the cache)
    with django_assert_num_queries(5):
        assert client.get(url("batches")).status_code == 200
    for _ in range(3):
        kit.approved()
        services.payment_batch_create(actor=kit.approver)
    with django_assert_num_queries(5):
        assert client.get(url("batches")).status_code == 200


def test_batch_detail_query_count_same_for_few_and_many(client, kit, django_assert_num_queries):
    kit.approved()
    small = services.payment_batch_create(actor=kit.approver)
    for _ in range(4):
        kit.approved()
    big = services.payment_batch_create(actor=kit.approver)
    signed_in(client, kit.approver)
    # 1 user, 2 roles, 3 the batch, 4 its items with claims, schemes and applicants (the session
    # comes from the cache)
    with django_assert_num_queries(4):
        client.get(url("batch", small.pk))
    with django_assert_num_queries(4):  # the same four for a bigger batch
        client.get(url("batch", big.pk))


def test_export_progress_fragment_polls_until_ready(client, kit):
    signed_in(client, kit.reviewer)
    job = ExportJob.objects.create(requested_by=kit.reviewer, kind="claims-csv", progress=40)
    fragment = client.get(url("export_status", job.pk), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and 'value="40"' in fragment and "<html" not in fragment
    from subsidies.reminders import export_build

    assert export_build(job_id=job.pk) is True
    assert export_build(job_id=job.pk) is False  # idempotent
    fragment = client.get(url("export_status", job.pk), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and url("export_download", job.pk) in fragment


def test_claim_page_in_traditional_chinese(client, kit):
    claim = kit.submitted()
    signed_in(client, claim.applicant)
    with translation.override("zh-hant"):
        body = client.get(reverse("subsidies:claim", args=[claim.pk])).content.decode()
    assert "碩士，3 個完整月 × 2,500 = 7,500" in body
    assert "進度記錄" in body and "已提交" in body


def test_staff_preview_documents_beside_the_claim(client, kit):
    claim = kit.submitted()
    signed_in(client, kit.reviewer)
    body = client.get(url("claim", claim.pk)).content.decode()
    # the previews load when opened (static/subsidies/preview.js), not with the page (issue 14 #4)
    assert body.count("data-preview-src=") == 3
    assert "<iframe" not in body and 'class="subsidies-preview"' not in body
    response = client.get(url("document", claim.documents.first().pk) + "?inline=1")
    assert response["X-Frame-Options"] == "SAMEORIGIN" and "inline" in response["Content-Disposition"]


def test_approver_sees_what_is_left_of_cap_and_budget(client, kit, schemes):
    scheme = schemes["luohu-living"]
    kit.approved("luohu-living", identity_number="A123456(3)", amount=Decimal("20000"))
    claim = kit.recommended("luohu-living", applicant=kit.make_user("youth"), identity_number="A1234563")
    signed_in(client, kit.approver)
    body = client.get(url("claim", claim.pk)).content.decode()
    limits = body[body.index('data-testid="limits"') : body.index("</dl>", body.index('data-testid="limits"'))]
    assert "40,000" in limits  # 60,000 cap less 20,000 approved to the same HKID
    assert f"{scheme.annual_budget - 20000:,.0f}" in limits


def test_queue_by_default_shows_what_waits_for_staff(client, kit):
    waiting, returned = kit.submitted(), kit.in_review()
    services.claim_return(claim_id=returned.pk, actor=kit.reviewer, note="?")
    signed_in(client, kit.reviewer)
    body = client.get(url("review_queue")).content.decode()
    assert f"#{waiting.pk}<" in body and f"#{returned.pk}<" not in body
    body = client.get(url("review_queue") + "?state=returned").content.decode()
    assert f"#{returned.pk}<" in body


def test_a_refused_approval_shows_its_error_summary_once(client, kit):
    """Issue 14: the approve form's own summary names the refused amount; the page's summary at
    the top no longer repeats it."""
    claim = kit.recommended()
    signed_in(client, kit.approver)
    response = client.post(url("claim_action", claim.pk, "approve"), {"amount": "99999"})
    content = response.content.decode()
    assert response.status_code == 400
    assert content.count('class="govuk-error-summary"') == 1
    assert 'data-testid="claim-error"' not in content
    assert 'href="#id_amount"' in content and 'id="id_amount_error"' in content


def test_an_empty_reason_is_named_on_its_box_in_the_pages_language(client, kit):
    """Issue 14: the reject and return forms are novalidate, so an empty reason gets the portal's
    message in Chinese (not the browser's English "Please fill out this field"), tied to the box."""
    claim = kit.in_review()
    signed_in(client, kit.reviewer)
    with translation.override("zh-hant"):
        page = reverse("subsidies:claim", args=[claim.pk])
        action = reverse("subsidies:claim_action", args=[claim.pk, "reject"])
    form = client.get(page).content.decode()
    assert re.search(r'<form[^>]*/reject/"[^>]*novalidate', form)
    assert 'id="reject-reason"' in form and 'id="return-reason"' in form
    response = client.post(action, {"reason": "  "})
    content = response.content.decode()
    assert response.status_code == 400
    assert "請說明原因。" in content and "Please fill out this field" not in content
    assert 'aria-describedby="reject-reason_error"' in content and 'id="reject-reason_error"' in content
    assert content.count('class="govuk-error-summary"') == 1
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW


def test_a_proportional_rule_shows_its_proportion_as_a_percentage_in_every_language(client, schemes):
    """Issue 14: Futian landing support's rule is stored as 0.1000 of the financing raised; the
    schemes page and the apply page say 10%."""
    expected = {
        "zh-hant": "已獲融資的 10%，最高人民幣 1,000,000 元",
        "zh-hans": "已获融资的 10%，最高人民币 1,000,000 元",
        "en": "10% of the financing raised, up to 1,000,000 RMB",
    }
    for lang, words in expected.items():
        with translation.override(lang):
            content = client.get(reverse("subsidies:index")).content.decode()
        assert words in content, lang
        assert "0.1000" not in content and "0.1 " not in content


def test_the_percent_filter():
    from decimal import Decimal

    from portal.templatetags.portal_tags import percent

    assert percent(Decimal("0.1000")) == "10%"
    assert percent(Decimal("0.125")) == "12.5%"
    assert percent(Decimal("1")) == "100%"
    assert percent("0.0525") == "5.25%"
    assert percent(None) == ""


def test_creating_a_payment_batch_says_how_many_claims_and_what_total(client, kit):
    """Issue 14: the batch page the approver lands on confirms the batch: its reference, how many
    claims went into it and their total, in the page's language."""
    kit.approved(amount=Decimal("7500"))
    kit.approved(amount=Decimal("2500"))
    signed_in(client, kit.approver)
    with translation.override("zh-hant"):
        batches = reverse("subsidies:batches")
    response = client.post(batches, follow=True)
    content = response.content.decode()
    batch = response.context["batch"]
    assert response.redirect_chain[-1][0].endswith(f"/batches/{batch.pk}/")
    assert f"已建立付款批次 {batch.reference}：共 2 項申請，合共人民幣 10,000 元。" in content
    kit.approved(amount=Decimal("1234.50"))
    with translation.override("en"):
        response = client.post(reverse("subsidies:batches"), follow=True)
    batch = response.context["batch"]
    assert f"Batch {batch.reference} is created: 1 claim, 1,234.50 RMB in all." in response.content.decode()


def test_a_duplicate_upload_is_removed_before_staff_see_it(client, kit, make_user):
    """On a draft the applicant removes any document (a duplicate, the wrong file), its file
    with it; once staff have seen the claim its documents stay, and on a returned claim only the
    ones added since it came back can go. Nobody else can remove one."""
    from subsidies.models import ClaimDocument

    claim = kit.with_documents(kit.draft())
    duplicate = kit.with_documents(claim).documents.order_by("-pk").first()
    storage = ClaimDocument.file.field.storage
    assert storage.exists(duplicate.file.name)
    signed_in(client, make_user("youth"))
    assert client.post(url("document_remove", duplicate.pk)).status_code == 404
    signed_in(client, kit.reviewer)
    assert client.post(url("document_remove", duplicate.pk)).status_code == 404
    signed_in(client, claim.applicant)
    page = client.get(f"/zh-hant/subsidies/claims/{claim.pk}/").content.decode()
    assert f'data-testid="remove-{duplicate.pk}"' in page and "移除" in page
    with kit.capture(execute=True):
        response = client.post(url("document_remove", duplicate.pk), follow=True)
    assert "The document is removed." in response.content.decode()
    assert not ClaimDocument.objects.filter(pk=duplicate.pk).exists()
    assert not storage.exists(duplicate.file.name)
    assert client.get(url("document_remove", duplicate.pk)).status_code == 405

    submitted = kit.submitted()
    seen = submitted.documents.first()
    signed_in(client, submitted.applicant)
    assert f'data-testid="remove-{seen.pk}"' not in client.get(url("claim", submitted.pk)).content.decode()
    response = client.post(url("document_remove", seen.pk), follow=True)
    assert "seen by staff" in response.content.decode()
    assert ClaimDocument.objects.filter(pk=seen.pk).exists()

    with kit.capture(execute=True):
        services.claim_start_review(claim_id=submitted.pk, actor=kit.reviewer)
        services.claim_return(claim_id=submitted.pk, actor=kit.reviewer, note="The degree is unreadable.")
    added = kit.with_documents(submitted).documents.order_by("-pk").first()
    page = client.get(url("claim", submitted.pk)).content.decode()
    assert f'data-testid="remove-{added.pk}"' in page and f'data-testid="remove-{seen.pk}"' not in page
    with kit.capture(execute=True):
        client.post(url("document_remove", added.pk))
    assert not ClaimDocument.objects.filter(pk=added.pk).exists()
    assert ClaimDocument.objects.filter(pk=seen.pk).exists()
