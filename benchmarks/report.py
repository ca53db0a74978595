# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Turn the benchmark's raw results into the table and the JSON file ``tools/bench`` writes.

Usage: ``python benchmarks/report.py RAW_JSON OUTPUT_JSON`` (``-`` writes no file; the
table goes to the standard output either way). Runs without Odoo: it adds the
targets, the bundled portal's figures and a description of the machine to the raw rows.
"""

import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone

# key: (target queries, bundled queries, bundled median ms), from the targets table.
# The bundled figures were measured on another machine: compare times only within one run.
TARGETS = {
    "my_home": (12, 16, 15),
    "my_counters": (2, 2, 5),
    "my_account_get": (8, 10, 49),
    "my_account_post": (9, 11, 50),
    "my_security": (8, 9, 16),
    "document_page": (None, None, None),
    "chatter_init": (12, 15, 33),
    "chatter_fetch": (12, 16, 50),
    "chatter_post": (18, 21, 59),
    "access_fields": (1, 1, 14),
    "ensure_tokens": (None, None, None),
    "share_50": (1000, 1934, 2213),
    "grant_200": (20000, 25808, 97824),
    "grant_200_batched": (None, None, None),
}
COLUMNS = (
    "hot path",
    "queries",
    "median ms",
    "target queries",
    "bundled queries",
    "bundled ms",
    "status",
)
# Columns holding figures, right-aligned in the table.
NUMERIC = {1, 2, 3, 4, 5}


def _read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return ""


def machine_info(raw):
    """Describe the machine and the software the benchmark ran on."""
    cpuinfo = _read("/proc/cpuinfo")
    models = [
        line.split(":", 1)[1].strip()
        for line in cpuinfo.splitlines()
        if line.startswith("model name")
    ]
    meminfo = _read("/proc/meminfo")
    ram_gib = None
    for line in meminfo.splitlines():
        if line.startswith("MemTotal:"):
            ram_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        commit = subprocess.run(
            ["git", "-C", repo, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {
        "cpu_model": models[0] if models else platform.processor() or None,
        "cpu_count": len(models) or os.cpu_count(),
        "ram_gib": ram_gib,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": raw.get("postgresql"),
        "odoo": raw.get("odoo"),
        "commit": commit,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def build_rows(raw):
    """Add the targets, the bundled figures and a status to each measured row."""
    rows = []
    for row in raw["rows"]:
        target, bundled_queries, bundled_ms = TARGETS.get(row["key"], (None, None, None))
        if target is None:
            status = "no target"
        else:
            status = "ok" if row["queries"] <= target else "over target"
        rows.append(
            dict(
                row,
                target_queries=target,
                bundled_queries=bundled_queries,
                bundled_ms=bundled_ms,
                status=status,
            )
        )
    return rows


def _cell(value):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def format_table(rows):
    """Return the rows as a Markdown table, aligned for reading in a terminal."""
    lines = [
        [
            row["label"],
            row["queries"],
            row["median_ms"],
            row["target_queries"],
            row["bundled_queries"],
            row["bundled_ms"],
            row["status"],
        ]
        for row in rows
    ]
    cells = [list(COLUMNS)] + [[_cell(value) for value in line] for line in lines]
    widths = [max(len(line[column]) for line in cells) for column in range(len(COLUMNS))]

    def render(line):
        padded = [
            value.rjust(widths[column]) if column in NUMERIC else value.ljust(widths[column])
            for column, value in enumerate(line)
        ]
        return "| " + " | ".join(padded) + " |"

    separator = [
        "-" * (widths[column] - 1) + ":" if column in NUMERIC else "-" * widths[column]
        for column in range(len(COLUMNS))
    ]
    return "\n".join(
        [render(cells[0]), "| " + " | ".join(separator) + " |"]
        + [render(line) for line in cells[1:]]
    )


def format_machine(machine, raw):
    """One paragraph saying where and how the table was measured."""
    return (
        f"Measured {machine['date']} on {machine['cpu_count']} × {machine['cpu_model']}, "
        f"{machine['ram_gib']} GiB RAM, {machine['os']}; Python {machine['python']}, "
        f"PostgreSQL {machine['postgresql']}, Odoo {machine['odoo']}, commit "
        f"{machine['commit'] or 'unknown'}. Queries: fewest of the runs; times: median of "
        f"{raw['runs']} runs ({raw['share_runs']} for the share, {raw['heavy_runs']} for "
        f"each grant), after one warm-up run."
    )


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: report.py RAW_JSON OUTPUT_JSON\n")
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        raw = json.load(handle)
    machine = machine_info(raw)
    rows = build_rows(raw)
    result = {
        "machine": machine,
        "runs": raw["runs"],
        "share_runs": raw["share_runs"],
        "heavy_runs": raw["heavy_runs"],
        "dataset": raw["dataset"],
        "setup_seconds": raw["setup_seconds"],
        "rows": rows,
    }
    output = argv[2]
    if output != "-":
        os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
        with open(output, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
    sys.stdout.write(format_table(rows) + "\n\n" + format_machine(machine, raw) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
