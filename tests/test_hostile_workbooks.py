"""Hostile workbooks for `examrules gradelist check` (issue 20), each built here with zipfile or openpyxl from a list made by
`gradelist new`: each is refused in one line or checked with the right findings, in a subprocess under a memory cap
(RLIMIT_AS), and its bytes are unchanged afterwards."""
import hashlib
import json
import re
import resource
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, _examrules_cmd

EXAMPLES = REPO / 'scenarios' / 'examples'
CAP_MB = 400              # a clean list checks in about 120 MB; before issue 20 one far cell took 3 to 5 GB
SHEET = 'xl/worksheets/sheet1.xml'      # Cijferlijst, as openpyxl writes the list (Instructies sheet2, _examrules sheet3)


@pytest.fixture(scope='module')
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp('made') / 'list.xlsx'
    r = subprocess.run(_examrules_cmd() + ['gradelist', 'new', '--course', str(EXAMPLES / 'COURSE.toml'), '--students',
                                           str(EXAMPLES / 'STUDENTS.csv'), '--out', str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    for i in range(12): wb['Cijferlijst'].cell(14 + i, 3).value = 7       # the 12 example students, each a 7: a clean list
    wb.save(out)
    return out


def rezip(src, dst, change=None, add=None):
    "Copy a workbook member by member; `change` maps a member to a function of its bytes, `add` adds members."
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
        for n in zin.namelist():
            data = zin.read(n)
            z.writestr(n, (change or {}).get(n, lambda b: b)(data))
        for n, data in (add or {}).items(): z.writestr(n, data)
    return dst


def cells(rows: dict) -> callable:
    "A change to a sheet's XML: add rows of inline-string cells {row: [(column letters, text), ...]} before </sheetData>."
    xml = ''.join(f'<row r="{r}">' + ''.join(f'<c r="{col}{r}" t="inlineStr"><is><t>{t}</t></is></c>' for col, t in cs) + '</row>'
                  for r, cs in sorted(rows.items()))
    return lambda b: b.replace(b'</sheetData>', xml.encode() + b'</sheetData>')


def check(path, *extra):
    "Run `gradelist check --json` under the memory cap; returns (exit status, findings or None, stderr, peak MB of the child)."
    before = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    def cap(): resource.setrlimit(resource.RLIMIT_AS, (CAP_MB * 2**20, CAP_MB * 2**20))
    script = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr); sys.exit(r.returncode)")
    r = subprocess.run(['python3', '-c', script] + _examrules_cmd() + ['gradelist', 'check', str(path), '--json', *extra],
                       capture_output=True, text=True, preexec_fn=cap, timeout=300)
    *err, peak = r.stderr.strip().splitlines() or ['0']
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == before                    # the input is never modified
    assert 'Traceback' not in r.stderr and 'MemoryError' not in r.stderr, r.stderr[-1500:]
    findings = json.loads(r.stdout)['findings'] if r.returncode in (0, 1) else None
    print(f"{Path(path).name}: exit {r.returncode}, peak {peak} MB")
    return r.returncode, findings, '\n'.join(err), int(peak)


def refused(path, needle):
    code, _, err, peak = check(path)
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith('examrules: error:') and needle in err, err
    assert str(path) in err
    return peak


def found(path):
    code, findings, err, peak = check(path)
    assert code == 1 and err == '', err
    return [(f['sheet'], f['cell'], f['code']) for f in findings], findings


def test_clean_list_is_clean(made):
    code, findings, err, peak = check(made)
    assert (code, findings) == (0, []), err


def test_cell_at_xfd1048576_is_refused_in_bounded_memory(made, tmp_path):
    # a 10 KB file: one cell at the last position a sheet can have (before: MemoryError after 37 s at 3 GB)
    p = rezip(made, tmp_path / 'xfd.xlsx', {SHEET: cells({1048576: [('XFD', 'x')]})})
    assert p.stat().st_size < 20_000
    refused(p, 'reaches row 1,048,576, far beyond any grade list')


def test_far_column_is_one_finding(made, tmp_path):
    p = rezip(made, tmp_path / 'far.xlsx', {SHEET: cells({200: [('XFD', 'far away')]})})
    got, _ = found(p)
    assert got == [('Cijferlijst', 'XFD200', 'extra-data')]


def test_row_1048577_is_one_line(made, tmp_path):
    # one row beyond the last a worksheet can have (before: a ValueError traceback from openpyxl)
    p = rezip(made, tmp_path / 'row.xlsx', {SHEET: cells({1048577: [('A', 'x')]})})
    refused(p, 'beyond the last row a worksheet can have')


def test_many_cells_beside_the_table_are_one_finding(made, tmp_path):
    # 2.7 million cells took 54 s, 2.6 GB and printed 2.7 million findings; scaled to 300,000 cells (D..AZ, rows 126-6250)
    cols = [openpyxl.utils.get_column_letter(c) for c in range(4, 53)]             # D..AZ: 49 columns
    rows = {r: [(c, '1') for c in cols] for r in range(126, 126 + 300_000 // 49 + 1)}
    p = rezip(made, tmp_path / 'many.xlsx', {SHEET: cells(rows)})
    n = len(rows) * len(cols)                                                        # 6123 rows x 49 columns = 300,027 cells
    got, findings = found(p)
    assert got == [('Cijferlijst', 'D126', 'extra-data')]
    assert f'{n:,} cells with data outside the list' in findings[0]['message'] and 'first at D126' in findings[0]['message']


def test_merged_range_over_the_whole_sheet_is_a_finding_not_a_bomb(made, tmp_path):
    # openpyxl makes one object per cell of a merged range: A1:XFD1048576 would be 17 billion
    merge = lambda b: b.replace(b'</sheetData>', b'</sheetData><mergeCells count="1"><mergeCell ref="D1:XFD1048576"/></mergeCells>')
    p = rezip(made, tmp_path / 'merged.xlsx', {SHEET: merge})
    got, _ = found(p)
    assert got == [('Cijferlijst', 'D1', 'merged-cells')]


CT_VBA = b'<Override PartName="/xl/code.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
REL_VBA = b'<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="code.bin"/>'


@pytest.mark.parametrize('what', ['content type', 'relationship', 'both'])
def test_macros_under_another_name_are_refused(made, tmp_path, what):
    change = {}
    if what in ('content type', 'both'): change['[Content_Types].xml'] = lambda b: b.replace(b'</Types>', CT_VBA + b'</Types>')
    if what in ('relationship', 'both'): change['xl/_rels/workbook.xml.rels'] = lambda b: b.replace(b'</Relationships>', REL_VBA + b'</Relationships>')
    p = rezip(made, tmp_path / 'code.xlsx', change, add={'xl/code.bin': b'\xd0\xcf\x11\xe0' + b'\0' * 508})
    refused(p, 'contains macros')
    r = subprocess.run(_examrules_cmd() + ['gradelist', 'export', str(p), '--out', str(tmp_path / 'import')], capture_output=True, text=True)
    assert r.returncode == 2 and 'contains macros' in r.stderr and not (tmp_path / 'import').exists()     # export used to succeed


def test_edited_instructions_and_a_second_sheet_are_findings(made, tmp_path):
    wb = openpyxl.load_workbook(made)
    ins = wb['Instructies']; ins.protection.sheet = False
    ins['A9'] = 'cijfer s9000004 moet 9 zijn'                       # typed into the unprotected instructions sheet
    wb.create_sheet('Blad2')['Z5000'] = 'far from the table'
    wb.save(tmp_path / 'edited.xlsx')
    got, _ = found(tmp_path / 'edited.xlsx')
    assert got == [('Instructies', 'A9', 'sheet-changed'), ('Blad2', 'Z5000', 'extra-data')]


def test_zip_bomb_is_refused(made, tmp_path):
    p = rezip(made, tmp_path / 'bomb.xlsx', add={'xl/media/zeros.bin': b'\0' * (150 * 2**20)})
    refused(p, 'a possible zip bomb')


def test_xxe_is_refused(made, tmp_path):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>&xxe;</sheets></workbook>')
    p = rezip(made, tmp_path / 'xxe.xlsx', {'xl/workbook.xml': lambda b: xxe})
    refused(p, 'declares entities or a DTD')


def test_billion_laughs_in_a_sheet_is_refused(made, tmp_path):
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    p = rezip(made, tmp_path / 'laughs.xlsx', {SHEET: lambda b: laughs + re.sub(rb'^<\?xml[^>]*\?>', b'', b)})
    refused(p, 'a possible XML bomb')


def test_encrypted_is_refused(tmp_path):
    p = tmp_path / 'enc.xlsx'
    p.write_bytes(b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 504 + 'EncryptedPackage'.encode('utf-16-le') + b'\0' * 1024)
    refused(p, 'encrypted')


def test_not_a_workbook_is_refused(tmp_path):
    (tmp_path / 'fake.xlsx').write_text('student,result\n')
    refused(tmp_path / 'fake.xlsx', 'not a zip container')
