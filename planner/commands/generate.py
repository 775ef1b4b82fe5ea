"""`planner generate`: reproducible synthetic data at any scale (a thin wrapper over planner.generate.generate)."""

from __future__ import annotations

from pathlib import Path

import typer

from planner.generate import PROFILES
from planner.generate import generate as generate_data


def generate(
    profile: str = typer.Option(..., "--profile", help=f"Hồ sơ dữ liệu / data profile: {' | '.join(PROFILES)}"),
    seed: int = typer.Option(0, "--seed", help="Hạt giống ngẫu nhiên / random seed", min=0),
    out: Path = typer.Option(..., "--out", help="Thư mục ghi dữ liệu / output folder"),
    cadres: int | None = typer.Option(None, "--cadres", help="Số cán bộ / number of cadres", min=0),
    posts: int | None = typer.Option(None, "--posts", help="Số vị trí khuyết / number of vacant posts", min=0),
    seats: int | None = typer.Option(None, "--seats", help="Số chỉ tiêu biệt phái / number of seats", min=0),
    months: int = typer.Option(24, "--months", help="Số tháng của kỳ kế hoạch / horizon months", min=6, max=240),
    start: str = typer.Option("2026-01", "--start", help="Tháng bắt đầu kỳ kế hoạch (YYYY-MM) / horizon start"),
) -> None:
    """Sinh dữ liệu mô phỏng tái lập được theo hạt giống / Generate reproducible synthetic data."""
    if profile not in PROFILES:
        raise typer.BadParameter(f"--profile phải là một trong / must be one of: {', '.join(PROFILES)}")
    try:
        path = generate_data(profile, seed, cadres, posts, seats, months, start, out)
    except ValueError as exc:
        typer.echo(f"Lỗi / error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Đã ghi / written: {path}")
