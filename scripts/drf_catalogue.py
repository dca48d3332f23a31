"""Write the catalogues that complete Django REST framework's own messages in Chinese:
`locale/rest_framework/<lang>/LC_MESSAGES/django.po`, listed in LOCALE_PATHS after `locale/`.

DRF's zh_Hant catalogue translates 54 of its 128 messages: a zh-hant API user got the other 74
(a badly formed date, a throttled request, a missing credential ...) in English. Its zh_Hans
catalogue lacks 3. This fills zh_Hant from DRF's zh_Hant where it has the message, otherwise
from DRF's zh_Hans through OpenCC s2hk with Hong Kong terms (`HK_TERMS`), and adds the missing
ones by hand (`BY_HAND`). Run it again after upgrading DRF, then `make messages`:

    .venv/bin/python scripts/drf_catalogue.py
"""

from __future__ import annotations

import gettext
from pathlib import Path

import opencc
import polib
import rest_framework

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "locale" / "rest_framework"
DRF_LOCALE = Path(rest_framework.__file__).resolve().parent / "locale"

# s2hk keeps mainland words; these are the Hong Kong ones (as used in the portal's own catalogue)
HK_TERMS = {
    "用户名": "用戶名稱",
    "用户": "用戶",
    "信息": "資訊",
    "字段": "欄位",
    "字符串": "字串",
    "字符": "字元",
    "服務器": "伺服器",
    "數據": "資料",
    "文件名": "檔案名稱",
    "文件": "檔案",
    "搜索": "搜尋",
    "對象": "物件",
    "不支持": "不支援",
    "登錄": "登入",
    "超鏈接": "超連結",
    "默認": "預設",
    "布爾值": "布林值",
}

BY_HAND = {
    "A valid biginteger is required.": {
        "zh_Hant": "請輸入有效的大整數。",
        "zh_Hans": "请输入有效的大整数。",
    },
    "Integer value too large to convert to float": {
        "zh_Hant": "整數太大，無法轉換為浮點數",
        "zh_Hans": "整数太大，无法转换为浮点数",
    },
    "The number of days must be between {min_days} and {max_days}.": {
        "zh_Hant": "日數必須介乎 {min_days} 至 {max_days} 之間。",
        "zh_Hans": "天数必须在 {min_days} 至 {max_days} 之间。",
    },
}


def drf_catalogue(lang: str) -> dict[str, str]:
    with open(DRF_LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog  # noqa: SLF001 - the catalogue itself
    return {msgid: text for msgid, text in catalogue.items() if isinstance(msgid, str) and msgid and text}


def hong_kong(simplified: str, converter) -> str:
    text = converter.convert(simplified).strip()
    for mainland, local in HK_TERMS.items():
        text = text.replace(mainland, local)
    return text


def catalogues() -> dict[str, dict[str, str]]:
    hans, hant = drf_catalogue("zh_Hans"), drf_catalogue("zh_Hant")
    converter = opencc.OpenCC("s2hk")
    filled_hant = {msgid: hant.get(msgid) or hong_kong(text, converter) for msgid, text in hans.items()}
    filled_hant.update({msgid: text for msgid, text in hant.items() if msgid not in filled_hant})
    for msgid, texts in BY_HAND.items():
        filled_hant.setdefault(msgid, texts["zh_Hant"])
    missing_hans = {msgid: texts["zh_Hans"] for msgid, texts in BY_HAND.items() if msgid not in hans}
    return {"zh_Hant": filled_hant, "zh_Hans": missing_hans}


def write(lang: str, messages: dict[str, str]) -> Path:
    po = polib.POFile(wrapwidth=0)
    po.header = (
        "Django REST framework's messages that its own catalogue lacks for this language.\n"
        "Written by scripts/drf_catalogue.py; edit there, not here."
    )
    po.metadata = {
        "Project-Id-Version": f"djangorestframework {rest_framework.__version__}",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": lang.replace("_", "-").lower(),
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for msgid in sorted(messages):
        po.append(polib.POEntry(msgid=msgid, msgstr=messages[msgid]))
    path = TARGET / lang / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def main() -> None:
    for lang, messages in catalogues().items():
        print(f"{write(lang, messages).relative_to(ROOT)}: {len(messages)} messages")


if __name__ == "__main__":
    main()
