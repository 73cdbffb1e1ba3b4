"""`examrules nearmiss` as an exam office runs it: a hand-made cohort worked out by hand, stable JSON, options, one-line errors."""
import json
from fractions import Fraction

import pytest

CATALOGUE = """course,name,ec,module,module_type,year,test,weight,minimum,scale,category
A,Unit A,15,M1,coherent,1,t1,1,,one_decimal,
A,Unit A,15,M1,coherent,1,t2,1,,one_decimal,
B,Unit B,15,M1,coherent,1,exam,1,,one_decimal,
C,Unit C,10,,none,1,exam,1,,one_decimal,
D,Unit D,5,,none,1,exam,1,,one_decimal,
"""
# all before the December moment; see nbs/18_nearmiss.ipynb for the same cohort worked out by hand
RESULTS = """student,course,test,occasion,date,result
g1,A,t1,1,2020-11-20,5.4
g1,A,t2,1,2020-11-20,5.5
g1,B,exam,1,2020-11-20,6.0
g1,C,exam,1,2020-11-20,6.0
g1,D,exam,1,2020-11-20,6.0
g2,A,t1,1,2020-11-20,6.0
g2,A,t2,1,2020-11-20,6.1
g2,B,exam,1,2020-11-20,4.6
g2,C,exam,1,2020-11-20,6.0
g2,D,exam,1,2020-11-20,6.0
g3,A,t1,1,2020-11-20,6.0
g3,A,t2,1,2020-11-20,6.0
g3,B,exam,1,2020-11-20,6.0
g3,C,exam,1,2020-11-20,6.0
g3,D,exam,1,2020-11-20,6.0
g5,A,t1,1,2020-11-20,6.0
g5,A,t2,1,2020-11-20,6.0
g5,B,exam,1,2020-11-20,6.0
g5,D,exam,1,2020-11-20,6.0
"""
VARIANT = '[scenario]\nextends = "ut_tom_2020"\ndescription = "no mathematics requirement"\n[bsa]\nrequirements = []\n'


@pytest.fixture
def hand(tmp_path):
    d = tmp_path / 'hand'
    d.mkdir()
    (d / 'hand_catalogue.csv').write_text(CATALOGUE)
    (d / 'hand_results.csv').write_text(RESULTS)
    v = tmp_path / 'noreq.toml'
    v.write_text(VARIANT)
    return d, v


def test_hand_made_cohort(examrules, hand):
    d, v = hand
    before = (d / 'hand_results.csv').read_bytes()
    r = examrules('nearmiss', v, '--cohort', d, '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    got = [(x['student'], x['kind'], x['subject'], x['outcome'], x['value'], x['edge'], x['distance'], x['side']) for x in out['near_misses']]
    assert got == [
        ('g1', 'grade', 'A', 'not passed', '5.45', '5.5', '0.05', 'short'),      # (5.4 + 5.5) / 2 = 5.45 -> 5.0; the pass edge is 5.50
        ('g1', 'bsa', 'august', 'negative', '30', '45', '15', 'short'),          # 15 + 10 + 5 EC; A (15 EC) not passed
        ('g2', 'bsa', 'august', 'negative', '30', '45', '15', 'short'),          # B (15 EC) not passed
        ('g2', 'compensation', 'B', 'not passed, not compensable within the module', '4.5', '5', '0.5', 'short'),   # 4.6 -> 4.5, next below 5.0
    ]
    assert out['counts'] == {'grade': 1, 'bsa': 2, 'compensation': 1, 'cum laude': 0}
    assert out['students'] == 4 and out['rows_evaluated'] == 19 and out['rows_reported'] == 0
    assert set(out['near_misses'][0]) == {'student', 'kind', 'subject', 'outcome', 'value', 'edge', 'distance', 'side', 'margin', 'articles'}
    assert (d / 'hand_results.csv').read_bytes() == before


def test_ec_option(examrules, hand):
    d, v = hand
    out = json.loads(examrules('nearmiss', v, '--cohort', d, '--json', '--ec', '10').stdout)
    bsa = [(x['student'], x['value'], x['distance'], x['margin']) for x in out['near_misses'] if x['kind'] == 'bsa']
    assert bsa == [('g5', '35', '10', '10')]          # g5: A, B, D = 35 EC, 10 short; g1 and g2 are 15 short, more than 10


def test_text_output_names_the_article(examrules, hand):
    d, v = hand
    r = examrules('nearmiss', v, '--cohort', d)
    assert r.returncode == 0, r.stderr
    assert 'g1  grade        A          not passed: 5.45 is 0.05 short of 5.5 (near: within 0.1; UT TOM 2020 rounding, UT TOM 2020 results)' in r.stdout
    assert '4 near misses of 2 students' in r.stdout


def test_bundled_cohort_distances_within_margin(examrules):
    out = json.loads(examrules('nearmiss', 'ut_tom_2020', '--json').stdout)
    assert out['students'] == 120 and sum(out['counts'].values()) == len(out['near_misses']) > 0
    for x in out['near_misses']:
        assert Fraction(x['distance']) <= Fraction(x['margin'])
        assert x['articles']


@pytest.mark.parametrize('args, message', [
    (('--ec', 'tien'), "--ec 'tien' is not a number"),
    (('--ec', '0'), '--ec 0: expected a positive number of EC in whole tenths'),
    (('--mean-margin', '-0.1'), '--mean-margin -0.1: expected a positive number'),
])
def test_bad_options_exit_2(examrules, args, message):
    r = examrules('nearmiss', 'ut_tom_2020', *args)
    assert r.returncode == 2 and message in r.stderr and r.stderr.count('\n') == 1 and 'Traceback' not in r.stderr


def test_unknown_scenario_exits_2(examrules):
    r = examrules('nearmiss', 'ut_tom_202')
    assert r.returncode == 2 and "unknown scenario 'ut_tom_202'" in r.stderr
