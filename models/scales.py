"""The ordered scales and the closed vocabularies of DESIGN §2.

Every scale member has a code (used in files) and a Vietnamese label (used in the Excel template);
both are accepted on input, case-insensitively. Scales compare by their order: `Education.DAI_HOC >
Education.CAO_DANG`.
"""

from __future__ import annotations

from enum import Enum
from functools import total_ordering
from typing import Any, Self

from models.text import key

_RANKS: dict[type, dict[str, int]] = {}  # scale -> member code -> declaration order


@total_ordering
class Scale(Enum):
    """An enum whose members carry (code, Vietnamese label, English label) and compare by declaration order."""

    def __init__(self, code: str, label_vi: str, label_en: str) -> None:
        self.code = code
        self.label_vi = label_vi
        self.label_en = label_en

    @property
    def rank(self) -> int:
        ranks = _RANKS.get(type(self))
        if ranks is None:  # once per scale: list(...).index() on every comparison was a hot spot at 100,000 cadres
            ranks = _RANKS[type(self)] = {member.code: i for i, member in enumerate(type(self))}
        return ranks[self.code]

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank < other.rank  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self.code)

    def __str__(self) -> str:
        return self.code

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if lang == "vi" else self.label_en

    @classmethod
    def aliases(cls) -> dict[str, Self]:
        table: dict[str, Self] = {}
        for member in cls:
            for text in (member.code, member.label_vi, member.label_en, member.name):
                table[key(text)] = member
            for extra in _EXTRA_ALIASES.get((cls.__name__, member.code), ()):
                table[key(extra)] = member
        return table

    @classmethod
    def parse(cls, value: Any) -> Self:
        """Read a member from its code or label (trimmed, NFC, case-insensitive)."""
        if isinstance(value, cls):
            return value
        found = cls.aliases().get(key(str(value)))
        if found is None:
            allowed = ", ".join(f"{m.code} ({m.label_vi})" for m in cls)
            raise ValueError(f"'{value}' is not one of: {allowed}")
        return found

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda m: m.code),
        )


class Education(Scale):
    """Trình độ chuyên môn."""

    TRUNG_CAP = ("trung_cap", "Trung cấp", "Vocational")
    CAO_DANG = ("cao_dang", "Cao đẳng", "College")
    DAI_HOC = ("dai_hoc", "Đại học", "Bachelor")
    THAC_SI = ("thac_si", "Thạc sĩ", "Master")
    TIEN_SI = ("tien_si", "Tiến sĩ", "Doctorate")


class PoliticalTheory(Scale):
    """Trình độ lý luận chính trị (LLCT)."""

    NONE = ("none", "Chưa có", "None")
    SO_CAP = ("so_cap", "Sơ cấp", "Elementary")
    TRUNG_CAP = ("trung_cap", "Trung cấp", "Intermediate")
    CAO_CAP = ("cao_cap", "Cao cấp", "Advanced")


class StateMgmt(Scale):
    """Quản lý nhà nước (QLNN)."""

    NONE = ("none", "Chưa có", "None")
    CHUYEN_VIEN = ("chuyen_vien", "Chuyên viên", "Officer")
    CHUYEN_VIEN_CHINH = ("chuyen_vien_chinh", "Chuyên viên chính", "Senior officer")
    CHUYEN_VIEN_CAO_CAP = ("chuyen_vien_cao_cap", "Chuyên viên cao cấp", "Principal officer")


class Level(Scale):
    """Unit levels, from the top of the hierarchy down (wards, towns and special zones are `commune`)."""

    CENTRAL = ("central", "Trung ương", "Central")
    PROVINCE = ("province", "Tỉnh", "Province")
    PROVINCE_DEPT = ("province_dept", "Sở, ban, ngành tỉnh", "Provincial department")
    DISTRICT = ("district", "Huyện", "District")
    DISTRICT_OFFICE = ("district_office", "Phòng, ban huyện", "District office")
    COMMUNE = ("commune", "Xã, phường, thị trấn", "Commune")


class Gender(Scale):
    MALE = ("nam", "Nam", "Male")
    FEMALE = ("nu", "Nữ", "Female")


class MoveKind(Scale):
    ROTATION = ("rotation", "Luân chuyển", "Rotation")
    SECONDMENT = ("secondment", "Biệt phái", "Secondment")


class LockAction(Scale):
    PIN = ("pin", "Ghim", "Pin")
    FORBID = ("forbid", "Cấm", "Forbid")


_EXTRA_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("Gender", "nam"): ("male", "m"),
    ("Gender", "nu"): ("nữ", "nu", "female", "f"),
    ("PoliticalTheory", "none"): ("", "không", "khong"),
    ("StateMgmt", "none"): ("", "không", "khong"),
    ("Level", "commune"): ("xã", "phường", "thị trấn", "đặc khu", "ward", "town"),
    ("Level", "province_dept"): ("sở", "department"),
    ("Level", "district_office"): ("phòng", "office"),
    ("Education", "dai_hoc"): ("university",),
    ("LockAction", "pin"): ("ghim", "chọn", "bắt buộc"),
    ("LockAction", "forbid"): ("cấm", "loại"),
}


def scale_members(scale: type[Scale]) -> list[Scale]:
    return list(scale)
