"""The output files of a solved scenario: complete, formula-safe, atomic, owner-only, deterministic, anonymisable."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest

from models.plan import LevelValue, Result
from planner.report import OUTPUT_FILES, PlanRejected, render_outputs, write_outputs
from planner.report.common import ASSIGNMENT_COLUMNS, neutralise, pseudonyms
from tests.test_check_fixtures import base_plan, cadre, cadre_b, mv, plan, post, problem

SPEC_COLUMNS = ["kind", "cadre_id", "full_name", "from_unit_id", "target_id", "target_unit_id", "title", "start",
                "end", "months", "score"]


def _problem(**over):  # type: ignore[no-untyped-def]
    # PX2 (priority 5) at X2 has no eligible cadre: A is not planned for its title, B's commune is no source level.
    return problem(posts=[post(), post("PX2", unit_id="X2", title="Bí thư Đảng ủy xã", priority=5)], **over)


def _result(p=None, status: str = "OPTIMAL"):  # type: ignore[no-untyped-def]
    levels = (LevelValue(name="priority_filled", value=4, bound=4), LevelValue(name="secondments", value=1, bound=1),
              LevelValue(name="quality", value=10, bound=10))
    return Result(status=status, plan=base_plan(), levels=levels, wall_time_s=0.5, seed=7, workers=2)  # type: ignore[arg-type]


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_every_file_written_complete(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(_problem(), _result(), out, parameters={"time_limit_s": 5})
    assert sorted(os.listdir(out)) == sorted(OUTPUT_FILES)

    rows = _csv((out / "assignments.csv").read_bytes())
    assert list(rows[0])[: len(SPEC_COLUMNS)] == SPEC_COLUMNS
    assert [(r["kind"], r["cadre_id"], r["target_id"], r["start"], r["end"], r["months"], r["score"]) for r in rows] == [
        ("rotation", "A", "PX1", "2027-01", "2029-12", "36", "6"),
        ("secondment", "B", "S1", "2027-01", "2027-06", "6", "6"),
    ]
    assert rows[0]["full_name"] == "Nguyễn Văn A" and rows[0]["title"] == "Chủ tịch UBND xã"
    assert rows[0]["language_match"] == "2" and rows[1]["field_match"] == "3"

    unfilled = _csv((out / "unfilled.csv").read_bytes())
    assert [(u["post_id"], u["reason"], u["priority"]) for u in unfilled] == [("PX2", "no_eligible_cadre", "5")]
    assert "quy hoạch" in unfilled[0]["explanation"]

    kpis = json.loads((out / "kpis.json").read_text("utf-8"))
    for name in ("status", "posts_filled", "priority_filled", "secondments", "levels", "wall_time_s", "seed",
                 "input_hash", "gap", "workers", "objective_mode", "priority_share", "seat_use", "moved_by_group",
                 "heaviest_burden", "moves_by_kind"):
        assert name in kpis, name
    assert (kpis["status"], kpis["posts_filled"], kpis["priority_filled"], kpis["secondments"]) == ("OPTIMAL", 1, 4, 1)
    assert kpis["levels"][0] == {"name": "priority_filled", "value": 4, "bound": 4}
    assert kpis["priority_share"] == pytest.approx(4 / 9, abs=1e-6)

    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["seed"] == 7 and manifest["workers"] == 2 and manifest["ortools_version"]
    assert manifest["parameters"]["time_limit_s"] == 5 and manifest["input_hash"] == kpis["input_hash"]
    assert set(manifest["outputs"]) == set(OUTPUT_FILES) - {"manifest.json"}
    import hashlib

    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest


def test_workbook_sheets_headers_and_layout(tmp_path: Path) -> None:
    write_outputs(_problem(), _result(), tmp_path / "vi")
    wb = openpyxl.load_workbook(tmp_path / "vi" / "plan.xlsx")
    assert wb.sheetnames == ["Phân công", "Vị trí chưa bố trí", "Chỉ số"]
    ws = wb["Phân công"]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:3] == ["Hình thức", "Mã cán bộ", "Họ và tên"]
    assert ws["A2"].value == "Luân chuyển" and ws["A3"].value == "Biệt phái"
    assert ws.column_dimensions["C"].width >= len("Nguyễn Văn A")
    assert wb["Vị trí chưa bố trí"]["E2"].value == "Không có cán bộ đủ điều kiện"

    write_outputs(_problem(), _result(), tmp_path / "en", lang="en")
    wb = openpyxl.load_workbook(tmp_path / "en" / "plan.xlsx")
    assert wb.sheetnames == ["Assignments", "Unfilled posts", "KPIs"]
    assert [c.value for c in wb["Assignments"][1]][:3] == ["Kind", "Cadre id", "Full name"]
    assert wb["Assignments"]["A2"].value == "Rotation"
    kpi_names = [r[0].value for r in wb["KPIs"].iter_rows(min_row=2)]
    assert "Posts filled" in kpi_names
    unfilled = _csv((tmp_path / "en" / "unfilled.csv").read_bytes())
    assert unfilled[0]["explanation"].startswith("No eligible cadre")


@pytest.mark.parametrize("evil", ["=HYPERLINK(\"http://x\",\"a\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_formula_injection_neutralised(tmp_path: Path, evil: str) -> None:
    p = _problem(cadres=[cadre(full_name=evil), cadre_b()])
    write_outputs(p, _result(), tmp_path)
    row = _csv((tmp_path / "assignments.csv").read_bytes())[0]
    assert row["full_name"] == "'" + evil.strip()
    cell = openpyxl.load_workbook(tmp_path / "plan.xlsx")["Phân công"]["C2"]
    assert cell.value == "'" + evil.strip() and cell.data_type == "s"


def test_title_injection_neutralised_in_unfilled(tmp_path: Path) -> None:
    p = problem(posts=[post(), post("PX2", unit_id="X2", title="=cmd|'/c calc'!A1")])
    write_outputs(p, _result(), tmp_path)
    assert _csv((tmp_path / "unfilled.csv").read_bytes())[0]["title"] == "'=cmd|'/c calc'!A1"
    ws = openpyxl.load_workbook(tmp_path / "plan.xlsx")["Vị trí chưa bố trí"]
    assert ws["C2"].value == "'=cmd|'/c calc'!A1" and ws["C2"].data_type == "s"


def test_neutralise_leaves_plain_values() -> None:
    assert neutralise("Nguyễn Văn A") == "Nguyễn Văn A"
    assert neutralise(-3) == -3 and neutralise("2027-01") == "2027-01"


def test_owner_only_modes(tmp_path: Path) -> None:
    out = tmp_path / "new" / "deeper"
    write_outputs(_problem(), _result(), out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for name in OUTPUT_FILES:
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600, name


def test_deterministic_bytes(tmp_path: Path) -> None:
    write_outputs(_problem(), _result(), tmp_path / "a")
    write_outputs(_problem(), _result(), tmp_path / "b")
    for name in OUTPUT_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    # The plan's move order does not matter either.
    shuffled = _result().model_copy(update={"plan": plan(*reversed(base_plan().moves))})
    assert render_outputs(_problem(), shuffled).files == render_outputs(_problem(), _result()).files


def test_failure_while_rendering_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.report as report

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(report, "render_workbook", boom)
    with pytest.raises(RuntimeError):
        write_outputs(_problem(), _result(), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_failure_midway_through_writing_leaves_old_files_and_no_temp(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.io.atomic as atomic

    out = tmp_path / "out"
    write_outputs(_problem(), _result(), out)
    before = {name: (out / name).read_bytes() for name in OUTPUT_FILES}

    # Second run with another plan; the write of the third file fails after part of its bytes reached the disk.
    real_fdopen = os.fdopen
    calls = {"n": 0}

    class Breaking(io.RawIOBase):
        def __init__(self, handle):  # type: ignore[no-untyped-def]
            self.handle = handle

        def write(self, data):  # type: ignore[no-untyped-def]
            self.handle.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

        def fileno(self):  # type: ignore[no-untyped-def]
            return self.handle.fileno()

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            self.handle.close()

    def fdopen(fd, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return Breaking(handle) if calls["n"] == 3 else handle

    monkeypatch.setattr(atomic.os, "fdopen", fdopen)
    other = Result(status="FEASIBLE", plan=plan(mv("A", "PX1", "2027-02")), seed=1)
    with pytest.raises(OSError):
        write_outputs(_problem(), other, out)
    assert sorted(os.listdir(out)) == sorted(OUTPUT_FILES)  # no temporary file left behind
    assert {name: (out / name).read_bytes() for name in OUTPUT_FILES} == before


def test_anonymize_leaves_no_real_name(tmp_path: Path) -> None:
    p = _problem(cadres=[cadre(full_name="Lò Văn Sướng"), cadre_b(full_name="Giàng Thị Mỷ")])
    write_outputs(p, _result(), tmp_path, anonymize=True)
    texts = []
    for name in OUTPUT_FILES:
        data = (tmp_path / name).read_bytes()
        if name.endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                texts.extend(z.read(n).decode("utf-8") for n in z.namelist())
        else:
            texts.append(data.decode("utf-8"))
    blob = "\n".join(texts)
    for real in ("Lò Văn Sướng", "Giàng Thị Mỷ", "Sướng", "Mỷ"):
        assert real not in blob
    shown = pseudonyms(p)
    rows = _csv((tmp_path / "assignments.csv").read_bytes())
    assert [r["full_name"] for r in rows] == [shown["A"], shown["B"]]
    assert shown["A"].startswith("Cán bộ ") and shown["A"] != shown["B"]


def test_pseudonyms_stable_and_unique() -> None:
    cadres = [cadre(f"C{i:03d}") for i in range(300)]
    p = problem(cadres=cadres)
    first, again = pseudonyms(p), pseudonyms(problem(cadres=list(reversed(cadres))))
    assert first == again
    assert len(set(first.values())) == 300
    assert pseudonyms(p, "en")["C000"].startswith("Cadre ")


def test_nothing_written_without_a_plan_or_with_a_faulty_one(tmp_path: Path) -> None:
    with pytest.raises(PlanRejected):
        write_outputs(_problem(), Result(status="INFEASIBLE"), tmp_path / "a")
    with pytest.raises(PlanRejected):
        write_outputs(_problem(), Result(status="UNKNOWN"), tmp_path / "b")
    bad = Result(status="OPTIMAL", plan=plan(mv("A", "PX1", "2027-01", 12)))
    with pytest.raises(PlanRejected) as info:
        write_outputs(_problem(), bad, tmp_path / "c")
    assert [v.code for v in info.value.violations] == ["exact_months"]
    assert not any((tmp_path / d).exists() for d in "abc")


def test_pin_reason_carried_to_assignments(tmp_path: Path) -> None:
    from tests.test_check_fixtures import lock

    p = _problem(locks=[lock("pin", "A", "PX1", reason="Theo đề nghị của Huyện ủy")])
    write_outputs(p, _result(), tmp_path)
    rows = _csv((tmp_path / "assignments.csv").read_bytes())
    assert [r["lock_reason"] for r in rows] == ["Theo đề nghị của Huyện ủy", ""]
    assert [c.name for c in ASSIGNMENT_COLUMNS][-1] == "lock_reason"


def test_gap_is_taken_on_the_first_level_not_proven() -> None:
    from planner.report.kpis import gap, gap_level

    # priority_filled proven (4 = 4); quality 10 against a bound of 40: gap (40 − 10) / 40 = 0.75.
    levels = (LevelValue(name="priority_filled", value=4, bound=4), LevelValue(name="quality", value=10, bound=40))
    feasible = Result(status="FEASIBLE", plan=base_plan(), levels=levels)
    assert gap_level(feasible) == "quality" and gap(feasible) == pytest.approx(0.75)
    assert gap(feasible.model_copy(update={"status": "OPTIMAL"})) == 0.0
