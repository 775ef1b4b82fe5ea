"""`planner template --out input.xlsx [--lang vi|en]`: write the empty Excel input workbook."""

from __future__ import annotations

from pathlib import Path

import typer

from planner.io.template import LANGS, write_template


def template(
    out: Path = typer.Option(Path("input.xlsx"), "--out", "-o", help="Tệp .xlsx sẽ ghi / workbook to write"),
    lang: str = typer.Option("vi", "--lang", help="Ngôn ngữ của mẫu: vi hoặc en / template language"),
) -> None:
    """Ghi mẫu nhập liệu Excel trống (tiêu đề tiếng Việt, danh sách chọn, sheet hướng dẫn) / empty input workbook."""
    if lang not in LANGS:
        typer.echo(f"--lang phải là vi hoặc en, không phải {lang!r} / --lang must be vi or en", err=True)
        raise typer.Exit(1)
    if out.suffix.lower() != ".xlsx":
        message = "Tệp mẫu phải có đuôi .xlsx" if lang == "vi" else "The template must be an .xlsx file"
        typer.echo(f"{message}: {out}", err=True)
        raise typer.Exit(1)
    try:
        written = write_template(out, lang=lang)
    except OSError as exc:
        message = "Không ghi được tệp" if lang == "vi" else "Cannot write the file"
        typer.echo(f"{message} {out}: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Đã ghi mẫu nhập liệu: {written}" if lang == "vi" else f"Template written: {written}")
