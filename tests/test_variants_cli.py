"""`examrules whatif BASE V1 V2 ...`: several variants in one report; one variant keeps the two-scenario output."""
import json
from pathlib import Path

import pytest

VARIANTS = ['ut_tom_2020_bsa40', 'ut_tom_2020_no_compensation', 'ut_tom_2020_year_compensation']


def test_several_variants_json(examrules, tmp_path):
    r = examrules('whatif', 'ut_tom_2020', *VARIANTS, '--out', tmp_path, '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out['base'] == 'ut_tom_2020' and out['variants'] == VARIANTS and out['students'] == 120
    assert [c['scenario'] for c in out['counts']] == ['ut_tom_2020'] + VARIANTS
    for c in out['counts']:
        assert sum(v for k, v in c.items() if k.startswith('bsa_august_')) == 120          # one advice per student
    assert [f['variant'] for f in out['flips']] == VARIANTS
    # the students affected by any variant: each one changed by at least one variant, and no more than the flips allow
    assert out['affected'] == len(out['affected_students']) <= sum(f['students affected'] for f in out['flips'])
    assert out['affected'] >= max(f['students affected'] for f in out['flips'])
    for s in out['affected_students']:
        assert s['changed_by'] and set(s['outcomes']) == {'ut_tom_2020', *VARIANTS}
        groups = s['agree']
        assert sorted(n for g in groups for n in g) == sorted(['ut_tom_2020'] + VARIANTS)   # a partition of the scenarios
        base_group = next(g for g in groups if 'ut_tom_2020' in g)
        assert not set(base_group) & set(s['changed_by'])                                 # a variant that changes them differs from the baseline
    assert Path(out['report']).name == 'whatif-ut_tom_2020-3-variants.html'
    page = Path(out['report']).read_text(encoding='utf-8')
    assert page.count("src='data:image/png;base64,") == 1 and 'https://' not in page
    # each variant under its own human title (scenarios.scenario_title), its name and description beside it
    assert "<li><b>UT TOM 2.0, final BSA norm 40 EC</b> (<code>ut_tom_2020_bsa40</code>): final BSA norm 40 EC instead of 45</li>" in page
    assert '<b>UT TOM 2.0, no compensation</b>' in page and '<b>UT TOM 2.0, compensation within the study year</b>' in page


def test_each_variants_flips_equal_its_own_whatif(examrules, tmp_path):
    many = json.loads(examrules('whatif', 'ut_tom_2020', *VARIANTS, '--out', tmp_path / 'm', '--json').stdout)
    for f in many['flips']:
        one = json.loads(examrules('whatif', 'ut_tom_2020', f['variant'], '--out', tmp_path / f['variant'], '--json').stdout)
        assert {k: f[k] for k in one['flips']} == one['flips']
        assert f['students affected'] == one['affected']


def test_one_variant_keeps_the_two_scenario_output(examrules, tmp_path):
    out = json.loads(examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', '--out', tmp_path, '--json').stdout)
    assert 'flips' in out and 'changed_parameters' in out and 'variants' not in out
    assert Path(out['report']).name == 'whatif-ut_tom_2020_bsa40-vs-ut_tom_2020.html'


def test_at_most_eight_variants(examrules, tmp_path):
    r = examrules('whatif', 'ut_tom_2020', *(['ut_tom_2020_bsa40'] * 9), '--out', tmp_path)
    assert r.returncode == 2 and '9 variants: at most 8' in r.stderr and r.stderr.count('\n') == 1


def test_refuses_to_overwrite(examrules, tmp_path):
    assert examrules('whatif', 'ut_tom_2020', *VARIANTS[:2], '--out', tmp_path).returncode == 0
    r = examrules('whatif', 'ut_tom_2020', *VARIANTS[:2], '--out', tmp_path)
    assert r.returncode == 2 and 'exists; give --force to replace it' in r.stderr
    assert examrules('whatif', 'ut_tom_2020', *VARIANTS[:2], '--out', tmp_path, '--force').returncode == 0


def test_unknown_variant_exits_2(examrules, tmp_path):
    r = examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', 'ut_tom_2020_bsa4', '--out', tmp_path)
    assert r.returncode == 2 and "unknown scenario 'ut_tom_2020_bsa4'" in r.stderr


# A hand-made cohort (as in nbs/17_variants.ipynb): t1 passes A, B, C, D (45 EC), t2 A, B, C (44 EC), t3 A, B, D (31 EC),
# t4 A and B (30 EC) with C at 5.0 (not passed). All results on 20 November 2020, before the first BSA moment.
CATALOGUE = """course,name,ec,module,module_type,year,test,weight,minimum,scale,category
A,Unit A,15,,none,1,exam,1,,one_decimal,mathematics
B,Unit B,15,,none,1,exam,1,,one_decimal,mathematics
C,Unit C,14,,none,1,exam,1,,one_decimal,mathematics
D,Unit D,1,,none,1,exam,1,,one_decimal,
"""
PASSED = {'t1': 'ABCD', 't2': 'ABC', 't3': 'ABD', 't4': 'AB'}


def _hand_cohort(d: Path) -> Path:
    d.mkdir()
    (d / 'hand_catalogue.csv').write_text(CATALOGUE, encoding='utf-8')
    rows = [f"{s},{c},exam,2020-11-20,1,6.0" for s, cs in PASSED.items() for c in cs] + ["t4,C,exam,2020-11-20,1,5.0"]
    (d / 'hand_results.csv').write_text('student,course,test,date,occasion,result\n' + '\n'.join(rows) + '\n', encoding='utf-8')
    return d


def _scenarios(d: Path) -> tuple[Path, Path]:
    "ut_tom_2020 without its [bsa] section (ut_no_bsa), and with only the August moment (ut_august_only, 45 EC as the baseline)."
    text = (Path(__file__).resolve().parent.parent / 'scenarios' / 'ut_tom_2020.toml').read_text(encoding='utf-8')
    start, end = text.index('\n[bsa]\n'), text.index('\n[modules]\n')
    no_bsa = (text[:start] + text[end:]).replace('id = "ut_tom_2020"', 'id = "ut_no_bsa"')
    lines = [l for l in text.splitlines(keepends=True) if not l.startswith(('december = ', 'march = '))]
    august_only = ''.join(lines).replace('id = "ut_tom_2020"', 'id = "ut_august_only"')
    assert no_bsa.count('[bsa]') == 0 and august_only.count('august = ') == 1 and 'december = ' not in august_only
    (d / 'ut_no_bsa.toml').write_text(no_bsa, encoding='utf-8')
    (d / 'ut_august_only.toml').write_text(august_only, encoding='utf-8')
    return d / 'ut_no_bsa.toml', d / 'ut_august_only.toml'


def test_variants_without_a_bsa_rule(examrules, tmp_path):
    # was: "internal error, please report: KeyError: 'bsa_december'"
    cohort = _hand_cohort(tmp_path / 'c')
    no_bsa, august_only = _scenarios(tmp_path)
    r = examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', no_bsa, august_only, '--cohort', cohort, '--out', tmp_path / 'o', '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    counts = {c['scenario']: c for c in out['counts']}
    # baseline: December 15 EC and March 30 EC: all four have >= 30 EC by then -> 4 positive each; August 45 EC: t1 only.
    # bsa40 (August 40): t1 (45) and t2 (44) positive, t3 (31) and t4 (30) negative. ut_no_bsa: no rule at any moment.
    # ut_august_only: as the baseline in August, no rule in December and March.
    want = {'ut_tom_2020': (4, 4, 1, 3), 'ut_tom_2020_bsa40': (4, 4, 2, 2), 'ut_no_bsa': (None, None, None, None), 'ut_august_only': (None, None, 1, 3)}
    for nm, (dec, mar, pos, neg) in want.items():
        c = counts[nm]
        assert (c['bsa_december_positive'], c['bsa_march_positive'], c['bsa_august_positive'], c['bsa_august_negative']) == (dec, mar, pos, neg), nm
        assert c['units_passed'] == 12 and c['units_not_passed'] == 1      # the grading rules are the same: 4+3+3+2 passed, t4's C not
    assert out['no_bsa_rule'] == {'ut_no_bsa': ['december', 'march', 'august'], 'ut_august_only': ['december', 'march']}
    # flips only where both define the advice: bsa40 turns t2 positive; the other two change nothing they both have a rule for
    flips = {f['variant']: f for f in out['flips']}
    assert (flips['ut_tom_2020_bsa40']['BSA negative -> positive'], flips['ut_tom_2020_bsa40']['students affected']) == (1, 1)
    for nm in ('ut_no_bsa', 'ut_august_only'):
        assert flips[nm]['BSA changed'] == 0 and flips[nm]['students affected'] == 0, nm
    assert out['affected'] == 1
    (s,) = out['affected_students']
    assert s['student'] == 't2' and s['changed_by'] == ['ut_tom_2020_bsa40']
    assert s['outcomes'] == {'ut_tom_2020': 'negative', 'ut_tom_2020_bsa40': 'positive', 'ut_no_bsa': '44 EC', 'ut_august_only': 'negative'}
    # agreement: no advice agrees only with no advice; each scenario differs from the others at some moment for t2
    assert s['agree'] == [['ut_tom_2020'], ['ut_tom_2020_bsa40'], ['ut_no_bsa'], ['ut_august_only']]
    # the text output names what has no rule, and shows it in the table
    t = examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', no_bsa, august_only, '--cohort', cohort, '--out', tmp_path / 'o', '--force')
    assert t.returncode == 0, t.stderr
    assert 'ut_no_bsa has no BSA rule:' in t.stdout and 'ut_august_only has no BSA rule for december, march:' in t.stdout
    assert 'no BSA rule' in next(l for l in t.stdout.splitlines() if l.startswith('bsa_december_positive'))
    page = next((tmp_path / 'o').glob('*.html')).read_text(encoding='utf-8')
    assert '<td>no BSA rule</td>' in page and 'None' not in page


def test_variants_all_with_a_bsa_rule(examrules, tmp_path):
    cohort = _hand_cohort(tmp_path / 'c')
    r = examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', 'ut_tom_2020_no_compensation', '--cohort', cohort, '--out', tmp_path / 'o', '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out['no_bsa_rule'] == {}
    # August positives: t1 at 45; t1 and t2 at 40; no module compensation changes nothing here (no modules in the catalogue)
    assert [c['bsa_august_positive'] for c in out['counts']] == [1, 2, 1]
    assert [c['bsa_december_positive'] for c in out['counts']] == [4, 4, 4]
    assert [(f['BSA negative -> positive'], f['students affected']) for f in out['flips']] == [(1, 1), (0, 0)]
    assert [s['student'] for s in out['affected_students']] == ['t2']
    assert out['affected_students'][0]['agree'] == [['ut_tom_2020', 'ut_tom_2020_no_compensation'], ['ut_tom_2020_bsa40']]


def test_two_scenario_whatif_against_a_scenario_without_bsa(examrules, tmp_path):
    # was: "internal error, please report: KeyError: 'bsa_december_variant'" (the EC chart)
    cohort = _hand_cohort(tmp_path / 'c')
    r = examrules('whatif', 'ut_tom_2020', 'leiden_fgw_2023', '--cohort', cohort, '--out', tmp_path / 'o', '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # Leiden has no BSA: no advice compared. Grades: 6.0 stays 6.0 on Leiden's one-decimal scale, 5.0 stays 5 (whole grades between
    # 5 and 6), t4's single-test C fails under both: nothing changes.
    assert out['flips']['BSA changed'] == 0 and out['flips']['BSA negative -> positive'] == 0
    assert out['flips']['final grade changed'] == 0 and out['flips']['pass -> fail'] == 0 and out['affected'] == 0
    # on the bundled UT cohort it runs too (it stopped at the EC chart)
    assert examrules('whatif', 'ut_tom_2020', 'leiden_fgw_2023', '--out', tmp_path / 'u').returncode == 0


def _shipped_variants():
    from examrules_nb.scenarios import list_scenarios, load_scenario
    return [n for n in list_scenarios() if load_scenario(n).data['scenario'].get('extends')]

SHIPPED_VARIANTS = _shipped_variants()      # every built-in scenario that extends another, found, not listed by hand
assert {'ut_tom_2020_bsa40', 'ru_fftr_2019', 'wur_bodemcijfer', 'ut_tom_2020_composite'} <= set(SHIPPED_VARIANTS)


@pytest.mark.parametrize('name', SHIPPED_VARIANTS)
def test_shipped_variants_have_their_own_title(name):
    """A legend or headline names a shipped variant by its own short title, never its baseline's title or its long description."""
    from examrules_nb.scenarios import load_scenario, scenario_title
    sc = load_scenario(name)
    assert len(sc.chain) > 1 and sc.origin.get('scenario.title') == sc.chain[0]          # set in the variant's own file
    t = scenario_title(sc)
    assert t == sc.data['scenario']['title'] and t != load_scenario(sc.data['scenario']['extends']).data['scenario']['title']
    assert len(t) <= 60
