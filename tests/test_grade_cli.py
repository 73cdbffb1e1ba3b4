"""`examrules grade` and `examrules score`."""
import json


def test_grade_json_float_trap(examrules):
    r = examrules('grade', 'leiden_fgw_2023', '--part', '6.3:1', '--part', '6,6:1', '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # 0.5*6.3 + 0.5*6.6 is 6.449999999999999 in floats; exactly 6.45 -> 6.5 by 4.9.5
    assert out['result'] == '6.5' and out['passed'] is True and out['compensated'] is False and out['reason'] is None
    assert 'Leiden FGW 2023 art. 4.9.5' in out['articles']


def test_grade_no_result_below_minimum(examrules):
    out = json.loads(examrules('grade', 'ut_tom_2020', '--part', '8.0:1', '--part', '3.5:1:4.0', '--json').stdout)
    assert out['result'] is None and out['passed'] is False and out['reason'] == 'below minimum'


def test_score_json(examrules):
    out = json.loads(examrules('score', 'leiden_fgw_2023', '--points', '26.5', '--max', '40', '--options', '4', '--json').stdout)
    # guess 40/4 = 10, cut 10 + 0.55*30 = 26.5: exactly the grade at the cut, 5.5 -> 6.0 by 4.9.5
    assert (out['guess_score'], out['cut_score'], out['grade'], out['result']) == ('10', '26.5', '5.5', '6.0')


def test_bad_parts_exit_2(examrules):
    for args, msg in [(('grade', 'ut_tom_2020', '--part', '6.3'), 'expected SCORE:WEIGHT'),
                      (('grade', 'ut_tom_2020', '--part', '7:1:11'), 'minimum 11 is outside'),
                      (('grade', 'ut_tom_2020'), 'give at least one --part'),
                      (('score', 'leiden_fgw_2023', '--points', '50', '--max', '40', '--options', '4'), 'expected 0 to the maximum')]:
        r = examrules(*args)
        assert r.returncode == 2 and msg in r.stderr and r.stderr.count('\n') == 1, r.stderr
