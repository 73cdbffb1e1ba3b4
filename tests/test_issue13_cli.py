"""Defects of issue #13 as a user meets them on the command line: a second-occasion grade list with a student removed
(seed 000 allows it: exit 0), and the UT TOM final advice for exactly 45 EC without a programme requirement."""
import json

import openpyxl

from conftest import REPO

EXAMPLES = REPO / 'scenarios' / 'examples'
FIRST_ROW = 14


def test_second_occasion_list_with_a_removed_student_is_clean(examrules, tmp_path):
    # Seed 000, "Procedure cijferlijst – 2e gelegenheid": "Studenten die niet deel hebben genomen kunnen dan van de lijst
    # worden verwijderd." Doing what the procedure allows is information, not a finding: exit 0.
    course = tmp_path / 'resit.toml'
    course.write_text((EXAMPLES / 'COURSE.toml').read_text().replace('occasion = 1', 'occasion = 2'))
    out = tmp_path / 'list.xlsx'
    assert examrules('gradelist', 'new', '--course', course, '--students', EXAMPLES / 'STUDENTS.csv', '--out', out).returncode == 0
    wb = openpyxl.load_workbook(out)
    ws = wb['Cijferlijst']
    n = sum(1 for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value)
    for i in range(n): ws.cell(FIRST_ROW + i, 3).value = 7
    ws.delete_rows(FIRST_ROW + 1)                          # the second student did not take part
    wb.save(out)
    r = examrules('gradelist', 'check', out, '--json')
    assert r.returncode == 0, r.stdout
    found = json.loads(r.stdout)
    assert found['ok'] is True and [(f['code'], f['severity']) for f in found['findings']] == [('student-removed', 'info')]
    # the same removal on a first-occasion list is an error (exit 1)
    first = tmp_path / 'first.xlsx'
    assert examrules('gradelist', 'new', '--course', EXAMPLES / 'COURSE.toml', '--students', EXAMPLES / 'STUDENTS.csv', '--out', first).returncode == 0
    wb = openpyxl.load_workbook(first); ws = wb['Cijferlijst']
    for i in range(n): ws.cell(FIRST_ROW + i, 3).value = 7
    ws.delete_rows(FIRST_ROW + 1); wb.save(first)
    assert examrules('gradelist', 'check', first).returncode == 1


def test_ut_tom_45_ec_is_positive_without_a_programme_requirement(examrules, tmp_path):
    # UT TOM 2.0 BSA: "Osiris will calculate a positive final advice from 45 EC"; "3 of the 4 mathematics courses" is the
    # manual's example of a programme requirement, so only the variant carries it. A student with exactly 45 EC
    # (15 + 15 + 15, all by June 2021) in a catalogue without any mathematics course:
    cat = tmp_path / 'catalogue.csv'
    cat.write_text('course,name,ec,module,module_type,year,test,weight,minimum,scale,category\n'
                   'A,Unit A,15,M1,integrated,1,exam,1,,one_decimal,\nB,Unit B,15,M2,integrated,1,exam,1,,one_decimal,\n'
                   'C,Unit C,15,M3,integrated,1,exam,1,,one_decimal,\n')
    res = tmp_path / 'results.csv'
    res.write_text('student,course,test,occasion,date,result\n' + ''.join(f's1,{c},exam,1,2021-06-01,7.0\n' for c in 'ABC'))
    r = examrules('bsa', 'ut_tom_2020', '--results', res, '--catalogue', cat, '--json')
    assert r.returncode == 0, r.stderr
    assert 'positive' in r.stdout and 'negative' not in r.stdout            # was negative: the baseline required 3 mathematics units
    assert json.loads(examrules('bsa', 'ut_tom_2020', '--ec', '45', '--json').stdout)['advice'] == 'positive'   # the two agree
    # under the variant, a requirement on a category this catalogue lacks is one line naming the key, exit 2
    r = examrules('bsa', 'ut_tom_2020_maths_requirement', '--results', res, '--catalogue', cat)
    assert r.returncode == 2 and r.stderr.count('\n') == 1 and "bsa.requirements[0].category: 'mathematics' is not a category" in r.stderr
