"""The documentation site (`examrules docs`): built once per session from the real notebooks, then checked as a
reader opening it from disk would need it: a page per notebook, every internal link and #fragment resolving, nothing
loaded from outside the site, every article a scenario cites reachable, the explorers' widgets rendered."""
import json, os, re, shutil, subprocess, sys, time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from examrules_nb.core import Ref
from examrules_nb.scenarios import list_scenarios, load_scenario
from examrules_nb.site import MARKER, page_doc

REPO = Path(__file__).resolve().parent.parent
NBS = REPO / 'nbs'
BUILD_SECONDS = {}


def _notebooks():
    return sorted(p for p in NBS.rglob('*.ipynb')
                  if not any(part.startswith(('.', '_')) for part in p.relative_to(NBS).parts))


@pytest.fixture(scope='session')
def site(tmp_path_factory, examrules_session):
    """The site, built once by `examrules docs --out DIR` (notebooks executed), as a user runs it."""
    out = tmp_path_factory.mktemp('site') / 'site'
    t0 = time.time()
    p = examrules_session('docs', '--out', out, cwd=REPO, timeout=1500)
    BUILD_SECONDS['build'] = time.time() - t0
    assert p.returncode == 0, p.stderr[-4000:]
    return out, p


@pytest.fixture(scope='session')
def examrules_session():
    from conftest import _examrules_cmd
    def call(*args, cwd=None, timeout=300):
        return subprocess.run(_examrules_cmd() + [str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                              timeout=timeout, env={**os.environ, 'PYTHONWARNINGS': 'ignore'})
    return call


class Page(HTMLParser):
    """The ids, the links and the resources (tag, attribute, value) of one HTML page."""
    RESOURCE = {('script', 'src'), ('img', 'src'), ('iframe', 'src'), ('source', 'src'), ('source', 'srcset'),
                ('video', 'src'), ('video', 'poster'), ('audio', 'src'), ('embed', 'src'), ('object', 'data'),
                ('input', 'src'), ('track', 'src'), ('img', 'srcset'), ('image', 'href'), ('use', 'href')}

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.resources, self.styles, self.scripts = set(), [], [], [], []
        self._in = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ('id', 'name'):
            if a.get(k) and (k == 'id' or tag == 'a'): self.ids.add(a[k])
        if tag == 'a' and a.get('href') is not None: self.links.append(a['href'])
        if tag == 'link' and a.get('href') is not None:
            rel = (a.get('rel') or '').lower().split()
            if set(rel) & {'stylesheet', 'icon', 'preload', 'prefetch', 'modulepreload', 'manifest', 'apple-touch-icon', 'shortcut'}:
                self.resources.append(('link', 'href', a['href']))
            else: self.links.append(a['href'])
        for (t, k) in self.RESOURCE:
            if t == tag and a.get(k): self.resources.append((tag, k, a[k]))
        for k, v in a.items():
            if k == 'style' and v: self.styles.append(v)
            if k.startswith('data-') and v and re.match(r'^\s*(https?:)?//', v): self.resources.append((tag, k, v))
        self._in = tag if tag in ('style', 'script') else None
        if tag == 'script': self.scripts.append([a.get('type', ''), ''])

    def handle_data(self, data):
        if self._in == 'style': self.styles.append(data)
        elif self._in == 'script' and self.scripts: self.scripts[-1][1] += data

    def handle_endtag(self, tag): self._in = None


def _pages(out):
    return {p: Page(p.read_text(encoding='utf-8')) for p in sorted(out.rglob('*.html'))}


@pytest.fixture(scope='session')
def pages(site):
    return _pages(site[0])


def _external(url):
    return bool(re.match(r'^\s*([a-z][a-z0-9+.-]*:)?//', url, re.I)) and not url.lower().startswith('file:')


def _resolve(out, page, url):
    """The file and fragment a relative URL on `page` points to."""
    parts = urlsplit(url)
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    if target.is_dir(): target = target / 'index.html'
    return target, unquote(parts.fragment)


# --- the command ---------------------------------------------------------------------------------------------------

def test_command_prints_stages_and_index(site):
    out, p = site
    lines = p.stdout.strip().splitlines()
    assert len(lines) >= 4, p.stdout
    assert lines[-1] == f"site: {out / 'index.html'}"
    assert (out / 'index.html').is_file() and (out / MARKER).is_file()
    assert not list(out.parent.glob('.site.*')), 'a temporary build folder was left behind'
    print(f"\nsite build (notebooks executed): {BUILD_SECONDS['build']:.1f} s")


def test_bad_input_is_one_line_and_exit_2(examrules_session, tmp_path):
    p = examrules_session('docs', '--out', tmp_path / 'site', cwd=tmp_path)
    assert p.returncode == 2 and p.stderr.count('\n') == 1, p.stderr
    assert 'no nbs/ folder' in p.stderr and 'Traceback' not in p.stderr
    (tmp_path / 'mine').mkdir(); (tmp_path / 'mine' / 'notes.txt').write_text('keep me')
    p = examrules_session('docs', '--out', tmp_path / 'mine', cwd=REPO)
    assert p.returncode == 2 and p.stderr.count('\n') == 1 and 'is not a site built by' in p.stderr, p.stderr
    assert (tmp_path / 'mine' / 'notes.txt').read_text() == 'keep me'
    p = examrules_session('docs', '--out', REPO / 'nbs' / 'site', cwd=REPO)
    assert p.returncode == 2 and 'outside nbs/' in p.stderr, p.stderr
    p = examrules_session('docs', cwd=REPO)
    assert p.returncode == 2 and p.stderr.count('\n') == 1 and '--out' in p.stderr, p.stderr


def test_rebuild_replaces_an_old_site_atomically(examrules_session, tmp_path):
    """Without executing (quick): a second build replaces the first, leaving no temporary folders."""
    out = tmp_path / 'site'
    for _ in range(2):
        p = examrules_session('docs', '--out', out, '--no-execute', *(['--force'] if out.exists() else []), cwd=REPO)
        assert p.returncode == 0, p.stderr
        assert p.stdout.strip().splitlines()[-1] == f"site: {out / 'index.html'}"
    assert sorted(x.name for x in tmp_path.iterdir()) == ['site']
    assert (out / MARKER).is_file() and (out / 'regulations' / 'leiden_fgw_2023.html').is_file()
    assert not any(NBS.rglob('*.html')), 'the build wrote into nbs/'


# --- pages and links -----------------------------------------------------------------------------------------------

def test_every_notebook_has_a_page(site):
    out, _ = site
    nbs = _notebooks()
    assert len(nbs) >= 20
    missing = [str(nb.relative_to(NBS)) for nb in nbs if not (out / (page_doc(nb.relative_to(NBS).as_posix()) + '.html')).is_file()]
    assert not missing, missing
    for src in ('ut_tentamenbureau', 'ut_tom_2020', 'ou_schakelzone_2018', 'ut_sc_2013', 'leiden_fgw_2023'):
        assert (out / 'regulations' / f'{src}.html').is_file(), src


def test_index_navigates_by_regulation_and_mechanism(site, pages):
    out, _ = site
    ix = pages[out / 'index.html']
    for caption in ('Regulations', 'Mechanisms', 'Explorers'):
        assert f'>{caption}<' in (out / 'index.html').read_text(encoding='utf-8'), caption
    for href in ('comparison.html', 'regulations/leiden_fgw_2023.html', 'rounding.html', 'explorers/rounding.html'):
        assert href in ix.links, href
    if (NBS / 'glossary.ipynb').exists(): assert 'glossary.html' in ix.links
    if (NBS / 'training').is_dir() and any((NBS / 'training').glob('*.ipynb')):
        assert any(h.startswith('training/') for h in ix.links)
    # every page is reachable from the index's navigation
    reachable = {(out / h.split('#')[0]).resolve() for h in ix.links if h and not _external(h) and '.html' in h}
    for nb in _notebooks():
        assert (out / (page_doc(nb.relative_to(NBS).as_posix()) + '.html')).resolve() in reachable, nb


def _widget_links(parsed):
    """The href/src values inside the saved widget state (HTML widgets render them as links)."""
    found = []
    def walk(x):
        if isinstance(x, dict): [walk(v) for v in x.values()]
        elif isinstance(x, list): [walk(v) for v in x]
        elif isinstance(x, str) and ('href' in x or 'src' in x):
            found.extend(url for _, url in re.findall(r'''(?:href|src)\s*=\s*(['"])(.*?)\1''', x))
    for typ, body in parsed.scripts:
        if typ == 'application/vnd.jupyter.widget-state+json': walk(json.loads(body))
    return found


def test_internal_links_and_fragments_resolve(site, pages):
    out, _ = site
    bad = []
    for page, parsed in pages.items():
        for url in parsed.links + [r[2] for r in parsed.resources] + _widget_links(parsed):
            if not url or _external(url) or re.match(r'^(mailto|javascript|data|tel):', url, re.I): continue
            target, frag = _resolve(out, page, url)
            where = f"{page.relative_to(out)} -> {url}"
            if not target.is_file() or not target.resolve().is_relative_to(out.resolve()):
                bad.append(f"{where}: no such file"); continue
            if frag and target.suffix == '.html':
                ids = pages.get(target.resolve()) or pages.get(target) or Page(target.read_text(encoding='utf-8'))
                if frag not in ids.ids: bad.append(f"{where}: no id {frag!r}")
    assert not bad, '\n'.join(bad[:50])


def test_nothing_is_loaded_from_outside_the_site(site, pages):
    out, _ = site
    bad = []
    for page, parsed in pages.items():
        for tag, attr, url in parsed.resources:
            if _external(url): bad.append(f"{page.relative_to(out)}: <{tag} {attr}={url}>")
        for css in parsed.styles:
            for u in re.findall(r'''(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)''', css):
                if _external(u) or u.startswith('http'): bad.append(f"{page.relative_to(out)}: style {u}")
        for typ, body in parsed.scripts:
            if typ.startswith('application/vnd.jupyter.widget'):
                # saved widget state: HTML the renderer will insert; a plain <a href> to another site is fine,
                # anything it would load (src, stylesheet links, CSS url()/@import) is not
                if re.search(r'''\bsrc\s*=\s*\\?['"]\s*(https?:)?//|<link[^>]*href\s*=\s*\\?['"]\s*(https?:)?//|url\(\s*\\?['"]?\s*(https?:)?//|@import''', body):
                    bad.append(f"{page.relative_to(out)}: widget state loads from outside")
            elif re.search(r'''(src|href)\s*=\s*['"]https?://|import\s*\(\s*['"]https?://|importScripts|fetch\(\s*['"]https?://''', body):
                bad.append(f"{page.relative_to(out)}: inline script loads from outside")
        if 'mathjax' in page.read_text(encoding='utf-8').lower(): bad.append(f"{page.relative_to(out)}: MathJax")
    for css in out.rglob('*.css'):
        text = css.read_text(encoding='utf-8', errors='replace')
        text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
        for u in re.findall(r'''(?:url\(\s*['"]?|@import\s+(?:url\(\s*)?['"]?)([^'")\s;]+)''', text):
            if _external(u) or u.startswith(('http:', 'https:')): bad.append(f"{css.relative_to(out)}: {u}")
    assert not bad, '\n'.join(bad[:50])


def _scenario_refs():
    refs = set()
    def walk(x, src):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == 'article':
                    for a in ([v] if isinstance(v, str) else v): refs.add(Ref(src, a))
                else: walk(v, src)
        elif isinstance(x, list):
            for v in x: walk(v, src)
    for name in list_scenarios():
        sc = load_scenario(name)
        walk(sc.data, sc.source)
    return refs


def test_every_article_a_scenario_cites_has_its_anchor(site, pages):
    out, _ = site
    refs = _scenario_refs()
    assert Ref('leiden_fgw_2023', '4.9.5') in refs and len({r.source for r in refs}) == 4
    missing = []
    for r in sorted(refs):
        target, frag = _resolve(out, out / 'index.html', r.href)
        if not target.is_file() or frag not in pages[target.resolve()].ids: missing.append(f"{r.label}: {r.href}")
    assert not missing, '\n'.join(missing)


# --- contents ------------------------------------------------------------------------------------------------------

def test_comparison_page_cites_articles(site, pages):
    out, _ = site
    page = out / 'comparison.html'
    text = page.read_text(encoding='utf-8')
    for title in ('UT TOM 2020', 'Leiden FGW 2023', 'OU Schakelzone 2018', 'UT S&amp;C 2013'):
        assert title in text, title
    links = set(pages[page].links)
    for r in (Ref('leiden_fgw_2023', '4.9.5'), Ref('leiden_fgw_2023', '4.9.8'), Ref('ut_sc_2013', '3.14.8'),
              Ref('ou_schakelzone_2018', '10.3'), Ref('ut_tom_2020', 'rounding')):
        assert r.href in links, r
    for h in ('Rounding band tables', 'Deadlines', 'Resit spacing'): assert h in text
    assert '2024-01-03' in text     # Leiden 4.9.8 from 21 December 2023 (worked out in nbs/30_site.ipynb)


def test_pages_show_executed_outputs_and_hide_nbdev_directives(site, pages):
    out, _ = site
    outputs = 0
    for page in pages:
        text = page.read_text(encoding='utf-8')
        for code in re.findall(r'<div class="cell_input.*?</pre>', text, re.S):     # the code shown, not the prose
            assert not re.search(r'<span class="c1">#\s*\|\s*(export|hide|default_exp)', code), (page, code[:300])
        outputs += text.count('cell_output')
        assert not re.search(r'\.tmp/src/', text), f"{page}: shows a path in the build's temporary copy"
    assert outputs >= 50
    rounding = (out / 'rounding.html').read_text(encoding='utf-8')
    assert '<table' in rounding and 'cell_output' in rounding            # band tables as executed output
    assert list((out / '_images').glob('*.png')), 'no chart in the site'
    site_page = (out / 'site.html').read_text(encoding='utf-8')
    assert 'add_commands' in site_page and '_sub = argparse' not in site_page   # '#| hide' cells are removed


def test_search_works_offline(site, pages):
    out, _ = site
    assert (out / 'search.html').is_file() and (out / 'searchindex.js').is_file()
    index = (out / 'searchindex.js').read_text(encoding='utf-8')
    assert 'regulations/leiden_fgw_2023' in index and 'afrond' in index.lower()
    search = pages[out / 'search.html']
    assert any('searchtools.js' in r[2] for r in search.resources)


def test_explorer_widget_state_is_saved_and_rendered_locally(site, pages):
    out, _ = site
    explorers = sorted((out / 'explorers').glob('*.html'))
    assert explorers
    for page in explorers:
        parsed = pages[page]
        states = [json.loads(b) for t, b in parsed.scripts if t == 'application/vnd.jupyter.widget-state+json']
        views = [json.loads(b) for t, b in parsed.scripts if t == 'application/vnd.jupyter.widget-view+json']
        assert states and states[0]['state'], f"{page.name}: no widget state"
        assert views and all(v['model_id'] in states[0]['state'] for v in views), page.name
        srcs = [r[2] for r in parsed.resources if r[0] == 'script']
        assert any('_static/widgets/require.js' in s for s in srcs) and any('_static/widgets/embed-amd.js' in s for s in srcs), srcs
    assert (out / '_static' / 'widgets' / 'LICENSE-html-manager.txt').is_file()
    assert (out / '_static' / 'widgets' / 'LICENSE-requirejs.txt').is_file()


@pytest.mark.skipif(not Path('/usr/bin/chromium').exists(), reason='needs Debian chromium')
def test_explorer_renders_from_disk_without_network(site):
    """Chromium opens an explorer page from file://, every request outside the site blocked: the widgets appear."""
    from playwright.sync_api import sync_playwright
    out, _ = site
    page_path = out / 'explorers' / 'rounding.html'
    outside, failed = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path='/usr/bin/chromium', args=['--no-sandbox'])
        try:
            page = browser.new_page()
            def route(r):
                url = r.request.url
                if url.startswith('file://') or url.startswith('data:'): r.continue_()
                else: outside.append(url); r.abort()
            page.route('**/*', route)
            page.on('requestfailed', lambda req: failed.append(req.url))
            page.goto(page_path.as_uri())
            page.wait_for_selector('.widget-slider, .jupyter-widgets .widget-inline-hbox, .widget-image', timeout=30000)
            n = page.locator('.jupyter-widgets').count()
        finally:
            browser.close()
    assert not outside, outside
    assert not [u for u in failed if not u.startswith('data:')], failed
    assert n > 3


@pytest.mark.skipif(not Path('/usr/bin/chromium').exists(), reason='needs Debian chromium')
def test_search_works_in_a_browser_from_disk(site):
    from playwright.sync_api import sync_playwright
    out, _ = site
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path='/usr/bin/chromium', args=['--no-sandbox'])
        try:
            page = browser.new_page()
            page.route('**/*', lambda r: r.continue_() if r.request.url.startswith(('file://', 'data:')) else r.abort())
            page.goto((out / 'search.html').as_uri() + '?q=afronding')
            page.wait_for_selector('ul.search li a', timeout=30000)
            hrefs = [a.get_attribute('href') for a in page.locator('ul.search li a').all()]
        finally:
            browser.close()
    assert any(h.startswith('regulations/leiden_fgw_2023.html') for h in hrefs), hrefs


# --- a reader in Chromium: links land on the article, search by number, law before code, snapshots, training -------
# (issue #17) Debian's chromium from file://, every request outside the site blocked. Screenshots go to test-artifacts/.

from examrules_nb.site import check_links

ARTIFACTS = REPO / 'test-artifacts' / 'site'
CHROMIUM = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(), reason='needs Debian chromium')


@pytest.fixture(scope='session')
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path='/usr/bin/chromium', args=['--no-sandbox'])
        try: yield b
        finally: b.close()


def _page(browser, width=1280, height=800):
    page = browser.new_page(viewport={'width': width, 'height': height})
    outside = []
    def route(r):
        if r.request.url.startswith(('file://', 'data:')): r.continue_()
        else: outside.append(r.request.url); r.abort()
    page.route('**/*', route)
    page.outside = outside
    return page


@pytest.fixture(scope='session')
def report(site, examrules_session, tmp_path_factory):
    """A fresh what-if report whose article links point into the built site (OU: its explanations cite many articles)."""
    out = tmp_path_factory.mktemp('whatif') / 'report'
    p = examrules_session('whatif', 'ou_schakelzone_2018', 'ou_schakelzone_2018_15wd', '--out', out, '--site', site[0], cwd=tmp_path_factory.getbasetemp())
    assert p.returncode == 0, p.stderr
    return out


def test_build_prints_one_line_per_notebook(site):
    out, p = site
    executed = [l for l in p.stdout.splitlines() if re.search(r'\] executed \S+\.ipynb in [\d.]+ s \(\d+/\d+\)$', l)]
    assert len(executed) == len(_notebooks()), p.stdout
    assert re.search(rf'\({len(_notebooks())}/{len(_notebooks())}\)$', executed[-1])
    assert any(l.endswith('checked the links: none dead') for l in p.stdout.splitlines()), p.stdout


def test_ids_are_unique_on_every_page(site):
    out, _ = site
    bad = []
    for f in sorted(out.rglob('*.html')):
        ids = re.findall(r'''\sid\s*=\s*["']([^"']+)["']''', f.read_text(encoding='utf-8'))
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup: bad.append(f"{f.relative_to(out)}: {dup[:5]}")
    assert not bad, '\n'.join(bad)


def test_link_checker_finds_no_dead_link_in_the_site_or_a_fresh_report(site, report, examrules_session, tmp_path):
    assert check_links(site[0]) == []
    assert check_links(report) == [], 'the what-if report (links are #16\'s)'
    # a report made where no site exists: its article labels are not links, so none is dead
    p = examrules_session('whatif', 'ou_schakelzone_2018', 'ou_schakelzone_2018_15wd', '--out', tmp_path / 'r', cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert check_links(tmp_path / 'r') == []


def _landing(page):
    """Where the fragment's target is after following a link: its heading's top, inside the main text, how many ids."""
    return page.evaluate('''() => {
        const id = decodeURIComponent(location.hash.slice(1));
        const all = document.querySelectorAll('[id="' + CSS.escape(id) + '"]');
        const el = all[0];
        if (!el) return {count: 0};
        let h = el.matches('h1,h2,h3,h4,h5,h6') ? el : el.querySelector('h1,h2,h3,h4,h5,h6');
        if (!h && el.nextElementSibling && el.nextElementSibling.matches('h1,h2,h3,h4,h5,h6')) h = el.nextElementSibling;
        h = h || el;
        return {count: all.length, top: h.getBoundingClientRect().top, inBody: !!h.closest('div.body'), text: h.textContent.trim().slice(0, 80)};
    }''')


def _article_links(browser, source_url, selector, wait_for=None):
    """The distinct article links (#art-...) on a page as the browser shows it, as absolute URLs."""
    page = _page(browser)
    page.goto(source_url)
    if wait_for: page.wait_for_selector(wait_for, timeout=30000)
    urls = []
    for a in page.locator(selector).all():
        h = a.get_attribute('href')
        if h and '#art-' in h:
            u = page.evaluate('h => new URL(h, location.href).href', h)
            if u not in urls: urls.append(u)
    assert not page.outside, page.outside
    page.close()
    return urls


def _follow(browser, urls, n=5, shot=None, size=(1280, 800)):
    """Follow `n` of the links (spread over the list) in a window of `size`; where each lands."""
    assert len(urls) >= n, urls
    picked = [urls[round(i * (len(urls) - 1) / (n - 1))] for i in range(n)]
    page, landed = _page(browser, *size), []
    for url in picked:
        page.goto(url)
        page.wait_for_load_state('load')
        page.wait_for_timeout(200)
        landed.append((url, _landing(page)))
        if shot and len(landed) == 1: page.screenshot(path=str(ARTIFACTS / shot))
    assert not page.outside, page.outside
    page.close()
    return landed


@CHROMIUM
def test_article_links_land_on_the_article(site, report, browser):
    out, _ = site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sources = {'comparison': _article_links(browser, (out / 'comparison.html').as_uri(), 'div.body a.article'),
               'glossary': _article_links(browser, (out / 'glossary.html').as_uri(), 'div.body a.article'),
               'what-if report': _article_links(browser, next(report.glob('*.html')).as_uri(), 'a.article'),
               # an explorer snapshot cites one or two articles: five links from the snapshots together
               'explorer snapshots': [u for f in sorted((out / 'explorers').glob('*.html'))
                                      for u in _article_links(browser, f.as_uri(), 'div.body a.article', '.jupyter-widgets a.article')]}
    bad = []
    for name, urls in sources.items():
        for url, got in _follow(browser, list(dict.fromkeys(urls)), shot=f"landing-from-{name.replace(' ', '-')}.png"):
            if not (got.get('count') == 1 and 0 <= got['top'] <= 150 and got['inBody']): bad.append(f"{name} -> {url}: {got}")
    for url, got in _follow(browser, sources['comparison'][::-1], shot='landing-from-comparison-1024x768.png', size=(1024, 768)):
        if not (got.get('count') == 1 and 0 <= got['top'] <= 150 and got['inBody']): bad.append(f"1024x768: comparison -> {url}: {got}")
    assert not bad, '\n'.join(bad)


@CHROMIUM
@pytest.mark.parametrize('query, page_, anchor', [('4.9.5', 'regulations/leiden_fgw_2023.html', 'art-4-9-5'),
                                                  ('3.14.8', 'regulations/ut_sc_2013.html', 'art-3-14-8'),
                                                  ('4.2.3f', 'regulations/ou_schakelzone_2018.html', 'art-4-2-3f'),
                                                  ('afronding', 'regulations/leiden_fgw_2023.html', None)])
def test_search_lists_the_article_first(site, browser, query, page_, anchor):
    out, _ = site
    page = _page(browser)
    page.goto((out / 'search.html').as_uri() + f'?q={query}')
    page.wait_for_selector('ul.search li a', timeout=30000)
    page.wait_for_timeout(300)
    first = page.locator('ul.search li a').first.get_attribute('href')
    if query == '4.9.5': page.screenshot(path=str(ARTIFACTS / 'search-4.9.5.png'))
    page.close()
    assert first.split('#')[0] == page_ and (anchor is None or first.split('#')[1] == anchor), first


@CHROMIUM
def test_a_regulation_page_leads_with_the_law(site, browser):
    out, _ = site
    page = _page(browser, 1024, 768)
    page.goto((out / 'regulations' / 'leiden_fgw_2023.html').as_uri())
    page.screenshot(path=str(ARTIFACTS / 'leiden-top-1024x768.png'))
    body = page.locator('div.body')
    # no code visible before the first article; the code and tests are folded, one click away
    visible_code = page.evaluate('''() => [...document.querySelectorAll('div.body div.cell_input')]
                                    .filter(e => e.checkVisibility()).length''')
    folded = page.locator('div.body details.hide').count()
    assert visible_code == 0 and folded > 20, (visible_code, folded)
    page.goto((out / 'regulations' / 'leiden_fgw_2023.html').as_uri() + '#art-4-9-5')
    page.wait_for_timeout(200)
    page.screenshot(path=str(ARTIFACTS / 'leiden-4.9.5-1024x768.png'))
    text = body.inner_text()
    assert 'Decimal(' not in text and "{'step'" not in text
    table = page.locator('table.parameters').first
    assert table.is_visible() and 'step' in table.inner_text() and '0.1' in table.inner_text()
    # the implementing function's documentation under the article, folded
    doc = page.locator('details.code-doc').first
    assert not doc.locator('pre.code-doc-sig').is_visible()
    doc.locator('summary').click()
    assert doc.locator('pre.code-doc-sig').is_visible()
    page.close()


@CHROMIUM
def test_an_explorer_snapshot_says_so_and_offers_no_dead_controls(site, browser):
    out, _ = site
    for name in ('bsa', 'rounding'):
        page = _page(browser, 1024, 768)
        page.goto((out / 'explorers' / f'{name}.html').as_uri())
        page.wait_for_selector('.jupyter-widgets', timeout=30000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / f'explorer-{name}-1024x768.png'), full_page=False)
        note = page.locator('.explorer-snapshot')
        assert note.is_visible() and f'examrules explore {name}' in note.inner_text()
        live = page.evaluate('''() => [...document.querySelectorAll('div.body .cell_output input, div.body .cell_output button, div.body .cell_output select, div.body .cell_output textarea')]
                                 .filter(e => !e.disabled && e.checkVisibility()).length''')
        assert live == 0
        movable = page.evaluate('''() => [...document.querySelectorAll('div.body .cell_output .widget-slider, div.body .cell_output .widget-hslider')]
                                    .filter(e => getComputedStyle(e).pointerEvents !== 'none').length''')
        assert movable == 0
        assert page.get_by_text('Save variant').filter(visible=True).count() == 0
        assert not page.outside
        page.close()


@CHROMIUM
def test_a_training_page_shows_no_answer_until_its_fold_is_opened(site, browser):
    out, _ = site
    page = _page(browser, 1280, 800)
    page.goto((out / 'training' / 'rounding.html').as_uri())
    text = page.locator('div.body').inner_text()
    assert 'the answer:' not in text and 'Exercise(' not in text and 'lambda' not in text
    page.goto((out / 'training' / 'rounding.html').as_uri() + '#exercises')
    page.wait_for_timeout(200)
    page.screenshot(path=str(ARTIFACTS / 'training-closed-1280x800.png'))
    fold = page.locator('details.hide', has_text='Show the answer').first
    assert fold.is_visible() and not fold.locator('div.cell_output').is_visible()
    fold.locator('summary').click()
    out_ = fold.locator('div.cell_output')
    assert out_.is_visible() and out_.inner_text().startswith('the answer: ')
    page.wait_for_timeout(500)                    # the fold's fade-in
    page.screenshot(path=str(ARTIFACTS / 'training-open-1280x800.png'))
    page.close()
