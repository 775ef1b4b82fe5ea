"""The pure domain of the planner: no solver, no pandas, no files."""

from models.domain import Cadre, Lock, Move, Ongoing, Post, RowRef, Seat, Unit
from models.months import fmt_month, month_index, parse_month
from models.plan import LevelValue, Plan, Result
from models.policy import Objective, Patch, Policy, QualityWeights, ScenarioSpec, SolverSettings
from models.problem import Problem
from models.scales import Education, Gender, Level, LockAction, MoveKind, PoliticalTheory, StateMgmt

__all__ = [
    "Cadre", "Education", "Gender", "Level", "LevelValue", "Lock", "LockAction", "Move", "MoveKind", "Objective",
    "Ongoing", "Patch", "Plan", "PoliticalTheory", "Policy", "Post", "Problem", "QualityWeights", "Result",
    "RowRef", "ScenarioSpec", "Seat", "SolverSettings", "StateMgmt", "Unit", "fmt_month", "month_index",
    "parse_month",
]
