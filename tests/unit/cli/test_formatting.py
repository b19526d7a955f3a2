"""Tables and JSON output of the CLIs."""

import io
import json

from novum.cli import formatting


def test_table_shows_dash_for_none_and_json_for_dicts():
    out = io.StringIO()
    formatting.print_list([{'id': 'a', 'meta': {'k': 'v'}, 'host': None}],
                          ('id', 'meta', 'host'), labels=('ID', 'Meta', 'Host'), out=out)
    lines = out.getvalue().splitlines()
    assert lines[1].split('|')[1:4] == [' ID ', ' Meta       ', ' Host ']
    assert lines[3].split('|')[1:4] == [' a  ', ' {"k": "v"} ', ' -    ']


def test_json_list_uses_labels_and_keeps_types():
    out = io.StringIO()
    formatting.print_list([{'id': 'a', 'ram': 512, 'public': True}], ('id', 'ram', 'public'),
                          fmt='json', labels=('ID', 'RAM', 'Public'), out=out)
    assert json.loads(out.getvalue()) == [{'ID': 'a', 'RAM': 512, 'Public': True}]


def test_dict_table_is_sorted_by_property():
    out = io.StringIO()
    formatting.print_dict({'status': 'ACTIVE', 'id': 'x'}, out=out)
    rows = [line for line in out.getvalue().splitlines() if line.startswith('| ')][1:]
    assert [row.split('|')[1].strip() for row in rows] == ['id', 'status']
