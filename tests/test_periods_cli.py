"""`examrules year` and `examrules periods` as the exam office runs them (OU Schakelzone 2018)."""
import hashlib, json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / 'scenarios' / 'examples' / 'ou_year_plan.csv'

# the deliberately bad plan of nbs/09_exam_periods.ipynb; its violations are worked out by hand there
BAD = """course,form,exam,result,resit
Staatsrecht,written,2018-11-19,2018-12-20,2019-02-05
Privaatrecht,written,2019-02-05,2019-03-01,2019-03-27
Bestuursrecht,cbi,2018-10-31,2018-10-31,2018-11-02;2018-11-05;2018-12-12
Strafrecht,oral,2019-04-10,2019-04-10,
"""


def digest(p): return hashlib.sha256(Path(p).read_bytes()).hexdigest()


def test_periods_lists_the_seed_table(examrules):
    r = examrules('periods', 'ou_schakelzone_2018', '--json')
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    # 4.2.3f: the Fridays of week 6 and week 9 of each quartile, 2018-2019
    assert [(x['postpone_by'], x['postpone_cbi_by']) for x in rows] == [
        ('2018-10-12', '2018-11-02'), ('2019-01-04', '2019-01-25'), ('2019-03-22', '2019-04-12'), ('2019-06-07', '2019-06-28')]
    assert [x['week1'] for x in rows] == ['2018-09-03', '2018-11-26', '2019-02-11', '2019-04-29']
    assert {x['week1_weekday'] for x in rows} == {'Monday'} and {x['postpone_by_weekday'] for x in rows} == {'Friday'}   # week 1 starts on a Monday; the deadlines are Fridays
    assert rows[0]['exam_week'] == ['2018-11-12', '2018-11-16'] and rows[0]['cbi_period'] == ['2018-10-29', '2018-11-23']
    text = examrules('periods', 'ou_schakelzone_2018')
    assert text.returncode == 0 and 'Mon 22 Apr 2019 - Fri 26 Apr 2019' in text.stdout      # every printed date shows its weekday


def test_year_example_is_clean_and_draws_a_chart(examrules, tmp_path):
    before = digest(EXAMPLE)
    chart = tmp_path / 'year.png'
    r = examrules('year', 'ou_schakelzone_2018', EXAMPLE, '--json', '--chart', chart)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {'scenario', 'ok', 'violations', 'exams', 'plan', 'chart'}
    assert out['ok'] is True and out['violations'] == [] and out['scenario'] == 'ou_schakelzone_2018'
    assert [e['course'] for e in out['exams']] == ['Staatsrecht', 'Bestuursrecht', 'Inleiding recht', 'Privaatrecht', 'Strafrecht']
    e = out['exams'][0]
    assert {'course', 'form', 'exam', 'result', 'resits', 'quartile', 'weeks', 'earliest_resit', 'notes', 'ok'} <= set(e)
    assert e['resits'] == ['2019-02-05', '2019-07-09'] and e['weeks'] == [[1, 11]]       # 2.1b: a quartile-1 course's second resit in July
    assert digest(EXAMPLE) == before                                       # the input is never written
    assert chart.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ['year.png']      # no temporary file left behind


def test_year_bad_plan_exits_1_with_the_violations(examrules, tmp_path):
    plan = tmp_path / 'bad.csv'
    plan.write_text(BAD)
    r = examrules('year', 'ou_schakelzone_2018', plan, '--json')
    assert r.returncode == 1, r.stderr
    out = json.loads(r.stdout)
    assert [(v['course'], v['rule'], v['date']) for v in out['violations']] == [
        ('Staatsrecht', 'exam-week', '2018-11-19'), ('Staatsrecht', 'result-due', '2018-12-20'),
        ('Privaatrecht', 'exam-period', '2019-03-27'),                 # 2.1b: quartile 2's first resit in April 2019
        ('Bestuursrecht', 'cbi-resit-earliest', '2018-11-02'), ('Bestuursrecht', 'cbi-resit-earliest', '2018-11-05'),
        ('Bestuursrecht', 'chances', '2018-12-12'),
        ('Strafrecht', 'exam-week', '2019-04-10'),
        ('Staatsrecht, Privaatrecht', 'written-per-day', '2019-02-05')]
    assert [e['earliest_resit'] for e in out['exams']] == ['2019-02-04', '2019-04-23', '2018-11-07', '2019-04-23']
    assert all(v['articles'] for v in out['violations'])
    assert out['violations'][2]['articles'] == ['OU Schakelzone 2018 art. 2.1b']
    text = examrules('year', 'ou_schakelzone_2018', plan, '--chart', tmp_path / 'bad.svg')
    assert text.returncode == 1 and '8 violation(s)' in text.stdout
    assert 'VIOLATION Staatsrecht, Privaatrecht: written-per-day Tue 5 Feb 2019: 2 regular written exams on Tue 5 Feb 2019' in text.stdout
    assert [v['weekday'] for v in out['violations']][:2] == ['Monday', 'Thursday']     # 19 Nov and 20 Dec 2018
    assert (tmp_path / 'bad.svg').read_text().lstrip().startswith('<?xml')
    assert plan.read_text() == BAD


def test_year_second_resit_outside_its_exam_period(examrules, tmp_path):
    # 2.1b: a quartile-1 course (first exam in week 11 of quartile 1, 12-16 Nov 2018) has its second resit in July 2019,
    # i.e. in quartile 4's week 11 (8-12 Jul 2019); the example plan's former date, Tue 23 Apr 2019, is outside it
    plan = tmp_path / 'april.csv'
    plan.write_text(EXAMPLE.read_text().replace('2019-02-05;2019-07-09', '2019-02-05;2019-04-23'))
    r = examrules('year', 'ou_schakelzone_2018', plan, '--json')
    assert r.returncode == 1, r.stderr
    v = json.loads(r.stdout)['violations']
    assert [(x['course'], x['rule'], x['date'], x['articles']) for x in v] == [
        ('Staatsrecht', 'exam-period', '2019-04-23', ['OU Schakelzone 2018 art. 2.1b'])]
    assert 'July 2019: week 11 of quartile 4, 8-12 Jul 2019' in v[0]['message']


def test_year_bad_input_exits_2_with_one_line(examrules, tmp_path):
    cases = [('course,form,exam,result,resit\nA,written,2018-11-13,13-13-2018,\n', "bad.csv: row 2, column 'result': '13-13-2018' is not a date"),
             ('course,form,exam,result,resit\nA,written,2018-11-13,2018-12-07,2019-02-05;x\n', "bad.csv: row 2, column 'resit': 'x' is not a date"),
             ('course,form,exam,result,resit\nA,written,2018-11-13,2018-12-07,\nB,paper,2018-11-13,2018-12-07,\n', "bad.csv: row 3, column 'form': 'paper'"),
             ('course,form,exam,reslt,resit\n', "bad.csv: row 1, column 'reslt': unknown column; did you mean 'result'?"),
             ('course,form,exam,result\nA,written,2018-11-13,2018-12-07\n', "bad.csv: row 1: missing column 'resit'")]
    for text, msg in cases:
        plan = tmp_path / 'bad.csv'
        plan.write_text(text)
        r = examrules('year', 'ou_schakelzone_2018', plan, '--chart', tmp_path / 'c.png')
        assert r.returncode == 2 and msg in r.stderr and r.stderr.count('\n') == 1, (text, r.stderr)
        assert not (tmp_path / 'c.png').exists()
    r = examrules('year', 'ou_schakelzone_2018', tmp_path / 'missing.csv')
    assert r.returncode == 2 and 'missing.csv: cannot read' in r.stderr and r.stderr.count('\n') == 1
    r = examrules('year', 'ou_schakelzone_2018', EXAMPLE, '--chart', tmp_path / 'c.gif')
    assert r.returncode == 2 and 'expected a file name ending in .png, .svg or .pdf' in r.stderr
    r = examrules('year', 'ou_schakelzone_2018', EXAMPLE, '--chart', tmp_path / 'no' / 'c.png')
    assert r.returncode == 2 and 'does not exist' in r.stderr
    r = examrules('periods', 'leiden_fgw_2023')
    assert r.returncode == 2 and 'has no [periods] section' in r.stderr and r.stderr.count('\n') == 1


def test_year_reports_days_off(examrules, tmp_path):
    # a written exam in quartile 1's week 11 (Tue 13 Nov 2018), its result on Saturday 8 December 2018, its resit on
    # Mon 4 Feb 2019 (quartile 2's week 11): the Saturday is the one violation, with the reading's article (10.1)
    plan = tmp_path / 'sat.csv'
    plan.write_text('course,form,exam,result,resit\nStaatsrecht,written,2018-11-13,2018-12-08,2019-02-04\n')
    r = examrules('year', 'ou_schakelzone_2018', plan, '--json')
    assert r.returncode == 1, r.stderr
    v = json.loads(r.stdout)['violations']
    assert [(x['rule'], x['date'], x['weekday'], x['articles']) for x in v] == [('working-day', '2018-12-08', 'Saturday', ['OU Schakelzone 2018 art. 10.1'])]
    text = examrules('year', 'ou_schakelzone_2018', plan).stdout
    assert 'VIOLATION Staatsrecht: working-day Sat 8 Dec 2018: the result Sat 8 Dec 2018 is not a working day (Saturday)' in text


def test_year_reads_the_shared_reading_options(examrules, tmp_path):
    # the example plan as a Dutch spreadsheet exports it: ';' between columns, Windows-1252 text, d-m-yyyy dates, its own
    # column headers (mapped by --columns), and the several resits of Staatsrecht quoted because they contain the separator
    plan = tmp_path / 'jaarplan.csv'
    plan.write_bytes(('Vaknaam;Toetsvorm;Datum tentamen;Datum uitslag;Herkansingen\r\n'
                      'Staatsrecht;written;13-11-2018;07-12-2018;"05-02-2019;09-07-2019"\r\n'
                      'Bestuursrecht;cbi;31-10-2018;31-10-2018;08-11-2018\r\n'
                      'Inleiding recht (één);oral;14-11-2018;14-11-2018;06-02-2019\r\n'
                      'Privaatrecht;cbg;07-02-2019;04-03-2019;24-04-2019\r\n'
                      'Strafrecht;written;25-04-2019;20-05-2019;10-07-2019\r\n').encode('cp1252'))
    cols = tmp_path / 'kolommen.toml'
    cols.write_text('[columns]\ncourse = "Vaknaam"\nform = "Toetsvorm"\nexam = "Datum tentamen"\nresult = "Datum uitslag"\nresit = "Herkansingen"\n',
                    encoding='utf-8')
    before = digest(plan)
    r = examrules('year', 'ou_schakelzone_2018', plan, '--sep', ';', '--encoding', 'cp1252', '--columns', cols, '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # the same plan as scenarios/examples/ou_year_plan.csv, which is valid (test above): same dates, in ISO
    assert out['ok'] is True and out['violations'] == []
    assert [e['course'] for e in out['exams']] == ['Staatsrecht', 'Bestuursrecht', 'Inleiding recht (één)', 'Privaatrecht', 'Strafrecht']
    assert [(e['exam'], e['result']) for e in out['exams']][:2] == [('2018-11-13', '2018-12-07'), ('2018-10-31', '2018-10-31')]
    assert out['exams'][0]['resits'] == ['2019-02-05', '2019-07-09']
    assert digest(plan) == before
    # the options are applied, not just accepted: a wrong separator or encoding is one error line, exit 2
    r = examrules('year', 'ou_schakelzone_2018', plan, '--sep', ',', '--columns', cols)
    assert r.returncode == 2 and r.stderr.startswith('examrules: error: ') and r.stderr.count('\n') == 1, r.stderr
    r = examrules('year', 'ou_schakelzone_2018', plan, '--encoding', 'utf-8', '--columns', cols)
    assert r.returncode == 2 and r.stderr.startswith('examrules: error: ') and r.stderr.count('\n') == 1, r.stderr
    r = examrules('year', 'ou_schakelzone_2018', plan, '--encoding', 'klingon')
    assert r.returncode == 2 and "--encoding 'klingon': unknown encoding" in r.stderr
