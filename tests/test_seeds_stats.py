"""The figures each seed README claims, recomputed from the committed CSV files (and the build is reproducible).

Definitions (as in the READMEs): "meets the professional standard" = education ≥ cao_dang; "meets the
political-theory standard" = political_theory ≥ trung_cap; ages are completed years at the base scenario's
horizon start; "key leader" = rank ≥ 1; the succession pool = rows with planned_titles.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from models.months import parse_month
from models.text import key
from planner.generate import BLOCKED_NAMES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EDU = ("trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si")
LLCT = ("none", "so_cap", "trung_cap", "cao_cap")


def rows(seed: str, table: str) -> list[dict[str, str]]:
    with open(SEEDS / seed / f"{table}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def age(row: dict[str, str], month: str) -> int:
    return (parse_month(month) - parse_month(row["birth_date"][:7])) // 12


def edu_at_least(row: dict[str, str], level: str) -> bool:
    return EDU.index(row["education"]) >= EDU.index(level)


def llct_at_least(row: dict[str, str], level: str) -> bool:
    return LLCT.index(row["political_theory"]) >= LLCT.index(level)


def levels(seed: str) -> dict[str, str]:
    return {u["unit_id"]: u["level"] for u in rows(seed, "units")}


# --- Bắc Sơn (article 003) --------------------------------------------------------------------------------------

def test_bac_son_commune_cadres_and_standards() -> None:
    lv = levels("lang-son-bac-son")
    commune = [c for c in rows("lang-son-bac-son", "cadres") if lv[c["unit_id"]] == "commune"]
    assert sum(1 for v in lv.values() if v == "commune") == 20  # 20 xã, thị trấn
    assert len(commune) == 393
    assert sum(edu_at_least(c, "cao_dang") for c in commune) == 385  # 97.96 %
    assert sum(llct_at_least(c, "trung_cap") for c in commune) == 320  # 81.42 %
    town = [c for c in commune if c["unit_id"] == "BS-X01"]
    vu_son = [c for c in commune if c["unit_id"] == "BS-X02"]
    assert len(town) == 16 and all(edu_at_least(c, "cao_dang") for c in town)
    assert sum(llct_at_least(c, "trung_cap") for c in town) == 14
    assert len(vu_son) == 19
    assert all(edu_at_least(c, "cao_dang") and llct_at_least(c, "trung_cap") for c in vu_son)


def test_bac_son_pool_and_rotatable_office_leaders() -> None:
    lv = levels("lang-son-bac-son")
    cadres = rows("lang-son-bac-son", "cadres")
    pool = [c for c in cadres if lv[c["unit_id"]] == "commune" and c["planned_titles"]]
    assert len(pool) == 125
    assert sum(age(c, "2024-01") < 35 for c in pool) == 89
    office_pool = [c for c in cadres if lv[c["unit_id"]] == "district_office" and c["planned_titles"]]
    assert len(office_pool) == 14 and all(c["rank"] in ("1", "2") for c in office_pool)
    posts = rows("lang-son-bac-son", "posts")
    assert len(posts) == 7 and all(lv[p["unit_id"]] == "commune" for p in posts)


# --- Điện Biên (articles 000, 001, 002) -------------------------------------------------------------------------

def _dbd() -> list[dict[str, str]]:
    return [c for c in rows("dien-bien", "cadres") if c["unit_id"] == "DBD" or c["unit_id"].startswith("DBD-")]


def test_dien_bien_dong_subset_keeps_the_article_shares() -> None:
    dbd = _dbd()
    lv = levels("dien-bien")
    assert len(dbd) == 400  # 1:5 of 1,999
    assert sum(lv[c["unit_id"]] == "commune" for c in dbd) == 59  # 294 × 400/1999
    assert sum(c["education"] == "dai_hoc" for c in dbd) == 213  # 1,066 × 400/1999
    assert sum(edu_at_least(c, "thac_si") for c in dbd) == 2  # 11 × 400/1999
    assert sum(c["party_member"] == "true" for c in dbd) == 142  # 712 × 400/1999
    assert sum(llct_at_least(c, "trung_cap") for c in dbd) == 34  # 168 × 400/1999
    young_key = [c for c in dbd if c["rank"] != "0" and age(c, "2024-01") < 35]
    assert sum(lv[c["unit_id"]] != "commune" for c in young_key) == 2  # 10 × 400/1999
    assert sum(lv[c["unit_id"]] == "commune" for c in young_key) == 4  # 21 × 400/1999


def test_muong_ang_minority_shares_and_muong_nhe_ongoing_rotation() -> None:
    lv = levels("dien-bien")
    cadres = rows("dien-bien", "cadres")
    ma_commune = [c for c in cadres if c["unit_id"].startswith("MA-X")]
    assert len(ma_commune) == 60 and sum(c["ethnicity"] != "Kinh" for c in ma_commune) == 50
    ma_leaders = [c for c in cadres if c["unit_id"].startswith("MA") and lv[c["unit_id"]] != "commune"
                  and c["rank"] != "0"]
    assert sum(c["ethnicity"] != "Kinh" for c in ma_leaders) == round(len(ma_leaders) * 25 / 130)
    assert all(u["difficult"] == "true" for u in rows("dien-bien", "units") if u["unit_id"].startswith("MN-X"))
    (ongoing,) = rows("dien-bien", "ongoing")
    held = next(p for p in rows("dien-bien", "posts") if p["post_id"] == ongoing["target_id"])
    assert held["unit_id"] == "MN-X07" and held["title"] == "Chủ tịch UBND xã"  # Quảng Lâm


# --- Quảng Nam (article 004) and the two-level structure ----------------------------------------------------------

def test_quang_nam_secondment_program() -> None:
    seats = rows("quang-nam", "seats")
    lv = levels("quang-nam")
    assert rows("quang-nam", "posts") == []
    assert all(s["months"] == "6" and s["min_rank"] == "1" and s["ethnic_minority_only"] == "true" for s in seats)
    assert all(lv[s["unit_id"]] == "province_dept" for s in seats)
    # Two phases (2024, 2025): every start window opens in Sep 2024; most close in Apr 2025, two in Nov 2024.
    assert {s["open_from"] for s in seats} == {"2024-09"}
    assert sorted(s["open_to"] for s in seats) == ["2024-11"] * 2 + ["2025-04"] * 8
    # One row per department, 13 places at once (2 at Nông nghiệp, Nội vụ, Dân tộc).
    assert len(seats) == 10 and len({s["unit_id"] for s in seats}) == 10
    assert sum(int(s["capacity"]) for s in seats) == 13
    assert sum(lv[u] == "district" for u in lv) == 6


def test_two_level_has_no_district_level_and_sources_from_departments() -> None:
    lv = levels("two-level")
    assert set(lv.values()) == {"province", "province_dept", "commune"}
    assert all(p["source_levels"] == "province_dept" and lv[p["unit_id"]] == "commune"
               for p in rows("two-level", "posts"))
    seats = rows("two-level", "seats")
    assert all(s["source_levels"] == "province_dept" and s["ethnic_minority_only"] == "false"
               and lv[s["unit_id"]] == "commune" for s in seats)
    assert len(seats) == 10 and sum(int(s["capacity"]) for s in seats) == 12
    window = {s["seat_id"]: parse_month(s["open_to"]) - parse_month(s["open_from"]) + 1 for s in seats}
    assert sorted(window.values()) == [3] * 4 + [7] * 6


def test_two_level_party_building_post_is_planned_only_two_ranks_below() -> None:
    # README: T2-VT12 asks for the field xây dựng Đảng; the cadres planned for its title in that field are two
    # rank-0 staff of Ban Tổ chức Tỉnh ủy (quy hoạch vượt cấp), young party members with trung cấp LLCT.
    post = next(p for p in rows("two-level", "posts") if p["post_id"] == "T2-VT12")
    assert post["title"] == "Phó Bí thư Đảng ủy xã" and post["fields"] == "xây dựng Đảng" and post["rank"] == "2"
    planned = [c for c in rows("two-level", "cadres") if c["field"] == "xây dựng Đảng"
               and key(post["title"]) in {key(t) for t in c["planned_titles"].split(";")}]
    assert len(planned) == 2
    assert all(c["rank"] == "0" and c["unit_id"] == "T2-S10" and c["party_member"] == "true"
               and llct_at_least(c, "trung_cap") and age(c, "2026-01") < 40 for c in planned)


@pytest.mark.parametrize("seed", ["dien-bien", "lang-son-bac-son", "quang-nam", "two-level"])
def test_no_name_from_the_articles(seed: str) -> None:
    names = {key(c["full_name"]) for c in rows(seed, "cadres")}
    assert not names & BLOCKED_NAMES


def test_build_seeds_rewrites_identical_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_seeds", SEEDS / "build_seeds.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for seed in module.SEEDS:
        for path in sorted((SEEDS / seed).glob("*.csv")):
            assert (tmp_path / seed / path.name).read_bytes() == path.read_bytes(), f"{seed}/{path.name}"
