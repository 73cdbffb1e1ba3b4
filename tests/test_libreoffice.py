"""A real client (issue 20): a list made by `gradelist new`, filled in and saved by LibreOffice Calc through UNO, checks clean;
deliberate defects made in LibreOffice are each found at their cell.

UNO works with Debian's system python3 (python3-uno), not the venv, so the filling runs as a small script under /usr/bin/python3
in a subprocess, with its own LibreOffice profile. Skipped, with the reason, where LibreOffice or python3-uno is not installed
(`.ci/test` installs libreoffice-calc-nogui and python3-uno from Debian when it can)."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, _examrules_cmd

EXAMPLES = REPO / 'scenarios' / 'examples'
SOFFICE, PYTHON3 = '/usr/bin/soffice', '/usr/bin/python3'


def _why_not() -> str:
    if not Path(SOFFICE).exists(): return f"LibreOffice is not installed ({SOFFICE} missing; apt-get install libreoffice-calc-nogui)"
    r = subprocess.run([PYTHON3, '-c', 'import uno'], capture_output=True, text=True) if Path(PYTHON3).exists() else None
    if r is None or r.returncode: return f"python3-uno is not installed ({PYTHON3} cannot import uno; apt-get install python3-uno)"
    return ''


pytestmark = pytest.mark.skipif(bool(_why_not()), reason=_why_not() or 'LibreOffice present')

UNO_SCRIPT = r'''
import sys, os, time, subprocess, json, uno
from com.sun.star.beans import PropertyValue
src, dst, edits, profile = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
pipe = 'examrules_test_' + str(os.getpid())
office = subprocess.Popen(['/usr/bin/soffice', '--headless', '--invisible', '--norestore', '--nologo', '--nodefault',
                           '-env:UserInstallation=file://' + profile, '--accept=pipe,name=%s;urp;' % pipe],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
def prop(n, v):
    p = PropertyValue(); p.Name, p.Value = n, v; return p
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    for _ in range(240):
        try: ctx = resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % pipe); break
        except Exception: time.sleep(0.5)
    else: sys.exit('LibreOffice did not start')
    desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), '_blank', 0, (prop('Hidden', True),))
    for sheet, cell, kind, v in edits:
        sh = doc.Sheets.getByName(sheet)
        if kind == 'unprotect': sh.unprotect(''); continue
        if kind == 'hide_row': sh.Rows.getByIndex(v).IsVisible = False; continue
        c = sh.getCellRangeByName(cell)
        if kind == 'value': c.setValue(v)
        elif kind == 'text': c.setString(v)
        elif kind == 'formula': c.setFormula(v)
    doc.storeToURL(uno.systemPathToFileUrl(dst), (prop('FilterName', 'Calc MS Excel 2007 XML'),))
    doc.close(True)
    try: desktop.terminate()
    except Exception: pass
finally:
    try: office.wait(60)
    except subprocess.TimeoutExpired: os.killpg(office.pid, 9)
'''


@pytest.fixture(scope='module')
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp('lo') / 'list.xlsx'
    r = subprocess.run(_examrules_cmd() + ['gradelist', 'new', '--course', str(EXAMPLES / 'COURSE.toml'), '--students',
                                           str(EXAMPLES / 'STUDENTS.csv'), '--out', str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out


def in_libreoffice(src, dst, edits, tmp_path):
    "Open `src` in LibreOffice Calc, make the edits as a user would, save as .xlsx to `dst`."
    script = tmp_path / 'fill.py'; script.write_text(UNO_SCRIPT)
    r = subprocess.run([PYTHON3, str(script), str(src), str(dst), json.dumps(edits), str(tmp_path / 'profile')],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and dst.exists(), r.stderr[-2000:]
    return dst


def check(path):
    r = subprocess.run(_examrules_cmd() + ['gradelist', 'check', str(path), '--json'], capture_output=True, text=True, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, [(f['sheet'], f['cell'], f['code']) for f in json.loads(r.stdout)['findings']]


# the 12 example students' results as an examiner types them in Calc: numbers on the half-grade scale, and NV as text
RESULTS = [6.5, 7, 8, 'NV', 9.5, 5, 10, 1, 4.5, 6, 6.5, 8.5]


def filled(results=RESULTS):
    return [['Cijferlijst', f'C{14 + i}', 'text' if isinstance(v, str) else 'value', v] for i, v in enumerate(results)]


def test_filled_in_libreoffice_checks_clean(made, tmp_path):
    signed = [['Cijferlijst', 'B10', 'text', 'getekend: dr. T. Examiner'], ['Cijferlijst', 'B11', 'text', 'T. Examiner, 2026-11-09']]
    out = in_libreoffice(made, tmp_path / 'returned.xlsx', filled() + signed, tmp_path)
    assert check(out) == (0, [])


def test_defects_made_in_libreoffice_are_found_at_their_cells(made, tmp_path):
    defects = [['Cijferlijst', 'C14', 'formula', '=ROUND(6.3*2;0)/2'],   # a calculation where a typed value belongs
               ['Cijferlijst', 'C15', 'value', 6.3],                      # not rounded to the half-grade scale
               ['Cijferlijst', 'C16', 'text', '6,5'],                     # typed as text: read, with a warning
               ['Cijferlijst', 'C17', 'text', ''],                        # left empty
               ['Cijferlijst', 'E20', 'text', 'was 5.8'],                 # beside the list
               ['Cijferlijst', '', 'unprotect', None],
               ['Cijferlijst', 'B4', 'text', '201900002'],                # the course code changed
               ['Cijferlijst', '', 'hide_row', 17],                       # row 18 (index 17) hidden, with a result in it
               ['Instructies', '', 'unprotect', None],
               ['Instructies', 'A9', 'text', 'cijfer s9000004 moet 9 zijn']]
    out = in_libreoffice(made, tmp_path / 'defects.xlsx', filled() + defects, tmp_path)
    code, got = check(out)
    assert code == 1
    assert got == [('Cijferlijst', 'B4', 'header-changed'), ('Cijferlijst', 'C14', 'formula'), ('Cijferlijst', 'C15', 'off-scale'),
                   ('Cijferlijst', 'C16', 'text-decimal'), ('Cijferlijst', 'C17', 'empty-result'), ('Cijferlijst', 'A18', 'hidden-row'),
                   ('Cijferlijst', 'E20', 'extra-data'), ('Instructies', 'A9', 'sheet-changed')]
