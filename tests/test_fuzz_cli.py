"""A fuzz suite for the command line (issue 20): for every command `examrules --help` lists, hypothesis draws arguments from the
command's own parser (its positionals and options, missing, repeated, in any order), with values that are good, at the edges
(huge and tiny numbers, dates at the calendar's ends, unicode and control characters, empty and enormous strings) or hostile
files (empty, header-only, binary, a folder, a dangling symlink, a FIFO, /dev/null, /dev/zero). Every run must end with exit 0, 1 or 2, never a
traceback or an internal error, and every exit 2 prints exactly one line on stderr, starting with `examrules: error:`.

Runs in-process through `examrules_nb.cli.run` (fast); a handful go through the real console script in a subprocess. `explore`
only gets arguments that fail in parsing (it would start a server), `docs` runs outside a checkout (where it refuses), and
`bench` only tiny sizes. Bounded: `max_examples` per command, the whole file well under three minutes on two cores.

`python tests/test_fuzz_cli.py N` runs N examples per command and counts the tracebacks instead of stopping at the first.
"""
import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import REPO, _examrules_cmd            # noqa: E402
from examrules_nb.cli import build_parser, run      # noqa: E402

EXAMPLES, COHORTS = REPO / 'scenarios' / 'examples', REPO / 'scenarios' / 'cohorts'


def _commands():
    "Every (argv prefix, parser) pair: the commands of `examrules --help`, and each action of a command with actions."
    def sub_of(p): return next((a for a in p._actions if isinstance(a, argparse._SubParsersAction)), None)
    out = []
    for name, p in sub_of(build_parser()).choices.items():
        inner = sub_of(p)
        out.append(((name,), p))
        if inner: out += [((name, act), q) for act, q in inner.choices.items()]
    return out


COMMANDS = _commands()
SLOW = {'bench': 4, 'whatif': 12, 'sweep': 8, 'nearmiss': 10, 'cohort': 15, 'compare-rules': 10}     # examples for the slower commands


def _make_files(root: Path) -> dict:
    "Hostile and good input files, made once."
    f = {}
    def w(name, data):
        p = root / name
        p.write_bytes(data) if isinstance(data, bytes) else p.write_text(data, encoding='utf-8')
        f[name] = p
    w('empty.csv', '')
    w('header_only.csv', (COHORTS / 'ut_tom_2020_results.csv').read_text().splitlines()[0] + '\n')
    w('binary.bin', bytes(range(256)) * 8)
    w('not_utf8.toml', b'[scenario]\nextends = "ut_tom_2020"\ntitle = "\xff"\n')
    w('deep.toml', 'x = ' + '[' * 3000 + ']' * 3000 + '\n')
    w('variant.toml', '[scenario]\nextends = "ut_tom_2020"\n[bsa]\nthreshold = 40\n')
    w('bad_key.toml', '[scenario]\nextends = "ut_tom_2020"\n[rounding]\nstep = "half"\n')
    w('plan9999.csv', 'course,form,exam,result,resit\nX,written,9999-12-20,9999-12-30,9999-12-31\n')
    w('students_ctrl.csv', 'student_number,name\ns1,Ann\x01e\n')
    w('course_list.toml', (EXAMPLES / 'COURSE.toml').read_text().replace('scale = "half_grades"', 'scale = ["half_grades"]'))
    w('slip.toml', '[course]\nname = 1\n')
    (root / 'folder').mkdir(); f['folder'] = root / 'folder'
    (root / 'dangling').symlink_to(root / 'nowhere'); f['dangling'] = root / 'dangling'
    os.mkfifo(root / 'fifo.csv'); f['fifo.csv'] = root / 'fifo.csv'          # reading it would block forever
    lst = root / 'list.xlsx'
    assert run('gradelist', 'new', '--course', EXAMPLES / 'COURSE.toml', '--students', EXAMPLES / 'STUDENTS.csv', '--out', lst)[0] == 0
    f['list.xlsx'] = lst
    return f


ROOT = Path(tempfile.mkdtemp(prefix='examrules-fuzz-'))
FILES = _make_files(ROOT)
OUT = ROOT / 'out'; OUT.mkdir()

SCENARIOS = ['ut_tom_2020', 'leiden_fgw_2023', 'ou_schakelzone_2018', 'ut_sc_2013', 'ut_tom_2020_bsa40', 'no_such_scenario']
NUMBERS = ['0', '1', '-1', '-5', '6.5', '6,5', '10', '10.5', '0.0000001', '99999999999999', '1' + '0' * 30, '9' * 5000, '1e308',
           'nan', 'inf', '-0', '65536', '١٢', '0x10', '1_000']
DATES = ['2023-12-11', '2023-12-21', '2024-02-29', '2023-02-29', '9999-12-31', '0001-01-01', '0001-01-02', '1899-12-31', '2200-01-01',
         '2023-13-01', '2025-03-03T09:00', '11-12-2023']
TEXT = ['', ' ', '-', '--', 'x' * 10000, 'Ann\x01e', 'naïve ☃ 🎓', '\u202eevil', 'a\nb', 'a\tb', '../../etc/passwd', '%s%n', '{}', "'; DROP"]
PATHS = [str(p) for p in FILES.values()] + ['/nonexistent/file.csv', '/dev/null', '/dev/zero', str(COHORTS), str(COHORTS / 'ut_tom_2020_results.csv'),
                                          str(COHORTS / 'ut_tom_2020_catalogue.csv'), str(EXAMPLES / 'COURSE.toml'),
                                          str(EXAMPLES / 'STUDENTS.csv'), str(EXAMPLES / 'ou_year_plan.csv')]
OUTS = [str(OUT / 'a.xlsx'), str(OUT / 'dir'), str(OUT / 'x.png'), str(OUT / 'slip.toml'), str(OUT / 'none' / 'x.xlsx'),
        str(FILES['folder']), str(OUT / 'chart.svg'), str(OUT)]

GOOD = {   # values that fit a destination, so runs get past the first check
    'scenario': SCENARIOS + [str(FILES['variant.toml']), str(FILES['bad_key.toml']), str(FILES['not_utf8.toml']), str(FILES['deep.toml'])],
    'base': SCENARIOS, 'variant': SCENARIOS, 'scenarios': SCENARIOS,
    'values': NUMBERS, 'ec': NUMBERS, 'points': NUMBERS, 'max': NUMBERS, 'options': NUMBERS, 'students': NUMBERS + PATHS,
    'seed': NUMBERS, 'repeat': NUMBERS, 'explorer_students': NUMBERS, 'jobs': NUMBERS, 'mean_margin': NUMBERS,
    'frm': NUMBERS, 'to': NUMBERS, 'step': NUMBERS,
    'date': DATES, 'exam': DATES, 'result': DATES, 'resit': DATES,
    'name': ['resit-earliest', 'result-due', 'rounding', 'year', 'bsa'], 'form': ['written', 'cbi', 'oral', 'telepathy'],
    'moment': ['december', 'march', 'august'], 'part': ['6.3:1', '6.6:1:5.5', 'NV:1', '7:0', '6.5:-1', ':', '1' + '0' * 30 + ':1'],
    'key': ['bsa.threshold', 'rounding.step', 'nope'],
    'out': OUTS, 'chart': OUTS, 'list': [str(FILES['list.xlsx'])] + PATHS, 'plan': PATHS, 'course': PATHS, 'slip': PATHS,
    'student': ['s9000001', 's0000000', ''], 'site': ['', '/nonexistent', str(FILES['folder']), 'http://example.org/'],
}


def value(dest):
    return st.one_of(st.sampled_from(GOOD.get(dest, PATHS + NUMBERS)), st.sampled_from(TEXT + DATES + NUMBERS + PATHS),
                     st.text(st.characters(blacklist_categories=('Cs',), blacklist_characters='\x00'), max_size=30))


@st.composite
def argv_for(draw, prefix, parser):
    "Arguments for one command, drawn from its parser: positionals (some missing), options (some repeated, required ones mostly there)."
    acts = [a for a in parser._actions if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))]
    args = list(prefix)
    for a in (a for a in acts if not a.option_strings):
        n = {None: 1, '?': draw(st.integers(0, 1)), '*': draw(st.integers(0, 2)), '+': draw(st.integers(1, 3))}.get(a.nargs, 1)
        if draw(st.integers(0, 19)) == 0: n = 0                  # a missing positional now and then
        args += [draw(value(a.dest)) for _ in range(n)]
    opts = [a for a in acts if a.option_strings and (a.required and draw(st.integers(0, 9)) > 0)]
    opts += draw(st.lists(st.sampled_from([a for a in acts if a.option_strings] or [None]), max_size=4))
    for a in filter(None, opts):
        if a.dest == 'progress': continue                         # asks for progress lines on stderr
        args.append(draw(st.sampled_from(a.option_strings)))
        if a.nargs != 0: args.append(draw(value(a.dest)))
    if prefix[0] == 'explore': args += ['--port', draw(st.sampled_from(['-1', '99999', 'x', '', '1e3']))]   # never starts a server
    if prefix[0] == 'bench':                                      # tiny sizes only
        args += ['--students', draw(st.sampled_from(['1', '3', '0', '-2'])), '--repeat', '1', '--explorer-students', '2']
    return args


def check(args, code, out, err):
    where = f"examrules {' '.join(repr(a) if len(a) < 80 else repr(a[:77] + '...') for a in map(str, args))}"
    assert code in (0, 1, 2), f"{where}: exit {code}\n{err[-2000:]}"
    assert 'Traceback' not in err and 'internal error' not in err, f"{where}:\n{err[-2000:]}"
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith('examrules: error:'), f"{where}: stderr is not one error line:\n{err[-2000:]}"


@pytest.fixture(scope='module', autouse=True)
def in_scratch_folder():
    old = os.getcwd(); os.chdir(ROOT)            # commands with default outputs write here; docs is outside a checkout here
    yield
    os.chdir(old)


@pytest.mark.parametrize('prefix, parser', COMMANDS, ids=[' '.join(c[0]) for c in COMMANDS])
def test_fuzz_command(prefix, parser):
    @settings(max_examples=SLOW.get(prefix[0], 25), deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    @given(argv_for(prefix, parser))
    def one(args):
        code, out, err = run(*args)
        check(args, code, out, err)
    one()


@pytest.mark.parametrize('args', [
    ('round', 'ut_tom_2020', '1' + '0' * 30),
    ('plan', 'leiden_fgw_2023', '--exam', '9999-12-31', '--result', '9999-12-31', '--resit', '9999-12-31'),
    ('gradelist',),
    ('cohort', 'ut_tom_2020', '--students', '-5', '--out', 'x'),
    ('gradelist', 'check', str(FILES['binary.bin'])),
    ('bogus', '\x01'),
])
def test_fuzz_console_script(args):
    "A handful through the real console script: the same promise holds outside the test process."
    r = subprocess.run(_examrules_cmd() + list(args), capture_output=True, text=True, timeout=120, cwd=ROOT)
    check(args, r.returncode, r.stdout, r.stderr)


if __name__ == '__main__':                       # count the tracebacks: N examples per command, every failure tallied
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    os.chdir(ROOT)
    found, runs = Counter(), 0
    for prefix, parser in COMMANDS:
        strat = argv_for(prefix, parser)
        @settings(max_examples=min(n, SLOW.get(prefix[0], n)), deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(strat)
        def one(args):
            global runs
            runs += 1
            try:
                code, out, err = run(*args)
                check(args, code, out, err)
            except AssertionError as e:
                key = next((l for l in str(e).splitlines()[1:] if l.strip()), str(e))[:150]
                found[(prefix, key)] += 1
            except BaseException as e:
                found[(prefix, f"{type(e).__name__}: {str(e)[:100]}")] += 1
        one()
    for (prefix, key), k in sorted(found.items()): print(f"{' '.join(prefix):<20} {k:>3}x  {key}")
    print(f"{runs} runs, {len(found)} distinct failures")
