"""Fill gettext catalogues from a JSON file of translations, then list what is still missing.

    python scripts/po_fill.py LOCALE_DIR TRANSLATIONS.json

TRANSLATIONS.json maps each msgid to {"zh_Hant": "...", "zh_Hans": "..."} (plural entries:
{"zh_Hant": ["..."], ...}). English catalogues keep msgstr empty: the msgids are English.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib


def fill(locale_dir: Path, translations: dict) -> int:
    missing = 0
    for lang in ("zh_Hant", "zh_Hans"):
        path = locale_dir / lang / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(path))
        for entry in po:
            if entry.obsolete:
                continue
            found = translations.get(entry.msgid, {}).get(lang)
            if found:
                if entry.msgid_plural:
                    values = found if isinstance(found, list) else [found]
                    entry.msgstr_plural = dict(enumerate(values))
                else:
                    entry.msgstr = found
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            if not (entry.msgstr or any(entry.msgstr_plural.values())) or "fuzzy" in entry.flags:
                missing += 1
                print(f"{path}: missing: {entry.msgid!r}")
        po.save(str(path))
    return missing


if __name__ == "__main__":
    sys.exit(1 if fill(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text())) else 0)
