"""`examrules gradelist` as the exam office runs it: new -> filled in -> check -> export -> correct, and hostile files."""
import csv
import hashlib
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO

EXAMPLES = REPO / 'scenarios' / 'examples'
FIRST_ROW = 14            # the first student row of a participant list (the table header is row 13)


def digest(*paths):
    return {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


@pytest.fixture
def made(tmp_path, examrules):
    """A participant list made by `gradelist new` from the shipped examples."""
    out = tmp_path / 'list.xlsx'
    inputs = digest(EXAMPLES / 'COURSE.toml', EXAMPLES / 'STUDENTS.csv')
    r = examrules('gradelist', 'new', '--course', EXAMPLES / 'COURSE.toml', '--students', EXAMPLES / 'STUDENTS.csv', '--out', out)
    assert r.returncode == 0, r.stderr
    assert digest(*inputs) == inputs                      # the inputs are never modified
    return out


def fill(path, out, results):
    """Fill in the results as an examiner would, with openpyxl; returns the saved path."""
    wb = openpyxl.load_workbook(path)
    ws = wb['Cijferlijst']
    for i, v in enumerate(results):
        ws.cell(FIRST_ROW + i, 3).value = v
    wb.save(out)
    return out


def students():
    return list(csv.DictReader(open(EXAMPLES / 'STUDENTS.csv', encoding='utf-8')))


def test_round_trip(made, tmp_path, examrules):
    # the examples: 12 students on the half-grade scale; results chosen by hand, one of each kind
    results = [6.5, 7, 8, 'NV', 9.5, 5, 10, 1, 4.5, 6, 6.5, 8.5]
    assert len(results) == len(students())
    filled = fill(made, tmp_path / 'returned.xlsx', results)
    before = digest(filled)
    r = examrules('gradelist', 'check', filled, '--json')
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout) == {'ok': True, 'findings': []}
    r = examrules('gradelist', 'export', filled, '--out', tmp_path / 'import')
    assert r.returncode == 0, r.stderr
    assert digest(filled) == before
    rows = list(csv.reader(open(tmp_path / 'import' / '201900001-1-2026-11-02.csv', encoding='utf-8')))
    assert rows[0] == ['studentnummer', 'naam', 'vakcode', 'vaknaam', 'gelegenheid', 'blok', 'toetsdatum', 'resultaat']
    expected = ['6.5', '7.0', '8.0', 'NV', '9.5', '5.0', '10.0', '1.0', '4.5', '6.0', '6.5', '8.5']
    assert [(x[0], x[1], x[-1]) for x in rows[1:]] == [(s['student_number'], s['name'], e) for s, e in zip(students(), expected)]
    assert {tuple(x[2:7]) for x in rows[1:]} == {('201900001', 'Signals and Systems (example)', '1', '1A', '2026-11-02')}
    xl = openpyxl.load_workbook(tmp_path / 'import' / '201900001-1-2026-11-02.xlsx').active
    assert [c.value for c in xl[2]] == rows[1]


def test_findings_and_exit_status(made, tmp_path, examrules):
    filled = fill(made, tmp_path / 'returned.xlsx', [6.3, '=7', 'zes', None, '6,5', 5.5, 11, 0, 7, 7, 7, 7])
    r = examrules('gradelist', 'check', filled, '--json')
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert out['ok'] is False
    got = [(f['sheet'], f['cell'], f['code'], f['severity']) for f in out['findings']]
    assert got == [('Cijferlijst', 'C14', 'off-scale', 'error'), ('Cijferlijst', 'C15', 'formula', 'error'),
                   ('Cijferlijst', 'C16', 'not-a-grade', 'error'), ('Cijferlijst', 'C17', 'empty-result', 'error'),
                   ('Cijferlijst', 'C18', 'text-decimal', 'warning'), ('Cijferlijst', 'C19', 'off-scale', 'error'),
                   ('Cijferlijst', 'C20', 'off-scale', 'error'), ('Cijferlijst', 'C21', 'off-scale', 'error')]
    assert all(set(f) >= {'sheet', 'cell', 'code', 'message', 'severity'} for f in out['findings'])
    assert 'not rounded' in out['findings'][0]['message']
    # the text report names every cell; export refuses and writes nothing
    r = examrules('gradelist', 'check', filled)
    assert r.returncode == 1 and 'Cijferlijst!C14' in r.stdout and 'Cijferlijst!C21' in r.stdout
    r = examrules('gradelist', 'export', filled, '--out', tmp_path / 'import')
    assert r.returncode == 1 and 'not exported' in r.stderr
    assert not (tmp_path / 'import').exists() or not any((tmp_path / 'import').iterdir())


def test_student_findings(made, tmp_path, examrules):
    wb = openpyxl.load_workbook(fill(made, tmp_path / 'r.xlsx', [7] * 12))
    ws = wb['Cijferlijst']
    ws['B15'] = 'Renamed Student'                                                  # a changed enrolled student
    ws.insert_rows(17); ws['A17'], ws['B17'], ws['C17'] = 's1234567', 'Walk In', 7   # inserted in the middle
    ws['A30'], ws['C30'] = 's7654321', 8                                           # appended without a name: a warning
    ws['A31'], ws['B31'], ws['C31'] = ws['A14'].value, 'Twice', 6                  # a duplicate student number
    ws['B4'] = '201900099'                                                         # the course code changed
    wb.save(tmp_path / 'edited.xlsx')
    out = json.loads(examrules('gradelist', 'check', tmp_path / 'edited.xlsx', '--json').stdout)
    assert [(f['cell'], f['code'], f['severity']) for f in out['findings']] == [
        ('B4', 'header-changed', 'error'), ('B15', 'student-changed', 'error'), ('A17', 'inserted-in-middle', 'error'),
        ('A30', 'appended-incomplete', 'warning'), ('A31', 'duplicate-student', 'error')]


def test_correction(made, tmp_path, examrules):
    filled = fill(made, tmp_path / 'returned.xlsx', [6.5] * 12)
    number = students()[2]['student_number']
    list_bytes = digest(filled)
    r = examrules('gradelist', 'slip', filled, '--student', number, '--out', tmp_path / 'slip.toml')
    assert r.returncode == 0, r.stderr
    assert digest(filled) == list_bytes                    # writing a slip leaves the list as it was
    slip = (tmp_path / 'slip.toml').read_text()
    slip = (slip.replace('new = ""', 'new = "7.5"').replace('reason = ""', 'reason = "re-marked after inspection"')
                .replace('signed_by = ""', 'signed_by = "Test Examiner"').replace('date = ""', 'date = 2026-11-20'))
    (tmp_path / 'slip.toml').write_text(slip)
    before = digest(filled, tmp_path / 'slip.toml')
    r = examrules('gradelist', 'correct', filled, '--slip', tmp_path / 'slip.toml', '--out', tmp_path / 'corrected.xlsx')
    assert r.returncode == 0, r.stderr
    assert digest(*before) == before
    wb = openpyxl.load_workbook(tmp_path / 'corrected.xlsx')
    assert wb['Cijferlijst'].cell(FIRST_ROW + 2, 3).value == 7.5
    log = [[c.value for c in row] for row in wb['Correctielog'].iter_rows(min_row=2)]
    assert [row[1:8] for row in log] == [['Test Examiner', '2026-11-20', number, str(FIRST_ROW + 2), '6.5', '7.5', 're-marked after inspection']]
    assert examrules('gradelist', 'check', tmp_path / 'corrected.xlsx').returncode == 0
    # applying the same slip again: its old result no longer matches the list
    r = examrules('gradelist', 'correct', tmp_path / 'corrected.xlsx', '--slip', tmp_path / 'slip.toml', '--out', tmp_path / 'again.xlsx')
    assert r.returncode == 2 and 'does not match the result on the list' in r.stderr and not (tmp_path / 'again.xlsx').exists()
    # writing over the input is refused
    r = examrules('gradelist', 'correct', filled, '--slip', tmp_path / 'slip.toml', '--out', filled)
    assert r.returncode == 2 and 'new file' in r.stderr


def _zip_copy(src, dst, replace):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, replace.get(item.filename, zin.read(item.filename)))
    return dst


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""


def test_hostile_files_are_refused(made, tmp_path, examrules):
    (tmp_path / 'list.csv').write_text('Studentnummer,Resultaat\n')
    (tmp_path / 'big.xlsx').write_bytes(b'PK\x03\x04' + b'\0' * (21 * 2**20))
    (tmp_path / 'locked.xlsx').write_bytes(b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 500 + 'EncryptedPackage'.encode('utf-16-le'))
    (tmp_path / 'broken.xlsx').write_bytes(b'PK\x03\x04 not really a zip')
    with zipfile.ZipFile(tmp_path / 'bomb.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<Types/>')
        z.writestr('xl/workbook.xml', '<workbook/>')
        z.writestr('xl/worksheets/sheet1.xml', b' ' * (150 * 2**20))
    _zip_copy(made, tmp_path / 'laughs.xlsx', {'xl/worksheets/sheet1.xml': BILLION_LAUGHS})
    _zip_copy(made, tmp_path / 'macros.xlsx', {})
    with zipfile.ZipFile(tmp_path / 'macros.xlsx', 'a') as z:
        z.writestr('xl/vbaProject.bin', b'\0' * 64)
    cases = {'list.csv': "expected an .xlsx workbook, got '.csv'", 'big.xlsx': 'too large', 'locked.xlsx': 'encrypted',
             'broken.xlsx': 'damaged or not an .xlsx', 'bomb.xlsx': 'zip bomb', 'laughs.xlsx': 'XML bomb', 'macros.xlsx': 'macros'}
    for name, why in cases.items():
        path = tmp_path / name
        before = digest(path)
        r = examrules('gradelist', 'check', path)
        assert r.returncode == 2, (name, r.stdout, r.stderr)
        assert why in r.stderr and name in r.stderr and 'Traceback' not in r.stderr, (name, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert digest(path) == before


def test_bad_inputs_to_new(tmp_path, examrules):
    (tmp_path / 'students.csv').write_text('student_number,name\ns1,A\n,B\n')
    r = examrules('gradelist', 'new', '--course', EXAMPLES / 'COURSE.toml', '--students', tmp_path / 'students.csv', '--out', tmp_path / 'l.xlsx')
    assert r.returncode == 2 and 'students.csv: row 3: empty student_number' in r.stderr
    r = examrules('gradelist', 'new', '--course', EXAMPLES / 'COURSE.toml', '--students', EXAMPLES / 'STUDENTS.csv', '--out', EXAMPLES / 'STUDENTS.csv')
    assert r.returncode == 2 and 'overwrite an input file' in r.stderr
    r = examrules('gradelist', 'check', tmp_path / 'missing.xlsx')
    assert r.returncode == 2 and 'file not found' in r.stderr
    r = examrules('gradelist', '--help')
    assert r.returncode == 0 and all(a in r.stdout for a in ('new', 'check', 'export', 'correct', 'slip'))
