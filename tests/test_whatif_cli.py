"""`examrules whatif` as a policy officer runs it: report, JSON, counts that add up, clear errors."""
import base64, json, re
from pathlib import Path

import pytest

from conftest import REPO

VARIANTS = [('ut_tom_2020', 'ut_tom_2020_bsa40'), ('ut_tom_2020', 'ut_tom_2020_no_compensation'),
            ('leiden_fgw_2023', 'leiden_fgw_2023_half_grades'), ('ut_sc_2013', 'ut_sc_2013_one_decimal'),
            ('ou_schakelzone_2018', 'ou_schakelzone_2018_15wd')]


@pytest.mark.parametrize('base, variant', VARIANTS)
def test_every_shipped_variant_runs(examrules, tmp_path, base, variant):
    r = examrules('whatif', base, variant, '--out', tmp_path, '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out['students'] == 120
    assert out['changed_parameters'], 'a variant changes at least one parameter'
    assert out['rows_reported'] == 0 and out['rows_evaluated'] > 0
    page = Path(out['report']).read_text(encoding='utf-8')
    imgs = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", page)
    assert len(imgs) == 4
    for b64 in imgs:
        png = base64.b64decode(b64)
        assert png[:8] == b'\x89PNG\r\n\x1a\n' and len(png) > 5000      # a real, non-empty chart
    assert not re.search(r'(src|href)=.https?://', page)


def test_bsa40_flips_only_negative_to_positive(examrules, tmp_path):
    out = json.loads(examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', '--out', tmp_path, '--json').stdout)
    # lowering the August norm can only turn negative advice positive; grades are untouched
    assert out['flips']['BSA positive -> negative'] == 0
    assert out['flips']['final grade changed'] == 0
    assert [c['parameter'] for c in out['changed_parameters']] == ['bsa.august']


def test_cohort_folder_and_counts_add_up(examrules, tmp_path):
    d = tmp_path / 'c'
    r = examrules('cohort', 'ut_tom_2020', '--students', 30, '--seed', 5, '--out', d)
    assert r.returncode == 0, r.stderr
    res = d / 'ut_tom_2020_results.csv'
    lines = res.read_text().splitlines()
    lines.append('s0000001,202000201,exam,1,2020-11-11,6.45')   # off the one-decimal scale: set aside with its reason
    lines.append('s0000002,202000201,exam,1,11-11-2020,7')        # not an ISO date
    res.write_text('\n'.join(lines) + '\n')
    before = res.read_bytes()
    out = json.loads(examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', '--cohort', d, '--out', tmp_path / 'r', '--json').stdout)
    assert out['rows_evaluated'] + out['rows_reported'] == len(lines) - 1     # every data row evaluated or reported
    assert out['rows_reported'] == 2
    assert res.read_bytes() == before                                        # the input is never modified


@pytest.mark.parametrize('edit, message', [
    (lambda t: t.replace('student,course', 'studnt,course', 1), 'results is missing column(s) student'),
    (lambda t: t + 's0000001,999999999,exam,1,2020-11-11,7\n', "course '999999999' (student s0000001) is not in the catalogue"),
])
def test_bad_cohort_exits_2(examrules, tmp_path, edit, message):
    d = tmp_path / 'c'
    examrules('cohort', 'ut_tom_2020', '--students', 5, '--out', d)
    res = d / 'ut_tom_2020_results.csv'
    res.write_text(edit(res.read_text()))
    r = examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', '--cohort', d, '--out', tmp_path / 'r')
    assert r.returncode == 2 and message in r.stderr and str(res) in r.stderr
    assert 'Traceback' not in r.stderr and r.stderr.count('\n') == 1


def test_unknown_scenario_exits_2(examrules, tmp_path):
    r = examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa4', '--out', tmp_path)
    assert r.returncode == 2 and "unknown scenario 'ut_tom_2020_bsa4'; did you mean 'ut_tom_2020_bsa40'?" in r.stderr


def _unlinked_labels(page):
    """Article labels left in the page once every link is taken out."""
    return re.findall(r'(?:UT S&amp;C 2013|UT TOM 2020|Leiden FGW 2023|OU Schakelzone 2018) (?:art\. \d|Annex|[a-z])', re.sub(r'<a [^>]*>[^<]*</a>', '', page))


def test_report_links_articles_to_the_site(examrules, tmp_path):
    """--site: a folder is linked relative to the report's folder, a URL as given, '' not at all; every label is a link."""
    r = examrules('whatif', 'leiden_fgw_2023', 'leiden_fgw_2023_half_grades', '--out', tmp_path / 'report', '--site', tmp_path / 'site', '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out['site'] == '../site/'
    page = Path(out['report']).read_text(encoding='utf-8')
    # the rounding keys cite Leiden FGW 2023 art. 4.9.5: regulations/leiden_fgw_2023.html#art-4-9-5 under the site's root
    assert "<a class='article' href='../site/regulations/leiden_fgw_2023.html#art-4-9-5' target='_blank' rel='noopener'>Leiden FGW 2023 art. 4.9.5</a>" in page
    assert _unlinked_labels(page) == []
    r = examrules('whatif', 'leiden_fgw_2023', 'leiden_fgw_2023_half_grades', '--out', tmp_path / 'r2', '--site', 'https://example.org/examrules')
    assert r.returncode == 0 and '(article links to https://example.org/examrules/)' in r.stdout
    page = next((tmp_path / 'r2').glob('*.html')).read_text(encoding='utf-8')
    assert "href='https://example.org/examrules/regulations/leiden_fgw_2023.html#art-4-9-5'" in page
    r = examrules('whatif', 'leiden_fgw_2023', 'leiden_fgw_2023_half_grades', '--out', tmp_path / 'r3', '--site', '')
    page = next((tmp_path / 'r3').glob('*.html')).read_text(encoding='utf-8')
    assert r.returncode == 0 and "<a class='article'" not in page and 'Leiden FGW 2023 art. 4.9.5' in page


@pytest.mark.skipif('EXAMRULES_SITE' in __import__('os').environ, reason='EXAMRULES_SITE sets the default site')
def test_report_default_site(examrules, tmp_path):
    r = examrules('whatif', 'ou_schakelzone_2018', 'ou_schakelzone_2018_15wd', '--json', cwd=tmp_path)
    out = json.loads(r.stdout)
    assert out['site'] == '../site/'
    page = (tmp_path / out['report']).read_text(encoding='utf-8')
    assert "href='../site/regulations/ou_schakelzone_2018.html#art-10-1'" in page       # result-due cites 10.1
    assert _unlinked_labels(page) == []
