"""Output of the `novum` and `novum-manage` commands: tables by default, JSON for scripts."""

import json
import sys
from collections.abc import Iterable, Sequence

import prettytable


def _cell(value) -> str:
    if value is None:
        return '-'
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value)


def print_list(rows: Iterable[dict], columns: Sequence[str], fmt: str = 'table',
               labels: Sequence[str] | None = None, sortby: str | None = None,
               out=None) -> None:
    """Print `rows` (dicts) as a table with `columns`, or as a JSON list of objects
    keyed by the column labels."""
    out = out or sys.stdout
    labels = list(labels or columns)
    rows = list(rows)
    if fmt == 'json':
        json.dump([{label: row.get(column) for column, label in zip(columns, labels,
                                                                    strict=True)}
                   for row in rows], out, indent=2, sort_keys=False, default=str)
        out.write('\n')
        return
    table = prettytable.PrettyTable(labels)
    table.align = 'l'
    for row in rows:
        table.add_row([_cell(row.get(column)) for column in columns])
    if sortby is not None and rows:
        table.sortby = sortby
    out.write(table.get_string() + '\n')


def print_dict(data: dict, fmt: str = 'table', out=None) -> None:
    """Print one resource as a Property/Value table, or as a JSON object."""
    out = out or sys.stdout
    if fmt == 'json':
        json.dump(data, out, indent=2, sort_keys=True, default=str)
        out.write('\n')
        return
    table = prettytable.PrettyTable(['Property', 'Value'])
    table.align = 'l'
    for key in sorted(data):
        table.add_row([key, _cell(data[key])])
    out.write(table.get_string() + '\n')
