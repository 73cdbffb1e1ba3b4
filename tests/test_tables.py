"""One reader for every tabular input (issue 15): every format read into the same cohort as the long CSV; every refusal
names the file, the row and what to do; the three silent misreads of the issue are refused or read right."""
import datetime as dt
import shutil, subprocess
from pathlib import Path
import openpyxl
import pandas as pd
import pytest
from examrules_nb.cli import run
from examrules_nb.cohorts import read_cohort
from examrules_nb.tables import read_rows, ReadOptions

CO = Path(__file__).resolve().parent.parent / 'scenarios' / 'cohorts'
RES, CAT, STU = CO / 'ut_tom_2020_results.csv', CO / 'ut_tom_2020_catalogue.csv', CO / 'ut_tom_2020_students.csv'
COLS = ['student', 'course', 'test', 'occasion', 'date', 'result_h', 'code', 'scale']
NL = {'student': 'Studentnummer', 'course': 'Cursus', 'test': 'Toets', 'occasion': 'Gelegenheid', 'date': 'Toetsdatum', 'result': 'Resultaat'}


def frame(c):
    return c.results[COLS].astype({k: object for k in ('student', 'course', 'test', 'code', 'scale')}).reset_index(drop=True)


@pytest.fixture(scope='module')
def long():
    return pd.read_csv(RES, dtype=str, keep_default_na=False)


@pytest.fixture(scope='module')
def reference():
    return read_cohort(RES, CAT, STU, 'ut_tom_2020')


def dutch(df):
    "The long results as a Dutch Excel export: Dutch headers, decimal commas, dd-mm-yyyy dates."
    d = df.rename(columns=NL).copy()
    d['Resultaat'] = d['Resultaat'].str.replace('.', ',', regex=False)
    d['Toetsdatum'] = pd.to_datetime(d['Toetsdatum']).dt.strftime('%d-%m-%Y')
    return d


def test_semicolons_decimal_commas_dmy_cp1252_crlf_trailing_empties(tmp_path, long, reference):
    p = tmp_path / 'resultaten.csv'
    text = dutch(long).to_csv(sep=';', index=False, lineterminator='\r\n')
    text = text.replace('\r\n', ';;\r\n') + ';;;;;;;\r\n\r\n'             # trailing empty columns and rows
    p.write_bytes(text.encode('cp1252'))
    c = read_cohort(p, CAT, STU, 'ut_tom_2020')
    pd.testing.assert_frame_equal(frame(c), frame(reference))
    assert len(c.rejected) == 0


def test_tab_utf8_bom_english_headers_any_case(tmp_path, long, reference):
    p = tmp_path / 'r.txt'
    d = long.rename(columns={'student': 'Student Number', 'occasion': 'OCCASION', 'date': 'Test date'})
    p.write_text(d.to_csv(sep='\t', index=False), encoding='utf-8-sig')
    pd.testing.assert_frame_equal(frame(read_cohort(p, CAT, STU, 'ut_tom_2020')), frame(reference))


def test_column_map_file(tmp_path, long, reference):
    p = tmp_path / 'export.csv'
    long.rename(columns={'student': 'Stud.nr.', 'result': 'Beoordeling'}).to_csv(p, index=False)
    (tmp_path / 'map.toml').write_text('[columns]\nstudent = "Stud.nr."\nresult = "Beoordeling"\n')
    code, out, err = run('bsa', 'ut_tom_2020', '--results', p, '--catalogue', CAT, '--students', STU, '--columns', tmp_path / 'map.toml', '--json')
    assert code == 0, err
    code2, out2, _ = run('bsa', 'ut_tom_2020', '--results', RES, '--catalogue', CAT, '--students', STU, '--json')
    assert out == out2


def xlsx_from(df, path, numbers=True, dates=True):
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(list(df.columns))
    for r in df.itertuples(index=False):
        r = r._asdict()
        row = []
        for k, v in r.items():
            if k == 'date' and dates: v = dt.datetime.fromisoformat(v)                          # a date cell
            elif k in ('occasion', 'course') and numbers: v = int(v)                           # number cells
            elif k == 'result' and numbers and v.replace('.', '', 1).isdigit(): v = float(v)   # 6.45 as a float cell
            row.append(v)
        ws.append(row)
    wb.save(path)


def test_xlsx_date_number_and_text_cells(tmp_path, long, reference):
    p = tmp_path / 'r.xlsx'
    xlsx_from(long, p)
    pd.testing.assert_frame_equal(frame(read_cohort(p, CAT, STU, 'ut_tom_2020')), frame(reference))


def test_xlsx_numeric_cell_is_exact(tmp_path):
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(['student', 'course', 'test', 'occasion', 'date', 'result'])
    for x in (6.45, 7.0, 5.55, 10):
        ws.append(['s1', '202000201', 'exam', 1, dt.datetime(2020, 11, 6), x])
    wb.save(tmp_path / 'r.xlsx')
    df = read_rows(tmp_path / 'r.xlsx', ['student', 'result', 'date'], dates=('date',))
    assert df['result'].tolist() == ['6.45', '7', '5.55', '10'] and set(df['date']) == {'2020-11-06'}


@pytest.mark.skipif(not shutil.which('soffice'), reason='LibreOffice not installed')
def test_xlsx_written_by_libreoffice(tmp_path, long, reference):
    "LibreOffice turns ISO dates into date cells and grades into number cells (6.45 stays 6.45); read back exactly."
    src = tmp_path / 'r.csv'
    long.to_csv(src, index=False)
    subprocess.run(['soffice', '--headless', f'-env:UserInstallation=file://{tmp_path}/lo-profile', '--convert-to', 'xlsx',
                    '--outdir', str(tmp_path), str(src)], check=True, capture_output=True, timeout=300)
    ws = openpyxl.load_workbook(tmp_path / 'r.xlsx', read_only=True).active
    rows = list(ws.iter_rows(min_row=2, max_row=40, values_only=True))
    assert all(isinstance(r[4], dt.datetime) for r in rows)                                  # really date cells
    assert any(isinstance(r[5], float) for r in rows) and any(isinstance(r[5], str) for r in rows)   # number cells (and V, NV text)
    pd.testing.assert_frame_equal(frame(read_cohort(tmp_path / 'r.xlsx', CAT, STU, 'ut_tom_2020')), frame(reference))


# --- the three silent misreads of the issue (each passed with exit 0 and wrong answers before) -------------------

def test_misread_1_dates_as_date_cells_or_dmy(tmp_path, long):
    "Before: every row set aside ('rows evaluated 0'), every student negative, exit 0."
    xlsx_from(long, tmp_path / 'r.xlsx', numbers=False)
    d = long.copy(); d['date'] = pd.to_datetime(d['date']).dt.strftime('%-d-%-m-%Y'); d.to_csv(tmp_path / 'dmy.csv', index=False)
    want = run('bsa', 'ut_tom_2020', '--results', RES, '--catalogue', CAT, '--students', STU, '--json')[1]
    for f in ('r.xlsx', 'dmy.csv'):
        code, out, err = run('bsa', 'ut_tom_2020', '--results', tmp_path / f, '--catalogue', CAT, '--students', STU, '--json')
        assert code == 0 and out == want, (f, err)


def test_misread_2_leading_zeros(tmp_path, long):
    "Before: '0012345' and '12345' were two students (239 instead of 120), no warning."
    res = long.copy(); res['student'] = res['student'].str.replace('s', '00', regex=False)          # s0000001 -> 000000001
    res.to_csv(tmp_path / 'r.csv', index=False)
    st = pd.read_csv(STU, dtype=str, keep_default_na=False); st['student'] = st['student'].str.replace('s', '', regex=False).str.lstrip('0')
    st.to_csv(tmp_path / 's.csv', index=False)                                                     # what Excel makes of it
    code, out, err = run('bsa', 'ut_tom_2020', '--results', tmp_path / 'r.csv', '--catalogue', CAT, '--students', tmp_path / 's.csv')
    assert code == 2 and 'match only after removing leading zeros' in err and "'000000001' (" in err and "'1' (" in err
    assert 'r.csv' in err and '--allow-unmatched' in err
    code, out, err = run('bsa', 'ut_tom_2020', '--results', tmp_path / 'r.csv', '--catalogue', CAT, '--students', tmp_path / 's.csv', '--allow-unmatched')
    assert code == 0 and err.startswith('examrules: warning:')


def test_students_missing_from_students_file(tmp_path, long):
    st = pd.read_csv(STU, dtype=str, keep_default_na=False).iloc[2:]           # s0000001 and s0000002 left out
    st.to_csv(tmp_path / 's.csv', index=False)
    code, _, err = run('bsa', 'ut_tom_2020', '--results', RES, '--catalogue', CAT, '--students', tmp_path / 's.csv')
    assert code == 2 and "student number(s) of" in err and "'s0000001'" in err and 's.csv' in err


def test_misread_3_semicolons_and_decimal_commas(tmp_path, long, reference):
    "Before: 'Error tokenizing data. C error: Expected 1 fields in line 3, saw 2', never a word about the separator."
    p = tmp_path / 'r.csv'
    p.write_text(dutch(long).to_csv(sep=';', index=False))
    pd.testing.assert_frame_equal(frame(read_cohort(p, CAT, STU, 'ut_tom_2020')), frame(reference))
    code, _, err = run('bsa', 'ut_tom_2020', '--results', p, '--catalogue', CAT, '--sep', ',')
    assert code == 2 and "r.csv: row 1: one column only, read with separator comma, but the header contains semicolons: give --sep ';'" in err


# --- row numbers and refusals ------------------------------------------------------------------------------------

def test_row_numbers_are_the_files_lines_blank_lines_included(tmp_path):
    head = 'student,course,test,occasion,date,result\n'
    (tmp_path / 'r.csv').write_text(head + 's1,202000201,exam,1,2020-11-06,7\n\n\ns2,202000201,exam,1,2020-11-06,goed\n'
                                    + 's3,202000201,exam,1,2020-11-06,8\ns4,202000201,exam,1,2020-11-06,6\n')
    c = read_cohort(tmp_path / 'r.csv', CAT)
    assert c.rejected[['row', 'value']].values.tolist() == [[5, 'goed']]          # line 5: lines 3 and 4 are blank
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(head.strip().split(',')); ws.append(['s1', '202000201', 'exam', 1, '2020-11-06', 7]); ws.append([]); ws.append(['s2', '202000201', 'exam', 1, '2020-11-06', 'goed'])
    ws.append(['s3', '202000201', 'exam', 1, '2020-11-06', 8])
    wb.save(tmp_path / 'r.xlsx')
    assert read_cohort(tmp_path / 'r.xlsx', CAT).rejected['row'].tolist() == [4]    # Excel's row 4


@pytest.mark.parametrize('text, args, message', [
    ('student,course,test,occasion,date,result\ns1,202000201,exam,1,2020-11-06,6,5\n', (),
     "r.csv: row 2: 7 fields, but the header has 6 (separator comma); a decimal comma in a comma-separated file? quote such values or save with ';' as separator"),
    ('student,course,test,occasion,date\ns1,202000201,exam,1,2020-11-06\n', (),
     "r.csv: results is missing column(s) result; expected columns student, course, test, occasion, date, result"),
    ('student,course,test,occasion,date,result,\ns1,202000201,exam,1,2020-11-06,6,x\n', (),
     "r.csv: row 2, column 7: a value 'x' under an empty header; name the column or remove the value"),
    ('student,course,test,occasion,date,result\ns1,202000201,exam,1,6 nov 2020,6\ns2,202000201,exam,1,6 nov 2020,7\ns3,202000201,exam,1,2020-11-06,8\n', (),
     "r.csv: 2 of 3 rows unusable; most common reason (2 rows): date: expected a date such as 2020-11-06 or 6-11-2020, e.g. row 2, column date: '6 nov 2020'"),
    ('student,course,test,occasion,date,result\ns1,202000201,exam,1,2020-11-06,6\n', ('--encoding', 'klingon'),
     "--encoding 'klingon': unknown encoding"),
])
def test_refusals_name_file_row_and_what_to_do(tmp_path, text, args, message):
    (tmp_path / 'r.csv').write_text(text)
    code, out, err = run('bsa', 'ut_tom_2020', '--results', tmp_path / 'r.csv', '--catalogue', CAT, *args)
    assert code == 2 and message in err and err.count('\n') == 1, err


def test_cp1252_is_detected_and_encoding_can_be_given(tmp_path):
    (tmp_path / 'r.csv').write_bytes('student;naam\ns1;Zoë\n'.encode('cp1252'))
    assert read_rows(tmp_path / 'r.csv', ['student', 'name'])['name'].tolist() == ['Zoë']
    assert read_rows(tmp_path / 'r.csv', ['student', 'name'], options=ReadOptions(encoding='latin-1'))['name'].tolist() == ['Zoë']
    (tmp_path / 'u.csv').write_text('student;naam\ns1;Zoë\n', encoding='utf-16')
    assert read_rows(tmp_path / 'u.csv', ['student', 'name'])['name'].tolist() == ['Zoë']


def test_rows_set_aside_are_counted_with_reasons(tmp_path):
    rows = ''.join(f's{i},202000201,exam,1,2020-11-06,{7 if i % 4 else "goed"}\n' for i in range(1, 9))
    (tmp_path / 'r.csv').write_text('student,course,test,occasion,date,result\n' + rows)
    code, out, err = run('bsa', 'ut_tom_2020', '--results', tmp_path / 'r.csv', '--catalogue', CAT)
    assert code == 0 and 'set aside with a reason 2 (2 not a number or a result code)' in out
