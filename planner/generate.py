"""Reproducible synthetic data: named profiles, seeded, byte-for-byte identical for the same arguments.

`generate(profile, seed, ...)` writes a complete scenario folder (units, cadres, posts, seats, locks, ongoing and a
`scenario.yaml`) ready for `planner solve`. Every draw comes from one `random.Random(seed)` in a fixed order, rows
are written sorted by id with the column order of `planner.io.columns`, so the same arguments give the same bytes.

The distributions (ethnic mix by region, names, ages, education, political theory, ranks, succession pool, …) are
documented in docs/generator.md. The building blocks (`CadreFactory`, `person_name`, `write_dataset`, …) are public
so that seeds/build_seeds.py can build the seed data sets from the same vocabulary.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml

from models.months import fmt_month, month_index, parse_month
from models.retirement import roadmap_retirement_month
from models.scales import Gender
from models.text import key
from planner.io.columns import TABLES

PROFILES = ("commune", "district", "province", "two-level-province")

# --- vocabulary ------------------------------------------------------------------------------------------------

FIELDS = (
    "nông nghiệp", "tài chính", "nội vụ", "giáo dục", "y tế", "tư pháp", "xây dựng", "văn hóa",
    "tài nguyên môi trường", "lao động xã hội", "dân tộc", "xây dựng Đảng",
)

# Commune titles (rotation targets and current titles of commune leaders).
BI_THU = "Bí thư Đảng ủy xã"
PHO_BI_THU = "Phó Bí thư Đảng ủy xã"
CHU_TICH = "Chủ tịch UBND xã"
PHO_CHU_TICH = "Phó Chủ tịch UBND xã"
CHU_TICH_HDND = "Chủ tịch HĐND xã"
CHU_TICH_MTTQ = "Chủ tịch Ủy ban MTTQ xã"
PHO_CHU_TICH_HUYEN = "Phó Chủ tịch UBND huyện"
COMMUNE_KEY_TITLES = (BI_THU, PHO_BI_THU, CHU_TICH, PHO_CHU_TICH)

# Field groups a Phó Chủ tịch UBND xã post may ask for (khối kinh tế / khối văn hóa - xã hội).
ECONOMY_FIELDS = ("nông nghiệp", "tài chính", "xây dựng", "tài nguyên môi trường")
SOCIAL_FIELDS = ("văn hóa", "giáo dục", "y tế", "lao động xã hội")

# Commune civil-servant titles (công chức cấp xã) and the field each works in.
COMMUNE_CIVIL_TITLES = (
    ("Công chức Văn phòng - Thống kê", "nội vụ"),
    ("Công chức Địa chính - Xây dựng", "xây dựng"),
    ("Công chức Địa chính - Nông nghiệp", "nông nghiệp"),
    ("Công chức Tài chính - Kế toán", "tài chính"),
    ("Công chức Tư pháp - Hộ tịch", "tư pháp"),
    ("Công chức Văn hóa - Xã hội", "văn hóa"),
    ("Công chức Lao động - Thương binh và Xã hội", "lao động xã hội"),
)

# Commune leaders (cán bộ chủ chốt): title, rank, draw weight.
COMMUNE_LEADER_TITLES = (
    (BI_THU, 2, 1.0), (PHO_BI_THU, 2, 1.0), (CHU_TICH, 2, 1.0), (PHO_CHU_TICH, 1, 2.0),
    (CHU_TICH_HDND, 2, 0.6), (CHU_TICH_MTTQ, 1, 1.0),
)

PROVINCE_DEPTS = (  # before July 2025
    ("Sở Nội vụ", "nội vụ"), ("Sở Tài chính", "tài chính"), ("Sở Nông nghiệp và Phát triển nông thôn", "nông nghiệp"),
    ("Sở Giáo dục và Đào tạo", "giáo dục"), ("Sở Y tế", "y tế"), ("Sở Tư pháp", "tư pháp"),
    ("Sở Xây dựng", "xây dựng"), ("Sở Văn hóa, Thể thao và Du lịch", "văn hóa"),
    ("Sở Tài nguyên và Môi trường", "tài nguyên môi trường"), ("Sở Lao động - Thương binh và Xã hội", "lao động xã hội"),
    ("Ban Dân tộc tỉnh", "dân tộc"), ("Ban Tổ chức Tỉnh ủy", "xây dựng Đảng"),
)

PROVINCE_DEPTS_2025 = (  # after the 2025 merger of departments
    ("Sở Nội vụ", "nội vụ"), ("Sở Tài chính", "tài chính"), ("Sở Nông nghiệp và Môi trường", "nông nghiệp"),
    ("Sở Giáo dục và Đào tạo", "giáo dục"), ("Sở Y tế", "y tế"), ("Sở Tư pháp", "tư pháp"),
    ("Sở Xây dựng", "xây dựng"), ("Sở Văn hóa, Thể thao và Du lịch", "văn hóa"),
    ("Sở Dân tộc và Tôn giáo", "dân tộc"), ("Ban Tổ chức Tỉnh ủy", "xây dựng Đảng"),
    ("Văn phòng UBND tỉnh", "nội vụ"), ("Sở Khoa học và Công nghệ", "tài nguyên môi trường"),
)

DISTRICT_OFFICES = (
    ("Văn phòng Huyện ủy", "xây dựng Đảng"), ("Ban Tổ chức Huyện ủy", "xây dựng Đảng"),
    ("Văn phòng HĐND và UBND huyện", "nội vụ"), ("Phòng Nội vụ", "nội vụ"),
    ("Phòng Tài chính - Kế hoạch", "tài chính"), ("Phòng Nông nghiệp và Phát triển nông thôn", "nông nghiệp"),
    ("Phòng Giáo dục và Đào tạo", "giáo dục"), ("Phòng Y tế", "y tế"), ("Phòng Tư pháp", "tư pháp"),
    ("Phòng Kinh tế và Hạ tầng", "xây dựng"), ("Phòng Văn hóa và Thông tin", "văn hóa"),
    ("Phòng Tài nguyên và Môi trường", "tài nguyên môi trường"),
    ("Phòng Lao động - Thương binh và Xã hội", "lao động xã hội"), ("Phòng Dân tộc", "dân tộc"),
)


@dataclass(frozen=True)
class Group:
    """An ethnic group: its language and the parts synthetic names are combined from."""

    ethnicity: str
    language: str | None
    families: tuple[str, ...]
    male_middles: tuple[str, ...]
    female_middles: tuple[str, ...]
    male_given: tuple[str, ...]
    female_given: tuple[str, ...]


def _t(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


GROUPS: dict[str, Group] = {g.ethnicity: g for g in (
    Group("Kinh", None,
          _t("Nguyễn, Nguyễn, Nguyễn, Trần, Lê, Phạm, Hoàng, Vũ, Đặng, Bùi, Đỗ, Ngô, Dương, Phan, Đinh, Trịnh, Tạ, Cao"),
          _t("Văn, Đức, Minh, Quang, Hữu, Xuân, Trọng, Tiến, Mạnh, Công"),
          _t("Thị, Thị, Thu, Thanh, Ngọc, Hồng, Thúy, Kim, Minh"),
          _t("An, Bình, Cường, Dũng, Duy, Hải, Hiếu, Hoàng, Hùng, Huy, Khánh, Long, Nam, Phong, Sơn, Thắng, "
             "Thành, Tuấn, Việt, Vinh, Lâm, Tùng"),
          _t("Anh, Chi, Dung, Giang, Hà, Hằng, Hạnh, Hiền, Hoa, Hương, Lan, Liên, Linh, Loan, Mai, Nga, Nhung, "
             "Oanh, Phương, Quyên, Thảo, Trang, Vân, Yến")),
    Group("Thái", "Thái",
          _t("Lò, Lò, Lường, Quàng, Cầm, Tòng, Lù, Điêu, Vì, Bạc, Sầm, Hoàng"),
          _t("Văn"), _t("Thị"),
          _t("Pọm, Xuân, Ban, Chiến, Ín, Khánh, Hặc, Piểng, Sương, Chung, Thoại, Phanh, Bun, Inh, Thưởng, Ngoan"),
          _t("Hương, Duyên, Ỏn, Xiêm, Ánh, Lả, Kim, Pằng, Ngân, Thiêm, Nga, Hiên")),
    Group("H'Mông", "Mông",
          _t("Giàng, Sùng, Thào, Vàng, Mùa, Lầu, Hạng, Lý, Vừ, Cứ, Chang, Sình, Hờ"),
          _t("A, A, Seo, Văn"), _t("Thị"),
          _t("Chứ, Dình, Pó, Sử, Tủa, Lử, Dua, Xá, Chá, Say, Páo, Lồng, Chua, Nủ, Súa, Tồng, Dế"),
          _t("Mỷ, Dợ, Ly, Chía, Sua, Pà, Dung, Xua, Mai")),
    Group("Khơ Mú", "Khơ Mú",
          _t("Lò, Quàng, Vì, Cà, Lừ, Tòng"),
          _t("Văn"), _t("Thị"),
          _t("Pâng, Ính, Xúa, Sung, Nhịa, Pánh, Bun, Ỏn, Thiêng"),
          _t("Lả, Sen, Phăn, Xiên, Nhung, Pọm")),
    Group("Dao", "Dao",
          _t("Triệu, Bàn, Lý, Đặng, Chảo, Phùng, Tẩn, Tráng"),
          _t("Văn, Tài, Seo, Kim, Phúc"), _t("Thị, Mùi"),
          _t("Phin, Sinh, Chàn, Quyết, Lìn, Chòi, Vần, Tả, Chiêu"),
          _t("Mẩy, Kiều, Ván, Dìn, Nải, Xuân")),
    Group("Tày", "Tày",
          _t("Hoàng, Nông, Lương, Hà, Đinh, Lộc, Triệu, Vi, Mông, Hứa, Chu, Bế, Ma"),
          _t("Văn, Văn, Đức, Quang"), _t("Thị, Thị, Thu"),
          _t("Thắng, Khánh, Cường, Hào, Tuân, Luận, Thuyết, Hưng, Định, Quý, Tình, Nghĩa"),
          _t("Thoa, Hiền, Lụa, Thắm, Dịu, Ngần, Mến, Quyên, Hoa, Duyên")),
    Group("Nùng", "Nùng",
          _t("Lăng, Hoàng, Lành, Chu, Hứa, Mã, Nông, Vi, Lục, Dương, Chẩu"),
          _t("Văn"), _t("Thị"),
          _t("Khoa, Tiến, Vượng, Chiến, Lợi, Tín, Hợp, Thìn, Pảo, Sáu"),
          _t("Phấn, Thúy, Mùi, Nhàn, Liên, Chiêm, Mây, Lìu")),
    Group("Cơ Tu", "Cơ Tu",
          _t("Bhling, Alăng, Zơ Râm, Bríu, Clâu, Ating, Arất, Pơloong, Coor, Hôih, Blup"),
          _t("Văn"), _t("Thị"),
          _t("Ngước, Pố, Blao, Blui, Tiên, Mia, Nhí, Đươl, Brừ, Bhoong, Bốc, Hoan"),
          _t("Hương, Đào, Thuận, Nhưng, Cơ, Ngân, Ía, Nơ, Dư")),
    Group("Xơ Đăng", "Xơ Đăng",
          _t("Hồ, Đinh, Trần, Nguyễn, Y"),
          _t("Văn"), _t("Thị"),
          _t("Mười, Mân, Tỏ, Lên, Thoại, Đảo, Lực, Xu, Nỉu, Bảy"),
          _t("Hường, Xoan, Mỹ, Ni, Bé, Tư")),
    Group("Giẻ Triêng", "Giẻ Triêng",
          _t("Hồ, Đinh, A, Y, Nguyễn"),
          _t("Văn"), _t("Thị"),
          _t("Plơ, Bang, Lăng, Đố, Rết, Giáo, Hòa"),
          _t("Bảo, Nguyệt, Lim, Xinh, Thơ")),
    Group("Co", "Co",
          _t("Đinh, Hồ, Nguyễn, Trương, Phạm"),
          _t("Văn"), _t("Thị"),
          _t("Cốc, Tấn, Pa, Hoài, Rớt, Ka, Lệ"),
          _t("Nhanh, Xí, Lá, Kim, Ri")),
)}

# Full names that occur in the source articles: never produced (the names are synthetic combinations).
BLOCKED_NAMES = frozenset(key(n) for n in (
    "Lù Văn Quân", "Lò Văn Sáng", "Nguyễn Tiến Đạt", "Ngô Văn Thanh", "Vũ Bảo Trung", "Lộc Quang Hòa",
    "Bùi Huynh Kiên",
))


@dataclass(frozen=True)
class Region:
    """The ethnic mix of cadres in a region: in ethnic-area (mountain) units and in lowland / provincial units."""

    code: str
    province: str
    mountain_mix: tuple[tuple[str, float], ...]
    lowland_mix: tuple[tuple[str, float], ...]

    def minority_groups(self) -> tuple[tuple[str, float], ...]:
        return tuple((e, w) for e, w in self.mountain_mix if e != "Kinh")


REGIONS: dict[str, Region] = {r.code: r for r in (
    Region("dien-bien", "Điện Biên",
           (("Thái", 0.38), ("Kinh", 0.30), ("H'Mông", 0.22), ("Khơ Mú", 0.06), ("Dao", 0.04)),
           (("Kinh", 0.55), ("Thái", 0.30), ("H'Mông", 0.10), ("Khơ Mú", 0.03), ("Dao", 0.02))),
    Region("lang-son", "Lạng Sơn",
           (("Tày", 0.50), ("Kinh", 0.25), ("Nùng", 0.20), ("Dao", 0.05)),
           (("Kinh", 0.45), ("Tày", 0.30), ("Nùng", 0.22), ("Dao", 0.03))),
    Region("quang-nam", "Quảng Nam",
           (("Kinh", 0.35), ("Cơ Tu", 0.25), ("Xơ Đăng", 0.20), ("Giẻ Triêng", 0.10), ("Co", 0.10)),
           (("Kinh", 0.93), ("Cơ Tu", 0.03), ("Xơ Đăng", 0.02), ("Giẻ Triêng", 0.01), ("Co", 0.01))),
)}


_T = TypeVar("_T")


def pick(rng: random.Random, weighted: Sequence[tuple[_T, float]]) -> _T:
    """One item of a (value, weight) list; a single `rng.random()` draw, so the stream stays aligned."""
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for value, w in weighted:
        x -= w
        if x < 0:
            return value
    return weighted[-1][0]


def person_name(rng: random.Random, ethnicity: str, female: bool) -> str:
    """A synthetic full name typical of the group: family + middle + given, never one of BLOCKED_NAMES."""
    group = GROUPS.get(ethnicity, GROUPS["Kinh"])
    while True:
        family = rng.choice(group.families)
        middle = rng.choice(group.female_middles if female else group.male_middles)
        given = rng.choice(group.female_given if female else group.male_given)
        name = " ".join(p for p in (family, middle, given) if p)
        if key(name) not in BLOCKED_NAMES:
            return name


# --- tables as rows --------------------------------------------------------------------------------------------

Row = dict[str, str]


@dataclass
class Dataset:
    """All tables of a scenario as rows of text cells, keyed by the English column names."""

    units: list[Row] = field(default_factory=list)
    cadres: list[Row] = field(default_factory=list)
    posts: list[Row] = field(default_factory=list)
    seats: list[Row] = field(default_factory=list)
    locks: list[Row] = field(default_factory=list)
    ongoing: list[Row] = field(default_factory=list)

    def table(self, name: str) -> list[Row]:
        return getattr(self, name)  # type: ignore[no-any-return]


def cell(value: object) -> str:
    """Text of a cell: booleans `true`/`false`, lists `;`-joined, None empty, floats with fixed formatting."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def table_text(name: str, rows: Iterable[Row]) -> str:
    """CSV text of a table: the schema's column order, rows sorted by their first column (the id)."""
    columns = [c.name for c in TABLES[name].columns]
    unknown = sorted({k for r in rows for k in r} - set(columns))
    if unknown:
        raise ValueError(f"{name}: unknown columns {unknown}")
    ordered = sorted(rows, key=lambda r: tuple(r.get(c, "") for c in columns))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in ordered:
        writer.writerow([row.get(c, "") for c in columns])
    return buffer.getvalue()


def write_dataset(data: Dataset, out_dir: Path) -> dict[str, Path]:
    """Write the six tables as UTF-8 CSV files named after the tables; returns table -> path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in TABLES:
        path = out_dir / f"{name}.csv"
        path.write_text(table_text(name, data.table(name)), encoding="utf-8")
        paths[name] = path
    return paths


def scenario_text(spec: dict[str, object]) -> str:
    """A scenario as YAML text, keys in the given order (deterministic)."""
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, default_flow_style=None, width=110)


# --- cadres ----------------------------------------------------------------------------------------------------

ROTATION_LEVELS = ("district", "district_office", "province_dept")


@dataclass(frozen=True)
class Area:
    """Where a cadre is drawn: the unit and what its cadres look like."""

    unit_id: str
    level: str
    field: str | None = None
    mix: tuple[tuple[str, float], ...] = (("Kinh", 1.0),)
    main_groups: tuple[str, ...] = ()
    home_choices: tuple[str, ...] = ()  # units natives of this area come from (communes)
    local_share: float = 0.6  # share of cadres native to one of home_choices


_EDU = {  # education by level: trung_cap, cao_dang, dai_hoc, thac_si, tien_si
    "commune": (0.15, 0.10, 0.70, 0.05, 0.0),
    "district_office": (0.04, 0.06, 0.80, 0.10, 0.0),
    "district": (0.0, 0.02, 0.78, 0.19, 0.01),
    "province_dept": (0.02, 0.03, 0.75, 0.18, 0.02),
}
_EDU_CODES = ("trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si")
_LLCT = {  # political theory by rank: none, so_cap, trung_cap, cao_cap
    0: (0.35, 0.40, 0.22, 0.03), 1: (0.05, 0.25, 0.55, 0.15), 2: (0.0, 0.05, 0.55, 0.40), 3: (0.0, 0.0, 0.20, 0.80),
}
_LLCT_CODES = ("none", "so_cap", "trung_cap", "cao_cap")
_QLNN = {  # state management by rank: none, chuyen_vien, chuyen_vien_chinh, chuyen_vien_cao_cap
    0: (0.45, 0.50, 0.05, 0.0), 1: (0.10, 0.70, 0.20, 0.0), 2: (0.0, 0.55, 0.40, 0.05), 3: (0.0, 0.0, 0.70, 0.30),
}
_QLNN_CODES = ("none", "chuyen_vien", "chuyen_vien_chinh", "chuyen_vien_cao_cap")
_RANKS = {  # rank by level: 0 staff, 1 deputy head, 2 head, 3 leadership of the unit above
    "district_office": (0.70, 0.20, 0.10, 0.0),
    "province_dept": (0.75, 0.17, 0.08, 0.0),
    "district": (0.0, 0.30, 0.30, 0.40),
}
_OFFICE_TITLES = {0: "Chuyên viên", 1: "Phó Trưởng phòng", 2: "Trưởng phòng"}
_DISTRICT_TITLES = {1: "Phó Chánh Văn phòng", 2: "Chánh Văn phòng", 3: "Ủy viên Ban Thường vụ Huyện ủy"}


def _draw(rng: random.Random, codes: Sequence[str], weights: Sequence[float]) -> str:
    return str(pick(rng, list(zip(codes, weights, strict=True))))


def birth_for_age(rng: random.Random, at: int, age: int, female: bool) -> str:
    """A birth date (YYYY-MM-DD) giving completed age `age` at month `at`, not yet retired at `at`."""
    birth = at - age * 12 - rng.randrange(12)
    gender = Gender.FEMALE if female else Gender.MALE
    while roadmap_retirement_month(gender, birth) <= at:
        birth += 12
    return f"{fmt_month(birth)}-{rng.randint(1, 28):02d}"


def age_at(birth_date: str, at: int) -> int:
    """Completed years at month `at` of a `YYYY-MM-DD` birth date (months granularity, as the model counts)."""
    return (at - parse_month(birth_date[:7])) // 12


class CadreFactory:
    """Draws cadre rows. Every attribute can be forced by a keyword; the rest follow the documented mix."""

    def __init__(self, rng: random.Random, at: int, horizon_months: int, *, female_share: float = 0.40,
                 pool_scale: float = 1.0) -> None:
        self.rng = rng
        self.at = at
        self.horizon_months = horizon_months
        self.female_share = female_share
        self.pool_scale = pool_scale

    def make(self, cadre_id: str, area: Area, *, rank: int | None = None, title: str | None = None,
             ethnicity: str | None = None, female: bool | None = None, age: int | None = None,
             field_: str | None = None, pool: bool | None = None) -> Row:
        rng = self.rng
        if female is None:
            female = rng.random() < self.female_share
        if ethnicity is None:
            if area.main_groups and rng.random() < 0.5:
                ethnicity = rng.choice(area.main_groups)
            else:
                ethnicity = str(pick(rng, area.mix))
        if age is None:
            age = int(rng.triangular(24, 56, 38) if female else rng.triangular(24, 60, 40))
        if area.level == "commune" and (rank is None or title is not None):
            rank, title = self._commune_post(title)
        elif rank is None:
            rank = int(_draw(rng, ("0", "1", "2", "3"), _RANKS[area.level]))
        if title is None:
            title = self._title(area, rank)
        minority = ethnicity != "Kinh"
        edu_weights = _EDU[area.level]
        if rank >= 1:
            edu_weights = (0.0, *edu_weights[1:])
        education = _draw(rng, _EDU_CODES, edu_weights)
        llct = _draw(rng, _LLCT_CODES, _LLCT[min(rank, 3)])
        qlnn = _draw(rng, _QLNN_CODES, _QLNN[min(rank, 3)])
        party = rng.random() < (0.97 if rank >= 1 else 0.50)
        if field_ is None:
            field_ = area.field if area.field and rng.random() < 0.85 else rng.choice(FIELDS)
        languages: list[str] = []
        group = GROUPS.get(ethnicity)
        if group and group.language and rng.random() < 0.95:
            languages.append(group.language)
        for main in area.main_groups:
            lang = GROUPS[main].language
            if lang and lang not in languages and rng.random() < (0.15 if not minority else 0.2):
                languages.append(lang)
        home = ""
        if area.home_choices and rng.random() < (area.local_share + (0.15 if minority else 0.0)):
            home = rng.choice(area.home_choices)
        if pool is None:
            pool = rng.random() < self._pool_chance(area.level, rank, age, party, llct)
        planned = self._planned(area.level, rank) if pool else []
        available_from = available_to = retirement = ""
        if rng.random() < 0.03:
            available_from = fmt_month(self.at + rng.randint(2, max(2, self.horizon_months // 2)))
        if rng.random() < 0.02:
            available_to = fmt_month(self.at + rng.randint(24, 72))
        exempt = rng.random() < (0.12 if female and age < 40 else 0.01)
        review = rng.random() < 0.005
        if rng.random() < 0.01 and age > 45:
            retirement = fmt_month(self.at + rng.randint(12, 60))
        return {
            "cadre_id": cadre_id,
            "full_name": person_name(rng, ethnicity, female),
            "gender": "nữ" if female else "nam",
            "birth_date": birth_for_age(rng, self.at, age, female),
            "unit_id": area.unit_id,
            "education": education,
            "political_theory": llct,
            "ethnicity": ethnicity,
            "home_unit_id": home,
            "title": title,
            "rank": str(rank),
            "field": field_,
            "state_mgmt": qlnn,
            "party_member": cell(party),
            "planned_titles": cell(planned),
            "languages": cell(languages),
            "available_from": available_from,
            "available_to": available_to,
            "secondment_exempt": cell(exempt),
            "under_review": cell(review),
            "retirement_month": retirement,
        }

    def _commune_post(self, title: str | None) -> tuple[int, str]:
        rng = self.rng
        if title is not None:
            for t, r, _ in COMMUNE_LEADER_TITLES:
                if t == title:
                    return r, t
            return 0, title
        if rng.random() < 0.30:
            t, r = pick(rng, [((t, r), w) for t, r, w in COMMUNE_LEADER_TITLES])
            return int(r), str(t)
        return 0, rng.choice(COMMUNE_CIVIL_TITLES)[0]

    def _title(self, area: Area, rank: int) -> str:
        if area.level == "commune":
            return {0: COMMUNE_CIVIL_TITLES[0][0], 1: PHO_CHU_TICH}.get(rank, CHU_TICH)
        if area.level == "district":
            return _DISTRICT_TITLES.get(rank, "Chuyên viên")
        return _OFFICE_TITLES.get(min(rank, 2), "Chuyên viên")

    def _pool_chance(self, level: str, rank: int, age: int, party: bool, llct: str) -> float:
        """Chance of being in the succession pool for commune titles (quy hoạch), by level, rank and age."""
        if level == "commune":
            base = 0.35 if rank >= 1 else (0.15 if age < 40 else 0.03)
        elif rank == 0:
            base = 0.20 if (age < 40 and party and llct != "none") else 0.01
        elif rank <= 2:
            base = 0.45 if age < 50 else 0.10
        else:
            base = 0.30
        return min(1.0, base * self.pool_scale)

    def _planned(self, level: str, rank: int) -> list[str]:
        """Titles the cadre is planned for: the commune key titles at or one step above their rank."""
        rng = self.rng
        if rank == 0:
            options = [PHO_CHU_TICH, PHO_CHU_TICH, PHO_BI_THU]
        elif rank == 1:
            options = ([PHO_BI_THU, CHU_TICH, PHO_CHU_TICH, PHO_CHU_TICH, BI_THU] if level != "commune"
                       else [CHU_TICH, PHO_BI_THU])
        else:
            options = [BI_THU, CHU_TICH, PHO_BI_THU]
        first = rng.choice(options)
        titles = [first]
        if rng.random() < 0.45:
            second = rng.choice(options)
            if second not in titles:
                titles.append(second)
        if level == "province_dept" and rank >= 2 and rng.random() < 0.6:
            titles.append(PHO_CHU_TICH_HUYEN)
        order = (*COMMUNE_KEY_TITLES, PHO_CHU_TICH_HUYEN)
        return sorted(titles, key=order.index)


# --- posts and seats -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostKind:
    title: str
    rank: int
    priority: int
    weight: float
    min_education: str
    min_political_theory: str
    min_state_mgmt: str
    party_required: float  # probability
    non_local: float  # probability
    fields: float  # probability that the post names accepted fields


POST_KINDS = (
    PostKind(BI_THU, 2, 5, 0.15, "dai_hoc", "trung_cap", "", 1.0, 0.5, 0.0),
    PostKind(PHO_BI_THU, 2, 4, 0.15, "dai_hoc", "trung_cap", "", 1.0, 0.0, 0.0),
    PostKind(CHU_TICH, 2, 5, 0.25, "dai_hoc", "trung_cap", "chuyen_vien", 1.0, 0.4, 0.0),
    PostKind(PHO_CHU_TICH, 1, 3, 0.45, "cao_dang", "trung_cap", "", 0.7, 0.0, 0.6),
)
DISTRICT_POST = PostKind(PHO_CHU_TICH_HUYEN, 3, 4, 0.0, "dai_hoc", "trung_cap", "chuyen_vien", 1.0, 0.5, 0.0)


@dataclass
class _Commune:
    unit_id: str
    district_id: str | None
    difficult: bool
    ethnic_area: bool
    languages: tuple[str, ...]


def make_post(rng: random.Random, post_id: str, commune: _Commune, kind: PostKind, start: int, end: int,
              source_levels: str = "") -> Row:
    """A vacant post at `commune` whose window lies in [start, end]."""
    open_from = rng.randint(start, max(start, end - 2))
    open_to = min(end, open_from + rng.choice((0, 2, 3, 5)))
    priority = kind.priority + (1 if commune.difficult and rng.random() < 0.5 else 0) - (rng.random() < 0.15)
    fields: tuple[str, ...] = ()
    if rng.random() < kind.fields:
        fields = ECONOMY_FIELDS if rng.random() < 0.5 else SOCIAL_FIELDS
    language = ""
    if commune.ethnic_area and commune.languages and rng.random() < 0.3:
        language = commune.languages[0]
    return {
        "post_id": post_id, "unit_id": commune.unit_id, "title": kind.title, "open_from": fmt_month(open_from),
        "rank": str(kind.rank), "priority": str(max(1, min(5, priority))), "open_to": fmt_month(open_to),
        "months": "", "min_education": kind.min_education, "min_political_theory": kind.min_political_theory,
        "min_state_mgmt": kind.min_state_mgmt, "party_required": cell(rng.random() < kind.party_required),
        "fields": cell(fields), "language": language, "non_local": cell(rng.random() < kind.non_local),
        "source_levels": source_levels,
    }


def make_seat(rng: random.Random, seat_id: str, unit_id: str, field_: str | None, start: int, end: int, *,
              months: int = 6, min_rank: int = 1, ethnic_minority_only: bool = True,
              source_levels: str = "") -> Row:
    """Secondment capacity at `unit_id`: 1–3 at once, a 3-month start window in one half-year phase."""
    phases = list(range(start, end + 1, 6))
    open_from = rng.choice(phases)
    open_to = min(end, open_from + 2)
    capacity = 1 + (rng.random() < 0.4) + (rng.random() < 0.15)
    return {
        "seat_id": seat_id, "unit_id": unit_id, "capacity": str(capacity), "open_from": fmt_month(open_from),
        "months": str(months), "open_to": fmt_month(open_to), "field": field_ or "", "min_rank": str(min_rank),
        "ethnic_minority_only": cell(ethnic_minority_only), "source_levels": source_levels,
    }


# --- profiles --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    name: str
    region: str
    description: str
    depts: int
    districts: int  # 0: two-level structure (province -> communes)
    offices: int  # per district
    communes: int  # per district, or in total for the two-level structure
    mountain_districts: int  # districts that are ethnic areas (the first ones)
    level_shares: tuple[tuple[str, float], ...]
    cadres: int
    posts: int
    seats: int
    pool_scale: float = 1.0  # small profiles plan a larger share of their few office leaders


PROFILE_SPECS: dict[str, Profile] = {p.name: p for p in (
    Profile("commune", "lang-son", "một huyện miền núi và các xã, thị trấn (như Bắc Sơn, Lạng Sơn)",
            3, 1, 12, 20, 1,
            (("province_dept", 0.05), ("district", 0.03), ("district_office", 0.30), ("commune", 0.62)),
            400, 10, 3, 1.6),
    Profile("district", "dien-bien", "ba huyện vùng cao với các phòng, ban và xã (như Điện Biên)",
            5, 3, 10, 12, 3,
            (("province_dept", 0.10), ("district", 0.03), ("district_office", 0.32), ("commune", 0.55)),
            900, 30, 8),
    Profile("province", "quang-nam", "một tỉnh trước 7/2025: sở, ngành; 10 huyện, mỗi huyện ~10 phòng và ~15 xã",
            10, 10, 10, 15, 6,
            (("province_dept", 0.15), ("district", 0.03), ("district_office", 0.32), ("commune", 0.50)),
            3000, 120, 30),
    Profile("two-level-province", "dien-bien", "một tỉnh sau 1/7/2025: tỉnh → sở, ngành; các xã sau sáp nhập",
            12, 0, 0, 45, 0,
            (("province_dept", 0.45), ("commune", 0.55)),
            1500, 60, 20),
)}


def _ids(prefix: str, n: int, width: int | None = None) -> list[str]:
    width = width or max(3, len(str(n)))
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def build(profile: str, seed: int = 0, cadres: int | None = None, posts: int | None = None,
          seats: int | None = None, months: int = 24, start: str = "2026-01") -> tuple[Dataset, dict[str, object]]:
    """The tables and the scenario (as a mapping) of a profile. Pure: no files."""
    if profile not in PROFILE_SPECS:
        raise ValueError(f"unknown profile {profile!r}; one of: {', '.join(PROFILES)}")
    spec = PROFILE_SPECS[profile]
    n_cadres = spec.cadres if cadres is None else cadres
    n_posts = spec.posts if posts is None else posts
    n_seats = spec.seats if seats is None else seats
    if min(n_cadres, n_posts, n_seats) < 0:
        raise ValueError("counts must be >= 0")
    if months < 6:
        raise ValueError("months must be at least 6")
    at = parse_month(start)
    end = at + months - 1
    rng = random.Random(seed)
    region = REGIONS[spec.region]
    two_level = spec.districts == 0
    data = Dataset()
    areas: dict[str, list[Area]] = {level: [] for level, _ in spec.level_shares}
    communes: list[_Commune] = []
    depts: list[tuple[str, str]] = []
    district_ids: list[str] = []

    data.units.append({"unit_id": "T", "name": f"Tỉnh {region.province} (mô phỏng)", "level": "province"})
    dept_table = PROVINCE_DEPTS_2025 if two_level else PROVINCE_DEPTS
    minority = region.minority_groups()
    all_commune_ids: list[str] = []

    def add_commune(unit_id: str, name: str, parent: str, ethnic: bool) -> _Commune:
        difficult = ethnic and rng.random() < 0.45
        main: list[str] = []
        if ethnic:
            main.append(str(pick(rng, minority)))
            if rng.random() < 0.4:
                other = str(pick(rng, minority))
                if other not in main:
                    main.append(other)
        langs = tuple(lang for lang in (GROUPS[g].language for g in main) if lang)
        data.units.append({"unit_id": unit_id, "name": name, "level": "commune", "parent_id": parent,
                           "difficult": cell(difficult), "ethnic_area": cell(ethnic), "languages": cell(langs)})
        c = _Commune(unit_id, parent if not two_level else None, difficult, ethnic, langs)
        communes.append(c)
        all_commune_ids.append(unit_id)
        mix = region.mountain_mix if ethnic else region.lowland_mix
        areas["commune"].append(Area(unit_id, "commune", None, mix, tuple(main), (unit_id,), 0.7))
        return c

    for i, (name, fld) in enumerate(dept_table[: spec.depts], start=1):
        unit_id = f"S{i:02d}"
        depts.append((unit_id, fld))
        data.units.append({"unit_id": unit_id, "name": name, "level": "province_dept", "parent_id": "T"})
    if two_level:
        for i, unit_id in enumerate(_ids("X", spec.communes), start=1):
            add_commune(unit_id, f"Xã số {i} (sau sáp nhập)", "T", rng.random() < 0.8)
    for d in range(1, spec.districts + 1):
        did = f"H{d:02d}"
        district_ids.append(did)
        mountain = d <= spec.mountain_districts
        data.units.append({"unit_id": did, "name": f"Huyện {d} (mô phỏng)", "level": "district", "parent_id": "T",
                           "max_away": "1"})
        first = len(communes)
        for c in range(1, spec.communes + 1):
            prefix = "Thị trấn" if c == 1 else "Xã"
            add_commune(f"{did}-X{c:02d}", f"{prefix} {c}, huyện {d}", did, mountain and (c > 1 or rng.random() < 0.5))
        local = tuple(x.unit_id for x in communes[first:])
        mix = region.mountain_mix if mountain else region.lowland_mix
        mains = tuple(dict.fromkeys(g for x in communes[first:] for g in _groups_of(x.languages)))[:2]
        areas["district"].append(Area(did, "district", "xây dựng Đảng", mix, (), local, 0.5))
        for o, (name, fld) in enumerate(DISTRICT_OFFICES[: spec.offices], start=1):
            oid = f"{did}-P{o:02d}"
            data.units.append({"unit_id": oid, "name": f"{name} huyện {d}", "level": "district_office",
                               "parent_id": did})
            areas["district_office"].append(Area(oid, "district_office", fld, mix, mains, local, 0.6))
    for unit_id, fld in depts:
        areas["province_dept"].append(Area(unit_id, "province_dept", fld, region.lowland_mix, (),
                                           tuple(all_commune_ids), 0.3))

    # Cadres: spread over the levels by the profile's shares, then uniformly over the units of a level.
    factory = CadreFactory(rng, at, months, pool_scale=spec.pool_scale)
    levels = [(lvl, w) for lvl, w in spec.level_shares if areas.get(lvl)]
    for cadre_id in _ids("CB", n_cadres, max(5, len(str(n_cadres)))):
        level = str(pick(rng, levels))
        data.cadres.append(factory.make(cadre_id, rng.choice(areas[level])))

    # Posts: key commune titles, difficult communes twice as likely; a few district posts where districts exist.
    rot_levels = "province_dept" if two_level else ""
    taken: set[tuple[str, str]] = set()
    weights = [(c, 2.0 if c.difficult else 1.0) for c in communes]
    kinds = [(k, k.weight) for k in POST_KINDS]
    post_ids = _ids("VT", n_posts + 2, 4)
    for post_id in post_ids[:n_posts]:
        if len(district_ids) > 1 and rng.random() < 0.08:
            did = rng.choice(district_ids)
            district = _Commune(did, None, False, False, ())
            if (did, PHO_CHU_TICH_HUYEN) not in taken:
                taken.add((did, PHO_CHU_TICH_HUYEN))
                data.posts.append(make_post(rng, post_id, district, DISTRICT_POST, at, end, "province_dept"))
                continue
        for _ in range(50):
            commune = pick(rng, weights)
            kind = pick(rng, kinds)
            if (commune.unit_id, kind.title) not in taken or kind.title == PHO_CHU_TICH:
                break
        taken.add((commune.unit_id, kind.title))
        data.posts.append(make_post(rng, post_id, commune, kind, at, end, rot_levels))

    # Seats: departments take seconded minority leaders from below (two-level: departments send staff to communes).
    for seat_id in _ids("BP", n_seats, 3):
        if two_level and rng.random() < 0.75:
            commune = rng.choice(communes)
            data.seats.append(make_seat(rng, seat_id, commune.unit_id, rng.choice(ECONOMY_FIELDS + ("tư pháp",)),
                                        at, end, min_rank=0, ethnic_minority_only=False,
                                        source_levels="province_dept"))
        else:
            unit_id, fld = rng.choice(depts)
            data.seats.append(make_seat(rng, seat_id, unit_id, fld, at, end,
                                        source_levels="commune" if two_level else ""))

    _add_ongoing(rng, data, at, n_posts, post_ids, two_level)
    _set_headcounts(rng, data)

    policy: dict[str, object] = {"max_secondment_months": 6}
    if two_level:
        policy["rotation_source_levels"] = ["province_dept"]
        policy["secondment_source_levels"] = ["province_dept", "commune"]
    scenario: dict[str, object] = {
        "name": f"Dữ liệu mô phỏng: {profile}, seed {seed}",
        "description": f"Dữ liệu tổng hợp ({spec.description}); {n_cadres} cán bộ, {len(data.posts)} vị trí, "
                       f"{len(data.seats)} chỉ tiêu biệt phái.",
        "horizon": {"start": fmt_month(at), "months": months},
        "data": {t: f"{t}.csv" for t in TABLES},
        "policy": policy,
        "objective": {"mode": "lexicographic"},
        "solver": {"time_limit_s": 60, "workers": 2, "seed": seed},
    }
    return data, scenario


def _groups_of(languages: tuple[str, ...]) -> list[str]:
    return [g.ethnicity for g in GROUPS.values() if g.language in languages]


def _add_ongoing(rng: random.Random, data: Dataset, at: int, n_posts: int, post_ids: list[str],
                 two_level: bool) -> None:
    """A few moves from earlier plans: rotations holding two extra posts, secondments holding seats for a while."""
    if not data.cadres:
        return
    used_units: set[str] = set()
    candidates = [c for c in data.cadres if c["rank"] in ("1", "2")
                  and (c["unit_id"].startswith("S") if two_level else "-P" in c["unit_id"])]
    rng.shuffle(candidates)
    held = 0
    communes = [u for u in data.units if u["level"] == "commune"]
    for cadre in candidates:
        if held == 2 or not communes:
            break
        if cadre["unit_id"] in used_units or cadre["available_from"] or cadre["under_review"] == "true":
            continue
        used_units.add(cadre["unit_id"])
        post_id = post_ids[n_posts + held]
        commune = rng.choice(communes)
        kind = POST_KINDS[2] if held == 0 else POST_KINDS[3]
        c = _Commune(commune["unit_id"], None, commune["difficult"] == "true", False, ())
        row = make_post(rng, post_id, c, kind, at, at)
        row["source_levels"] = "province_dept" if two_level else ""
        data.posts.append(row)
        begin = at - rng.randint(6, 30)
        data.ongoing.append({"cadre_id": cadre["cadre_id"], "target_id": post_id, "start": fmt_month(begin),
                             "end": fmt_month(begin + 35)})
        held += 1
    seated = 0
    for seat in sorted(data.seats, key=lambda s: s["seat_id"]):
        if seated == 2:
            break
        if two_level and seat["source_levels"] != "province_dept":
            continue
        for cadre in candidates:
            if cadre["unit_id"] in used_units or cadre["unit_id"] == seat["unit_id"] or cadre["available_from"]:
                continue
            if seat["ethnic_minority_only"] == "true" and cadre["ethnicity"] == "Kinh":
                continue
            if any(o["cadre_id"] == cadre["cadre_id"] for o in data.ongoing):
                continue
            used_units.add(cadre["unit_id"])
            begin = at - rng.randint(1, 4)
            data.ongoing.append({"cadre_id": cadre["cadre_id"], "target_id": seat["seat_id"],
                                 "start": fmt_month(begin), "end": fmt_month(begin + 5)})
            seated += 1
            break


def _set_headcounts(rng: random.Random, data: Dataset) -> None:
    """Headcount = cadres listed here + staff not listed (the cadre table lists candidates, not everyone)."""
    counts: dict[str, int] = {}
    for c in data.cadres:
        counts[c["unit_id"]] = counts.get(c["unit_id"], 0) + 1
    extra = {"province": (0, 0), "province_dept": (10, 40), "district": (2, 6), "district_office": (1, 5),
             "commune": (1, 4)}
    for unit in data.units:
        lo, hi = extra[unit["level"]]
        if unit["level"] != "province":
            unit["headcount"] = str(counts.get(unit["unit_id"], 0) + rng.randint(lo, hi))


def generate(profile: str, seed: int = 0, cadres: int | None = None, posts: int | None = None,
             seats: int | None = None, months: int = 24, start: str = "2026-01",
             out_dir: str | Path = "generated") -> Path:
    """Write a synthetic scenario folder for `profile`; returns the path of its `scenario.yaml`.

    Same arguments, same bytes. Counts left as None take the profile's defaults (see PROFILE_SPECS).
    """
    data, scenario = build(profile, seed, cadres, posts, seats, months, start)
    out = Path(out_dir)
    write_dataset(data, out)
    path = out / "scenario.yaml"
    path.write_text(scenario_text(scenario), encoding="utf-8")
    return path


__all__ = [
    "PROFILES", "PROFILE_SPECS", "REGIONS", "GROUPS", "FIELDS", "Area", "CadreFactory", "Dataset", "Profile",
    "Region", "age_at", "birth_for_age", "build", "cell", "generate", "make_post", "make_seat", "person_name",
    "pick", "scenario_text", "table_text", "write_dataset", "month_index",
]
