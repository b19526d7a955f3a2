"""Summarise a Tempest subunit stream: pass/fail/skip per test module, and the failures.

Runs with the Tempest venv's Python (it has python-subunit and testtools):
summarize.py RESULTS.subunit [FAILURES.txt]
"""

import collections
import re
import sys

import subunit
import testtools

PREFIX = 'tempest.api.compute.'


def _module(test_id: str) -> str:
    name = re.sub(r'\[.*\]$', '', test_id)
    if name.startswith(PREFIX):
        name = name[len(PREFIX):]
    return '.'.join(name.split('.')[:-2]) or name


def main(path: str, failures_path: str | None = None) -> None:
    results = []
    with open(path, 'rb') as stream:
        case = subunit.ByteStreamToStreamResult(stream, non_subunit_name='stdout')
        collector = testtools.StreamToDict(results.append)
        collector.startTestRun()
        case.run(collector)
        collector.stopTestRun()
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    failures = []
    for result in results:
        test_id, status = result['id'], result['status']
        if test_id.startswith('setUpClass') or test_id.startswith('tearDownClass'):
            module = re.sub(r'^\w+ \((.*)\)$', r'\1', test_id)
            module = _module(module + '.x.y')
        else:
            module = _module(test_id)
        status = {'success': 'pass', 'xfail': 'pass', 'fail': 'fail', 'uxsuccess': 'fail',
                  'skip': 'skip'}.get(status, status)
        counts[module][status] += 1
        if status == 'fail':
            detail = result['details'].get('traceback')
            text = detail.as_text() if detail is not None else ''
            failures.append((test_id, text))
    total = collections.Counter()
    print(f'{"module":60} {"pass":>5} {"fail":>5} {"skip":>5}')
    for module in sorted(counts):
        c = counts[module]
        total.update(c)
        print(f'{module:60} {c["pass"]:5} {c["fail"]:5} {c["skip"]:5}')
    print(f'{"TOTAL":60} {total["pass"]:5} {total["fail"]:5} {total["skip"]:5}')
    for test_id, _text in failures:
        print('FAILED', test_id)
    if failures_path:
        with open(failures_path, 'w') as f:
            for test_id, text in failures:
                f.write(f'==== {test_id}\n{text}\n')


if __name__ == '__main__':
    main(*sys.argv[1:])
