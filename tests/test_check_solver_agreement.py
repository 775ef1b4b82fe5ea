"""Cross-check on random tiny problems: every plan `solve()` returns passes the independent checker, and the
solver's objective levels equal the solver-free recomputation of `evaluate()` (STYLE habit 4)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.policy import SolverSettings
from planner.check import check
from planner.evaluate import evaluate
from tests.test_check_fixtures import base_units, cadre, lock, ongoing, post, problem, seat

UNITS = ("H1P", "H1", "X2", "SNN")


@st.composite
def tiny_problems(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    n = draw(st.integers(2, 4))
    cadres = []
    for i in range(n):
        cadres.append(cadre(
            f"C{i}",
            unit_id=draw(st.sampled_from(UNITS)),
            gender=draw(st.sampled_from(("nam", "nu"))),
            birth_date=draw(st.sampled_from(("1968-01", "1985-01", "1993-06"))),
            ethnicity=draw(st.sampled_from(("Thái", "Kinh", None))),
            rank=draw(st.integers(0, 2)),
            field=draw(st.sampled_from(("Nông nghiệp", "Giáo dục"))),
            home_unit_id=draw(st.sampled_from(("X1", "X2", "P"))),
        ))
    posts = [post(f"PX{j}", unit_id=draw(st.sampled_from(("X1", "X2"))), priority=draw(st.integers(1, 5)),
                  open_to=draw(st.sampled_from(("2027-01", "2027-03"))), months=draw(st.sampled_from((12, 36))),
                  non_local=draw(st.booleans()), fields=draw(st.sampled_from(((), ("Nông nghiệp",)))))
             for j in range(draw(st.integers(1, 3)))]
    seats = [seat(f"S{j}", capacity=draw(st.integers(1, 2)), open_to=draw(st.sampled_from(("2027-01", "2027-04"))),
                  field=draw(st.sampled_from((None, "Nông nghiệp"))), min_rank=draw(st.integers(0, 1)))
             for j in range(draw(st.integers(0, 2)))]
    caps = {u: {"max_away": draw(st.integers(1, 2))} for u in UNITS if draw(st.booleans())}
    extra: dict[str, Any] = {}
    if draw(st.booleans()):
        extra["ongoing"] = [ongoing("C0", "PX0", "2025-01", draw(st.sampled_from(("2026-12", "2027-02"))))]
    if draw(st.booleans()):
        extra["locks"] = [lock("forbid", "C1")]
    mode = draw(st.sampled_from(("lexicographic", "weighted")))
    return problem(units=base_units(**caps), cadres=cadres, posts=posts, seats=seats,
                   objective={"mode": mode}, policy={"max_moves_per_cadre": draw(st.integers(1, 2))}, **extra)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_solver_plans_pass_the_checker_and_objective_matches(p) -> None:  # type: ignore[no-untyped-def]
    from planner.solve import solve

    result = solve(p, SolverSettings(time_limit_s=5, workers=1, seed=0, deterministic=True))
    assert result.status in ("OPTIMAL", "FEASIBLE")  # no lock here can make these problems infeasible
    assert check(p, result.plan) == []
    if result.status == "OPTIMAL":
        recomputed = evaluate(p, result.plan).levels
        assert [(lv.name, lv.value) for lv in result.levels] == [(n, float(v)) for n, v in recomputed]
