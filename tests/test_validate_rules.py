"""One test per validator of planner.validation, each on a tiny table whose rows say what they exercise.

Rows are given as already-parsed values (what planner.io.tables.parse_rows produces); row numbers start at 2 as
in a spreadsheet. Each test asserts exactly which rows are reported, so a rule that over- or under-reports fails.
"""

from __future__ import annotations

from models.domain import RowRef
from models.months import month_index
from models.policy import Policy
from planner import validation as v
from planner.io.tables import Row
from planner.scenario import load_problem
from tests.test_io_tables import copy_ok

H0 = month_index(2027, 1)  # horizon 2027-01 … 2028-12


def rows(table: str, *values: dict, bad: tuple[set[str], ...] = ()) -> list[Row]:
    out = []
    for i, vals in enumerate(values):
        row = Row(RowRef(file=f"{table}.csv", row=i + 2), dict(vals))
        if i < len(bad):
            row.bad = set(bad[i])
        out.append(row)
    return out


def ctx(policy: Policy | None = None, **tables: list[Row] | None) -> v.Context:
    full = {name: [] for name in ("units", "cadres", "posts", "seats", "locks", "ongoing")}
    full.update(tables)
    return v.Context(full, H0, 24, policy or Policy())


def reported(issues) -> list[tuple[str, int, str]]:
    return [(i.file, i.row, i.column) for i in issues]


def test_duplicate_ids():
    units = rows("units",
                 {"unit_id": "P"},   # row 2: first P
                 {"unit_id": "X"},   # row 3
                 {"unit_id": "P"})   # row 4: duplicate of row 2 -> error
    posts = rows("posts", {"post_id": "T1"})  # a post T1 ...
    seats = rows("seats", {"seat_id": "T1"})  # ... and a seat T1: locks could not tell them apart -> error
    issues = v.duplicate_ids(ctx(units=units, posts=posts, seats=seats))
    assert reported(issues) == [("units.csv", 4, "unit_id"), ("seats.csv", 2, "seat_id")]
    assert "units.csv, dòng 2" in issues[0].reason


def test_dangling_references():
    units = rows("units",
                 {"unit_id": "P"},                      # row 2: root
                 {"unit_id": "X", "parent_id": "Q"})    # row 3: parent Q does not exist -> error
    cadres = rows("cadres",
                  {"cadre_id": "C1", "unit_id": "P", "home_unit_id": "X"},   # row 2: fine
                  {"cadre_id": "C2", "unit_id": "Z", "home_unit_id": "W"})   # row 3: both units unknown -> 2 errors
    posts = rows("posts", {"post_id": "T1", "unit_id": "NOPE"})            # unknown post unit -> error
    seats = rows("seats", {"seat_id": "S1", "unit_id": "P"})                # fine
    locks = rows("locks",
                 {"cadre_id": "C9", "target_id": "S1"},   # row 2: unknown cadre -> error
                 {"cadre_id": "C1", "target_id": "T9"})   # row 3: unknown target -> error
    ongoing = rows("ongoing", {"cadre_id": "C1", "target_id": "S1"},   # row 2: fine
                   {"cadre_id": "C7", "target_id": "T7"})             # row 3: unknown cadre and target
    issues = v.dangling_references(ctx(units=units, cadres=cadres, posts=posts, seats=seats, locks=locks,
                                       ongoing=ongoing))
    assert sorted(reported(issues)) == sorted([
        ("units.csv", 3, "parent_id"), ("cadres.csv", 3, "unit_id"), ("cadres.csv", 3, "home_unit_id"),
        ("posts.csv", 2, "unit_id"), ("locks.csv", 2, "cadre_id"), ("locks.csv", 3, "target_id"),
        ("ongoing.csv", 3, "cadre_id"), ("ongoing.csv", 3, "target_id"),
    ])


def test_dangling_references_skip_an_unreadable_table():
    cadres = rows("cadres", {"cadre_id": "C2", "unit_id": "Z"})
    # units could not be read at all (None): saying every unit id is unknown would only bury the real error.
    assert v.dangling_references(ctx(units=None, cadres=cadres)) == []


def test_unit_cycles():
    units = rows("units",
                 {"unit_id": "P"},                       # row 2: root
                 {"unit_id": "A", "parent_id": "B"},     # row 3: A -> B -> A, a cycle
                 {"unit_id": "B", "parent_id": "A"},     # row 4
                 {"unit_id": "C", "parent_id": "A"},     # row 5: hangs under the cycle, not a cycle itself
                 {"unit_id": "S", "parent_id": "S"})     # row 6: its own parent
    issues = v.unit_cycles(ctx(units=units))
    assert len(issues) == 2  # one per cycle, not one per unit on or under it
    assert "A → B → A" in issues[0].reason and "S → S" in issues[1].reason


def test_reversed_windows():
    m = month_index
    posts = rows("posts", {"post_id": "T1", "open_from": m(2027, 5), "open_to": m(2027, 3)},   # ends first -> error
                 {"post_id": "T2", "open_from": m(2027, 5), "open_to": m(2027, 5)})            # one month: fine
    seats = rows("seats", {"seat_id": "S1", "open_from": m(2027, 5), "open_to": m(2027, 4)})   # -> error
    cadres = rows("cadres", {"cadre_id": "C1", "available_from": m(2028, 1), "available_to": m(2027, 1)})  # error
    ongoing = rows("ongoing", {"cadre_id": "C1", "target_id": "S1", "start": m(2027, 1), "end": m(2026, 12)})
    issues = v.reversed_windows(ctx(posts=posts, seats=seats, cadres=cadres, ongoing=ongoing))
    assert reported(issues) == [("posts.csv", 2, "open_to"), ("seats.csv", 2, "open_to"),
                                ("cadres.csv", 2, "available_to"), ("ongoing.csv", 2, "end")]


def test_windows_outside_horizon():
    m = month_index
    posts = rows("posts",
                 {"post_id": "T1", "open_from": m(2026, 12), "open_to": m(2026, 12)},  # before the horizon
                 {"post_id": "T2", "open_from": m(2027, 1), "open_to": m(2028, 12)},   # exactly the horizon: fine
                 {"post_id": "T3", "open_from": m(2028, 6), "open_to": m(2029, 1)})    # open_to after the end
    posts[0].defaulted.add("open_to")  # T1's open_to came from open_from: reported once, on open_from
    seats = rows("seats", {"seat_id": "S1", "open_from": m(2030, 1), "open_to": m(2030, 2)})  # both outside
    issues = v.windows_outside_horizon(ctx(posts=posts, seats=seats))
    assert reported(issues) == [("posts.csv", 2, "open_from"), ("posts.csv", 4, "open_to"),
                                ("seats.csv", 2, "open_from"), ("seats.csv", 2, "open_to")]


def test_nonpositive_capacity():
    seats = rows("seats", {"seat_id": "S1", "capacity": 0},   # zero -> error
                 {"seat_id": "S2", "capacity": 1},            # fine
                 {"seat_id": "S3"}, bad=(set(), set(), {"capacity"}))  # unreadable: already reported, skipped
    assert reported(v.nonpositive_capacity(ctx(seats=seats))) == [("seats.csv", 2, "capacity")]


def test_nonpositive_months():
    posts = rows("posts", {"post_id": "T1", "months": 0})   # zero -> error
    seats = rows("seats", {"seat_id": "S1", "months": 6})   # fine
    assert reported(v.nonpositive_months(ctx(posts=posts, seats=seats))) == [("posts.csv", 2, "months")]


def test_seat_months_over_policy():
    seats = rows("seats", {"seat_id": "S1", "months": 6},   # exactly the cap: fine
                 {"seat_id": "S2", "months": 7})             # one over -> error
    issues = v.seat_months_over_policy(ctx(Policy(max_secondment_months=6), seats=seats))
    assert reported(issues) == [("seats.csv", 3, "months")]


def test_birth_after_horizon():
    cadres = rows("cadres", {"cadre_id": "C1", "birth_date": H0},       # born the month the plan starts: fine
                  {"cadre_id": "C2", "birth_date": H0 + 1})              # after it -> error
    assert reported(v.birth_after_horizon(ctx(cadres=cadres))) == [("cadres.csv", 3, "birth_date")]


def test_lock_without_ids():
    locks = rows("locks", {"action": "pin"},                            # neither id -> error
                 {"action": "pin", "cadre_id": "C1"},                  # cadre only: fine
                 {"action": "pin"}, bad=(set(), set(), {"target_id"}))  # its target was unreadable: skipped
    assert reported(v.lock_without_ids(ctx(locks=locks))) == [("locks.csv", 2, "cadre_id")]


def test_lock_start_without_target():
    locks = rows("locks", {"action": "pin", "cadre_id": "C1", "start": H0},                      # -> error
                 {"action": "pin", "cadre_id": "C1", "target_id": "T1", "start": H0})           # fine
    assert reported(v.lock_start_without_target(ctx(locks=locks))) == [("locks.csv", 2, "start")]


def test_idle_units():
    units = rows("units", {"unit_id": "P"},                       # parent of X: used
                 {"unit_id": "X", "parent_id": "P"},              # has a cadre: used
                 {"unit_id": "Y", "parent_id": "P"})              # nothing at all -> warning
    cadres = rows("cadres", {"cadre_id": "C1", "unit_id": "X"})
    issues = v.idle_units(ctx(units=units, cadres=cadres))
    assert reported(issues) == [("units.csv", 4, "unit_id")] and issues[0].severity == "warning"


def test_cadres_past_available():
    cadres = rows("cadres", {"cadre_id": "C1", "available_to": H0 - 1},   # ends before the horizon -> warning
                  {"cadre_id": "C2", "available_to": H0})                  # still one month: fine
    issues = v.cadres_past_available(ctx(cadres=cadres))
    assert reported(issues) == [("cadres.csv", 2, "available_to")] and issues[0].severity == "warning"


def test_every_rule_is_listed_once():
    listed = [*v.ERRORS, *v.WARNINGS]
    assert len(listed) == len(set(listed))
    tested = {name[len("test_"):] for name in globals() if name.startswith("test_")}
    assert {rule.__name__ for rule in listed} <= tested


def test_unreachable_targets(tmp_path):
    scenario = copy_ok(tmp_path)
    child = scenario.parent / "phd.yaml"
    # Nobody in the fixture holds a doctorate, so P2 can be taken by no one: a warning, not an error.
    child.write_text("extends: base.yaml\npatches:\n"
                     "  - {table: posts, where: {post_id: P2}, set: {min_education: tien_si}}\n", encoding="utf-8")
    loaded = load_problem(child)
    found = [(w.file, w.row, w.value) for w in loaded.warnings if w.rule == "no_candidate"]
    assert found == [("tables/posts.csv", 3, "P2")]
    assert v.unreachable_targets(load_problem(scenario).problem) == []  # the untouched fixture: all reachable
