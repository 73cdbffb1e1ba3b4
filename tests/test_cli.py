"""The `examrules` command line as a user runs it: help, JSON output, exit statuses and one-line errors."""
from conftest import REPO
import json

import pytest


def test_help_says_what_it_does(examrules):
    r = examrules('--help')
    assert r.returncode == 0
    assert 'round' in r.stdout and 'Exit status' in r.stdout
    r = examrules('round', '--help')
    assert r.returncode == 0 and 'final-grade rounding rule' in r.stdout and '--json' in r.stdout


def test_round_json(examrules):
    r = examrules('round', 'leiden_fgw_2023', '6.45', '6.44', '5,49', '5.45', '--json')
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    # Leiden FGW 2023 art. 4.9.5 and its footnote 3: 6.45 -> 6.5, 6.44 -> 6.4, 5.49 -> 5.0; 5.45 rounded once -> 5.0
    assert [g['result'] for g in got] == ['6.5', '6.4', '5.0', '5.0']
    assert [g['input'] for g in got] == ['6.45', '6.44', '5,49', '5.45']
    assert all(g['articles'] == ['Leiden FGW 2023 art. 4.9.5'] for g in got)


def test_round_ut_half_grades(examrules):
    r = examrules('round', 'ut_tom_2020', '5.49', '5.5', '6.24', '6.25', '6.75', '--json')
    # published reading: [4.75, 5.50) -> 5.0, [5.50, 6.25) -> 6.0, [6.25, 6.75) -> 6.5, [6.75, 7.25) -> 7.0
    assert [g['result'] for g in json.loads(r.stdout)] == ['5.0', '6.0', '6.0', '6.5', '7.0']


def test_round_sc_below_one(examrules):
    r = examrules('round', 'ut_sc_2013', '0.4', '4.5', '4.49', '--json')
    # 3.14.8: below 1 -> 1; half up: 4.5 -> 5, 4.49 -> 4
    assert [g['result'] for g in json.loads(r.stdout)] == ['1', '5', '4']


@pytest.mark.parametrize('args, message', [
    (('round', 'no_such_scenario', '6'), "unknown scenario 'no_such_scenario'"),
    (('round', 'ut_sc_2013', 'zes'), "'zes' is not a number"),
    (('round', 'ut_sc_2013', '10.5'), 'is outside'),
    (('round', 'ut_sc_2013', '--json'), 'the following arguments are required'),
    (('round', '/nonexistent/x.toml', '6'), 'scenario file /nonexistent/x.toml not found'),
    (('tables', 'nope'), "unknown scenario 'nope'"),
    (('bogus',), "invalid choice: 'bogus'"),
])
def test_bad_input_exits_2_with_one_line(examrules, args, message):
    r = examrules(*args)
    assert r.returncode == 2
    assert message in r.stderr
    assert r.stderr.count('\n') == 1 and 'Traceback' not in r.stderr
    assert r.stdout == ''


def test_bad_scenario_file_names_file_and_key(examrules, tmp_path):
    f = tmp_path / 'variant.toml'
    f.write_text('[scenario]\nextends = "ut_tom_2020"\n[rounding]\nstep = "half"\n')
    r = examrules('round', f, '6')
    assert r.returncode == 2
    assert str(f) in r.stderr and 'rounding.step' in r.stderr and 'expected a decimal' in r.stderr


def test_variant_scenario_changes_the_result(examrules, tmp_path):
    f = tmp_path / 'one_decimal.toml'
    f.write_text('[scenario]\nextends = "ut_sc_2013"\n[grades]\nfinal_scale = "one_decimal"\n[rounding]\nstep = "0.1"\n')
    r = examrules('round', f, '6.45', '--json')
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)[0]['result'] == '6.5'        # half up to one decimal instead of 6


def test_tables_prints_all_four(examrules):
    r = examrules('tables')
    assert r.returncode == 0
    for title in ['TOM 2.0', 'Leiden FGW', 'Systems & Control', 'Schakelzone']:
        assert title in r.stdout
    assert 'UT TOM 2020 rounding' in r.stdout and 'Leiden FGW 2023 art. 4.9.5' in r.stdout


def test_scenarios_lists_baselines(examrules):
    r = examrules('scenarios', '--json')
    names = {s['name'] for s in json.loads(r.stdout)}
    assert {'ut_tom_2020', 'leiden_fgw_2023', 'ou_schakelzone_2018', 'ut_sc_2013'} <= names


def test_unwritable_output_is_one_line_not_a_traceback(examrules, tmp_path):
    missing = tmp_path / 'no' / 'such'
    for args in (('cohort', 'ut_tom_2020', '--students', '3', '--out', tmp_path / 'file.txt' / 'x'),
                 ('gradelist', 'new', '--course', REPO / 'scenarios/examples/COURSE.toml', '--students',
                  REPO / 'scenarios/examples/STUDENTS.csv', '--out', missing / 'list.xlsx')):
        if args[0] == 'cohort': (tmp_path / 'file.txt').write_text('a file where a folder is expected')
        r = examrules(*args)
        assert r.returncode == 2 and 'Traceback' not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert str(tmp_path) in r.stderr
