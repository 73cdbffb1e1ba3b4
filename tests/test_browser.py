"""End-to-end: each explorer served by Voilà on 127.0.0.1, driven in Debian's Chromium by Playwright.

A control is moved by keyboard; the counts shown must become the ones the engine computes for the same variant.
Every request that is not to 127.0.0.1 is blocked; every server is stopped by its process id."""
import os, re, shutil, signal, socket, subprocess, sys, time
from pathlib import Path

import pytest

from conftest import REPO

CHROMIUM = '/usr/bin/chromium'
ARTIFACTS = REPO / 'test-artifacts'
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get('CI'), reason='Debian chromium not installed')
playwright = pytest.importorskip('playwright.sync_api')


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


@pytest.fixture
def voila(tmp_path):
    procs = []
    def start(name):
        port = _free_port()
        exe = shutil.which('voila', path=str(Path(sys.executable).parent))
        log = open(tmp_path / f'voila-{name}.log', 'w')
        p = subprocess.Popen([exe, str(REPO / 'nbs' / 'explorers' / f'{name}.ipynb'), f'--port={port}', '--Voila.ip=127.0.0.1',
                              '--no-browser'], stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=tmp_path)
        procs.append(p)
        t0 = time.time()
        while time.time() - t0 < 60:
            try:
                socket.create_connection(('127.0.0.1', port), timeout=1).close(); break
            except OSError: time.sleep(0.2)
        return f'http://127.0.0.1:{port}/'
    yield start
    for p in procs:                                  # stop every server we started, by its process id
        try: os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError: pass
        try: p.wait(10)
        except subprocess.TimeoutExpired: os.killpg(p.pid, signal.SIGKILL)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'])
        pg = browser.new_page(viewport={'width': 1400, 'height': 1000})
        pg.blocked = []
        def route(r):
            if re.match(r'^(http://127\.0\.0\.1:\d+/|data:|blob:)', r.request.url): r.continue_()
            else: pg.blocked.append(r.request.url); r.abort()
        pg.route('**/*', route)
        yield pg
        browser.close()


def expected_affected(base, changes):
    """The engine's count for the same variant, written as a scenario file (not through the explorer)."""
    import tempfile
    from examrules_nb.scenarios import save_variant
    from examrules_nb.whatif import whatif
    p = save_variant(Path(tempfile.mkdtemp()) / 'v.toml', base, changes)
    return len(whatif(base, p).affected)


def affected_count(pg):
    return int(pg.locator('.affected-count').first.inner_text())


def drive(pg, url, name, control, key, presses, want):
    pg.goto(url, timeout=120_000)
    pg.wait_for_selector('.affected-count', timeout=120_000)
    assert affected_count(pg) == 0                                   # starts at the baseline
    handle = pg.locator(f'.{control} .noUi-handle, .{control} [role=slider]').first
    handle.focus()
    for _ in range(presses): pg.keyboard.press(key)
    pg.wait_for_function(f"() => document.querySelector('.affected-count') && document.querySelector('.affected-count').innerText === '{want}'",
                         timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f'explorer-{name}.png'), full_page=True)
    assert affected_count(pg) == want
    # the explorer's own output names the flips it counted
    assert f'{want} of ' in pg.locator('.explorer-counts').first.inner_text()


def test_bsa_explorer(voila, page):
    from decimal import Decimal
    import datetime as dt
    want = expected_affected('ut_tom_2020', {'bsa': {'august': {'date': dt.date(2021, 8, 31), 'threshold': Decimal(40)}}})
    assert want > 0
    drive(page, voila('bsa'), 'bsa', 'er-bsa-august', 'ArrowLeft', 5, want)      # 45 -> 40 EC


def test_rounding_explorer(voila, page):
    from decimal import Decimal
    want = expected_affected('leiden_fgw_2023', {'rounding': {'up_from': Decimal('0.60')}})
    assert want > 0
    drive(page, voila('rounding'), 'rounding', 'er-up-from', 'ArrowRight', 2, want)   # rounds up from 0.50 -> 0.60 of the step


def test_compensation_explorer(voila, page):
    from decimal import Decimal
    want = expected_affected('ut_tom_2020', {'compensation': {'module_min_mean': Decimal('6.5')}})
    assert want > 0
    drive(page, voila('compensation'), 'compensation', 'er-mean', 'ArrowRight', 1, want)   # module mean needed 6.0 -> 6.5 (steps of 0.5)


def test_resit_explorer(voila, page):
    """Leiden 4.9.8 from 5 to 30 working days: the course plans whose resit becomes too early (results on the 10th working day)."""
    import datetime as dt
    from examrules_nb.cohorts import bundled_cohort
    from examrules_nb.workdays import add_working_days, calendar_of
    cal, r = calendar_of('leiden_fgw_2023'), bundled_cohort('leiden_fgw_2023').results
    exams = r[r['occasion'] == 1].groupby('course', observed=True)['date'].min()
    resits = r[r['occasion'] == 2].groupby('course', observed=True)['date'].min()
    def too_early(n, exam, resit):        # at least n working days strictly between result and resit
        res = add_working_days(exam, 10, cal)
        return add_working_days(res, n, cal) + dt.timedelta(days=1) > resit
    want = sum(too_early(30, exams[c].date(), resits[c].date()) != too_early(5, exams[c].date(), resits[c].date())
               for c in exams.index if c in resits.index)
    assert want > 0
    drive(page, voila('resit'), 'resit', 'er-spacing', 'ArrowRight', 25, want)


def test_year_explorer(voila, page):
    """OU year plan: results due in 15 working days instead of 20 make three results of the example plan late (10.1d);
    the violations are listed with their article linked to the documentation site."""
    import tempfile
    from examrules_nb.periods import plan_year, read_plan
    from examrules_nb.scenarios import builtin_dir, load_scenario, save_variant
    base = load_scenario('ou_schakelzone_2018')
    v = save_variant(Path(tempfile.mkdtemp()) / 'v.toml', 'ou_schakelzone_2018',
                     {'deadlines': {'result-due': {**base['deadlines']['result-due'], 'amount': 15}}})
    want = len(plan_year(v, read_plan(builtin_dir() / 'examples' / 'ou_year_plan.csv'))['violations'])
    # Staatsrecht, Privaatrecht, Strafrecht: worked by hand in nbs/20_explorers.ipynb; the example plan's resits (Staatsrecht's
    # second in July 2019 since 2.1b) are in their exam periods, so only the three late results remain
    assert want == 3
    pg = page
    pg.goto(voila('year'), timeout=120_000)
    pg.wait_for_selector('.violation-count', timeout=120_000)
    assert pg.locator('.violation-count').first.inner_text() == '0'
    pg.wait_for_selector('.er-due .noUi-handle, .er-due [role=slider]', timeout=60_000)
    pg.locator('.er-due .noUi-handle, .er-due [role=slider]').first.focus()
    for _ in range(5): pg.keyboard.press('ArrowLeft')                                 # 20 -> 15 working days
    pg.wait_for_function(f"() => document.querySelector('.violation-count').innerText === '{want}'", timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / 'explorer-year.png'), full_page=True)
    links = pg.locator('.year-violations a.article[href$="regulations/ou_schakelzone_2018.html#art-10-1"]')
    assert links.count() == want and links.first.get_attribute('target') == '_blank'
    assert pg.locator('tr.violation[data-rule="result-due"]').count() == want
