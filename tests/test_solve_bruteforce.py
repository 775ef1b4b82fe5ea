"""solve() against brute force on random tiny instances (≤4 cadres, ≤3 posts, ≤2 seats, 6 months).

The brute force below is written from DESIGN §4 and the brief's objective directly — it does not use
planner.eligibility or planner.cpsat: it lists every move each rule allows, enumerates every plan (each cadre
takes none, one or, when allowed, two moves), keeps those that respect the plan-wide rules (a post once, seat
capacity and unit caps month by month with ongoing moves, no overlap, not the same target twice) and takes the
lexicographic maximum of (priority filled, secondments, quality). solve() must reach the same level values.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.months import parse_month
from models.policy import SolverSettings
from models.problem import Problem
from models.scales import Education, Gender, Level
from models.text import key
from planner.solve import solve
from tests.factories import DEFAULT_UNITS, TITLE, make_problem

H0 = parse_month("2027-01")
HORIZON = 6


@st.composite
def instances(draw) -> Problem:
    max_moves = draw(st.sampled_from([1, 1, 2]))
    n_cadres = draw(st.integers(1, 4 if max_moves == 1 else 3))
    units = [dict(u) for u in DEFAULT_UNITS]
    cap = draw(st.sampled_from([None, 1, 1, 2]))
    for u in units:
        if u["unit_id"] == "PH1" and cap is not None:
            u["max_away"] = cap
    cadres = []
    for i in range(n_cadres):
        available_from = draw(st.sampled_from([None, H0 + 1, H0 + 2]))
        cadres.append({
            "cadre_id": f"C{i}",
            "unit_id": draw(st.sampled_from(["PH1", "PH1", "PH1", "X2", "SNN"])),
            "gender": draw(st.sampled_from(["nam", "nu"])),
            "birth_date": f"{draw(st.sampled_from([1970, 1990, 1995]))}-01",
            "education": draw(st.sampled_from(["cao_dang", "dai_hoc"])),
            "rank": draw(st.sampled_from([1, 1, 2, 0])),
            "ethnicity": draw(st.sampled_from(["Thái", "Thái", "Thái", "Kinh"])),
            "planned_titles": draw(st.sampled_from([(TITLE,), (TITLE,), (TITLE,), ()])),
            "languages": ("Thái",) if draw(st.booleans()) else (),
            "field": draw(st.sampled_from([None, "Nông nghiệp", "Nông nghiệp", "Y tế"])),
            "available_from": available_from,
            "retirement_month": H0 + draw(st.integers(4, 200)),
        })
    posts = []
    for j in range(draw(st.integers(0, 3))):
        open_from = H0 + draw(st.integers(0, 3))
        posts.append({
            "post_id": f"P{j}", "unit_id": draw(st.sampled_from(["X1", "X2"])), "open_from": open_from,
            "open_to": open_from + draw(st.integers(0, 1)), "months": draw(st.integers(1, 4)),
            "priority": draw(st.integers(1, 5)), "min_education": draw(st.sampled_from([None, None, "dai_hoc"])),
            "rank": draw(st.sampled_from([None, 1, 2])), "fields": draw(st.sampled_from([(), (), (), ("Y tế",)])),
        })
    seats = []
    for j in range(draw(st.integers(0, 2))):
        open_from = H0 + draw(st.integers(0, 3))
        seats.append({
            "seat_id": f"S{j}", "unit_id": draw(st.sampled_from(["SNN", "SYT"])), "capacity": draw(st.integers(1, 2)),
            "open_from": open_from, "open_to": open_from + draw(st.integers(0, 1)),
            "months": draw(st.integers(1, 3)), "field": draw(st.sampled_from([None, None, "Nông nghiệp"])),
        })
    ongoing = []
    if seats and draw(st.booleans()):
        ongoing.append({"cadre_id": "C0", "target_id": "S0", "start": H0 - 2, "end": H0 + draw(st.integers(0, 2))})
    mode = draw(st.sampled_from(["lexicographic", "lexicographic", "weighted"]))
    return make_problem(
        units=units, cadres=cadres, posts=posts, seats=seats, ongoing=ongoing, months=HORIZON,
        max_moves_per_cadre=max_moves, rotation_min_months_left=draw(st.sampled_from([0, 24, 60])),
        objective={"mode": mode, "fill_weight": 50, "secondment_weight": 20},
    )


# --- the brute force, from the rules -------------------------------------------------------------------------

def _moves(problem: Problem):
    """Every (cadre, target, start, months, kind) that the per-move rules allow."""
    units = problem.unit_by_id
    policy = problem.policy
    busy = defaultdict(lambda: -10**9)
    for o in problem.ongoing:
        busy[o.cadre_id] = max(busy[o.cadre_id], o.end)
    out = []
    for c in problem.cadres:
        level = units[c.unit_id].level
        retire = c.retirement_month
        for t in [*problem.posts, *problem.seats]:
            rotation = hasattr(t, "post_id")
            tid = t.post_id if rotation else t.seat_id
            if policy.max_moves_per_cadre < 1 or level not in t.source_levels or c.unit_id == t.unit_id:
                continue
            if rotation:
                if t.min_education is not None and c.education < t.min_education:
                    continue
                if key(t.title) not in {key(x) for x in c.planned_titles}:
                    continue
                if t.fields and key(c.field) not in {key(f) for f in t.fields}:
                    continue
                if t.rank is not None and t.rank - c.rank > policy.max_rank_step:
                    continue
            else:
                if c.rank < t.min_rank or (t.ethnic_minority_only and key(c.ethnicity or "kinh") == "kinh"):
                    continue
                if t.field and key(c.field) != key(t.field):
                    continue
            for s in range(t.open_from, t.open_to + 1):
                end = s + t.months - 1
                if c.available_from is not None and s < c.available_from:
                    continue
                if end > retire or s <= busy[c.cadre_id]:
                    continue
                if rotation and retire - s < policy.rotation_min_months_left:
                    continue
                out.append((c.cadre_id, tid, s, t.months, rotation))
    return out


def _score(problem: Problem, move) -> int:
    cid, tid, s, _, rotation = move
    w = problem.objective.weights
    c = problem.cadre_by_id[cid]
    t = problem.post_by_id[tid] if rotation else problem.seat_by_id[tid]
    u = problem.unit_by_id[t.unit_id]
    score = 0
    if rotation:
        score += w.field_match if c.field and key(c.field) in {key(f) for f in t.fields} else 0
        langs = {key(t.language)} if t.language else {key(x) for x in u.languages}
        score += w.language_match if langs and langs & {key(x) for x in c.languages} else 0
        score += w.ethnic_to_ethnic_area if c.ethnicity and key(c.ethnicity) != "kinh" and u.ethnic_area else 0
        score += w.difficult_commune if u.difficult else 0
    elif t.field and key(c.field) == key(t.field):
        score += w.field_match
    score += w.young if (s - c.birth_date) // 12 < problem.policy.young_age else 0
    score += w.women if c.gender is Gender.FEMALE else 0
    return score - w.delay_per_month * (s - t.open_from)


def _levels(problem: Problem, plan) -> tuple[int, int, int]:
    l1 = sum(problem.post_by_id[m[1]].priority for m in plan if m[4])
    l2 = sum(1 for m in plan if not m[4])
    counts = Counter(problem.cadre_by_id[m[0]].unit_id for m in plan)
    l3 = sum(_score(problem, m) for m in plan) - problem.objective.weights.burden_heaviest_unit * max(
        counts.values(), default=0)
    return l1, l2, l3


def _valid(problem: Problem, plan) -> bool:
    posts = [m[1] for m in plan if m[4]]
    if len(posts) != len(set(posts)):
        return False
    use: Counter = Counter()
    away: Counter = Counter()
    unit_of = {c.cadre_id: c.unit_id for c in problem.cadres}
    for o in problem.ongoing:
        for month in range(o.start, o.end + 1):
            use[(o.target_id, month)] += 1
            away[(unit_of[o.cadre_id], month)] += 1
    months_used = set()
    for cid, tid, s, months, _ in plan:
        for month in range(s, s + months):
            use[(tid, month)] += 1
            away[(unit_of[cid], month)] += 1
            months_used.add(month)
    for seat in problem.seats:
        if any(use[(seat.seat_id, m)] > seat.capacity for m in months_used):
            return False
    for unit in problem.units:
        cap = unit.max_away
        if cap is not None and any(away[(unit.unit_id, m)] > cap for m in months_used
                                   if any(unit_of[x[0]] == unit.unit_id and x[2] <= m < x[2] + x[3] for x in plan)):
            return False
    return True


def _options(moves, limit):
    """A cadre's possible move sets: none, one, or two not overlapping into different targets."""
    yield ()
    for m in moves:
        yield (m,)
    if limit >= 2:
        for a, b in combinations(moves, 2):
            if a[1] != b[1] and (a[2] + a[3] <= b[2] or b[2] + b[3] <= a[2]):
                yield (a, b)


def brute_force(problem: Problem):
    moves = _moves(problem)
    by_cadre = [[m for m in moves if m[0] == c.cadre_id] for c in problem.cadres]
    options = [list(_options(ms, problem.policy.max_moves_per_cadre)) for ms in by_cadre]
    best = None

    def dfs(i, plan):
        nonlocal best
        if i == len(options):
            if _valid(problem, plan):
                value = _levels(problem, plan)
                if problem.objective.mode == "weighted":
                    o = problem.objective
                    value = (o.fill_weight * value[0] + o.secondment_weight * value[1] + value[2],)
                if best is None or value > best:
                    best = value
            return
        for option in options[i]:
            extended = plan + list(option)
            if option and not _valid(problem, extended):
                continue
            dfs(i + 1, extended)

    dfs(0, [])
    return best


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(instances())
def test_solve_matches_brute_force(problem):
    result = solve(problem, SolverSettings(time_limit_s=20, workers=1))
    assert result.status == "OPTIMAL", result
    assert tuple(lv.value for lv in result.levels) == brute_force(problem)
    assert all(lv.value == lv.bound for lv in result.levels)
    # The plan itself reaches the reported values.
    plan = [(m.cadre_id, m.target_id, m.start, m.months, m.target_id in problem.post_by_id)
            for m in result.plan.moves]
    assert _valid(problem, plan)
    values = _levels(problem, plan)
    if problem.objective.mode == "lexicographic":
        assert tuple(lv.value for lv in result.levels) == values


def test_brute_force_sees_the_levels():
    # A sanity check of the brute force itself: one cadre, a priority-4 post and a seat → the post.
    problem = make_problem(cadres=[{"cadre_id": "A", "retirement_month": "2060-01"}],
                           posts=[{"post_id": "P", "priority": 4, "months": 2}],
                           seats=[{"seat_id": "S"}], months=HORIZON)
    assert brute_force(problem)[:2] == (4, 0)
    assert Level.COMMUNE in problem.seats[0].source_levels and Education.DAI_HOC > Education.CAO_DANG
