"""Result scales: the scalar check (grades.Scale.contains / parse_result) and the vectorised one (cohorts._scale_ok) agree on
every scale; WUR final grades (wur_bodemcijfer: whole grades 1-5, whole and half grades 6-10) refuse 2.5 and 5.5 and take 6.5."""
import io, json
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from examrules_nb.core import InputError
from examrules_nb.grades import SCALES, parse_result, from_hundredths
from examrules_nb.cohorts import _scale_ok, check_catalogue, parse_results, parse_students, Cohort
from examrules_nb.engine import evaluate, student_result

NUMERIC = [n for n, s in SCALES.items() if s.numeric]


def _parses(h: int, name: str) -> bool:
    try: parse_result(str(from_hundredths(h)), name); return True
    except InputError: return False


@settings(max_examples=300, deadline=None)
@given(hs=st.lists(st.integers(-150, 1150), min_size=1, max_size=40), name=st.sampled_from(NUMERIC))
def test_scalar_and_vectorised_scale_checks_agree(hs, name):
    sc = SCALES[name]
    vec = _scale_ok(np.array(hs, dtype=np.int64), np.full(len(hs), name, dtype=object))
    assert vec.tolist() == [sc.contains(from_hundredths(h)) for h in hs] == [_parses(h, name) for h in hs]


def test_every_scale_value_passes_both_checks():
    for name in NUMERIC:
        sc = SCALES[name]
        vals = sc.values()
        hs = np.array([int(v * 100) for v in vals], dtype=np.int64)
        assert _scale_ok(hs, np.full(len(hs), name, dtype=object)).all(), name
        # and nothing else between 1 and 10 in hundredths is on the scale
        others = np.array(sorted(set(range(100, 1001)) - set(hs.tolist())), dtype=np.int64)
        assert not _scale_ok(others, np.full(len(others), name, dtype=object)).any(), name


def test_wur_final_scale_by_hand():
    # whole grades 1, 2, 3, 4, 5 and 6.0, 6.5, ..., 10.0: 5 + 9 = 14 values; 2.5 and 5.5 are not among them
    sc = SCALES['half_grades_whole_below_6']
    assert [str(v) for v in sc.values()] == ['1.0', '2.0', '3.0', '4.0', '5.0', '6.0', '6.5', '7.0', '7.5', '8.0', '8.5', '9.0', '9.5', '10.0']
    for bad in ('2.5', '5.5', '4.5', '1.5'):
        with pytest.raises(InputError, match='only whole grades below 6'): parse_result(bad, sc)
    assert parse_result('6,5', sc) == Decimal('6.5') and parse_result('5', sc) == Decimal('5.0')


CATALOGUE = """course,name,ec,module,module_type,year,test,weight,minimum,scale,category
A,Unit A,15,,none,1,exam,1,,one_decimal,
"""
# course grades ('final') that overrule: w1 2.5 (its exam 7.0 is overruled), w2 6.5, w3 5.5, w4 5; w5 has only an exam of 2.5
ROWS = [('w1', 'exam', '7.0'), ('w1', 'final', '2.5'), ('w2', 'final', '6.5'), ('w3', 'final', '5.5'), ('w4', 'final', '5'), ('w5', 'exam', '2.5')]


def _cohort():
    cat = check_catalogue(pd.read_csv(io.StringIO(CATALOGUE), dtype=str, keep_default_na=False))
    raw = pd.DataFrame([(s, 'A', t, '2020-11-20', r) for s, t, r in ROWS], columns=['student', 'course', 'test', 'date', 'result']).assign(occasion='1')
    good, rejected = parse_results(raw, cat)
    assert rejected.empty
    return Cohort(good, cat, parse_students(pd.DataFrame({'student': []}), good['student']), rejected, 'hand-made')


@pytest.mark.parametrize('name, want', [
    # WUR: 2.5 and 5.5 are not final grades (off the scale: no final grade, not passed); 6.5 passes; 5 is a grade, not a pass;
    # w5's exam 2.5 is rounded by WUR's rule to a whole grade: [2.5, 3.5) -> 3
    ('wur_bodemcijfer', {'w1': (-1, False, 'course grade off scale'), 'w2': (650, True, 'course grade'), 'w3': (-1, False, 'course grade off scale'),
                         'w4': (500, False, 'course grade'), 'w5': (300, False, 'below pass mark')}),
    # UT TOM 2020 (its baseline): half grades except 5.5, so 2.5 is a final grade there; 5.5 is not
    ('ut_tom_2020', {'w1': (250, False, 'course grade'), 'w2': (650, True, 'course grade'), 'w3': (-1, False, 'course grade off scale'),
                     'w4': (500, False, 'course grade'), 'w5': (250, False, 'below pass mark')}),
])
def test_course_grades_on_the_final_scale_both_paths(name, want):
    c = _cohort()
    u = evaluate(c, name).units.set_index('student')
    assert {s: (int(u.loc[s, 'final_grade_h']), bool(u.loc[s, 'passed']), u.loc[s, 'reason']) for s in want} == want
    for s, (h, passed, reason) in want.items():                 # the scalar path says the same
        r = student_result(c, s, name)['units']['A']
        assert (int(r.final_grade * 100) if r.final_grade is not None else -1, r.passed, r.reason) == (h, passed, reason), s


@pytest.mark.parametrize('name, off', [('wur_bodemcijfer', {'w1': ('2.5', '3.0'), 'w3': ('5.5', '6.0')}), ('ut_tom_2020', {'w3': ('5.5', '6.0')})])
def test_audit_refuses_a_recorded_wur_final_grade_of_2_5(examrules, tmp_path, name, off):
    # one exam per student, recorded as its own result: 2.5, 6.5, 5.5. WUR rounds 2.5 -> 3 ([2.5, 3.5)) and 5.5 -> 6 ([5.5, 6.25)),
    # and neither 2.5 nor 5.5 is a WUR final grade: two off-scale findings; 6.5 agrees. Under UT TOM 2020 2.5 is a final grade.
    (tmp_path / 'cat.csv').write_text(CATALOGUE, encoding='utf-8')
    (tmp_path / 'res.csv').write_text('student,course,test,occasion,date,result\n' + ''.join(f'{s},A,exam,1,2020-11-20,{g}\n' for s, g in
                                      (('w1', '2.5'), ('w2', '6.5'), ('w3', '5.5'))), encoding='utf-8')
    (tmp_path / 'rec.csv').write_text('student,course,final_grade\nw1,A,2.5\nw2,A,6.5\nw3,A,5.5\n', encoding='utf-8')
    r = examrules('audit', name, '--results', tmp_path / 'res.csv', '--catalogue', tmp_path / 'cat.csv', '--recorded', tmp_path / 'rec.csv', '--json')
    assert r.returncode == 1, r.stderr
    out = json.loads(r.stdout)
    assert {f['student']: (f['recorded'], f['computed']) for f in out['findings'] if f['kind'] == 'off_scale'} == off
    assert (out['checked'], out['agree']) == (3, 3 - len(off))
