"""End-to-end: each explorer served by Voilà on 127.0.0.1, driven in Debian's Chromium by Playwright at 1024 x 768.

Every control and its value must be fully on screen (bounding boxes inside the window, not cut by a clipping parent, not
under the figures); a control is moved by keyboard and the counts shown must become the ones the engine computes for the
same variant, with a new chart; selecting an affected student shows what changed first. Screenshots at 1024 x 768 and
1280 x 800 are kept in test-artifacts/ (gitignored). Every request that is not to 127.0.0.1 is blocked; every server is
stopped by its process id."""
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
    def start(name, env=None):
        port = _free_port()
        exe = shutil.which('voila', path=str(Path(sys.executable).parent))
        log = open(tmp_path / f'voila-{name}.log', 'w')
        p = subprocess.Popen([exe, str(REPO / 'nbs' / 'explorers' / f'{name}.ipynb'), f'--port={port}', '--Voila.ip=127.0.0.1',
                              '--no-browser'], stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=tmp_path,
                             env={**os.environ, **(env or {})})
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
        pg = browser.new_page(viewport={'width': 1024, 'height': 768})
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


VISIBLE = """() => {
  const bad = [], W = document.documentElement.clientWidth;
  const figs = [...document.querySelectorAll('.er-figures, .explorer-counts')].map(e => e.getBoundingClientRect());
  const sel = ['.widget-slider', '.widget-dropdown', '.widget-checkbox', '.widget-text', '.widget-datepicker', '.widget-select',
               'button', '.widget-readout', '.widget-label', '.widget-label-basic'].map(s => '.er-root ' + s).join(', ');
  for (const el of document.querySelectorAll(sel)) {
    if (el.offsetParent === null) continue;                       // not shown (the rounding explorer's fix button)
    const r = el.getBoundingClientRect(), what = (el.innerText || el.className).slice(0, 40);
    if (r.width === 0 || r.height === 0) continue;
    if (r.left < -0.5 || r.right > W + 0.5) bad.push(`off the window: ${what} [${r.left}, ${r.right}]`);
    if (el.matches('.widget-readout, .widget-label, .widget-label-basic, button') && el.scrollWidth > el.clientWidth + 1)
      bad.push(`text cut: ${what} (${el.scrollWidth} > ${el.clientWidth})`);
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
      const q = p.getBoundingClientRect();
      if (r.right > q.right + 1 || r.left < q.left - 1) { bad.push(`clipped by its container: ${what}`); break; }
    }
    if (!el.closest('.er-figures') && el.closest('.er-controls'))
      for (const f of figs) if (r.left < f.right - 1 && r.right > f.left + 1 && r.top < f.bottom - 1 && r.bottom > f.top + 1)
        bad.push(`under the figures: ${what}`);
  }
  return bad;
}"""


CURVE = """() => {
  const svg = document.querySelector('.er-root .er-curve'), cap = document.querySelector('.er-root .er-curve-caption');
  if (!svg || !cap) return ['no curve under the main slider'];
  const bad = [], W = document.documentElement.clientWidth, H = document.documentElement.clientHeight;
  for (const el of [svg, cap]) {
    const r = el.getBoundingClientRect(), what = el.tagName;
    if (r.width < 150 || r.height < 12) bad.push(`too small: ${what} ${r.width} x ${r.height}`);
    if (r.left < -0.5 || r.right > W + 0.5 || r.top < -0.5 || r.bottom > H + 0.5) bad.push(`off the screen: ${what} [${r.left}, ${r.top}, ${r.right}, ${r.bottom}]`);
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
      const q = p.getBoundingClientRect();
      if (r.right > q.right + 1 || r.left < q.left - 1 || r.bottom > q.bottom + 1 || r.top < q.top - 1) { bad.push(`clipped by its container: ${what}`); break; }
    }
  }
  if (cap.scrollWidth > cap.clientWidth + 1 || cap.scrollHeight > cap.clientHeight + 1) bad.push(`caption cut: ${cap.innerText}`);
  const vb = svg.viewBox.baseVal;                                  // every word of the drawing inside it
  for (const t of svg.querySelectorAll('text')) {
    const b = t.getBBox();
    if (b.x < vb.x - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y < vb.y - 0.5 || b.y + b.height > vb.y + vb.height + 0.5) bad.push(`text off the curve: ${t.textContent}`);
  }
  return bad;
}"""


def curve_mark(pg):
    """The curve's marked point: its value, its count and its x on the drawing."""
    c = pg.locator('.er-root .er-curve-current').first
    return c.get_attribute('data-value'), int(c.get_attribute('data-count')), float(c.get_attribute('cx'))


def check_curve(pg, words):
    """The impact curve beneath the main slider: on screen at 1024 x 768 (scrolled to), not clipped, its caption in words."""
    pg.locator('.er-root .er-curve').first.evaluate('e => e.scrollIntoView({block: "center"})')
    pg.wait_for_timeout(100)
    assert pg.evaluate(CURVE) == []
    cap = pg.locator('.er-root .er-curve-caption').first.inner_text()
    assert words in cap, cap


def shots(pg, name):
    """Screenshots at 1024 x 768 (the controls, then the explanation) and at 1280 x 800, each checked for clipping too."""
    ARTIFACTS.mkdir(exist_ok=True)
    pg.locator('.er-root').first.scroll_into_view_if_needed()
    pg.screenshot(path=str(ARTIFACTS / f'explorer-{name}-1024.png'))
    if pg.locator('.er-explanation').count():
        pg.locator('.er-explanation h4').first.evaluate('e => e.scrollIntoView({block: "start"})')
        pg.screenshot(path=str(ARTIFACTS / f'explorer-{name}-1024-student.png'))
    pg.set_viewport_size({'width': 1280, 'height': 800})
    pg.wait_for_timeout(300)
    pg.locator('.er-root').first.scroll_into_view_if_needed()
    pg.screenshot(path=str(ARTIFACTS / f'explorer-{name}-1280.png'))
    assert pg.evaluate(VISIBLE) == []


def drive(pg, url, name, control, key, presses, want, changed_first, curve=None):
    pg.goto(url, timeout=120_000)
    pg.wait_for_selector('.affected-count', timeout=120_000)
    pg.wait_for_timeout(500)
    assert affected_count(pg) == 0                                   # starts at the baseline
    assert pg.evaluate(VISIBLE) == []                                # every control and its value on screen, at 1024 x 768
    if curve:                                                        # (caption words, the slider's value before, after)
        check_curve(pg, curve[0])
        v0, _, x0 = curve_mark(pg)
        assert v0 == curve[1]
    chart0 = pg.locator('.er-chart').first.get_attribute('data-seq')
    handle = pg.locator(f'.{control} .noUi-handle, .{control} [role=slider]').first
    handle.focus()
    for _ in range(presses): pg.keyboard.press(key)
    pg.wait_for_function(f"() => document.querySelector('.affected-count') && document.querySelector('.affected-count').innerText === '{want}'",
                         timeout=60_000)
    assert affected_count(pg) == want
    assert f'{want} of ' in pg.locator('.explorer-counts').first.inner_text()     # the explorer's own output names the flips it counted
    assert pg.locator('.er-chart').first.get_attribute('data-seq') != chart0       # and the chart is a new one
    assert pg.locator('.er-headline').first.inner_text().strip()                   # the headline sentence first
    if curve:                                                                       # the marked value moved along the curve with the slider
        pg.wait_for_function(f"() => document.querySelector('.er-curve-current').getAttribute('data-value') === '{curve[2]}'", timeout=60_000)
        v1, _, x1 = curve_mark(pg)
        assert v1 == curve[2] and x1 != x0 and (x1 < x0) == (key == 'ArrowLeft')
        check_curve(pg, curve[0])
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f'explorer-{name}-curve-1024.png'))
    pg.locator('.er-affected select').first.select_option(index=0)                 # an affected student: what changed comes first
    pg.wait_for_selector('.er-explanation .er-changed-outcome', timeout=60_000)
    first = pg.locator('.er-explanation li').first.inner_text()
    assert any(c in first for c in (changed_first if isinstance(changed_first, tuple) else (changed_first,))), first
    order = pg.evaluate("() => { const x = document.querySelector('.er-explanation').innerHTML; return [x.indexOf('er-changed-outcome'), x.indexOf('<table')]; }")
    assert order[0] >= 0 and (order[1] == -1 or order[0] < order[1])
    assert pg.evaluate(VISIBLE) == []
    shots(pg, name)


def test_bsa_explorer(voila, page):
    from decimal import Decimal
    import datetime as dt
    want = expected_affected('ut_tom_2020', {'bsa': {'august': {'date': dt.date(2021, 8, 31), 'threshold': Decimal(40)}}})
    assert want > 0
    drive(page, voila('bsa'), 'bsa', 'er-bsa-august', 'ArrowLeft', 5, want, 'BSA august: negative under 45 EC, positive under 40 EC',
          ('for each value of the final BSA norm (31 August)', '45', '40'))   # 45 -> 40 EC


def test_rounding_explorer(voila, page):
    from decimal import Decimal
    want = expected_affected('leiden_fgw_2023', {'rounding': {'up_from': Decimal('0.60')}})
    assert want > 0
    drive(page, voila('rounding'), 'rounding', 'er-up-from', 'ArrowRight', 2, want, ' → ',
          ('for each value of the rounding threshold (part of the step)', '0.50', '0.60'))   # rounds up from 0.50 -> 0.60 of the step


def test_compensation_explorer(voila, page):
    from decimal import Decimal
    want = expected_affected('ut_tom_2020', {'compensation': {'module_min_mean': Decimal('6.5')}})
    assert want > 0
    drive(page, voila('compensation'), 'compensation', 'er-mean', 'ArrowRight', 1, want, ('passed by compensation → ', 'BSA '),
          ('for each value of the module mean needed for compensation', '6.0', '6.5'))   # module mean needed 6.0 -> 6.5 (steps of 0.5)


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
    pg = page
    pg.goto(voila('resit'), timeout=120_000)
    pg.wait_for_selector('.affected-count', timeout=120_000)
    assert affected_count(pg) == 0 and pg.evaluate(VISIBLE) == []
    pg.locator('.er-spacing .noUi-handle, .er-spacing [role=slider]').first.focus()
    for _ in range(25): pg.keyboard.press('ArrowRight')
    pg.wait_for_function(f"() => document.querySelector('.affected-count').innerText === '{want}'", timeout=60_000)
    shots(pg, 'resit')            # no students here: course plans and the plan's violations


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
    pg.goto(voila('year', {'EXAMRULES_SITE': 'https://example.org/site/'}), timeout=120_000)   # a site given: labels are links (never followed here)
    pg.wait_for_selector('.violation-count', timeout=120_000)
    assert pg.locator('.violation-count').first.inner_text() == '0'
    assert pg.evaluate(VISIBLE) == []
    pg.wait_for_selector('.er-due .noUi-handle, .er-due [role=slider]', timeout=60_000)
    pg.locator('.er-due .noUi-handle, .er-due [role=slider]').first.focus()
    for _ in range(5): pg.keyboard.press('ArrowLeft')                                 # 20 -> 15 working days
    pg.wait_for_function(f"() => document.querySelector('.violation-count').innerText === '{want}'", timeout=60_000)
    links = pg.locator('.year-violations a.article[href$="regulations/ou_schakelzone_2018.html#art-10-1"]')
    assert links.count() == want and links.first.get_attribute('target') == '_blank'
    assert pg.locator('tr.violation[data-rule="result-due"]').count() == want
    shots(pg, 'year')
