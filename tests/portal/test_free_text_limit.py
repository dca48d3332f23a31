"""Notes, reasons and biographies are limited to FREE_TEXT_MAX_LENGTH characters, with the
field's own message in the user's language, on the page and in the API."""

from __future__ import annotations

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from mentorship.forms import MentorApplicationForm, ServiceForm
from mentorship.models import Mentor
from portal.forms import FREE_TEXT_MAX_LENGTH

pytestmark = pytest.mark.django_db

APPLICATION = {
    "display_name": "陳大文",
    "industries": "金融",
    "employer": "",
    "mainland_experience": "",
    "languages": "粵語",
    "district": "福田",
    "bio": "",
}


@pytest.mark.parametrize(("lang", "words"), [("zh-hant", "5000"), ("zh-hans", "5000"), ("en", "at most 5000")])
def test_a_biography_one_character_too_long_is_refused_in_the_users_language(lang, words):
    with translation.override(lang):
        form = MentorApplicationForm(data={**APPLICATION, "bio": "字" * (FREE_TEXT_MAX_LENGTH + 1)})
        assert not form.is_valid()
        message = form.errors["bio"][0]
    assert words in message
    if lang != "en":
        assert "characters" not in message


def test_the_longest_biography_is_taken_and_the_browser_is_told_the_limit():
    form = MentorApplicationForm(data={**APPLICATION, "bio": "字" * FREE_TEXT_MAX_LENGTH})
    assert form.is_valid(), form.errors
    assert f'maxlength="{FREE_TEXT_MAX_LENGTH}"' in str(form["bio"])
    assert f'maxlength="{FREE_TEXT_MAX_LENGTH}"' in str(ServiceForm()["notes"])


def test_the_api_refuses_a_biography_too_long_and_writes_nothing(make_user):
    user = make_user("youth")
    api = APIClient()
    api.force_authenticate(user)
    response = api.post(
        "/api/v1/mentorship/mentors/?lang=zh-hant",
        {"user": user.pk, "display_name": "陳大文", "bio": "字" * (FREE_TEXT_MAX_LENGTH + 1)},
        format="json",
    )
    assert response.status_code == 400
    assert "5000" in response.json()["bio"][0] and "欄位" in response.json()["bio"][0]
    assert not Mentor.objects.exists()
    response = api.post(
        "/api/v1/mentorship/mentors/",
        {"user": user.pk, "display_name": "陳大文", "bio": "字" * FREE_TEXT_MAX_LENGTH},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert len(Mentor.objects.get().bio) == FREE_TEXT_MAX_LENGTH


def test_every_free_text_field_of_the_models_is_limited():
    """The limit is on the models' TextFields (so their ModelForms, ModelSerializers and admin
    forms have it). Not the policies' guide texts (staff write them in the admin, and a guide's
    body is long by nature) nor a notification's body (written by the portal itself)."""
    from django.apps import apps
    from django.db import models

    unlimited = [
        f"{model._meta.label}.{field.name}"
        for app in ("mentorship", "incubators", "subsidies")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert unlimited == [], unlimited
