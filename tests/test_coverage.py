"""Every article of every seed is in its regulation notebook: the coverage table, the headings and the article lists agree.

- `nbs/regulations/articles/<source>.csv` lists every article of the seed (its own numbering);
- each regulation notebook has a heading with an anchor `<a id="art-...">` per article it covers, and ends with a
  `## Coverage` table `| article | title | status | where |` with one row per anchored heading;
- every article the package and the scenarios cite has its anchor, so an explanation's link lands on its heading.
"""
import csv
import json
import re
from pathlib import Path

import pytest

from conftest import REPO
from examrules_nb.core import SOURCES, Ref
from examrules_nb.scenarios import list_scenarios, load_scenario

REG = REPO / 'nbs' / 'regulations'
STATUSES = {'implemented', 'partly', 'documented only'}
NOTEBOOKS = {re.sub(r'^\d+_', '', p.stem): p for p in sorted(REG.glob('*.ipynb'))}


def markdown_cells(path):
    return [''.join(c['source']) for c in json.loads(path.read_text())['cells'] if c['cell_type'] == 'markdown']


def heading_anchors(path):
    """Anchors of headings, in order (a heading is a markdown line starting with #)."""
    out = []
    for md in markdown_cells(path):
        for line in md.splitlines():
            if line.startswith('#'):
                out += re.findall(r'<a id="(art-[^"]+)"></a>', line)
    return out


def coverage_rows(path):
    last = markdown_cells(path)[-1]
    assert last.startswith('## Coverage'), f"{path.name}: the last cell must be the '## Coverage' table"
    rows = [[c.strip() for c in line.strip().strip('|').split('|')] for line in last.splitlines() if line.startswith('|')]
    assert rows and [c.lower() for c in rows[0]] == ['article', 'title', 'status', 'where'], f"{path.name}: table header {rows[:1]}"
    return [r for r in rows[2:]]


def test_every_source_has_a_notebook_and_an_article_list():
    assert set(NOTEBOOKS) == set(SOURCES)
    assert {p.stem for p in (REG / 'articles').glob('*.csv')} == set(SOURCES)


@pytest.mark.parametrize('source', sorted(SOURCES))
def test_coverage_table_matches_headings(source):
    path = NOTEBOOKS[source]
    rows = coverage_rows(path)
    for r in rows:
        assert len(r) == 4, f"{path.name}: row {r} must have article, title, status, where"
        assert r[2] in STATUSES, f"{path.name}: article {r[0]}: status {r[2]!r}, expected one of {sorted(STATUSES)}"
        assert r[3], f"{path.name}: article {r[0]}: say where it is implemented or why it is not code"
    table = [Ref(source, r[0]).anchor for r in rows]
    headings = heading_anchors(path)
    assert len(set(headings)) == len(headings), f"{path.name}: duplicate anchors {sorted({a for a in headings if headings.count(a) > 1})}"
    assert len(set(table)) == len(table), f"{path.name}: duplicate rows in the coverage table"
    assert set(table) - set(headings) == set(), f"{path.name}: in the table but no heading: {sorted(set(table) - set(headings))}"
    assert set(headings) - set(table) == set(), f"{path.name}: a heading missing from the table: {sorted(set(headings) - set(table))}"


@pytest.mark.parametrize('source', sorted(SOURCES))
def test_every_article_of_the_seed_is_covered(source):
    rows = list(csv.DictReader(open(REG / 'articles' / f'{source}.csv', encoding='utf-8')))
    assert rows, f"{source}.csv lists no articles"
    covered = {r[0] for r in coverage_rows(NOTEBOOKS[source])}
    missing = [r['article'] for r in rows if r['article'] not in covered]
    assert missing == [], f"{NOTEBOOKS[source].name}: articles of the seed not in the coverage table: {missing}"


def cited_refs():
    """Every article reference the package code and the shipped scenarios make."""
    refs = set()
    for py in (REPO / 'examrules_nb').glob('*.py'):
        for src, art in re.findall(r"Ref\('([a-z_0-9]+)', '([^']+)'\)", py.read_text()):
            refs.add(Ref(src, art))
    def walk(x, src):                                       # every 'article' key, also inside deadline and period entries
        if isinstance(x, dict):
            for k, v in x.items():
                if k == 'article': refs.update(Ref(src, a) for a in ([v] if isinstance(v, str) else v))
                else: walk(v, src)
        elif isinstance(x, list):
            for v in x: walk(v, src)
    for name in list_scenarios():
        sc = load_scenario(name)
        for section in sc.data:
            refs.update(sc.refs(section))
        walk(sc.data, sc.source)
    return refs


def test_every_cited_article_has_its_anchor():
    anchors = {source: set(heading_anchors(path)) for source, path in NOTEBOOKS.items()}
    refs = cited_refs()
    assert len(refs) > 30                                   # the collection itself works
    missing = sorted(f"{r.source}: {r.article} ({r.anchor})" for r in refs if r.anchor not in anchors[r.source])
    assert missing == [], f"articles cited by the package or the scenarios without a heading anchor: {missing}"


# Issue #13: no coverage table or regulation text says a computable rule is "not yet implemented". What is still open is
# named here, with its reason, so that a new gap fails this test instead of slipping into a table.
OPEN = {}      # empty: UT TOM 2020's composite tests (the last open rule) are built (unit_grade, variant ut_tom_2020_composite)


@pytest.mark.parametrize('source', sorted(SOURCES))
def test_no_computable_rule_is_left_unimplemented(source):
    path = NOTEBOOKS[source]
    said = [md for md in markdown_cells(path) if re.search(r'not yet (implemented|checked|modelled)', md, re.I)]
    assert said == [], f"{path.name}: a rule marked 'not yet implemented': {[m[:120] for m in said]}"
    for r in coverage_rows(path):
        if re.search(r'(^|; )open:', r[3]):
            assert (source, r[0]) in OPEN, f"{path.name}: article {r[0]} is open ({r[3]}); implement it or name it in OPEN with its reason"
    for (src, art), why in OPEN.items():
        if src == source:
            row = [r for r in coverage_rows(path) if r[0] == art]
            assert row and row[0][2] == 'partly', f"{path.name}: {art} is listed as open ({why}) but its row is {row}"
