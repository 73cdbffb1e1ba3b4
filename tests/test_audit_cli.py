"""examrules audit: the system of record recomputed. Hand-made cohorts, expected values worked out by hand from
UT TOM 2020 'results' and 'rounding' (final grades on whole and half grades, never 5.5; [x.25, x.75) -> x.5,
[x.75, x+1.25) -> x+1, [4.75, 5.50) -> 5.0, [5.50, 6.25) -> 6.0; pass mark 6.0) and 'bsa' (45 EC in August)."""
import json
from pathlib import Path
import openpyxl
import pytest
from examrules_nb.cli import run

EX = Path(__file__).resolve().parent.parent / 'scenarios' / 'examples'
SHIPPED = ['--results', EX / 'audit_resultaten.csv', '--catalogue', EX / 'audit_catalogus.csv', '--recorded', EX / 'audit_eindcijfers.csv',
           '--recorded-bsa', EX / 'audit_bsa.csv', '--students', EX / 'audit_studenten.csv']

CAT = "course,name,ec,module,module_type,year,test,weight,minimum,scale,category\n202000201,Calculus,5,M2,none,1,exam,1,,one_decimal,mathematics\n"
# s1 7.3 -> 7.5 passed 5 EC; s2 6.2 -> 6.0 passed; s3 4.0 -> 4.0 not passed, 0 EC; s4 8.0 -> 8.0 passed
RESULTS = ("student,course,test,occasion,date,result\n" + "s1,202000201,exam,1,2020-11-06,7.3\ns2,202000201,exam,1,2020-11-06,6.2\n"
           "s3,202000201,exam,1,2020-11-06,4.0\ns4,202000201,exam,1,2020-11-06,8.0\n")


def files(tmp_path, recorded, bsa=None, results=RESULTS):
    (tmp_path / 'cat.csv').write_text(CAT); (tmp_path / 'res.csv').write_text(results); (tmp_path / 'rec.csv').write_text(recorded)
    args = ['--results', tmp_path / 'res.csv', '--catalogue', tmp_path / 'cat.csv', '--recorded', tmp_path / 'rec.csv']
    if bsa is not None:
        (tmp_path / 'bsa.csv').write_text(bsa); args += ['--recorded-bsa', tmp_path / 'bsa.csv']
    return args


def test_clean_audit_exits_0_in_one_line(tmp_path):
    args = files(tmp_path, "student,course,final_grade,ec\ns1,202000201,\"7,5\",5\ns2,202000201,6,5\ns3,202000201,4,0\ns4,202000201,8.0,5\n",
                 "student,moment,advice\ns1,august,negatief\ns4,augustus,negative\n")     # 5 EC < 45: negative for both
    code, out, err = run('audit', 'ut_tom_2020', *args)
    assert (code, err) == (0, '')
    assert out == "all 6 recorded outcomes agree with ut_tom_2020\n"


def test_each_kind_by_hand(tmp_path):
    rec = ("student,course,final_grade,ec\n"
           "s1,202000201,8,5\n"          # final grade: recorded 8, rules give 7.5 (7.3 in [7.25, 7.75))
           "s2,202000201,6,0\n"          # EC: 6.0 passed gives the unit's 5 EC, recorded 0
           "s3,202000201,\"5,5\",\n"      # off the scale: never 5.5 on UT TOM's half grades; computed 4.0
           "s9,202000201,7,5\n")         # no results: s9 has no test result; s4 (8.0, passed) is not recorded
    code, out, err = run('audit', 'ut_tom_2020', *files(tmp_path, rec, "student,moment,advice\ns1,august,positief\n"), '--json')
    assert code == 1, err
    got = json.loads(out)
    assert (got['checked'], got['agree']) == (6, 0)   # 4 recorded units + s4 not recorded + 1 advice, none agrees
    assert [(f['student'], f.get('course', f.get('moment')), f['kind'], f['recorded'], f['computed']) for f in got['findings']] == [
        ('s1', '202000201', 'final_grade', '8', '7.5'),
        ('s2', '202000201', 'ec', '0', '5'),
        ('s1', 'august', 'advice', 'positive', 'negative'),      # 5 EC counted, threshold 45
        ('s3', '202000201', 'off_scale', '5,5', '4.0'),
        ('s9', '202000201', 'no_results', '7', '—'),
        ('s4', '202000201', 'not_recorded', '', '8.0')]
    f = got['findings'][0]
    assert f['articles'] == ['UT TOM 2020 results', 'UT TOM 2020 rounding'] and '7.30 -> 7.5' in f['explanation']
    assert got['findings'][2]['articles'] == ['UT TOM 2020 bsa'] and 'threshold 45' in got['findings'][2]['explanation']


def test_shipped_dutch_example(tmp_path):
    code, out, err = run('audit', 'ut_tom_2020', *SHIPPED, '--json')
    assert code == 1, err
    got = json.loads(out)
    # the six deliberate disagreements, each on a single-exam course (see nbs/15_audit.ipynb):
    assert [(f['student'], f.get('course', f.get('moment')), f['kind'], f['recorded'], f['computed']) for f in got['findings']] == [
        ('0012343', '202000201', 'final_grade', '7', '6.5'),      # exam 6,6 in [6.25, 6.75) -> 6.5
        ('0012347', '202000201', 'ec', '5', '0'),                 # exam 5,2 in [4.75, 5.50) -> 5.0 < 6.0: not passed, no EC
        ('0012349', 'august', 'advice', 'negative', 'positive'),  # 55 EC counted >= 45
        ('0012342', '202000302', 'off_scale', '5,5', '6.0'),      # exam 5,6 in [5.50, 6.25) -> 6.0; 5.5 is never a final grade
        ('0012346', '202000201', 'no_results', '6', '—'),         # 0012346 has no results at all
        ('0012348', '202000401', 'not_recorded', '', '7.0')]      # exam 7,1 in [6.75, 7.25) -> 7.0, passed, not in the export
    assert got['checked'] - got['agree'] == 6


def test_out_writes_workbook_and_html_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / 'report'
    code, stdout, err = run('audit', 'ut_tom_2020', *SHIPPED, '--out', out)
    assert code == 1, err
    wb = openpyxl.load_workbook(out / 'audit.xlsx')
    assert wb.sheetnames == ['summary', 'final_grade', 'ec', 'advice', 'off_scale', 'no_results', 'not_recorded']
    ws = wb['final_grade']
    assert [c.value for c in ws[1]] == ['student', 'course or moment', 'recorded', 'computed', 'articles', 'explanation']
    assert ws['A2'].value == '0012343' and ws['A2'].data_type == 's'          # the leading zeros kept, as text
    assert ws['E2'].value == 'UT TOM 2020 results, UT TOM 2020 rounding'
    assert ws.freeze_panes == 'A2' and ws.auto_filter.ref == 'A1:F2' and ws.column_dimensions['F'].width >= 60
    assert '<h2>final grade differs (1)</h2>' in (out / 'audit.html').read_text(encoding='utf-8')
    before = (out / 'audit.xlsx').read_bytes()
    code, _, err = run('audit', 'ut_tom_2020', *SHIPPED, '--out', out)
    assert code == 2 and 'audit.xlsx' in err and '--force' in err
    assert (out / 'audit.xlsx').read_bytes() == before
    code, _, err = run('audit', 'ut_tom_2020', *SHIPPED, '--out', out, '--force')
    assert code == 1, err


def test_a_formula_in_the_export_stays_text(tmp_path):
    args = files(tmp_path, "student,course,final_grade\ns1,202000201,=1+1\ns2,202000201,6\ns3,202000201,4\ns4,202000201,8\n")
    code, _, err = run('audit', 'ut_tom_2020', *args, '--out', tmp_path / 'o')
    assert code == 1, err
    ws = openpyxl.load_workbook(tmp_path / 'o' / 'audit.xlsx')['off_scale']
    assert ws['C2'].value == '=1+1' and ws['C2'].data_type == 's'


@pytest.mark.parametrize('recorded, bsa, message', [
    ("student,course,grade\ns1,202000201,7\n", None, "rec.csv: recorded outcomes is missing column(s) final_grade"),
    ("student,course,final_grade\ns1,202000201,7\ns1,202000201,8\n", None, "rec.csv: rows 2, 3: student s1, course 202000201 recorded more than once"),
    ("student,course,final_grade,ec\ns1,202000201,7,vijf\n", None, "rec.csv: row 2, column ec: expected a number of EC"),
    ("student,course,final_grade\ns1,202000201,7.5\n", "student,moment,advice\ns1,juni,positive\n", "bsa.csv: row 2, column moment: expected december, march or august"),
    ("student,course,final_grade\ns1,202000201,7.5\n", "student,moment,advice\ns1,august,good\n", "bsa.csv: row 2, column advice: expected positive, negative"),
])
def test_bad_input_exits_2_naming_file_and_row(tmp_path, recorded, bsa, message):
    code, out, err = run('audit', 'ut_tom_2020', *files(tmp_path, recorded, bsa))
    assert code == 2 and message in err and err.startswith('examrules: error: ') and err.count('\n') == 1, err


def test_student_numbers_that_match_only_without_zeros_are_refused(tmp_path):
    res = RESULTS.replace('s1,', '0012345,')
    rec = "student,course,final_grade\n12345,202000201,7.5\n"         # an Excel number cell lost the zeros
    code, _, err = run('audit', 'ut_tom_2020', *files(tmp_path, rec, results=res))
    assert code == 2 and "match only after removing leading zeros" in err and "'0012345'" in err and "'12345'" in err
    code, out, err = run('audit', 'ut_tom_2020', *files(tmp_path, rec, results=res), '--allow-unmatched', '--json')
    assert code == 1 and 'warning' in err
    kinds = {(f['student'], f['kind']) for f in json.loads(out)['findings']}
    assert ('12345', 'no_results') in kinds and ('0012345', 'not_recorded') in kinds
