"""`examrules deadline`, `deadlines` and `plan` as the exam office runs them."""
import json


def test_deadline_json(examrules):
    r = examrules('deadline', 'leiden_fgw_2023', 'resit-earliest', '2023-12-21', '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # 22 Dec (1), 25-26 Christmas, 27, 28, 29 (2-4), 1 Jan New Year, 2 Jan (5): the resit may be on 3 January 2024
    assert out['date'] == '2024-01-03' and out['from'] == '2023-12-21' and out['deadline'] == 'resit-earliest'
    assert out['unit'] == 'working_days' and out['articles'] == ['Leiden FGW 2023 art. 4.9.8']
    assert out['weekday'] == 'Wednesday'                  # 3 January 2024


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
                     'diploma-postponement-request', 'oral-withdrawal', 'scope-final', 'research-training-done', 'assessment-committee',
                     'written-withdrawal', 'written-end-applied-mathematics', 'written-end', 'oral-end'}


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


def test_deadlines_without_a_catalogue_is_one_line(examrules):
    # UT TOM 2.0 sets no deadlines the package computes: one line, no traceback
    r = examrules('deadlines', 'ut_tom_2020')
    assert r.returncode == 0 and r.stdout == 'ut_tom_2020: no deadline catalogue (the scenario has no [deadlines] section)\n' and r.stderr == ''
    assert json.loads(examrules('deadlines', 'ut_tom_2020', '--json').stdout) == []


def test_earliest_resit_is_a_working_day(examrules):
    # Leiden 4.9.8 from Fri 20 Dec 2024: Mon 23, Tue 24, (Christmas), Fri 27, Mon 30, Tue 31 are the five; Wed 1 Jan is New Year's Day
    r = examrules('deadline', 'leiden_fgw_2023', 'resit-earliest', '2024-12-20')
    assert r.returncode == 0 and r.stdout.startswith('resit-earliest: Thu 2 Jan 2025 (')
    out = json.loads(examrules('deadline', 'leiden_fgw_2023', 'resit-earliest', '2024-12-20', '--json').stdout)
    assert (out['date'], out['weekday']) == ('2025-01-02', 'Thursday')


def test_plan_reports_days_off(examrules):
    # exam on Christmas Day 2024, resit on Saturday 25 January 2025; result Fri 10 Jan -> Mon 13..Fri 17 between -> Mon 20 Jan
    r = examrules('plan', 'leiden_fgw_2023', '--exam', '2024-12-25', '--result', '2025-01-10', '--resit', '2025-01-25')
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        'VIOLATION working-day: the exam Wed 25 Dec 2024 is not a working day (Christmas Day) (Leiden FGW 2023 art. 4.9.8)',
        'VIOLATION working-day: the resit Sat 25 Jan 2025 is not a working day (Saturday) (Leiden FGW 2023 art. 4.9.8)',
        'plan has violations; earliest valid resit: Mon 20 Jan 2025']
    out = json.loads(examrules('plan', 'leiden_fgw_2023', '--exam', '2024-12-25', '--result', '2025-01-10', '--resit', '2025-01-25', '--json').stdout)
    assert (out['earliest_resit'], out['earliest_resit_weekday']) == ('2025-01-20', 'Monday')
    # a result on Friday 5 January 2024: the five working days are 8-12 January, so Monday 15, not Saturday 13
    out = json.loads(examrules('plan', 'leiden_fgw_2023', '--exam', '2023-12-18', '--result', '2024-01-05', '--resit', '2024-01-15', '--json').stdout)
    assert out['ok'] and out['earliest_resit'] == '2024-01-15'


def test_limits_in_hours_and_minutes(examrules):
    # UT S&C 3.6.1: withdrawal until 24 hours before the start of a written exam on Mon 3 Mar 2025 09:00
    r = examrules('deadline', 'ut_sc_2013', 'written-withdrawal', '2025-03-03T09:00', '--json')
    out = json.loads(r.stdout)
    assert r.returncode == 0 and (out['date'], out['weekday'], out['unit']) == ('2025-03-02T09:00:00', 'Sunday', 'hours')
    assert out['articles'] == ['UT S&C 2013 art. 3.6']
    # Leiden 4.6.3: admitted until 45 minutes after a 09:00 start
    r = examrules('deadline', 'leiden_fgw_2023', 'admission-latest', '2025-03-03T09:00')
    assert r.stdout.startswith('admission-latest: Mon 3 Mar 2025 09:45 (45 minutes after the set start time')
    # OU 5.3: the doors close at 18:45 on the exam day (a date is enough for a clock time)
    assert examrules('deadline', 'ou_schakelzone_2018', 'doors-close', '2019-04-17').stdout.startswith('doors-close: Wed 17 Apr 2019 18:45 (')
    # a date where a time is needed: one line, exit 2
    r = examrules('deadline', 'ut_sc_2013', 'written-withdrawal', '2025-03-03')
    assert r.returncode == 2 and r.stderr.count('\n') == 1 and 'counts hours: 2025-03-03 is a date without a time' in r.stderr
    # the listing names them with their articles
    lines = examrules('deadlines', 'ut_sc_2013').stdout.splitlines()
    w = next(l for l in lines if l.startswith('written-withdrawal '))
    assert '24 hours before the start of the written exam' in w and 'UT S&C 2013 art. 3.6' in w and '(needs a date-time)' in w
