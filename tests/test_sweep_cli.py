"""`examrules sweep` as a policy officer runs it: JSON that adds up, files written once, a curve that agrees with a what-if, one-line errors."""
import json

import pytest


def _sweep(examrules, *args):
    r = examrules('sweep', *args, '--json')
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_json_shape_and_counts_add_up(examrules):
    out = _sweep(examrules, 'ut_tom_2020', 'bsa.august.threshold', '30', '60', '1')
    assert [out[k] for k in ('scenario', 'key', 'type', 'low', 'high', 'baseline', 'stage')] == \
        ['ut_tom_2020', 'bsa.august.threshold', 'decimal', '0', '60', '45', 'bsa']
    assert len(out['rows']) == 31 and [r['value'] for r in out['rows']][:2] == ['30', '31']
    assert out['columns'][0] == 'value' and out['columns'][-1] == 'affected'
    for r in out['rows']:
        assert list(r) == out['columns']
        assert sum(r[c] for c in out['columns'] if c.startswith('bsa_august_')) == out['students']    # every student has one advice
        assert r['units_passed'] + r['units_not_passed'] == out['units']
    base = next(r for r in out['rows'] if r['value'] == '45')
    assert base['affected'] == 0                                   # the baseline value changes nothing
    positives = [r['bsa_august_positive'] for r in out['rows']]
    assert positives == sorted(positives, reverse=True)            # a higher norm never makes more positives


def test_curve_agrees_with_a_whatif(examrules, tmp_path):
    """The row at 40 is what `whatif ut_tom_2020 ut_tom_2020_bsa40` reports (a separate evaluation)."""
    out = _sweep(examrules, 'ut_tom_2020', 'bsa.august.threshold', '40', '45', '5')
    w = json.loads(examrules('whatif', 'ut_tom_2020', 'ut_tom_2020_bsa40', '--out', tmp_path, '--json').stdout)
    r40 = out['rows'][0]
    assert r40['value'] == '40'
    assert r40['flips_bsa_august'] == w['flips']['BSA changed'] == w['affected'] == r40['affected']
    assert r40['flips_grade'] == w['flips']['final grade changed'] == 0


def test_out_writes_three_files_and_refuses_to_overwrite(examrules, tmp_path):
    d = tmp_path / 'sweep'
    r = examrules('sweep', 'ut_tom_2020', 'grades.pass_mark', '5', '7', '0.5', '--out', d)
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in d.iterdir())
    assert names == ['sweep-ut_tom_2020-grades.pass_mark.csv', 'sweep-ut_tom_2020-grades.pass_mark.html', 'sweep-ut_tom_2020-grades.pass_mark.png']
    csv = (d / names[0]).read_text().splitlines()
    assert csv[0].startswith('value,') and [l.split(',')[0] for l in csv[1:]] == ['5.0', '5.5', '6.0', '6.5', '7.0']
    assert (d / names[2]).read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    page = (d / names[1]).read_text()
    assert "src='data:image/png;base64," in page and 'http://' not in page and 'https://' not in page
    before = (d / names[0]).read_bytes()
    r = examrules('sweep', 'ut_tom_2020', 'grades.pass_mark', '5', '6', '0.5', '--out', d)
    assert r.returncode == 2 and 'exists; give --force to replace it' in r.stderr and r.stderr.count('\n') == 1
    assert (d / names[0]).read_bytes() == before                  # nothing replaced
    r = examrules('sweep', 'ut_tom_2020', 'grades.pass_mark', '5', '6', '0.5', '--out', d, '--force')
    assert r.returncode == 0 and len((d / names[0]).read_text().splitlines()) == 4
    assert sorted(p.name for p in d.iterdir()) == names           # no temporary file left


@pytest.mark.parametrize('args, message', [
    (('bsa.august.threshold', '30', '70', '1'), 'bsa.august.threshold (decimal, from 0 to 60; EC for a positive advice): TO 70 is above 60'),
    (('bsa.august.threshold', '50', '40', '1'), 'TO 40 is below FROM 50'),
    (('bsa.august.threshold', '30', '60', '-1'), 'STEP -1 must be more than 0'),
    (('bsa.agust.threshold', '30', '60', '1'), "unknown key 'agust'; did you mean 'august'?"),
    (('grades.final_scale', '1', '2', '1'), 'grades.final_scale: a str key (scale of final grades); a sweep needs a numeric key'),
    (('compensation.module_max_units', '1', '3', '0.5'), 'compensation.module_max_units (int, at least 0; most units compensated per group): STEP 0.5 is not a whole number'),
    (('exam.cum_laude_mean', '7', '9', '0.5'), 'scenario ut_tom_2020 does not set this key'),
    (('bsa.december.threshold', '5', '15', '5'), 'value 5: bsa.december.neutral_from: expected at most the threshold 5'),
])
def test_bad_key_or_range_is_one_line(examrules, args, message):
    r = examrules('sweep', 'ut_tom_2020', *args)
    assert r.returncode == 2, r.stdout
    assert message in r.stderr and r.stderr.startswith('examrules: error: ') and r.stderr.count('\n') == 1
    assert 'Traceback' not in r.stderr


def test_cohort_folder_is_read_not_modified(examrules, tmp_path):
    d = tmp_path / 'c'
    assert examrules('cohort', 'ut_sc_2013', '--students', 40, '--seed', 3, '--out', d).returncode == 0
    before = {p.name: p.read_bytes() for p in d.iterdir()}
    out = _sweep(examrules, 'ut_sc_2013', 'exam.cum_laude_mean', '7', '9', '0.5', '--cohort', d)
    assert out['stage'] == 'exam' and out['students'] == 40 and out['rows_reported'] == 0
    cl = [r['cum_laude'] for r in out['rows']]
    assert cl == sorted(cl, reverse=True)                          # a higher norm never gives more cum laude
    assert all(r['flips_grade'] == 0 and r['flips_exam'] == 0 for r in out['rows'])     # the norm touches only the judicium
    assert {p.name: p.read_bytes() for p in d.iterdir()} == before


@pytest.mark.parametrize('name, scenario', [('BSAExplorer', 'ut_tom_2020'), ('CompensationExplorer', 'ut_tom_2020'), ('RoundingExplorer', 'leiden_fgw_2023')])
def test_explorer_shows_the_curve_beneath_its_main_slider(name, scenario):
    """The main slider's impact curve sits right under it and marks the slider's current value with the sweep's count there."""
    import re
    from decimal import Decimal
    from examrules_nb import explorers
    from examrules_nb.sweep import slider_curve
    e = getattr(explorers, name)(scenario, delay=0)
    kids = e.widget().children[3].children[0].children
    assert kids.index(e.curve) == kids.index(e.main) + 1
    m = e.main
    if hasattr(m, 'options'): m.index = max(0, m.index - 1)
    else: m.value = m.value - 1
    e.update()
    marked = re.findall(r"data-value='([^']*)' data-count='(\d+)'", e.curve.value)
    assert len(marked) == 1 and marked[0][0] == str(m.value)
    sw = slider_curve(scenario, e.curve_key, [m.value], e.cohort)              # a separate one-value sweep gives the same count
    assert int(sw.table[e.curve_column].iloc[0]) == int(marked[0][1])
    assert f">{sw.fmt(sw.values[0])}: {marked[0][1]}<" in e.curve.value       # the value written as people write it (45 EC, 6.5)
    assert f"for each value of the {sw.label[0].lower()}" in e.curve.value and f"{sw.key.dotted}</code>" in e.curve.value   # its label, the key beside it
