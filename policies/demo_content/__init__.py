"""Demo content of the policy guides: every measure in DOMAIN.md, in zh-hant (Hong Kong usage),
zh-hans (the language of the sources) and en. Generated once from the Simplified text with OpenCC
s2hk, then Hong Kong terms fixed by hand (資訊, 網站, 副學位, 戶口, 支援 ...). Edit freely."""

from __future__ import annotations

from .directory import CATEGORIES, ISSUERS, REGIONS, TARGET_GROUPS
from .guides_futian_huizhou import FUTIAN_HUIZHOU_AND_MENTORS
from .guides_shenzhen import SHENZHEN_AND_LUOHU
from .rows import PolicyRow

POLICIES: list[PolicyRow] = [*SHENZHEN_AND_LUOHU, *FUTIAN_HUIZHOU_AND_MENTORS]

__all__ = ["CATEGORIES", "ISSUERS", "POLICIES", "REGIONS", "TARGET_GROUPS"]
