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
