"""planner: draft and compare yearly plans of cadre rotations (luân chuyển) and secondments (biệt phái)."""

__version__ = "0.1.0"
