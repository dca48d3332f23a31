"""Django REST framework's own messages (a badly formed date, a missing credential, a throttled
request ...) reach a zh-hant or zh-hans API user in that language: DRF's catalogues lack 74 of
them in Traditional and 3 in Simplified Chinese, completed in `locale/rest_framework/`."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import opencc
import pytest
from django.utils import translation
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated, Throttled

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("drf_catalogue", ROOT / "scripts" / "drf_catalogue.py")
drf_catalogue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(drf_catalogue)

CJK = re.compile(r"[\u4e00-\u9fff]")
MESSAGES = sorted(set(drf_catalogue.drf_catalogue("zh_Hans")) | set(drf_catalogue.BY_HAND))
# the mainland words s2hk leaves in Traditional characters, which drf_catalogue.HK_TERMS replaces
_S2HK = opencc.OpenCC("s2hk")
MAINLAND_TERMS = [_S2HK.convert(term) for term in drf_catalogue.HK_TERMS]
# proper names DRF's own zh_Hant catalogue leaves as they are
KEPT_AS_THEY_ARE = {"Token", "Tokens"}


@pytest.mark.parametrize("lang", ["zh-hant", "zh-hans"])
@pytest.mark.parametrize("msgid", MESSAGES)
def test_every_drf_message_is_in_chinese(lang, msgid):
    with translation.override(lang):
        text = translation.gettext(msgid)
    if msgid in KEPT_AS_THEY_ARE:
        return
    assert CJK.search(text), f"{lang}: {msgid!r} comes back as {text!r}"


@pytest.mark.parametrize("msgid", MESSAGES)
def test_traditional_messages_use_hong_kong_terms(msgid):
    """Traditional characters (DRF's own zh_Hant or OpenCC s2hk), and the Hong Kong word where
    the mainland one differs (信息 → 資訊, 字段 → 欄位 ...), as in the portal's own catalogue."""
    with translation.override("zh-hant"):
        text = translation.gettext(msgid)
    assert not [term for term in MAINLAND_TERMS if term in text], text


def test_committed_catalogue_is_what_the_script_writes():
    """The catalogue is written by scripts/drf_catalogue.py from the installed DRF: after a DRF
    upgrade this fails until the script is run again."""
    import polib

    for lang, messages in drf_catalogue.catalogues().items():
        po = polib.pofile(str(drf_catalogue.TARGET / lang / "LC_MESSAGES" / "django.po"))
        assert {entry.msgid: entry.msgstr for entry in po} == messages


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh-hant", "日期格式錯誤"), ("zh-hans", "日期格式错误"), ("en", "Date has wrong format")],
)
def test_a_badly_formed_date_in_the_users_language(lang, expected):
    with translation.override(lang), pytest.raises(serializers.ValidationError) as raised:
        serializers.DateField().run_validation("2026-13-45")
    assert expected in str(raised.value.detail[0])


def test_other_framework_errors_in_traditional_chinese():
    with translation.override("zh-hant"):
        assert str(NotAuthenticated().detail) == "身份認證資訊未提供。"
        assert "秒後可用" in str(Throttled(wait=30).detail)
