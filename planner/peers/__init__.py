"""Peer solvers the benchmarks run next to ours (issue 6): a greedy baseline, HiGHS and plain CP-SAT.

All three read the same solver-neutral time-indexed model (`timeindexed.build`): one binary per eligible
(cadre, target, start) triple. Nothing here is imported by `planner solve`; this package must not import ortools
at import time (HiGHS runs in a child process that imports `highs_mip` only, because ortools and highspy bundle
clashing HiGHS symbols).
"""
