"""Issue 20, one test per defect: every bad input is one line on stderr and exit 2 (never a traceback), outputs are replaced
only with --force, a broken pipe is quiet, an interrupted write leaves no litter, messages name the user's path."""
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, _examrules_cmd
from examrules_nb.cli import run

EXAMPLES = REPO / 'scenarios' / 'examples'
COHORTS = REPO / 'scenarios' / 'cohorts'


def one_line_error(code, out, err, *needles):
    assert code == 2, (code, out[-500:], err[-500:])
    assert len(err.strip().splitlines()) == 1 and err.startswith('examrules: error: '), err
    assert 'Traceback' not in err and 'internal error' not in err
    for n in needles: assert n in err, (n, err)


@pytest.fixture
def files(tmp_path):
    t = tmp_path
    (t / 'not_utf8.toml').write_bytes(b'[scenario]\nextends = "ut_tom_2020"\ntitle = "\xff\xfe"\n')
    (t / 'deep.toml').write_text('x = ' + '[' * 6000 + ']' * 6000 + '\n')
    (t / 'results').mkdir()
    (t / 'results' / 'ut_tom_2020_results.csv').write_text((COHORTS / 'ut_tom_2020_results.csv').read_text().splitlines()[0] + '\n')
    for k in ('catalogue', 'students'):
        (t / 'results' / f'ut_tom_2020_{k}.csv').write_text((COHORTS / f'ut_tom_2020_{k}.csv').read_text())
    course = (EXAMPLES / 'COURSE.toml').read_text()
    for name, line in [('scale_list', 'scale = ["half_grades"]'), ('name_table', 'name = {a=1}'), ('occasion', 'occasion = -1')]:
        key = line.split(' = ')[0]
        (t / f'{name}.toml').write_text('\n'.join(line if l.startswith(key + ' =') else l for l in course.splitlines()) + '\n')
    (t / 'control.csv').write_text('student_number,name\ns0000001,Ann\x01e\n')
    (t / 'plan9999.csv').write_text('course,form,exam,result,resit\nX,written,9999-12-20,9999-12-30,9999-12-31\n')
    return t


# the 22 tracebacks of the issue, each now one line and exit 2 (message: what the user must fix)
CASES = [
    (('round', 'ut_tom_2020', '1' + '0' * 29), 'too large'),
    (('score', 'leiden_fgw_2023', '--points', '3', '--max', '1' + '0' * 29, '--options', '4'), 'too large'),
    (('score', 'leiden_fgw_2023', '--points', '1' + '0' * 29, '--max', '40', '--options', '4'), 'points'),
    (('round', '{t}/not_utf8.toml', '6'), 'not UTF-8'),
    (('round', '{t}/deep.toml', '6'), 'nested too deeply'),
    (('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', '--cohort', '{t}/results/ut_tom_2020_results.csv', '--catalogue',
      '{t}/results/ut_tom_2020_catalogue.csv', '--out', '{t}/wi'), 'only a header'),
    (('bsa', 'ut_tom_2020', '--results', '{t}/results'), 'only a header'),
    (('cohort', 'ut_tom_2020', '--students', '0', '--out', '{t}/c'), '0 is outside 1 to'),
    (('cohort', 'ut_tom_2020', '--students', '-5', '--out', '{t}/c'), '-5 is outside'),
    (('cohort', 'ut_tom_2020', '--students', '99999999999999', '--out', '{t}/c'), 'is outside'),
    (('cohort', 'ut_tom_2020', '--seed', '-1', '--out', '{t}/c'), '-1 is outside 0 to'),
    (('bench', '--repeat', '0'), '--repeat: 0 is outside'),
    (('bench', '--students', '99999999999999'), '--students: 99999999999999 is outside'),
    (('bench', '--explorer-students', '0'), '--explorer-students: 0 is outside'),
    (('explore', 'resit', '--port', '-1'), '--port: -1 is outside'),
    (('explore', 'resit', '--port', '99999'), '--port: 99999 is outside'),
    (('deadline', 'leiden_fgw_2023', 'resit-earliest', '9999-12-31'), 'outside the years the calendar counts in'),
    (('deadline', 'leiden_fgw_2023', 'resit-earliest', '0001-01-02'), 'outside the years the calendar counts in'),
    (('plan', 'leiden_fgw_2023', '--exam', '9999-12-20', '--result', '9999-12-30', '--resit', '9999-12-31'), 'outside the years'),
    (('year', 'ou_schakelzone_2018', '{t}/plan9999.csv'), "row 2, column 'exam'"),
    (('gradelist', 'new', '--course', '{t}/scale_list.toml', '--students', EXAMPLES / 'STUDENTS.csv', '--out', '{t}/a.xlsx'), "scale ['half_grades']: expected text"),
    (('gradelist', 'new', '--course', EXAMPLES / 'COURSE.toml', '--students', '{t}/control.csv', '--out', '{t}/b.xlsx'), 'row 2: name'),
    # wrong exits and behaviours
    (('plan', 'leiden_fgw_2023', '--exam', '2023-12-11', '--result', '2023-12-21', '--resit', '2023-12-28', '--form', 'telepathy'), "--form 'telepathy'"),
    (('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', '--site', '/nonexistent', '--out', '{t}/wi2'), '--site /nonexistent: no such folder'),
    (('gradelist', 'new', '--course', '{t}/name_table.toml', '--students', EXAMPLES / 'STUDENTS.csv', '--out', '{t}/c.xlsx'), "name {'a': 1}: expected text"),
    (('gradelist', 'new', '--course', '{t}/occasion.toml', '--students', EXAMPLES / 'STUDENTS.csv', '--out', '{t}/d.xlsx'), 'occasion -1'),
    (('gradelist',), 'required: ACTION'),
]


@pytest.mark.parametrize('args, needle', CASES, ids=[' '.join(str(a) for a in c[0][:3]) for c in CASES])
def test_bad_input_is_one_line(files, args, needle):
    code, out, err = run(*[str(a).replace('{t}', str(files)) for a in args])
    one_line_error(code, out, err, needle)
    assert not list(files.glob('*.xlsx')) and not (files / 'c').exists()        # nothing written on the way out


@pytest.mark.parametrize('repeat', [1, 200])
def test_broken_pipe_is_quiet(repeat):
    # `examrules tables | head -1`: the reader closes the pipe after one line (200 tables: about 290 KB, more than a pipe holds)
    p = subprocess.Popen(_examrules_cmd() + ['tables'] + ['ut_tom_2020'] * repeat, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p.stdout.readline(); p.stdout.close()
    assert p.wait(60) == 0 and first.startswith(b'== ')
    assert p.stderr.read() == b''


@pytest.mark.parametrize('command', [
    ['gradelist', 'new', '--course', EXAMPLES / 'COURSE.toml', '--students', EXAMPLES / 'STUDENTS.csv', '--out', '{out}/list.xlsx'],
    ['cohort', 'ut_tom_2020', '--students', '3', '--out', '{out}'],
    ['whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', '--out', '{out}', '--site', ''],
    ['year', 'ou_schakelzone_2018', EXAMPLES / 'ou_year_plan.csv', '--chart', '{out}/year.png'],
])
def test_existing_output_is_replaced_only_with_force(tmp_path, command):
    # the rule for every command that writes: an existing output file is replaced only with --force; the refusal names it
    args = [str(a).replace('{out}', str(tmp_path)) for a in command]
    first = run(*args)
    assert first[0] in (0, 1), first
    written = sorted(p for p in tmp_path.rglob('*') if p.is_file())
    assert written
    before = {p: p.read_bytes() for p in written}
    for p in written: p.write_bytes(b'filled in and signed')               # the user's work since
    code, out, err = run(*args)
    one_line_error(code, out, err, 'exists; give --force to replace it')
    assert any(str(p) in err for p in written)
    assert all(p.read_bytes() == b'filled in and signed' for p in written)
    assert run(*args, '--force')[0] in (0, 1)
    assert any(p.read_bytes() != b'filled in and signed' for p in written)
    assert sorted(p for p in tmp_path.rglob('*') if p.is_file()) == sorted(before)   # no temporary file left


def test_gradelist_outputs_need_force(tmp_path):
    lst = tmp_path / 'list.xlsx'
    assert run('gradelist', 'new', '--course', EXAMPLES / 'COURSE.toml', '--students', EXAMPLES / 'STUDENTS.csv', '--out', lst)[0] == 0
    import openpyxl
    wb = openpyxl.load_workbook(lst); ws = wb['Cijferlijst']
    for i in range(12): ws.cell(14 + i, 3).value = 7                       # 12 example students, all a 7
    wb.save(tmp_path / 'filled.xlsx')
    for args in (('gradelist', 'slip', tmp_path / 'filled.xlsx', '--student', 's9000001', '--out', tmp_path / 'slip.toml'),
                 ('gradelist', 'export', tmp_path / 'filled.xlsx', '--out', tmp_path / 'import')):
        assert run(*args)[0] == 0
        one_line_error(*run(*args), 'exists; give --force')
        assert run(*args, '--force')[0] == 0
    slip = (tmp_path / 'slip.toml').read_text().replace('new = ""', 'new = "8"').replace('reason = ""', 'reason = "recount"')
    (tmp_path / 'slip.toml').write_text(slip.replace('signed_by = ""', 'signed_by = "T. Examiner"').replace('date = ""', 'date = "2026-11-20"'))
    args = ('gradelist', 'correct', tmp_path / 'filled.xlsx', '--slip', tmp_path / 'slip.toml', '--out', tmp_path / 'corrected.xlsx')
    assert run(*args)[0] == 0
    one_line_error(*run(*args), str(tmp_path / 'corrected.xlsx'), 'exists; give --force')
    assert run(*args, '--force')[0] == 0


def test_message_names_the_given_path_not_the_temporary_file(tmp_path):
    (tmp_path / 'dir.xlsx').mkdir()
    code, out, err = run('gradelist', 'new', '--course', EXAMPLES / 'COURSE.toml', '--students', EXAMPLES / 'STUDENTS.csv',
                         '--out', tmp_path / 'dir.xlsx', '--force')
    one_line_error(code, out, err, f'{tmp_path}/dir.xlsx: is a folder')
    assert '.tmp' not in err


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path):
    # a cohort large enough to be still writing when SIGTERM comes; tried a few times at different moments
    for delay in (1.5, 2.5, 3.5):
        out = tmp_path / f'run{delay}'
        p = subprocess.Popen(_examrules_cmd() + ['cohort', 'ut_tom_2020', '--students', '20000', '--out', str(out)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        p.send_signal(signal.SIGTERM)
        p.wait(60)
        left = [f.name for f in out.glob('.*')] if out.exists() else []
        assert left == [], left


def test_gradelist_without_action_is_a_usage_error():
    code, out, err = run('gradelist')
    one_line_error(code, out, err, 'ACTION')
    assert out == ''


def _answers(url, timeout=3):
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r: return r.status
    except OSError: return None


def _gone(url, within=30):
    end = time.monotonic() + within
    while time.monotonic() < end:
        if _answers(url, 1) is None: return True
        time.sleep(0.5)
    return False


@pytest.mark.parametrize('how', [signal.SIGTERM, signal.SIGKILL])
def test_explore_url_answers_at_once_and_voila_dies_with_it(tmp_path, how):
    # the URL is printed only when the server answers; stopped (SIGTERM) or killed (SIGKILL), examrules takes Voila down
    p = subprocess.Popen(_examrules_cmd() + ['explore', 'rounding', '--no-browser', '--site', ''], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, cwd=tmp_path, start_new_session=True)
    try:
        url = p.stdout.readline().strip()
        assert url.startswith('http://127.0.0.1:'), url
        assert _answers(url, 120) == 200                     # opened at once: the page, not 'connection refused'
    finally:
        p.send_signal(how); p.wait(30)
    assert _gone(url), f"Voila still answers at {url} after examrules got {how.name}"
