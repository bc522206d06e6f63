"""A bureau's jurisdiction: the province, a city, or a unit under a city (contract §7, ``--jurisdiction``).

Written ``广东省``, ``东莞市`` (or ``东莞``), ``东莞市/虎门镇``, ``广州市/天河区``; a leading ``广东省/`` is
allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from huiqi.geo.divisions import PROVINCE, city, normalize_city, normalize_county, not_a_city_message

_SEPARATORS = re.compile(r"\s*[/／|｜]\s*")


@dataclass(frozen=True)
class Jurisdiction:
    """``city`` and ``county`` are canonical (``东莞``, ``虎门镇``); both None means the whole province."""

    city: str | None = None
    county: str | None = None

    def __post_init__(self) -> None:
        if self.county is not None and self.city is None:
            raise ValueError("区县级辖区必须指明所属地级市 / a county-level jurisdiction needs its city")

    @classmethod
    def province(cls) -> Jurisdiction:
        return cls()

    @classmethod
    def parse(cls, text: str) -> Jurisdiction:
        """Parse and validate against the division data; ValueError (Chinese and English) otherwise."""
        raw = (text or "").strip()
        parts = [p for p in _SEPARATORS.split(raw) if p]
        if parts and parts[0] in (PROVINCE, "广东"):
            parts = parts[1:]
            if not parts:
                return cls()
        if not parts or len(parts) > 2:
            raise ValueError(
                f"无法识别的辖区“{raw}”，应为“广东省”“东莞市”或“东莞市/虎门镇” / "
                f"cannot read jurisdiction {raw!r}: expected 广东省, 东莞市 or 东莞市/虎门镇"
            )
        short = normalize_city(parts[0])
        if short is None:
            raise ValueError(not_a_city_message(parts[0]))
        if len(parts) == 1:
            return cls(short)
        county = normalize_county(short, parts[1])
        if county is None:
            raise ValueError(
                f"“{parts[1]}”不是{short}市下辖的区县或镇街 / {parts[1]!r} is not a unit of {short}市"
            )
        return cls(short, county)

    @property
    def level(self) -> str:
        """``province``, ``city`` or ``county``."""
        if self.city is None:
            return "province"
        return "city" if self.county is None else "county"

    def contains(self, city_name: str | None, county: str | None = None) -> bool:
        """Whether an enterprise (or project) in ``city_name``/``county`` lies in this jurisdiction.

        The province contains every Guangdong city; a city contains itself and everything under it; a
        county-level jurisdiction contains only that unit, so an enterprise whose county is unknown is
        not in it (we cannot tell, and access must not be granted on a guess).
        """
        short = normalize_city(city_name)
        if short is None:
            return False
        if self.city is None:
            return True
        if short != self.city:
            return False
        if self.county is None:
            return True
        return normalize_county(short, county) == self.county

    def __str__(self) -> str:
        if self.city is None:
            return PROVINCE
        name = city(self.city).name
        return name if self.county is None else f"{name}/{self.county}"
