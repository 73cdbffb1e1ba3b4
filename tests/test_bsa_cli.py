"""`examrules bsa` in both forms: an EC total, and every student of a results file."""
import json

from conftest import REPO

COH = REPO / 'scenarios' / 'cohorts'


def test_ec_form_edges(examrules):
    def advice(*a):
        r = examrules('bsa', 'ut_tom_2020', *a, '--json')
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)
    out = advice('--ec', '45')
    assert out == {'advice': 'positive', 'ec': '45', 'threshold': '45', 'moment': 'august', 'articles': ['UT TOM 2020 bsa']}
    assert advice('--ec', '44')['advice'] == 'negative'                       # one below the final norm
    assert advice('--ec', '44', '--circumstances')['advice'] == 'postponed'   # not a silent positive
    assert advice('--ec', '15', '--moment', 'december')['advice'] == 'positive'
    assert advice('--ec', '14', '--moment', 'december')['advice'] == 'neutral'
    assert advice('--ec', '30', '--moment', 'march')['advice'] == 'positive'
    assert advice('--ec', '29', '--moment', 'march')['advice'] == 'neutral'


def test_results_form_explains_every_student(examrules):
    r = examrules('bsa', 'ut_tom_2020', '--results', COH / 'ut_tom_2020_results.csv', '--catalogue', COH / 'ut_tom_2020_catalogue.csv',
                  '--students', COH / 'ut_tom_2020_students.csv', '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert len(out['students']) == 120 and out['rows_reported'] == 0
    for s in out['students']:
        counted = sum(float(u['ec']) for u in s['units'] if u['counted'])
        assert abs(counted - float(s['ec'])) < 1e-9                         # the EC are the units that counted
        assert all('UT TOM 2020 bsa' in u['reason'] for u in s['units'])
        if s['advice'] == 'positive': assert float(s['ec']) >= 45


def test_bad_input(examrules):
    for args, msg in [(('bsa', 'ut_tom_2020'), 'give either --ec N or --results FILE'),
                      (('bsa', 'ut_tom_2020', '--ec', 'veel'), "'veel' is not a number"),
                      (('bsa', 'leiden_fgw_2023', '--ec', '40'), 'has no [bsa] section'),
                      (('bsa', 'ut_tom_2020', '--results', COH / 'ut_tom_2020_results.csv'), 'needs --catalogue')]:
        r = examrules(*args)
        assert r.returncode == 2 and msg in r.stderr and r.stderr.count('\n') == 1, r.stderr


def test_override_survives_and_is_explained(examrules, tmp_path):
    args = ['--results', COH / 'ut_tom_2020_results.csv', '--catalogue', COH / 'ut_tom_2020_catalogue.csv',
            '--students', COH / 'ut_tom_2020_students.csv', '--json']
    plain = {s['student']: s for s in json.loads(examrules('bsa', 'ut_tom_2020', *args).stdout)['students']}
    neg = next(sid for sid, s in plain.items() if s['advice'] == 'negative')
    ov = tmp_path / 'overrides.csv'
    ov.write_text(f'student,moment,advice,reason\n{neg},august,positive,board decision: exemption pending\n')
    for scenario in ('ut_tom_2020', 'ut_tom_2020_bsa40'):          # recomputed under another scenario: still there
        out = {s['student']: s for s in json.loads(examrules('bsa', scenario, *args, '--overrides', ov).stdout)['students']}
        assert out[neg]['advice'] == 'positive' and out[neg]['override'] == 'board decision: exemption pending'
        if scenario == 'ut_tom_2020':
            assert out[neg]['computed'] == 'negative'              # the computed advice stays visible beside the override
        others = [sid for sid in out if sid != neg]
        assert all(out[sid]['override'] == '' for sid in others)  # nobody else is touched
