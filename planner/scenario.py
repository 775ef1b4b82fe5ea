"""A scenario file → one validated, immutable `Problem` (DESIGN §3 and "Exact readings").

Steps, each collecting every problem it finds rather than stopping at the first:

1. read the YAML chain (`extends`, base first) with a safe loader, refusing alias bombs and cycles; merge it (maps
   deeply, lists replace, `patches` accumulate base-first); every path relative to the file that writes it and
   inside the workspace (the parent of the folder of the scenario given); check it against `ScenarioSpec`;
2. read every table (planner.io.tables) as raw rows;
3. apply the patches to the raw rows, in order;
4. parse the cells, then fill defaults from the final policy (open_to ← open_from, months, source levels);
5. run the validators (planner.validation); build the models; add the lock checks of planner.locks if present.

`load_problem` raises `InputError` with every error (and the warnings) or returns the problem and its warnings.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from models.domain import Cadre, Lock, Ongoing, Post, Seat, Unit
from models.policy import DataPaths, Horizon, Objective, Policy, QualityWeights, ScenarioSpec, SolverSettings
from models.problem import Problem
from models.scales import Gender, Level
from models.text import key
from planner.errors import InputError, Issue
from planner.io.cells import CellError, cell_text, parse_cell
from planner.io.columns import TABLES
from planner.io.tables import RawTable, Row, Workbooks, is_file, parse_rows, read_raw_table, split_sheet
from planner.validation import Context, problem_warnings, validate_rows

MAX_ALIASES = 20  # YAML `*alias` uses allowed in one scenario file
MAX_NODES = 20_000  # YAML nodes after expanding aliases
MAX_EXTENDS_DEPTH = 16
OUTSIDE = "đường dẫn ra ngoài thư mục kịch bản"
MODELS = {Unit: "units", Cadre: "cadres", Post: "posts", Seat: "seats", Lock: "locks", Ongoing: "ongoing"}
MODEL_OF = {v: k for k, v in MODELS.items()}
SECTIONS: dict[str, type[BaseModel]] = {"horizon": Horizon, "data": DataPaths, "policy": Policy,
                                        "objective": Objective, "solver": SolverSettings}


@dataclass(frozen=True)
class LoadedProblem:
    problem: Problem
    warnings: list[Issue] = field(default_factory=list)


@dataclass
class DataRef:
    """A table's data path: the file (resolved), the sheet named after `#`, and the path as shown to users."""

    path: Path
    sheet: str | None
    shown: str


@dataclass
class ResolvedScenario:
    """A scenario after `extends`: the checked spec, where each table lives, and provenance."""

    spec: ScenarioSpec
    workspace: Path
    files: list[Path]  # the YAML chain, base first
    data: dict[str, DataRef]
    patch_files: list[str]  # the YAML file (as shown) each patch comes from


# --- YAML ----------------------------------------------------------------------------------------------------

def _node_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    """Number of nodes once aliases are expanded (shared nodes counted each time they are used)."""
    if id(node) in memo:
        return memo[id(node)]
    if depth > 200:
        return MAX_NODES + 1
    memo[id(node)] = MAX_NODES + 1  # a node reached again while being sized is recursive: too big
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_node_size(n, memo, depth + 1) for n in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_node_size(k, memo, depth + 1) + _node_size(v, memo, depth + 1) for k, v in node.value)
    size = min(size, MAX_NODES + 1)
    memo[id(node)] = size
    return size


def read_yaml(path: Path, shown: str, issues: list[Issue]) -> dict[str, Any] | None:
    """Safely read one scenario file as a mapping; None (with errors) when it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        issues.append(Issue(f"không đọc được tệp kịch bản: {exc.strerror or exc}", shown))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        issues.append(Issue("tệp kịch bản không phải mã hoá UTF-8", shown))
        return None
    try:
        aliases = sum(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, Loader=yaml.SafeLoader))
        if aliases > MAX_ALIASES:
            issues.append(Issue(f"tệp kịch bản dùng {aliases} bí danh YAML (*alias), quá mức cho phép "
                                f"({MAX_ALIASES}); hãy viết giá trị trực tiếp", shown))
            return None
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None and _node_size(node, {}) > MAX_NODES:
            issues.append(Issue("tệp kịch bản quá lớn khi mở rộng bí danh YAML (&anchor/*alias, kiểu \"YAML bomb\"); "
                                "hãy viết giá trị trực tiếp", shown))
            return None
        loaded = yaml.safe_load(text)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        issues.append(Issue(f"tệp kịch bản dùng thẻ YAML không được phép ({exc.problem}); chỉ dùng giá trị thường",
                            shown, row=(mark.line + 1) if mark is not None else None))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        issues.append(Issue(f"tệp kịch bản sai cú pháp YAML: {problem}", shown,
                            row=(mark.line + 1) if mark is not None else None))
        return None
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:  # PyYAML on a value its tag cannot read
        issues.append(Issue("tệp kịch bản có giá trị không đọc được theo thẻ YAML ghi kèm (!!int, !!float, "
                            f"!!timestamp…): {type(exc).__name__}; hãy bỏ thẻ và viết giá trị thường", shown))
        return None
    except RecursionError:
        issues.append(Issue("tệp kịch bản lồng nhau quá sâu", shown))
        return None
    if loaded is None:
        issues.append(Issue("tệp kịch bản rỗng", shown))
        return None
    if not isinstance(loaded, dict):
        issues.append(Issue("tệp kịch bản phải là một bảng khoá: giá trị (mapping) ở cấp ngoài cùng", shown))
        return None
    return loaded


# --- paths ---------------------------------------------------------------------------------------------------

def _shown(path: Path, workspace: Path) -> str:
    try:
        return path.relative_to(workspace).as_posix()
    except ValueError:
        return str(path)


def _inside(text: str, base: Path, workspace: Path, shown_from: str, column: str,
            issues: list[Issue]) -> Path | None:
    """Resolve `text` relative to `base`; None (with an error) when it leaves the workspace."""
    candidate = Path(text)
    with contextlib.suppress(RuntimeError):  # `~name` where no user has that name: an ordinary relative name
        candidate = candidate.expanduser()
    try:
        resolved = (candidate if candidate.is_absolute() else base / candidate).resolve()
    except (OSError, ValueError, RuntimeError):  # a NUL character, a name refused by the file system, a symlink loop
        issues.append(Issue("đường dẫn không hợp lệ", shown_from, column=column, value=repr(text)))
        return None
    if not resolved.is_relative_to(workspace):
        issues.append(Issue(f"{OUTSIDE} ({workspace})", shown_from, column=column, value=text))
        return None
    return resolved


# --- extends -------------------------------------------------------------------------------------------------

@dataclass
class _Chain:
    workspace: Path
    issues: list[Issue]
    files: list[Path] = field(default_factory=list)
    origins: dict[tuple, str] = field(default_factory=dict)  # YAML key path -> file that wrote it last
    patch_files: list[str] = field(default_factory=list)


def _mark(origins: dict[tuple, str], prefix: tuple, value: Any, shown: str) -> None:
    origins[prefix] = shown
    if isinstance(value, dict):
        for k, v in value.items():
            _mark(origins, (*prefix, k), v, shown)


def deep_merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Maps merge deeply, everything else (lists included) replaces; top-level `patches` accumulate base-first."""
    out = dict(base)
    for k, v in child.items():
        old = out.get(k)
        if isinstance(v, dict) and isinstance(old, dict):
            out[k] = deep_merge(old, v)
        else:
            out[k] = v
    return out


def _merge_scenario(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = deep_merge({k: v for k, v in base.items() if k != "patches"},
                       {k: v for k, v in child.items() if k != "patches"})
    patches = list(_as_list(base.get("patches"))) + list(_as_list(child.get("patches")))
    if patches or "patches" in base or "patches" in child:
        merged["patches"] = patches
    return merged


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _load_chain(path: Path, seen: list[Path], chain: _Chain) -> dict[str, Any] | None:
    shown = _shown(path, chain.workspace)
    if path in seen:
        names = " → ".join(_shown(p, chain.workspace) for p in (*seen, path))
        chain.issues.append(Issue(f"vòng lặp 'extends': {names}", _shown(seen[-1], chain.workspace),
                                  column="extends"))
        return None
    if len(seen) >= MAX_EXTENDS_DEPTH:
        chain.issues.append(Issue(f"chuỗi 'extends' quá dài (tối đa {MAX_EXTENDS_DEPTH} tệp)", shown, column="extends"))
        return None
    if not is_file(path):
        where = _shown(seen[-1], chain.workspace) if seen else None
        chain.issues.append(Issue(f"không tìm thấy tệp kịch bản '{shown}'", where or shown,
                                  column="extends" if seen else None))
        return None
    raw = read_yaml(path, shown, chain.issues)
    if raw is None:
        return None
    raw = dict(raw)
    extends = raw.pop("extends", None)
    data = raw.get("data")
    if isinstance(data, dict):
        raw["data"] = {t: _rebase(v, path.parent, shown, f"data.{t}", chain) for t, v in data.items()}
    base: dict[str, Any] = {}
    if extends is not None:
        if not isinstance(extends, str) or not extends.strip():
            chain.issues.append(Issue("'extends' phải là đường dẫn tới một tệp kịch bản", shown, column="extends",
                                      value=str(extends)))
            return None
        target = _inside(extends.strip(), path.parent, chain.workspace, shown, "extends", chain.issues)
        if target is None:
            return None
        loaded = _load_chain(target, [*seen, path], chain)
        if loaded is None:
            return None
        base = loaded
    chain.files.append(path)
    offset = len(_as_list(base.get("patches")))
    _mark(chain.origins, (), {k: v for k, v in raw.items() if k != "patches"}, shown)
    for i in range(len(_as_list(raw.get("patches")))):
        chain.origins[("patches", offset + i)] = shown
        chain.patch_files.append(shown)
    if "patches" in raw:
        chain.origins[("patches",)] = shown
    return _merge_scenario(base, raw)


def _rebase(value: Any, base: Path, shown: str, column: str, chain: _Chain) -> Any:
    """A data path made absolute (keeping `#Sheet`), or the value itself when it is not a path (pydantic says why)."""
    if not isinstance(value, str) or not value.strip():
        return value
    text, sheet = split_sheet(value.strip())
    resolved = _inside(text, base, chain.workspace, shown, column, chain.issues)
    if resolved is None:
        return _Refused(value)
    return str(resolved) + (f"#{sheet}" if sheet else "")


class _Refused(str):
    """A data path already refused (outside the workspace): kept so the spec still validates, never read."""


# --- spec errors ---------------------------------------------------------------------------------------------

def _allowed_keys(loc: tuple) -> str:
    model: type[BaseModel] | None = ScenarioSpec if len(loc) == 1 else SECTIONS.get(str(loc[0]))
    if len(loc) == 3 and loc[:2] == ("objective", "weights"):
        model = QualityWeights
    if model is None or len(loc) > 3:
        return ""
    return "; các khoá được phép: " + ", ".join(model.model_fields)


_PYDANTIC_VI = {
    "missing": "thiếu khoá bắt buộc",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là true/false",
    "string_type": "phải là chuỗi ký tự",
    "dict_type": "phải là một bảng khoá: giá trị",
    "model_type": "phải là một bảng khoá: giá trị",
    "tuple_type": "phải là một danh sách",
    "list_type": "phải là một danh sách",
    "literal_error": "giá trị không hợp lệ",
    "greater_than_equal": "quá nhỏ",
    "greater_than": "quá nhỏ",
    "less_than_equal": "quá lớn",
    "less_than": "quá lớn",
    "too_short": "không được để trống",
}


def pydantic_issues(exc: ValidationError, origins: dict[tuple, str], default_file: str | None) -> list[Issue]:
    """Pydantic errors as Issues: the YAML key path as the column, the file that wrote it as the file."""
    issues = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        shown = default_file
        for n in range(len(loc), -1, -1):
            if loc[:n] in origins:
                shown = origins[loc[:n]]
                break
        path = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
        kind = err["type"]
        if kind == "extra_forbidden":
            reason = f"khoá '{loc[-1]}' không hợp lệ (gõ nhầm?){_allowed_keys(loc)}"
        else:
            base = _PYDANTIC_VI.get(kind, "giá trị không hợp lệ")
            ctx = err.get("ctx") or {}
            detail = ctx.get("error") or ctx.get("expected") or ctx.get("ge") or ctx.get("le") or ctx.get("gt")
            reason = f"{base} ({detail})" if detail not in (None, "") and kind != "missing" else base
            if kind in ("greater_than_equal", "greater_than"):
                reason = f"phải ≥ {ctx.get('ge', ctx.get('gt'))}"
            if kind in ("less_than_equal", "less_than"):
                reason = f"phải ≤ {ctx.get('le', ctx.get('lt'))}"
        value = err.get("input")
        text = None if isinstance(value, dict | list) or kind == "missing" else cell_text(value)
        issues.append(Issue(reason, shown, column=path, value=text, rule="scenario"))
    return issues


def resolve_scenario(path: str | Path, issues: list[Issue]) -> ResolvedScenario | None:
    """Read and merge the scenario chain; errors go to `issues`; None when it cannot be used."""
    given = Path(path)
    if not is_file(given):
        issues.append(Issue("không tìm thấy tệp kịch bản", str(path)))
        return None
    top = given.resolve()
    workspace = top.parent.parent
    chain = _Chain(workspace, issues)
    merged = _load_chain(top, [], chain)
    if merged is None:
        return None
    top_shown = _shown(top, workspace)
    try:
        spec = ScenarioSpec.model_validate(merged)
    except ValidationError as exc:
        issues += pydantic_issues(exc, chain.origins, top_shown)
        fallback = _without_faulty_keys(merged, exc)
        if fallback is None:
            return None
        spec = fallback  # errors already recorded: the tables are still read so that every error is listed at once
    data: dict[str, DataRef] = {}
    refused = False
    for table in TABLES:
        value = getattr(spec.data, table)
        if value is None:
            continue
        if isinstance(merged["data"].get(table), _Refused):
            refused = True
            continue
        text, sheet = split_sheet(value)
        file = Path(text)
        data[table] = DataRef(file, sheet, _shown(file, workspace))
    if refused:
        return None
    return ResolvedScenario(spec, workspace, chain.files, data, chain.patch_files)


def _drop_at(data: Any, loc: tuple) -> bool:
    """Remove the key or list item at `loc` from nested dicts/lists; False when there is nothing to remove."""
    def holds(container: Any, part: Any) -> bool:
        if isinstance(container, dict):
            return part in container
        return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)

    if not loc:
        return False
    for part in loc[:-1]:
        if not holds(data, part):
            return False
        data = data[part]
    if not holds(data, loc[-1]):
        return False
    del data[loc[-1]]
    return True


def _without_faulty_keys(merged: dict[str, Any], exc: ValidationError) -> ScenarioSpec | None:
    """The spec with each faulty key (a typo, a bad value) left out so defaults apply — used only to go on checking
    the tables after the spec errors are recorded; None when that cannot give a spec (e.g. a required key)."""
    data = copy.deepcopy(merged)
    for _ in range(4):
        locs = sorted({tuple(e["loc"]) for e in exc.errors()}, key=lambda loc: [str(p) for p in loc], reverse=True)
        dropped = False
        for loc in locs:
            # A missing key cannot be dropped: drop what holds it, unless that is the scenario itself.
            dropped |= _drop_at(data, loc) or (len(loc) > 1 and _drop_at(data, loc[:-1]))
        if not dropped:
            return None
        try:
            return ScenarioSpec.model_validate(data)
        except ValidationError as again:
            exc = again
    return None


# --- patches -------------------------------------------------------------------------------------------------

def _yaml_cell(value: Any) -> Any:
    """A YAML scalar as a raw cell: lists joined by `;`, dates as ISO text."""
    if isinstance(value, list | tuple):
        return ";".join(cell_text(_yaml_cell(v)) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return key(value)
    if isinstance(value, tuple):
        return tuple(key(v) if isinstance(v, str) else v for v in value)
    return value


def _comparable(column: Any, raw: Any, typed: bool) -> Any:
    """The value a cell or a `where` value is compared by: parsed when it parses, else its text key."""
    if raw is None:
        return None
    try:
        value, _ = parse_cell(column, raw, typed)
    except CellError:
        return ("text", key(cell_text(raw)))
    return _norm(value)


def apply_patches(resolved: ResolvedScenario, raws: dict[str, RawTable | None], issues: list[Issue]) -> None:
    """Apply every patch, in order, to the raw rows (DESIGN §3); a patch matching no row is an error."""
    for i, patch in enumerate(resolved.spec.patches):
        shown = resolved.patch_files[i] if i < len(resolved.patch_files) else None
        where_col = f"patches[{i}]"
        table = TABLES[patch.table]
        names = {c.name for c in table.columns}
        bad = False
        for part, mapping in (("where", patch.where), ("set", patch.set or {})):
            for column in mapping:
                if column not in names:
                    issues.append(Issue(f"bảng '{patch.table}' không có cột '{column}'", shown,
                                        column=f"{where_col}.{part}.{column}", rule="patch"))
                    bad = True
        if (patch.set is None) == (not patch.drop):
            issues.append(Issue("mỗi patch cần đúng một trong hai: 'set' hoặc 'drop: true'", shown, column=where_col,
                                rule="patch"))
            bad = True
        sets = {c: _yaml_cell(v) for c, v in (patch.set or {}).items()}
        for column, value in sets.items():
            if column in names and value is not None:
                try:
                    parse_cell(table.column(column), value)
                except CellError as exc:
                    issues.append(Issue(str(exc), shown, column=f"{where_col}.set.{column}", value=cell_text(value),
                                        rule="patch"))
                    bad = True
        if bad:
            continue
        if patch.table not in resolved.data:
            issues.append(Issue(f"patch sửa bảng '{patch.table}' nhưng kịch bản không có bảng này", shown,
                                column=f"{where_col}.table", rule="patch"))
            continue
        raw = raws.get(patch.table)
        if raw is None:
            continue  # unreadable: already reported
        wanted = {}
        for column, value in patch.where.items():
            options = value if isinstance(value, list) else [value]
            wanted[column] = {_comparable(table.column(column), _yaml_cell(v), False) for v in options}
        hits = [r for r in raw.rows
                if all(_comparable(table.column(c), r.cells.get(c), raw.typed) in ok for c, ok in wanted.items())]
        if not hits:
            shown_where = ", ".join(f"{c}: {cell_text(_yaml_cell(v))}" for c, v in patch.where.items())
            issues.append(Issue(f"patch không khớp dòng nào của bảng '{patch.table}'", shown,
                                column=f"{where_col}.where", value=shown_where, rule="patch"))
            continue
        if patch.drop:
            dropped = {id(r) for r in hits}
            raw.rows = [r for r in raw.rows if id(r) not in dropped]
            continue
        for column in sets:
            if column not in raw.columns:
                raw.columns.append(column)
        for r in hits:
            for column, value in sets.items():
                if value is None:
                    r.cells.pop(column, None)
                else:
                    r.cells[column] = value


# --- defaults and models -------------------------------------------------------------------------------------

def fill_policy_defaults(rows: dict[str, list[Row] | None], policy: Policy) -> None:
    """open_to ← open_from, post months ← policy.rotation_months, source_levels ← the policy's."""
    for table, levels in (("posts", policy.rotation_source_levels), ("seats", policy.secondment_source_levels)):
        for row in rows.get(table) or []:
            values = row.values
            if "open_to" not in values and "open_to" not in row.bad and "open_from" in values:
                values["open_to"] = values["open_from"]
                row.defaulted.add("open_to")
            if "source_levels" not in values and "source_levels" not in row.bad:
                values["source_levels"] = tuple(levels)
                row.defaulted.add("source_levels")
            if table == "posts" and "months" not in values and "months" not in row.bad:
                values["months"] = policy.rotation_months
                row.defaulted.add("months")


def _build(table: str, rows: list[Row], issues: list[Issue]) -> list[Any]:
    model = MODEL_OF[table]
    out = []
    for row in rows:
        try:
            out.append(model(ref=row.ref, **row.values))
        except ValidationError as exc:
            for err in exc.errors():
                column = str(err["loc"][0]) if err["loc"] else None
                issues.append(Issue(f"giá trị không hợp lệ: {err['msg']}", row.ref.file, row.ref.sheet, row.ref.row,
                                    column, cell_text(err.get("input")) if column else None))
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _resolved_dict(resolved: ResolvedScenario) -> dict[str, object]:
    data = resolved.spec.model_dump(mode="json")
    for table, ref in resolved.data.items():
        data["data"][table] = ref.shown + (f"#{ref.sheet}" if ref.sheet else "")
    return data


def _raise_if_errors(issues: list[Issue]) -> None:
    if any(i.severity == "error" for i in issues):
        raise InputError(issues)


def load_raw_tables(resolved: ResolvedScenario, issues: list[Issue]) -> dict[str, RawTable | None]:
    """Read every table the scenario names (None for a table that could not be read)."""
    books = Workbooks()
    raws: dict[str, RawTable | None] = {}
    try:
        for name, ref in resolved.data.items():
            raws[name] = read_raw_table(TABLES[name], ref.path, ref.shown, ref.sheet, books, issues)
    finally:
        books.close()
    return raws


def load_tables(path: str | Path) -> tuple[ResolvedScenario, dict[str, list[Row]], list[Issue]]:
    """Scenario → parsed, patched, defaulted rows of every table, validated; raises InputError on any error.

    For callers that need the rows (with their RowRefs) rather than the models.
    """
    issues: list[Issue] = []
    resolved = resolve_scenario(path, issues)
    if resolved is None:
        raise InputError(issues or [Issue("không đọc được kịch bản", str(path))])
    raws = load_raw_tables(resolved, issues)
    apply_patches(resolved, raws, issues)
    rows: dict[str, list[Row] | None] = {}
    for name in TABLES:
        if name not in resolved.data:
            rows[name] = []
            continue
        raw = raws.get(name)
        rows[name] = parse_rows(raw, issues) if raw is not None else None
    fill_policy_defaults(rows, resolved.spec.policy)
    spec = resolved.spec
    issues += validate_rows(Context(rows, spec.horizon.start, spec.horizon.months, spec.policy))
    if any(i.severity == "error" for i in issues):
        issues += _lock_issues_despite_errors(resolved, rows, issues)
    _raise_if_errors(issues)
    return resolved, {k: v or [] for k, v in rows.items()}, issues


def _lock_issues_despite_errors(resolved: ResolvedScenario, rows: dict[str, list[Row] | None],
                                issues: list[Issue]) -> list[Issue]:
    """Locks that break a rule by themselves, checked on the rows without errors when other rows have errors, so
    that one run lists every break (best effort: nothing when the remaining rows cannot make a problem)."""
    if not rows.get("locks") or importlib.util.find_spec("planner.locks") is None:
        return []
    faulty = {(i.file, i.sheet, i.row) for i in issues if i.severity == "error" and i.row is not None}
    spec = resolved.spec
    try:
        from planner import locks

        clean = {name: [r for r in rows.get(name) or []
                        if not r.bad and (r.ref.file, r.ref.sheet, r.ref.row) not in faulty] for name in TABLES}
        built = {name: _build(name, clean[name], []) for name in TABLES}
        problem = Problem(horizon_start=spec.horizon.start, horizon_months=spec.horizon.months,
                          units=tuple(built["units"]), cadres=tuple(built["cadres"]), posts=tuple(built["posts"]),
                          seats=tuple(built["seats"]), locks=tuple(built["locks"]), ongoing=tuple(built["ongoing"]),
                          policy=spec.policy)
        found = locks.lock_issues(problem)
    except Exception:  # the rows left cannot make a problem: the errors already listed come first
        return []
    return [i for i in found if i.severity == "error" and (i.file, i.sheet, i.row) not in faulty]


def load_problem(path: str | Path) -> LoadedProblem:
    """Read a scenario and everything it names into one validated Problem; raises InputError with every error."""
    resolved, rows, issues = load_tables(path)
    spec = resolved.spec
    built = {name: _build(name, rows[name], issues) for name in TABLES}
    _raise_if_errors(issues)
    hashes = {_shown(f, resolved.workspace): _sha256(f) for f in resolved.files}
    hashes.update({ref.shown: _sha256(ref.path) for ref in resolved.data.values()})
    problem = Problem(
        name=spec.name,
        description=spec.description,
        horizon_start=spec.horizon.start,
        horizon_months=spec.horizon.months,
        units=tuple(built["units"]),
        cadres=tuple(built["cadres"]),
        posts=tuple(built["posts"]),
        seats=tuple(built["seats"]),
        locks=tuple(built["locks"]),
        ongoing=tuple(built["ongoing"]),
        policy=spec.policy,
        objective=spec.objective,
        solver=spec.solver,
        input_hashes=dict(sorted(hashes.items())),
        resolved_scenario=_resolved_dict(resolved),
    )
    issues += problem_warnings(problem)
    if importlib.util.find_spec("planner.locks") is not None:
        from planner import locks

        issues += locks.lock_issues(problem)
    _raise_if_errors(issues)
    return LoadedProblem(problem, [i for i in issues if i.severity == "warning"])


# --- summary -------------------------------------------------------------------------------------------------

def summarize(problem: Problem) -> dict[str, Any]:
    """Plain counts for `planner validate`: rows per table, units by level, cadres by group at the horizon start."""
    start = problem.horizon_start
    young_age = problem.policy.young_age
    cadres = problem.cadres
    by_level = {level.code: 0 for level in Level}
    for unit in problem.units:
        by_level[unit.level.code] += 1
    return {
        "name": problem.name,
        "horizon": {"start": problem.horizon_start, "months": problem.horizon_months, "end": problem.horizon_end},
        "counts": {name: len(getattr(problem, name)) for name in TABLES},
        "units_by_level": {k: v for k, v in by_level.items() if v},
        "cadres_by_group": {
            "ethnic_minority": sum(c.ethnic_minority for c in cadres),
            "women": sum(c.gender is Gender.FEMALE for c in cadres),
            "young": sum(problem.age_years(c, start) < young_age for c in cadres),
            "succession_pool": sum(bool(c.planned_titles) for c in cadres),
        },
        "young_age": young_age,
    }
