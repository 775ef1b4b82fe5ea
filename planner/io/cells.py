"""Reading one cell by its column kind (columns.py `Kind`).

`parse_cell(column, raw, typed)` returns `(value, warning)`: the value read (None for an empty cell, which then
takes the column's default) and, when the cell could be read unambiguously but was not written the way the
contract asks (an Excel date in a month column, a number stored as text, `3.0` for 3, a non-breaking space in an
id, Vietnamese text in NFD form), a short Vietnamese warning. Anything that cannot be read raises `CellError` with a
Vietnamese reason. `typed` says whether the source keeps cell types (an .xlsx sheet) or is all text (CSV).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from models.months import month_index, parse_birth, parse_month
from models.scales import Level, Scale
from models.text import clean, key
from planner.io.columns import Column

_INT_RE = re.compile(r"^[+-]?\d+$")
_INT_FLOAT_RE = re.compile(r"^[+-]?\d+\.0+$")
_FLOAT_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
_MONTH_RE = re.compile(r"^\d{4}-\d{1,2}$")
_DAY_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_SLASH_MONTH_RE = re.compile(r"^(\d{1,2})/(\d{4})$")
_YEAR_RE = re.compile(r"^\d{4}$")
_ODD_SPACES_RE = re.compile("[\u00a0\u200b\u2007\u202f\ufeff\t]")

# (lowest, highest) accepted for each integer column; anything else in 0 .. 1,000,000.
INT_LIMITS: dict[str, tuple[int, int]] = {
    "priority": (1, 5),
    "months": (0, 240),
    "rank": (0, 20),
    "min_rank": (0, 20),
    "capacity": (0, 100_000),
    "headcount": (0, 1_000_000),
    "max_away": (0, 1_000_000),
}
_DEFAULT_LIMITS = (0, 1_000_000)

TRUE_WORDS = frozenset({"true", "1", "x", "có", "co", "yes", "y", "đúng", "dung", "1.0"})
FALSE_WORDS = frozenset({"false", "0", "không", "khong", "no", "n", "sai", "0.0"})


class CellError(ValueError):
    """A cell that cannot be read; the message is the Vietnamese reason."""


def is_blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not clean(raw.replace("\u200b", "").replace("\ufeff", ""))
    if isinstance(raw, float):
        return math.isnan(raw)
    return False


def cell_text(raw: object) -> str:
    """The text of a raw cell as a user sees it (numbers without a spurious `.0`, dates as ISO)."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw)


def _nfc(text: str) -> tuple[str, str | None]:
    """Clean text; warn when it was in NFD (decomposed) form."""
    if not unicodedata.is_normalized("NFC", text):
        return clean(text), "chữ tiếng Việt dạng tổ hợp (NFD), đã chuẩn hoá về NFC"
    return clean(text), None


def _parse_id(raw: object) -> tuple[str | None, str | None]:
    if type(raw) is str and raw.isascii() and raw.isprintable() and raw == raw.strip():
        return (raw or None), None  # the usual case, kept fast for 100,000-row tables
    if isinstance(raw, bool):
        raise CellError("mã không được là giá trị đúng/sai")
    if isinstance(raw, float) and not raw.is_integer():
        raise CellError("mã không được là số thập phân")
    text = cell_text(raw)
    warning = None
    if _ODD_SPACES_RE.search(text):
        text = text.replace("\u200b", "").replace("\ufeff", "")
        for ch in ("\u00a0", "\u2007", "\u202f", "\t"):
            text = text.replace(ch, " ")
        warning = "mã có khoảng trắng lạ (không ngắt dòng, tab…), đã bỏ"
    if text != text.strip():
        warning = warning or "mã có khoảng trắng thừa ở đầu/cuối, đã bỏ"
    value, nfd = _nfc(text)
    return (value or None), warning or nfd


def _parse_text(raw: object) -> tuple[str | None, str | None]:
    text = cell_text(raw).replace("\u200b", "").replace("\ufeff", "")
    value, nfd = _nfc(text)
    return (value or None), nfd


def _limits(column: Column) -> tuple[int, int]:
    return INT_LIMITS.get(column.name, _DEFAULT_LIMITS)


def _check_range(column: Column, value: int) -> int:
    low, high = _limits(column)
    if value < 0 and low >= 0:
        raise CellError("không được là số âm")
    if value < low or value > high:
        raise CellError(f"phải là số nguyên từ {low} đến {high}")
    return value


def _parse_int(column: Column, raw: object, typed: bool) -> tuple[int | None, str | None]:
    if isinstance(raw, bool):
        raise CellError("phải là số nguyên, không phải đúng/sai")
    if isinstance(raw, int):
        return _check_range(column, raw), None
    if isinstance(raw, float):
        if math.isfinite(raw) and raw.is_integer():
            # An xlsx number cell holding an integral float is ordinary; only text such as "3.0" is worth a word.
            return _check_range(column, int(raw)), None
        raise CellError("phải là số nguyên")
    if isinstance(raw, dt.date | dt.datetime):
        raise CellError("phải là số nguyên, không phải ngày tháng")
    text = clean(str(raw))
    if not text:
        return None, None
    if _INT_RE.match(text):
        if len(text.lstrip("+-")) > 12:
            raise CellError("số quá lớn")
        warning = "số lưu dạng văn bản trong Excel, đã đọc thành số" if typed else None
        return _check_range(column, int(text)), warning
    if _INT_FLOAT_RE.match(text):
        if len(text.split(".")[0].lstrip("+-")) > 12:
            raise CellError("số quá lớn")
        value = _check_range(column, int(text.split(".")[0]))
        return value, f"số viết dạng thập phân '{text}', đã đọc thành {value}"
    raise CellError("phải là số nguyên")


def _parse_float(raw: object) -> tuple[float | None, str | None]:
    if isinstance(raw, bool):
        raise CellError("phải là số, không phải đúng/sai")
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            raise CellError("phải là số hữu hạn")
        return float(raw), None
    text = clean(cell_text(raw))
    if not text:
        return None, None
    if _FLOAT_RE.match(text) and len(text) <= 20:
        return float(text), None
    raise CellError("phải là số")


def _parse_bool(raw: object) -> tuple[bool | None, str | None]:
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw), None
    text = key(cell_text(raw))
    if not text:
        return None, None
    if text in TRUE_WORDS:
        return True, None
    if text in FALSE_WORDS:
        return False, None
    raise CellError("phải là có/không (true/false, 1/0, x)")


def _date_warning(value: dt.date) -> str:
    return f"ô ngày tháng của Excel ({value.isoformat()}), đã đọc thành tháng"


def _parse_month(raw: object) -> tuple[int | None, str | None]:
    if isinstance(raw, dt.datetime | dt.date):
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        return parse_month(day), _date_warning(day)
    if isinstance(raw, bool | int | float):
        raise CellError("phải là tháng dạng YYYY-MM")
    text = clean(str(raw))
    if not text:
        return None, None
    try:
        if _MONTH_RE.match(text):
            return parse_month(text), None
        dated = _DAY_RE.match(text)
        if dated:
            value = parse_month(f"{dated.group(1)}-{dated.group(2)}-{dated.group(3)}")
            return value, f"có cả ngày '{text}', chỉ lấy tháng"
        slash = _SLASH_MONTH_RE.match(text)
        if slash:
            value = parse_month(f"{slash.group(2)}-{slash.group(1)}")
            return value, f"tháng viết dạng MM/YYYY '{text}', đã đọc thành YYYY-MM"
    except ValueError:
        pass
    raise CellError("phải là tháng dạng YYYY-MM (năm 1900–2299)")


def _parse_birth(raw: object) -> tuple[int | None, str | None]:
    if isinstance(raw, dt.datetime | dt.date):
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        return parse_month(day), f"ô ngày tháng của Excel ({day.isoformat()}), đã đọc"
    if isinstance(raw, bool):
        raise CellError("phải là ngày sinh dạng YYYY-MM-DD, YYYY-MM hoặc YYYY")
    if isinstance(raw, int | float):
        if float(raw).is_integer() and 1900 <= raw < 2300:
            return month_index(int(raw), 1), None
        raise CellError("phải là ngày sinh dạng YYYY-MM-DD, YYYY-MM hoặc YYYY")
    text = clean(str(raw))
    if not text:
        return None, None
    try:
        if _YEAR_RE.match(text) or _MONTH_RE.match(text):
            return parse_birth(text), None
        dated = _DAY_RE.match(text)
        if dated:
            value = parse_month(f"{dated.group(1)}-{dated.group(2)}-{dated.group(3)}")
            return value, (None if len(text) <= 10 else f"ngày sinh có cả giờ '{text}', chỉ lấy ngày")
    except ValueError:
        pass
    raise CellError("phải là ngày sinh dạng YYYY-MM-DD, YYYY-MM hoặc YYYY (năm 1900–2299)")


def _scale_error(scale: type[Scale], text: str) -> CellError:
    allowed = ", ".join(f"{m.code} ({m.label_vi})" for m in scale)
    return CellError(f"'{text}' không phải một trong: {allowed}")


def _parse_scale(scale: type[Scale], raw: object) -> tuple[Scale | None, str | None]:
    text, nfd = _nfc(cell_text(raw))
    if not text:
        return None, None
    found = scale.aliases().get(key(text))
    if found is None:
        raise _scale_error(scale, text)
    return found, nfd


def _parse_list(raw: object) -> tuple[tuple[str, ...] | None, str | None]:
    text = cell_text(raw)
    nfd = None if unicodedata.is_normalized("NFC", text) else "chữ tiếng Việt dạng tổ hợp (NFD), đã chuẩn hoá về NFC"
    items = tuple(i for i in (clean(p) for p in text.replace("\u200b", "").split(";")) if i)
    return (items or None), nfd


def _parse_levels(scale: type[Scale], raw: object) -> tuple[tuple[Scale, ...] | None, str | None]:
    items, nfd = _parse_list(raw)
    if not items:
        return None, None
    table = scale.aliases()
    values = []
    for item in items:
        found = table.get(key(item))
        if found is None:
            raise _scale_error(scale, item)
        if found not in values:
            values.append(found)
    return tuple(values), nfd


def parse_cell(column: Column, raw: object, typed: bool = False) -> tuple[Any, str | None]:
    """Read `raw` as a value of `column` (None when blank). Raises CellError with a Vietnamese reason."""
    if is_blank(raw):
        return None, None
    kind = column.kind
    if kind == "id":
        return _parse_id(raw)
    if kind == "text":
        return _parse_text(raw)
    if kind == "int":
        return _parse_int(column, raw, typed)
    if kind == "float":
        return _parse_float(raw)
    if kind == "bool":
        return _parse_bool(raw)
    if kind == "month":
        return _parse_month(raw)
    if kind == "birth":
        return _parse_birth(raw)
    if kind == "list":
        return _parse_list(raw)
    if kind == "scale":
        if column.scale is None:  # pragma: no cover - a schema mistake, not bad input
            raise TypeError(f"column {column.name} has kind scale but no scale")
        return _parse_scale(column.scale, raw)
    if kind == "levels":
        return _parse_levels(column.scale or Level, raw)
    raise TypeError(f"unknown column kind {kind!r}")  # pragma: no cover


def default_value(column: Column) -> Any:
    """The value an empty cell of `column` takes (None when the column has no default)."""
    if not column.default:
        return None
    value, _ = parse_cell(column, column.default)
    return value
