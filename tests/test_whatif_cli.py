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
    assert page.index("<p class='headline'>") < page.index('<table')              # the headline sentence before any table
    assert out['headline'] in page.replace('&#x27;', "'") and out['files'] == [out['report']]
    charts = re.findall(r"<svg data-seq='0' class='er-chart (er-chart-\w+)'", page)
    assert 1 <= len(charts) <= 4                                                    # what changes, shown where it lands
    assert charts[0] == 'er-chart-flows' or 'er-chart-flows' not in charts         # the students' flows first where their outcome changes
    assert not re.search(r'(src|href)=.https?://', page)
    assert "Decimal(" not in page and '>True<' not in page and '>False<' not in page


def test_bsa40_flips_only_negative_to_positive(examrules, tmp_path):
    out = json.loads(examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', '--out', tmp_path, '--json').stdout)
    # lowering the August norm can only turn negative advice positive; grades are untouched
    assert out['flips']['BSA positive -> negative'] == 0
    assert out['flips']['final grade changed'] == 0
    assert [c['parameter'] for c in out['changed_parameters']] == ['bsa.august.threshold']
    assert out['changed_parameters'][0]['sentence'] == 'Final BSA norm (31 August): 45 EC → 40 EC'
    # 45 -> 40 EC: the students between the norms who were negative; the headline counts them and says nothing else changes
    k = out['flips']['BSA negative -> positive']
    assert out['headline'] == (f"Lowering the final BSA norm (31 August) from 45 to 40 EC turns {k} negative advices positive "
                               f"({k} of 120 students, {(2000 * k + 120) // 240 / 10}\u00a0%); nothing else changes.")


def test_headline_sums_up_many_changes(examrules, tmp_path):
    """Two very different scenarios: the headline counts the changed parameters and names their sections, never lists every key."""
    out = json.loads(examrules('whatif', 'ut_tom_2020', 'leiden_fgw_2023', '--out', tmp_path, '--json').stdout)
    n = len(out['changed_parameters'])
    assert n > 3
    secs = {c['parameter'].split('.')[0] for c in out['changed_parameters']}
    assert {'rounding', 'grades', 'compensation'} <= secs                          # the outcome sections first, in the order of OUTCOME_SECTIONS
    assert out['headline'].startswith(f"Changing {n} parameters (rounding, grades, compensation, …) ")
    assert len(out['headline']) < 300 and "deadline '" not in out['headline']


def test_terminal_summary_headline_first_and_progress(examrules, tmp_path):
    r = examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_no_compensation', '--out', tmp_path, '--progress')
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith('Switching off compensation within a coherent or mixed module and compensation between tests within a unit turns ')
    assert '  changed Compensation within a coherent or mixed module: yes → no (UT TOM 2020 compensation)' in lines
    assert lines[-1].startswith(f"written: {tmp_path / 'whatif-ut_tom_2020_no_compensation-vs-ut_tom_2020.html'}")
    assert 'result rows under the baseline ut_tom_2020 ...' in r.stderr and r.stderr.rstrip().endswith('done')


def test_cohort_folder_and_counts_add_up(examrules, tmp_path):
    d = tmp_path / 'c'
    r = examrules('cohort', 'ut_tom_2020', '--students', 30, '--seed', 5, '--out', d)
    assert r.returncode == 0, r.stderr
    res = d / 'ut_tom_2020_results.csv'
    lines = res.read_text().splitlines()
    lines.append('s0000001,202000201,exam,1,2020-11-11,6.45')   # off the one-decimal scale: set aside with its reason
    lines.append('s0000002,202000201,exam,1,2020-13-45,7')        # no such date
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
    (tmp_path / 'site').mkdir()
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
    """Without --site: links to ./site only where a built site is found there; else no links (never a dead one), the article's text shown."""
    r = examrules('whatif', 'ou_schakelzone_2018', 'ou_schakelzone_2018_15wd', '--json', cwd=tmp_path)
    out = json.loads(r.stdout)
    assert out['site'] is None
    page = (tmp_path / out['report']).read_text(encoding='utf-8')
    assert "<a class='article'" not in page and 'OU Schakelzone 2018 art. 10.1' in page
    assert '10.1' in page and '<blockquote>' in page                                    # the article's heading and a short quote
    (tmp_path / 'site' / 'regulations').mkdir(parents=True)                              # a site is found: its articles are linked
    out = json.loads(examrules('whatif', 'ou_schakelzone_2018', 'ou_schakelzone_2018_15wd', '--json', '--out', 'r2', cwd=tmp_path).stdout)
    assert out['site'] == '../site/'
    page = (tmp_path / out['report']).read_text(encoding='utf-8')
    assert "href='../site/regulations/ou_schakelzone_2018.html#art-10-1'" in page       # result-due cites 10.1
    assert _unlinked_labels(page) == []
