"""compare.xlsx: KPIs side by side (numbers equal to the comparison's), differences, one sheet per scenario."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from planner.report.compare_xlsx import render_xlsx, sheet_names
from tests.test_compare_core import tiny_comparison


def _book(lang: str = "vi", c1_name: str = "Lò Văn An"):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(render_xlsx(tiny_comparison(lang, c1_name=c1_name))))


def test_sheets() -> None:
    wb = _book()
    assert wb.sheetnames == ["Chỉ số chính", "Khác biệt", "Phương án A <gốc>", "Phương án B & thêm chỉ tiêu"]
    assert _book("en").sheetnames[:2] == ["Key figures", "Differences"]


def test_kpi_sheet_values_and_deltas() -> None:
    ws = _book()["Chỉ số chính"]
    header = [c.value for c in ws[1]]
    assert header == ["Chỉ số", "Phương án A <gốc>", "Phương án B & thêm chỉ tiêu", "Δ Phương án B & thêm chỉ tiêu"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=2, values_only=True)}
    # Same figures as the comparison (see test_compare_core: A fills 2 posts / 8 points, B 1 post / 3 points).
    assert rows["Vị trí được bố trí (luân chuyển)"] == (2, 1, -1)
    assert rows["Tổng điểm ưu tiên đã bố trí"] == (8, 3, -5)
    assert rows["Số cán bộ biệt phái mới"] == (1, 2, 1)
    assert rows["Trạng thái lời giải"][:2] == ("Tối ưu", "Khả thi (chưa chứng minh tối ưu)")


def test_differences_sheet() -> None:
    ws = _book()["Khác biệt"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2]) for r in rows] == [("Đổi", "C1"), ("Thêm", "C4"), ("Bỏ", "C2")]
    changed = rows[0]
    assert changed[3] == "Lò Văn An" and changed[4] == "Sở Nông nghiệp và Môi trường"
    assert "Xã Chung Chải" in changed and "Xã Nậm Kè" in changed
    assert changed[-1] == "nơi đến, tháng bắt đầu"


def test_assignment_sheets_and_formula_neutralising() -> None:
    wb = _book(c1_name="=HYPERLINK(\"http://x\",\"y\")")
    ws = wb["Phương án A <gốc>"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3  # A has three moves
    names = [r[2] for r in rows]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in names  # stored as text, never as a formula
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"


def test_sheet_names_are_valid_and_unique() -> None:
    names = sheet_names(["A/B: [x]?", "A/B: [x]?", "x" * 40, "Khác biệt"], ["Chỉ số chính", "Khác biệt"])
    assert names[0] == "A_B_ _x__"
    assert names[1] == "A_B_ _x__ (2)"
    assert len(names[2]) == 31
    assert names[3] == "Khác biệt (2)"
    assert len({n.casefold() for n in names}) == 4
