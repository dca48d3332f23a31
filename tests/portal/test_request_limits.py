"""Bodies too large are refused early (issue 15, item 13) and deeply nested JSON is a 400, not a
500 (item 15): a 300 MB upload is answered before it is read, a body that streams past the limit
stops there, and nothing is saved."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_a_body_announced_too_large_is_refused_before_it_is_read(make_user):
    client = Client()
    client.force_login(make_user("youth"))

    class Unread(io.BytesIO):
        def read(self, *args):  # nothing may read the body
            raise AssertionError("the body was read")

    response = client.generic(
        "POST", "/en/accounts/profile/", data=b"", content_type="application/octet-stream",
        CONTENT_LENGTH=str(300 * 1024 * 1024), **{"wsgi.input": Unread()},
    )  # fmt: skip
    assert response.status_code == 413
    assert "10 MB" in response.content.decode()


def test_the_api_answers_413_in_json_in_the_readers_language():
    response = APIClient().generic(
        "POST", "/api/v1/auth/token/", data=b"{}", content_type="application/json",
        CONTENT_LENGTH=str(50 * 1024 * 1024), HTTP_ACCEPT_LANGUAGE="zh-hant",
    )  # fmt: skip
    assert response.status_code == 413
    assert response.json()["reason"] == "too_large" and "10 MB" in response.json()["detail"]


def test_a_multipart_body_that_streams_past_the_limit_stops_there(settings):
    """A chunked body announces no length: the upload handler counts its bytes as they arrive."""
    from django.core.exceptions import RequestDataTooBig

    from portal.uploads import BodyLimitUploadHandler

    settings.MAX_REQUEST_BODY = 1024 * 1024
    handler = BodyLimitUploadHandler()
    handler.handle_raw_input(None, {}, None, "boundary")
    chunk = b"0" * (64 * 1024)
    received = 0
    with pytest.raises(RequestDataTooBig):
        for _ in range(300 * 16):  # a 300 MB body, in 64 KB chunks
            handler.receive_data_chunk(chunk, received)
            received += len(chunk)
    assert received <= settings.MAX_REQUEST_BODY  # stopped at the limit, not at the end


def test_an_upload_within_the_limit_goes_through(make_user):
    client = APIClient()
    client.force_authenticate(make_user("youth"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    small = SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = client.post(
        "/api/v1/subsidies/claims/999999/documents/", {"kind": "x", "file": small}, format="multipart"
    )
    assert response.status_code == 404  # read, parsed and answered by the view


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/policies/eligibility/"])
def test_json_nested_a_thousand_levels_deep_is_a_400(path):
    body = "[" * 1000 + "]" * 1000
    response = APIClient().post(path, data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "nests its data too deeply" in json.dumps(response.json())


def test_json_nested_forty_levels_deep_is_a_400_too():
    body = {"username": "a", "password": "b"}
    for _ in range(40):
        body = {"x": body}
    assert APIClient().post("/api/v1/auth/token/", body, format="json").status_code == 400
