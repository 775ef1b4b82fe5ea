"""Build the seed data sets (seeds/<name>/*.csv) deterministically: `python seeds/build_seeds.py`.

Every figure taken from a source article is forced exactly (counts are assigned to shuffled rows, never sampled);
everything else is drawn from the documented generator distributions (planner.generate) with a fixed seed per data
set. Each seed folder's README.md says which figure comes from which article and what was synthesised.
Re-running the script rewrites identical files.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from models.months import parse_month  # noqa: E402
from planner.generate import (  # noqa: E402
    BI_THU,
    CHU_TICH,
    CHU_TICH_HDND,
    CHU_TICH_MTTQ,
    COMMUNE_CIVIL_TITLES,
    DISTRICT_OFFICES,
    GROUPS,
    PHO_BI_THU,
    PHO_CHU_TICH,
    PHO_CHU_TICH_HUYEN,
    PROVINCE_DEPTS_2025,
    REGIONS,
    Area,
    CadreFactory,
    Dataset,
    Row,
    birth_for_age,
    cell,
    write_dataset,
)

KEY_LEADER_TITLES = (BI_THU, PHO_BI_THU, CHU_TICH, PHO_CHU_TICH, CHU_TICH_HDND, CHU_TICH_MTTQ)


# --- small helpers ---------------------------------------------------------------------------------------------


def set_age(rng: random.Random, row: Row, at: int, lo: int, hi: int) -> None:
    """Give the cadre a completed age in [lo, hi] at month `at`."""
    row["birth_date"] = birth_for_age(rng, at, rng.randint(lo, hi), row["gender"] == "nữ")


def age(row: Row, at: int) -> int:
    return (at - parse_month(row["birth_date"][:7])) // 12


def exactly(rng: random.Random, rows: list[Row], k: int) -> tuple[list[Row], list[Row]]:
    """Split `rows` into k chosen rows and the rest (a seeded shuffle)."""
    if k > len(rows):
        raise ValueError(f"cannot choose {k} of {len(rows)} rows")
    order = list(rows)
    rng.shuffle(order)
    return order[:k], order[k:]


def languages_of(groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(lang for lang in (GROUPS[g].language for g in groups) if lang)


def unit(data: Dataset, unit_id: str, name: str, level: str, parent: str = "", *, difficult: bool = False,
         ethnic_area: bool = False, groups: tuple[str, ...] = (), max_away: int | None = None) -> None:
    data.units.append({
        "unit_id": unit_id, "name": name, "level": level, "parent_id": parent, "difficult": cell(difficult),
        "ethnic_area": cell(ethnic_area), "languages": cell(languages_of(groups)),
        "max_away": "" if max_away is None else str(max_away),
    })


def post(data: Dataset, post_id: str, unit_id: str, title: str, open_from: str, open_to: str, *, rank: int,
         priority: int, min_education: str = "dai_hoc", min_political_theory: str = "trung_cap",
         min_state_mgmt: str = "", party_required: bool = True, fields: tuple[str, ...] = (), language: str = "",
         non_local: bool = False, source_levels: str = "", months: int | None = None) -> None:
    data.posts.append({
        "post_id": post_id, "unit_id": unit_id, "title": title, "open_from": open_from, "open_to": open_to,
        "rank": str(rank), "priority": str(priority), "months": "" if months is None else str(months),
        "min_education": min_education, "min_political_theory": min_political_theory,
        "min_state_mgmt": min_state_mgmt, "party_required": cell(party_required), "fields": cell(fields),
        "language": language, "non_local": cell(non_local), "source_levels": source_levels,
    })


def seat(data: Dataset, seat_id: str, unit_id: str, capacity: int, open_from: str, open_to: str, field_: str, *,
         months: int = 6, min_rank: int = 1, ethnic_minority_only: bool = True, source_levels: str = "") -> None:
    data.seats.append({
        "seat_id": seat_id, "unit_id": unit_id, "capacity": str(capacity), "open_from": open_from,
        "open_to": open_to, "months": str(months), "field": field_, "min_rank": str(min_rank),
        "ethnic_minority_only": cell(ethnic_minority_only), "source_levels": source_levels,
    })


def set_headcounts(rng: random.Random, data: Dataset, extra: dict[str, tuple[int, int]]) -> None:
    """Headcount = cadres listed + staff not listed (drawn in `extra[level]`)."""
    counts: dict[str, int] = {}
    for c in data.cadres:
        counts[c["unit_id"]] = counts.get(c["unit_id"], 0) + 1
    for u in data.units:
        if u["level"] in extra:
            lo, hi = extra[u["level"]]
            u["headcount"] = str(counts.get(u["unit_id"], 0) + rng.randint(lo, hi))


def office_cadres(factory: CadreFactory, data: Dataset, next_id: list[int], district: str, offices: int,
                  per_office: tuple[int, int], mix: tuple[tuple[str, float], ...], main: tuple[str, ...],
                  communes: tuple[str, ...]) -> None:
    """District leadership (3 at rank 3) and office staff: a head, one or two deputies, staff."""
    rng = factory.rng
    area = Area(district, "district", "xây dựng Đảng", mix, (), communes, 0.5)
    for _ in range(3):
        data.cadres.append(factory.make(new_id(next_id), area, rank=3, title="Ủy viên Ban Thường vụ Huyện ủy"))
    for o, (_name, fld) in enumerate(DISTRICT_OFFICES[:offices], start=1):
        oid = f"{district}-P{o:02d}"
        area = Area(oid, "district_office", fld, mix, main, communes, 0.6)
        size = rng.randint(*per_office)
        ranks = [2] + [1] * (1 + (rng.random() < 0.5)) + [0] * size
        for rank in ranks[:size]:
            data.cadres.append(factory.make(new_id(next_id), area, rank=rank))


def new_id(counter: list[int], prefix: str = "CB") -> str:
    counter[0] += 1
    return f"{prefix}{counter[0]:04d}"


def add_offices(data: Dataset, district: str, district_name: str, offices: int) -> None:
    for o, (name, _fld) in enumerate(DISTRICT_OFFICES[:offices], start=1):
        unit(data, f"{district}-P{o:02d}", f"{name} {district_name}", "district_office", district)


def write(name: str, data: Dataset, out: Path) -> None:
    write_dataset(data, out / name)


# --- Lạng Sơn: Bắc Sơn ---------------------------------------------------------------------------------------

BAC_SON_COMMUNES = (
    "Thị trấn Bắc Sơn", "Xã Vũ Sơn", "Xã Chiến Thắng", "Xã Bắc Quỳnh", "Xã Chiêu Vũ", "Xã Đồng Ý", "Xã Hưng Vũ",
    "Xã Long Đống", "Xã Nhất Hòa", "Xã Nhất Tiến", "Xã Tân Hương", "Xã Tân Lập", "Xã Tân Thành", "Xã Tân Tri",
    "Xã Trấn Yên", "Xã Vạn Thủy", "Xã Vũ Lăng", "Xã Vũ Lễ", "Xã Quỳnh Sơn", "Xã Hữu Vĩnh",
)
# Key commune posts vacant at the start of the plan (commune index, title): these titles are missing from the
# commune's cadre list.
BAC_SON_VACANT = ((7, BI_THU), (12, CHU_TICH), (16, CHU_TICH), (5, PHO_BI_THU), (9, PHO_CHU_TICH),
                  (18, PHO_CHU_TICH), (20, PHO_CHU_TICH))
BAC_SON_AT = parse_month("2024-01")


def build_bac_son() -> Dataset:
    rng = random.Random(20231204)  # the article's date
    at = BAC_SON_AT
    factory = CadreFactory(rng, at, 18)
    region = REGIONS["lang-son"]
    data = Dataset()
    unit(data, "LS", "Tỉnh Lạng Sơn", "province")
    unit(data, "BS", "Huyện Bắc Sơn", "district", "LS", max_away=1)
    add_offices(data, "BS", "huyện Bắc Sơn", 12)
    commune_ids = []
    groups_of: dict[str, tuple[str, ...]] = {}
    for i, name in enumerate(BAC_SON_COMMUNES, start=1):
        cid = f"BS-X{i:02d}"
        commune_ids.append(cid)
        groups: tuple[str, ...] = ("Tày", "Nùng") if i % 3 else ("Tày",)
        if i in (12, 17):
            groups = ("Tày", "Dao")
        groups_of[cid] = groups
        unit(data, cid, name, "commune", "BS", difficult=i in (4, 7, 12, 16, 17, 19), ethnic_area=True,
             groups=groups)
    counter = [0]

    # 393 commune cadres: thị trấn 16, Vũ Sơn 19 (article), the other 18 communes 358 (16 × 20 + 2 × 19).
    sizes = [16, 19] + [20] * 16 + [19] * 2
    assert sum(sizes) == 393
    commune_rows: dict[str, list[Row]] = {}
    for i, (cid, size) in enumerate(zip(commune_ids, sizes, strict=True), start=1):
        vacant = {t for n, t in BAC_SON_VACANT if n == i}
        leaders = [t for t in (BI_THU, PHO_BI_THU, CHU_TICH, PHO_CHU_TICH, PHO_CHU_TICH, CHU_TICH_HDND,
                               CHU_TICH_MTTQ) if t not in vacant]
        if PHO_CHU_TICH in vacant:
            leaders.append(PHO_CHU_TICH)  # one of the two deputy chairs is vacant
        area = Area(cid, "commune", None, region.mountain_mix, groups_of[cid], (cid,), 0.75)
        rows = []
        for n in range(size):
            if n < len(leaders):
                title = leaders[n]
                fld = None
            else:
                title, fld = COMMUNE_CIVIL_TITLES[(n - len(leaders)) % len(COMMUNE_CIVIL_TITLES)]
            rows.append(factory.make(new_id(counter), area, title=title, field_=fld, pool=False))
        commune_rows[cid] = rows
        data.cadres.extend(rows)
    all_commune = [r for rows in commune_rows.values() for r in rows]

    # Professional standard (this seed's definition: education ≥ cao_dang): 385 of 393 meet it; the 8 who do not
    # are civil servants outside thị trấn Bắc Sơn and Vũ Sơn (both fully qualified in the article).
    others = [r for r in all_commune if r["unit_id"] not in ("BS-X01", "BS-X02")]
    below, _ = exactly(rng, [r for r in others if r["rank"] == "0"], 8)
    for r in all_commune:
        if r in below:
            r["education"] = "trung_cap"
        elif r["education"] == "trung_cap":
            r["education"] = "cao_dang" if rng.random() < 0.4 else "dai_hoc"

    # Political-theory standard (LLCT ≥ trung_cap): 320 of 393; thị trấn 14/16, Vũ Sơn 19/19, leaders all meet it.
    def llct_split(rows: list[Row], k: int) -> None:
        leaders = [r for r in rows if r["rank"] != "0"]
        staff = [r for r in rows if r["rank"] == "0"]
        meet, miss = exactly(rng, staff, k - len(leaders))
        for r in leaders + meet:
            if r["political_theory"] not in ("trung_cap", "cao_cap"):
                r["political_theory"] = "trung_cap"
        for r in miss:
            if r["political_theory"] in ("trung_cap", "cao_cap"):
                r["political_theory"] = "so_cap" if rng.random() < 0.7 else "none"

    llct_split(commune_rows["BS-X01"], 14)
    llct_split(commune_rows["BS-X02"], 19)
    llct_split([r for cid in commune_ids[2:] for r in commune_rows[cid]], 320 - 14 - 19)

    # Succession pool (quy hoạch BCH đảng bộ xã): 125 commune cadres, 89 of them under 35 at 2024-01.
    young_pool, _ = exactly(rng, [r for r in all_commune if r["rank"] == "0"], 89)
    older_pool, _ = exactly(rng, [r for r in all_commune if r["rank"] != "0"], 36)
    for r in young_pool:
        set_age(rng, r, at, 26, 34)
        r["planned_titles"] = PHO_CHU_TICH if rng.random() < 0.6 else f"{PHO_BI_THU};{PHO_CHU_TICH}"
        r["party_member"] = "true"
    for r in older_pool:
        set_age(rng, r, at, 35, 48)
        r["planned_titles"] = f"{BI_THU};{CHU_TICH}" if r["rank"] == "2" else f"{PHO_BI_THU};{CHU_TICH}"
    for r in all_commune:
        if r not in young_pool and r not in older_pool and r["rank"] == "0" and age(r, at) < 35 \
                and rng.random() < 0.5:
            set_age(rng, r, at, 35, 45)  # keep the young mostly in the pool, as the article's 89/125 suggests

    # District: leadership and 12 offices; 14 office leaders in the pool for key commune titles (the article: five
    # office leaders rotated to key commune posts in one term).
    office_cadres(factory, data, counter, "BS", 12, (4, 7), region.mountain_mix, ("Tày", "Nùng"),
                  tuple(commune_ids))
    district_rows = [r for r in data.cadres if not r["unit_id"].startswith("BS-X")]
    for r in district_rows:
        r["planned_titles"] = ""
    office_leaders = [r for r in district_rows if r["rank"] in ("1", "2")]
    pool, _ = exactly(rng, office_leaders, 14)
    for r in pool:
        set_age(rng, r, at, 30, 47)
        r["party_member"] = "true"
        r["under_review"] = "false"
        if r["political_theory"] not in ("trung_cap", "cao_cap"):
            r["political_theory"] = "trung_cap"
        r["planned_titles"] = (f"{BI_THU};{CHU_TICH}" if r["rank"] == "2" else
                               rng.choice((f"{PHO_BI_THU};{CHU_TICH}", f"{CHU_TICH};{PHO_CHU_TICH}")))

    # The vacant key posts (2024–2025): Bí thư and Chủ tịch from district offices, non-local where the party rule
    # says so; deputy posts also open to young pool cadres of other communes.
    windows = {BI_THU: ("2024-03", "2024-06"), CHU_TICH: ("2024-01", "2024-04"),
               PHO_BI_THU: ("2024-06", "2024-09"), PHO_CHU_TICH: ("2024-09", "2025-03")}
    ranks = {BI_THU: 2, CHU_TICH: 2, PHO_BI_THU: 2, PHO_CHU_TICH: 1}
    priorities = {BI_THU: 5, CHU_TICH: 5, PHO_BI_THU: 4, PHO_CHU_TICH: 3}
    for n, (i, title) in enumerate(BAC_SON_VACANT, start=1):
        cid = f"BS-X{i:02d}"
        deputy = title in (PHO_BI_THU, PHO_CHU_TICH)
        post(data, f"BS-VT{n:02d}", cid, title, *windows[title], rank=ranks[title], priority=priorities[title],
             min_education="cao_dang" if title == PHO_CHU_TICH else "dai_hoc",
             min_state_mgmt="chuyen_vien" if title == CHU_TICH else "",
             party_required=title != PHO_CHU_TICH, non_local=title in (BI_THU, CHU_TICH) and i != 16,
             fields=("nông nghiệp", "tài chính", "xây dựng") if (title == PHO_CHU_TICH and i == 9) else (),
             language="Tày" if i == 12 else "",
             source_levels="commune;district_office" if deputy else "district;district_office")
    set_headcounts(rng, data, {"district": (4, 6), "district_office": (1, 4), "commune": (0, 0)})
    return data


# --- Điện Biên (before July 2025) ----------------------------------------------------------------------------

DB_AT = parse_month("2024-01")
DB_DISTRICTS = {
    "MA": ("Huyện Mường Ảng", ("Thị trấn Mường Ảng", "Xã Ẳng Cang", "Xã Ẳng Nưa", "Xã Ẳng Tở", "Xã Búng Lao",
                               "Xã Xuân Lao", "Xã Mường Đăng", "Xã Ngối Cáy", "Xã Mường Lạn", "Xã Nặm Lịch")),
    "DBD": ("Huyện Điện Biên Đông", ("Thị trấn Điện Biên Đông", "Xã Keo Lôm", "Xã Luân Giới", "Xã Na Son",
                                     "Xã Xa Dung", "Xã Phì Nhừ", "Xã Pu Nhi", "Xã Nong U", "Xã Mường Luân",
                                     "Xã Chiềng Sơ", "Xã Háng Lìa", "Xã Tìa Dình", "Xã Phình Giàng",
                                     "Xã Pú Hồng")),
    "MN": ("Huyện Mường Nhé", ("Xã Mường Nhé", "Xã Chung Chải", "Xã Leng Su Sìn", "Xã Sín Thầu", "Xã Sen Thượng",
                               "Xã Mường Toong", "Xã Quảng Lâm", "Xã Nậm Kè", "Xã Nậm Vì", "Xã Huổi Lếch",
                               "Xã Pá Mỳ")),
}
DB_DEPTS = (("Sở Nội vụ", "nội vụ"), ("Sở Nông nghiệp và Phát triển nông thôn", "nông nghiệp"),
            ("Sở Tài chính", "tài chính"), ("Sở Giáo dục và Đào tạo", "giáo dục"), ("Sở Y tế", "y tế"),
            ("Ban Dân tộc tỉnh", "dân tộc"))
# Điện Biên Đông: a 1:5 representative subset of the 1,999 cadres of the article, shares kept (README).
DBD_TOTAL, DBD_SCALE = 400, 400 / 1999
DBD_COMMUNE = round(294 * DBD_SCALE)  # 59
DBD_DAI_HOC = round(1066 * DBD_SCALE)  # 213
DBD_POSTGRAD = round(11 * DBD_SCALE)  # 2
DBD_PARTY = round(712 * DBD_SCALE)  # 142
DBD_LLCT = round(168 * DBD_SCALE)  # 34
DBD_YOUNG_KEY_DISTRICT = round(10 * DBD_SCALE)  # 2
DBD_YOUNG_KEY_COMMUNE = round(21 * DBD_SCALE)  # 4


def _db_groups(district: str, i: int) -> tuple[str, ...]:
    if district == "MN":
        return ("H'Mông", "Dao") if i % 4 == 0 else ("H'Mông", "Thái") if i % 3 == 0 else ("H'Mông",)
    if district == "DBD":
        return ("H'Mông", "Thái") if i % 2 else ("Thái", "Khơ Mú") if i % 5 == 0 else ("H'Mông",)
    return ("Thái", "Khơ Mú") if i % 4 == 0 else ("Thái",)


def build_dien_bien() -> Dataset:
    rng = random.Random(20180806)  # the Điện Biên Đông article's date
    at = DB_AT
    factory = CadreFactory(rng, at, 18)
    region = REGIONS["dien-bien"]
    data = Dataset()
    counter = [0]
    unit(data, "DB", "Tỉnh Điện Biên", "province")
    for d, (name, _fld) in enumerate(DB_DEPTS, start=1):
        unit(data, f"DB-S{d:02d}", name, "province_dept", "DB")
    communes: dict[str, list[str]] = {}
    for did, (dname, cnames) in DB_DISTRICTS.items():
        unit(data, did, dname, "district", "DB", max_away=1)
        add_offices(data, did, dname.replace("Huyện", "huyện"), 10)
        communes[did] = []
        for i, cname in enumerate(cnames, start=1):
            cid = f"{did}-X{i:02d}"
            communes[did].append(cid)
            unit(data, cid, cname, "commune", did, difficult=did == "MN" or (did == "DBD" and i > 1) or i in (4, 8),
                 ethnic_area=True, groups=_db_groups(did, i))

    def commune_area(cid: str) -> Area:
        did = cid.split("-")[0]
        i = int(cid.split("X")[-1])
        return Area(cid, "commune", None, region.mountain_mix, _db_groups(did, i), (cid,), 0.75)

    def commune_cadres(did: str, n: int) -> list[Row]:
        rows = []
        for k in range(n):
            cid = communes[did][k % len(communes[did])]
            rows.append(factory.make(new_id(counter), commune_area(cid)))
        return rows

    # Provincial departments: 10 listed cadres each (rotation sources for the district posts).
    for d, (_name, fld) in enumerate(DB_DEPTS, start=1):
        area = Area(f"DB-S{d:02d}", "province_dept", fld, region.lowland_mix, (),
                    tuple(c for cs in communes.values() for c in cs), 0.3)
        for rank in (2, 1, 1, 0, 0, 0, 0, 0, 0, 0):
            data.cadres.append(factory.make(new_id(counter), area, rank=rank))

    # Mường Ảng (synthesised size): commune appointees 50 of 60 ethnic minority, office leaders 25 of 130 (article).
    start = len(data.cadres)
    office_cadres(factory, data, counter, "MA", 10, (7, 10), region.mountain_mix, ("Thái",), tuple(communes["MA"]))
    ma_office = data.cadres[start:]
    ma_commune = commune_cadres("MA", 60)
    data.cadres.extend(ma_commune)
    em, kinh = exactly(rng, ma_commune, 50)
    for r in em:
        if r["ethnicity"] == "Kinh":
            _reethnic(rng, r, "Thái")
    for r in kinh:
        _reethnic(rng, r, "Kinh")
    leaders = [r for r in ma_office if r["rank"] != "0"]
    em, kinh = exactly(rng, leaders, round(len(leaders) * 25 / 130))
    for r in em:
        if r["ethnicity"] == "Kinh":
            _reethnic(rng, r, "Thái")
    for r in kinh:
        _reethnic(rng, r, "Kinh")

    # Mường Nhé (synthesised size): a poor district, H'Mông majority.
    office_cadres(factory, data, counter, "MN", 10, (7, 10), region.mountain_mix, ("H'Mông",), tuple(communes["MN"]))
    data.cadres.extend(commune_cadres("MN", 60))

    # Điện Biên Đông: 400 of the 1,999 (1:5), 59 at commune level; the shares of the article forced exactly.
    start = len(data.cadres)
    office_cadres(factory, data, counter, "DBD", 10, (30, 36), region.mountain_mix, ("H'Mông", "Thái"),
                  tuple(communes["DBD"]))
    dbd_district = data.cadres[start:]
    while len(dbd_district) > DBD_TOTAL - DBD_COMMUNE:
        data.cadres.remove(dbd_district.pop())
    while len(dbd_district) < DBD_TOTAL - DBD_COMMUNE:
        oid = f"DBD-P{rng.randint(3, 10):02d}"
        row = factory.make(new_id(counter), Area(oid, "district_office", None, region.mountain_mix, ("H'Mông",),
                                                 tuple(communes["DBD"]), 0.6), rank=0)
        dbd_district.append(row)
        data.cadres.append(row)
    dbd_commune = commune_cadres("DBD", DBD_COMMUNE)
    data.cadres.extend(dbd_commune)
    dbd = dbd_district + dbd_commune
    _force_dbd_shares(rng, dbd, at)

    # The district pools: office leaders planned for key commune titles; provincial heads for district deputy chair.
    for r in data.cadres:
        level_district = "-P" in r["unit_id"] or r["unit_id"] in DB_DISTRICTS
        if level_district:
            # Planned cadres need not meet the LLCT standard yet (the articles: cadres in the pool are sent to
            # training); the posts' minimums then decide.
            qualified = r["rank"] in ("1", "2") and age(r, at) < 50 and r["party_member"] == "true"
            r["planned_titles"] = ""
            if qualified and rng.random() < 0.4:
                r["planned_titles"] = (f"{BI_THU};{CHU_TICH}" if r["rank"] == "2" else
                                       rng.choice((f"{PHO_BI_THU};{CHU_TICH}", f"{CHU_TICH};{PHO_CHU_TICH}",
                                                   PHO_BI_THU)))
        if r["unit_id"].startswith("DB-S") and r["rank"] == "2":
            r["planned_titles"] = PHO_CHU_TICH_HUYEN
            r["political_theory"] = "cao_cap"
            r["party_member"] = "true"
            set_age(rng, r, at, 38, 48)

    # Vacant posts: key commune posts in the three districts; two district deputy chairs from the departments.
    n = 0
    plan = (("MN", 2, CHU_TICH), ("MN", 4, BI_THU), ("MN", 6, PHO_CHU_TICH), ("MN", 9, CHU_TICH),
            ("MN", 11, PHO_BI_THU), ("DBD", 3, BI_THU), ("DBD", 6, CHU_TICH), ("DBD", 9, PHO_CHU_TICH),
            ("DBD", 12, CHU_TICH), ("DBD", 14, PHO_BI_THU), ("MA", 3, CHU_TICH), ("MA", 6, PHO_CHU_TICH),
            ("MA", 10, BI_THU), ("DBD", 11, PHO_CHU_TICH), ("MN", 8, PHO_CHU_TICH), ("MA", 8, PHO_BI_THU),
            ("DBD", 2, PHO_CHU_TICH), ("DBD", 5, PHO_CHU_TICH), ("DBD", 7, CHU_TICH), ("MN", 3, PHO_CHU_TICH),
            ("MN", 10, PHO_BI_THU), ("DBD", 13, BI_THU))
    for did, i, title in plan:
        n += 1
        cid = f"{did}-X{i:02d}"
        groups = _db_groups(did, i)
        hard = title in (BI_THU, CHU_TICH)
        post(data, f"DB-VT{n:02d}", cid, title, "2024-02" if n % 2 else "2024-07",
             "2024-06" if n % 2 else "2024-12", rank=1 if title == PHO_CHU_TICH else 2,
             priority=5 if hard else 4 if title == PHO_BI_THU else 3,
             min_education="cao_dang" if title == PHO_CHU_TICH else "dai_hoc",
             min_state_mgmt="chuyen_vien" if title == CHU_TICH else "", party_required=title != PHO_CHU_TICH,
             non_local=title == BI_THU, language=languages_of(groups)[0] if n % 3 == 0 else "",
             fields=("nông nghiệp", "tài chính", "xây dựng", "tài nguyên môi trường")
             if title == PHO_CHU_TICH and n % 2 else ())
    for did in ("MN", "DBD"):
        n += 1
        post(data, f"DB-VT{n:02d}", did, PHO_CHU_TICH_HUYEN, "2024-04", "2024-09", rank=3, priority=4,
             min_political_theory="cao_cap", min_state_mgmt="chuyen_vien_chinh", non_local=True,
             source_levels="province_dept")
    # A post held by an ongoing rotation (Mường Nhé pattern: a deputy head of the district party office leading
    # Quảng Lâm commune; dates synthesised).
    n += 1
    post(data, f"DB-VT{n:02d}", "MN-X07", CHU_TICH, "2024-01", "2024-01", rank=2, priority=5)
    holder = next(r for r in data.cadres if r["unit_id"] == "MN-P01" and r["rank"] == "1")
    holder["title"] = "Phó Chánh Văn phòng Huyện ủy"
    data.ongoing.append({"cadre_id": holder["cadre_id"], "target_id": f"DB-VT{n:02d}", "start": "2022-10",
                         "end": "2025-09"})
    # Secondment seats (synthesised, modelled on the Quảng Nam program): departments take minority leaders.
    seat(data, "DB-BP01", "DB-S02", 2, "2024-03", "2024-05", "nông nghiệp")
    seat(data, "DB-BP02", "DB-S01", 1, "2024-03", "2024-05", "nội vụ")
    seat(data, "DB-BP03", "DB-S06", 1, "2024-09", "2024-11", "dân tộc")
    seat(data, "DB-BP04", "DB-S03", 1, "2024-09", "2024-11", "tài chính")
    set_headcounts(rng, data, {"province_dept": (20, 40), "district": (3, 6), "district_office": (1, 4),
                               "commune": (8, 14)})
    return data


def _reethnic(rng: random.Random, row: Row, ethnicity: str) -> None:
    """Change a cadre's ethnicity, with a fitting synthetic name and languages."""
    from planner.generate import person_name

    row["ethnicity"] = ethnicity
    row["full_name"] = person_name(rng, ethnicity, row["gender"] == "nữ")
    lang = GROUPS[ethnicity].language
    row["languages"] = lang or ""


def _force_dbd_shares(rng: random.Random, dbd: list[Row], at: int) -> None:
    """Điện Biên Đông: education, party, LLCT and young key leaders exactly as the article's shares (1:5)."""
    # Education: 213 đại học, 2 thạc sĩ, the rest trung cấp / cao đẳng.
    postgrad, rest = exactly(rng, [r for r in dbd if r["rank"] != "0"], DBD_POSTGRAD)
    leaders_rest = [r for r in rest]
    staff = [r for r in dbd if r["rank"] == "0"]
    uni_leaders = leaders_rest  # every leader has at least a bachelor's degree
    uni_staff, low = exactly(rng, staff, DBD_DAI_HOC - len(uni_leaders))
    for r in postgrad:
        r["education"] = "thac_si"
    for r in uni_leaders + uni_staff:
        r["education"] = "dai_hoc"
    for r in low:
        r["education"] = "trung_cap" if rng.random() < 0.6 else "cao_dang"
    # LLCT (trung cấp or cao cấp): 34, leaders first (heads and district leadership, then deputies).
    ordered = sorted(dbd, key=lambda r: (-int(r["rank"]), r["cadre_id"]))
    with_llct = ordered[:DBD_LLCT]
    for r in dbd:
        if r in with_llct:
            if r["political_theory"] not in ("trung_cap", "cao_cap"):
                r["political_theory"] = "trung_cap"
        elif r["political_theory"] in ("trung_cap", "cao_cap"):
            r["political_theory"] = "so_cap" if r["rank"] != "0" or rng.random() < 0.5 else "none"
    # Party members: 142 — every leader, then staff.
    leaders = [r for r in dbd if r["rank"] != "0"]
    members, others = exactly(rng, staff, DBD_PARTY - len(leaders))
    for r in leaders + members:
        r["party_member"] = "true"
    for r in others:
        r["party_member"] = "false"
    # Young key leaders (rank ≥ 1, under 35 at 2024-01): 2 at district level, 4 at commune level.
    for scope, k in (("district", DBD_YOUNG_KEY_DISTRICT), ("commune", DBD_YOUNG_KEY_COMMUNE)):
        key_rows = [r for r in leaders if ("-X" in r["unit_id"]) == (scope == "commune")]
        young, old = exactly(rng, key_rows, k)
        for r in young:
            set_age(rng, r, at, 28, 34)
        for r in old:
            if age(r, at) < 35:
                set_age(rng, r, at, 35, 50)


# --- Quảng Nam: secondment of minority leaders to provincial departments (2024–2025) --------------------------

QN_DEPTS = (("Sở Nông nghiệp và Phát triển nông thôn", "nông nghiệp"), ("Sở Tài chính", "tài chính"),
            ("Sở Nội vụ", "nội vụ"), ("Sở Giáo dục và Đào tạo", "giáo dục"), ("Sở Y tế", "y tế"),
            ("Sở Tư pháp", "tư pháp"), ("Sở Văn hóa, Thể thao và Du lịch", "văn hóa"),
            ("Sở Tài nguyên và Môi trường", "tài nguyên môi trường"), ("Ban Dân tộc tỉnh", "dân tộc"),
            ("Sở Lao động - Thương binh và Xã hội", "lao động xã hội"))
QN_DISTRICTS = (("TG", "Huyện Tây Giang", ("Cơ Tu",)), ("DG", "Huyện Đông Giang", ("Cơ Tu",)),
                ("NG", "Huyện Nam Giang", ("Cơ Tu", "Giẻ Triêng")), ("PS", "Huyện Phước Sơn", ("Giẻ Triêng", "Xơ Đăng")),
                ("BTM", "Huyện Bắc Trà My", ("Co", "Xơ Đăng")), ("NTM", "Huyện Nam Trà My", ("Xơ Đăng", "Co")))
QN_AT = parse_month("2024-09")
# Offices whose fields the departments' seats ask for (DISTRICT_OFFICES order): Nội vụ, Tài chính - Kế hoạch,
# Nông nghiệp, Giáo dục, Y tế, Tư pháp, Văn hóa, Tài nguyên và Môi trường, Lao động, Dân tộc.
QN_OFFICE_INDEXES = (4, 5, 6, 7, 8, 9, 11, 12, 13, 14)


def build_quang_nam() -> Dataset:
    rng = random.Random(20240719)  # the article's date
    at = QN_AT
    factory = CadreFactory(rng, at, 16)
    data = Dataset()
    counter = [0]
    unit(data, "QN", "Tỉnh Quảng Nam", "province")
    for d, (name, _fld) in enumerate(QN_DEPTS, start=1):
        unit(data, f"QN-S{d:02d}", name, "province_dept", "QN")
    for did, dname, groups in QN_DISTRICTS:
        unit(data, did, dname, "district", "QN", ethnic_area=True, groups=groups, max_away=1)
        mix = tuple((g, 0.65 / len(groups)) for g in groups) + (("Kinh", 0.35),)
        area = Area(did, "district", "xây dựng Đảng", mix, (), (), 0.0)
        for _ in range(3):
            data.cadres.append(factory.make(new_id(counter), area, rank=3, title="Phó Chủ tịch UBND huyện"))
        for o in QN_OFFICE_INDEXES:
            oname, fld = DISTRICT_OFFICES[o - 1]
            oid = f"{did}-P{o:02d}"
            unit(data, oid, f"{oname} {dname.replace('Huyện', 'huyện')}", "district_office", did)
            area = Area(oid, "district_office", fld, mix, groups, (), 0.0)
            for rank in (2, 1, 1, 0, 0) if o % 2 else (2, 1, 0, 0):
                row = factory.make(new_id(counter), area, rank=rank)
                if rank >= 1 and row["field"] != fld and rng.random() < 0.7:
                    row["field"] = fld  # office leaders mostly work in their office's field
                data.cadres.append(row)
    for r in data.cadres:
        r["planned_titles"] = ""
        r["home_unit_id"] = r["unit_id"].split("-")[0]  # natives of their district
    # Seats: one row per department, `capacity` = the seconded cadres it can guide at once. The program runs in
    # two phases (2024 and 2025): the start window runs from Sep 2024 to Apr 2025, so with 6-month stints each
    # place hosts two cadres in turn (e.g. Sep 2024–Feb 2025, then Mar–Aug 2025). Sở Tư pháp and Sở Văn hóa take
    # part in the 2024 phase only (start window Sep–Nov 2024).
    for d, (_name, fld) in enumerate(QN_DEPTS, start=1):
        capacity = 2 if d in (1, 3, 9) else 1
        open_to = "2024-11" if d in (6, 7) else "2025-04"
        seat(data, f"QN-BP{d:02d}", f"QN-S{d:02d}", capacity, "2024-09", open_to, fld,
             source_levels="district;district_office")
    set_headcounts(rng, data, {"province_dept": (40, 80), "district": (5, 8), "district_office": (3, 8)})
    return data


# --- Two-level province (after 1 July 2025) ------------------------------------------------------------------

TWO_LEVEL_COMMUNES = ("Xã Mường Ảng", "Xã Búng Lao", "Xã Ẳng Tở", "Xã Na Son", "Xã Xa Dung", "Xã Pu Nhi",
                      "Xã Tìa Dình", "Xã Mường Nhé", "Xã Quảng Lâm", "Xã Nậm Kè", "Xã Sín Thầu", "Xã Mường Toong",
                      "Phường Điện Biên Phủ", "Xã Thanh Nưa", "Xã Mường Phăng")
TWO_AT = parse_month("2026-01")
PARTY_BUILDING = ("xây dựng Đảng",)


def build_two_level() -> Dataset:
    rng = random.Random(20250701)
    at = TWO_AT
    factory = CadreFactory(rng, at, 24)
    region = REGIONS["dien-bien"]
    data = Dataset()
    counter = [0]
    unit(data, "T2", "Tỉnh Điện Biên — cấu trúc hai cấp (mô phỏng)", "province")
    depts = PROVINCE_DEPTS_2025[:10]
    for d, (name, _fld) in enumerate(depts, start=1):
        unit(data, f"T2-S{d:02d}", name, "province_dept", "T2")
    commune_ids = []
    groups_of = {}
    for i, name in enumerate(TWO_LEVEL_COMMUNES, start=1):
        cid = f"T2-X{i:02d}"
        commune_ids.append(cid)
        ward = name.startswith("Phường")
        groups = () if ward else ("H'Mông",) if 8 <= i <= 12 else ("H'Mông", "Thái") if i in (4, 5, 6, 7) \
            else ("Thái", "Khơ Mú") if i == 3 else ("Thái",)
        groups_of[cid] = groups
        unit(data, cid, name, "commune", "T2", difficult=4 <= i <= 12, ethnic_area=not ward, groups=groups)
    for d, (_name, fld) in enumerate(depts, start=1):
        area = Area(f"T2-S{d:02d}", "province_dept", fld, region.lowland_mix, (), tuple(commune_ids), 0.35)
        for rank in (2, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0):
            data.cadres.append(factory.make(new_id(counter), area, rank=rank))
    for cid in commune_ids:
        area = Area(cid, "commune", None, region.mountain_mix, groups_of[cid], (cid,), 0.7)
        for title in (BI_THU, PHO_BI_THU, CHU_TICH, PHO_CHU_TICH, None, None, None, None):
            data.cadres.append(factory.make(new_id(counter), area, title=title, pool=False))
    for r in data.cadres:
        if r["unit_id"].startswith("T2-X"):
            r["planned_titles"] = ""
    # Rotations: department leaders lead merged communes (Bí thư / Chủ tịch), staff become deputy chairs.
    n = 0
    for i, title, priority in ((4, BI_THU, 5), (6, CHU_TICH, 5), (8, CHU_TICH, 5), (9, BI_THU, 5),
                               (10, PHO_CHU_TICH, 3), (11, CHU_TICH, 5), (12, PHO_CHU_TICH, 3),
                               (5, PHO_BI_THU, 4), (7, PHO_CHU_TICH, 3), (14, PHO_CHU_TICH, 3),
                               (2, CHU_TICH, 4), (15, PHO_BI_THU, 3)):
        n += 1  # noqa: SIM113
        cid = f"T2-X{i:02d}"
        post(data, f"T2-VT{n:02d}", cid, title, "2026-01" if n <= 6 else "2026-07",
             "2026-04" if n <= 6 else "2026-12", rank=1 if title == PHO_CHU_TICH else 2, priority=priority,
             min_education="dai_hoc", min_state_mgmt="chuyen_vien" if title == CHU_TICH else "",
             party_required=title != PHO_CHU_TICH, non_local=title == BI_THU,
             fields=("tài chính", "xây dựng", "nông nghiệp") if title == PHO_CHU_TICH and n % 2
             else PARTY_BUILDING if i == 15 else (),
             language=languages_of(groups_of[cid])[0] if title == PHO_CHU_TICH and groups_of[cid] and n % 3 == 0
             else "", source_levels="province_dept")
    # Quy hoạch vượt cấp: the two youngest party members on the staff (rank 0) of Ban Tổ chức Tỉnh ủy who work in
    # party building are planned for Phó Bí thư (two steps up) and hold trung cấp LLCT. They are the only cadres
    # planned for Phó Bí thư in that field, so the Mường Phăng post (X15, party building) can only be filled when
    # the rank step allows two (scenario two-level-vuot-cap). No random draw here: the other rows are unchanged.
    staff = sorted((r for r in data.cadres if r["unit_id"] == "T2-S10" and r["rank"] == "0"
                    and r["party_member"] == "true" and r["field"] == PARTY_BUILDING[0] and age(r, at) < 40),
                   key=lambda r: (r["birth_date"], r["cadre_id"]), reverse=True)
    for r in staff[:2]:
        r["planned_titles"] = PHO_BI_THU
        r["political_theory"] = "trung_cap"
    # Secondments: 6 months of provincial specialists at merged communes (land, finance, construction, justice).
    # `capacity` is how many the commune takes at once; a start window of seven months or more means the commune
    # asks for the support over a whole year, one round after another (6-month stints: two rounds).
    n = 0
    for i, fld, cap, (open_from, open_to) in (
            (4, "nông nghiệp", 1, ("2026-01", "2026-07")), (6, "tài chính", 1, ("2026-01", "2026-07")),
            (8, "xây dựng", 2, ("2026-02", "2026-08")), (9, "nông nghiệp", 1, ("2026-07", "2027-01")),
            (10, "tài chính", 1, ("2026-07", "2026-09")), (11, "tư pháp", 1, ("2026-07", "2027-01")),
            (12, "nông nghiệp", 2, ("2027-01", "2027-03")), (5, "xây dựng", 1, ("2027-01", "2027-07")),
            (7, "nội vụ", 1, ("2027-01", "2027-03")), (3, "tài chính", 1, ("2027-07", "2027-09"))):
        n += 1  # noqa: SIM113
        seat(data, f"T2-BP{n:02d}", f"T2-X{i:02d}", cap, open_from, open_to, fld, min_rank=0,
             ethnic_minority_only=False, source_levels="province_dept")
    set_headcounts(rng, data, {"province_dept": (25, 60), "commune": (15, 30)})
    return data


SEEDS = {"lang-son-bac-son": build_bac_son, "dien-bien": build_dien_bien, "quang-nam": build_quang_nam,
         "two-level": build_two_level}


def main(out: Path = HERE) -> None:
    """Write every seed data set under `out` (default: this folder)."""
    for name, build in SEEDS.items():
        write(name, build(), out)


if __name__ == "__main__":
    main()
