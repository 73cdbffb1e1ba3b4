"""`examrules deadline`, `deadlines` and `plan` as the exam office runs them."""
import json


def test_deadline_json(examrules):
    r = examrules('deadline', 'leiden_fgw_2023', 'resit-earliest', '2023-12-21', '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # 22 Dec (1), 25-26 Christmas, 27, 28, 29 (2-4), 1 Jan New Year, 2 Jan (5): the resit may be on 3 January 2024
    assert out['date'] == '2024-01-03' and out['from'] == '2023-12-21' and out['deadline'] == 'resit-earliest'
    assert out['unit'] == 'working_days' and out['articles'] == ['Leiden FGW 2023 art. 4.9.8']


def test_variant_moves_the_result_deadline(examrules):
    # exam Wed 17 April 2019: 20 working days -> Fri 17 May; 15 -> Fri 10 May (Good Friday, Easter Monday skipped)
    base = json.loads(examrules('deadline', 'ou_schakelzone_2018', 'result-due', '2019-04-17', '--json').stdout)
    var = json.loads(examrules('deadline', 'ou_schakelzone_2018_15wd', 'result-due', '2019-04-17', '--json').stdout)
    assert (base['date'], var['date']) == ('2019-05-17', '2019-05-10')


def test_deadlines_lists_the_catalogue(examrules):
    r = examrules('deadlines', 'ou_schakelzone_2018', '--json')
    names = {d['name'] for d in json.loads(r.stdout)}
    assert {'registration-cbi', 'registration-cbg', 'registration-written', 'registration-oral', 'registration-abroad', 'result-due',
            'cbi-resit-earliest', 'inspection-request', 'appeal', 'valid-absence-request', 'location-change'} <= names
    names = {d['name'] for d in json.loads(examrules('deadlines', 'ut_sc_2013', '--json').stdout)}
    assert names == {'result-due', 'ces-registration', 'exam-result-to-ces', 'conditional-admission-lapse', 'free-programme-decision',
                     'diploma-postponement-request', 'oral-withdrawal', 'scope-final', 'research-training-done', 'assessment-committee'}


def test_plan_finds_violations(examrules):
    r = examrules('plan', 'ou_schakelzone_2018', '--exam', '2019-04-17', '--result', '2019-05-20', '--resit', '2019-05-22', '--json')
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert [v['rule'] for v in out['violations']] == ['result-due', 'cbi-resit-earliest']
    assert out['earliest_resit'] == '2019-05-27'          # the 5th working day after Monday 20 May 2019


def test_bad_input(examrules):
    for args, msg in [(('deadline', 'leiden_fgw_2023', 'resit-erliest', '2023-12-21'), "did you mean 'resit-earliest'?"),
                      (('deadline', 'leiden_fgw_2023', 'appeal', '21-12-2023'), "expected an ISO date"),
                      (('plan', 'leiden_fgw_2023', '--exam', '2023-12-11', '--result', 'x', '--resit', '2024-01-05'), "--result 'x'")]:
        r = examrules(*args)
        assert r.returncode == 2 and msg in r.stderr and r.stderr.count('\n') == 1


def test_plan_form_skips_deadlines_for_other_forms(examrules):
    # OU 4.2.5f: five working days after the result (Fri 17 May 2019) -> Fri 24 May; it binds CBI exams only
    args = ('plan', 'ou_schakelzone_2018', '--exam', '2019-04-17', '--result', '2019-05-17', '--resit', '2019-05-20', '--json')
    cbi = examrules(*args, '--form', 'cbi')
    assert cbi.returncode == 1 and [v['rule'] for v in json.loads(cbi.stdout)['violations']] == ['cbi-resit-earliest']
    assert json.loads(cbi.stdout)['earliest_resit'] == '2019-05-24'
    written = examrules(*args, '--form', 'written')
    assert written.returncode == 0 and json.loads(written.stdout)['violations'] == []
