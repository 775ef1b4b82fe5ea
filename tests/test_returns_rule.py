"""Return placement (planner.returns): the unit is the cadre's own; the title follows the rule of the docstring.

Default factories: cadre A works in PH1 (district office of H1) at rank 1; post P1 "Phó Chủ tịch UBND xã" in X1
opens 2027-01 for 36 months, so a rotation into it ends 2029-12 and the cadre returns 2030-01.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from models.domain import Move
from models.months import parse_month
from models.plan import Plan, Result
from models.scales import MoveKind
from planner.report import write_outputs
from planner.returns import return_placement
from tests.factories import TITLE, make_problem

ROT = Move(kind=MoveKind.ROTATION, cadre_id="A", target_id="P1", start=parse_month("2027-01"), months=36)


def test_planned_title_the_own_unit_has_wins() -> None:
    # B, a colleague of A in PH1, holds "Trưởng phòng" (rank 2); A is planned for it: A returns to PH1 as
    # Trưởng phòng (planned_in_unit). The rotated title itself (TITLE) is never a return title.
    p = make_problem(cadres=[{"cadre_id": "A", "title": "Phó phòng", "planned_titles": (TITLE, "Trưởng phòng")},
                             {"cadre_id": "B", "title": "Trưởng phòng", "rank": 2}],
                     posts=[{"post_id": "P1"}])
    r = return_placement(p, ROT)
    assert (r.unit_id, r.title, r.basis, r.month) == ("PH1", "Trưởng phòng", "planned_in_unit", parse_month("2030-01"))


def test_planned_title_of_a_higher_rank_elsewhere() -> None:
    # Nobody in PH1 carries "Phó Chủ tịch UBND huyện", but a post of H1 with that title has rank 3 > A's rank 1:
    # A returns to PH1 at that planned higher title (planned_higher). "Chuyên viên" (rank 0 via cadre C) is lower.
    p = make_problem(cadres=[{"cadre_id": "A", "title": "Phó phòng",
                              "planned_titles": (TITLE, "Phó Chủ tịch UBND huyện", "Chuyên viên")},
                             {"cadre_id": "C", "unit_id": "X2", "title": "Chuyên viên", "rank": 0}],
                     posts=[{"post_id": "P1"}, {"post_id": "PH", "unit_id": "H1", "title": "Phó Chủ tịch UBND huyện",
                                                "rank": 3, "source_levels": ("province_dept",)}])
    r = return_placement(p, ROT)
    assert (r.unit_id, r.title, r.basis) == ("PH1", "Phó Chủ tịch UBND huyện", "planned_higher")


def test_no_other_planned_title_keeps_the_current_title() -> None:
    # A is planned only for the rotated title: back to PH1 at the current title.
    p = make_problem(cadres=[{"cadre_id": "A", "title": "Phó phòng"}], posts=[{"post_id": "P1"}])
    r = return_placement(p, ROT)
    assert (r.unit_id, r.title, r.basis) == ("PH1", "Phó phòng", "same_title")


def test_secondment_returns_to_the_same_title() -> None:
    p = make_problem(cadres=[{"cadre_id": "A", "title": "Phó phòng", "planned_titles": ("Trưởng phòng",)},
                             {"cadre_id": "B", "title": "Trưởng phòng", "rank": 2}],
                     seats=[{"seat_id": "S1"}])
    move = Move(kind=MoveKind.SECONDMENT, cadre_id="A", target_id="S1", start=parse_month("2027-01"), months=6)
    r = return_placement(p, move)
    assert (r.unit_id, r.title, r.basis, r.month) == ("PH1", "Phó phòng", "same_title", parse_month("2027-07"))


def test_assignments_csv_lists_the_return(tmp_path: Path) -> None:
    p = make_problem(cadres=[{"cadre_id": "A", "title": "Phó phòng", "planned_titles": (TITLE, "Trưởng phòng")},
                             {"cadre_id": "B", "title": "Trưởng phòng", "rank": 2}],
                     posts=[{"post_id": "P1"}])
    write_outputs(p, Result(status="OPTIMAL", plan=Plan(moves=(ROT,))), tmp_path)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "assignments.csv").read_text("utf-8"))))
    assert [(r["return_unit_id"], r["return_title"], r["return_month"], r["return_basis"]) for r in rows] == [
        ("PH1", "Trưởng phòng", "2030-01", "planned_in_unit")]
