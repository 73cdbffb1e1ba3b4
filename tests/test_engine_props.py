"""The vectorised engine equals the plain one-student path on generated cohorts, for every scenario that ships."""
import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

from examrules_nb.cohorts import generate_cohort, read_catalogue, shipped_catalogue
from examrules_nb.engine import disagreements, evaluate, REASONS
from examrules_nb.scenarios import list_scenarios, load_scenario

SCENARIOS = [n for n in list_scenarios() if (shipped_catalogue(load_scenario(n).source)).is_file()]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), name=st.sampled_from(SCENARIOS), n=st.integers(1, 25))
def test_vectorised_equals_scalar(seed, name, n):
    cohort = generate_cohort(load_scenario(name).source, n, seed=seed)
    assert disagreements(cohort, name) == []


@pytest.mark.parametrize('name', SCENARIOS)
def test_every_shipped_scenario_evaluates(name):
    cohort = generate_cohort(load_scenario(name).source, 30, seed=1)
    o = evaluate(cohort, name)
    assert len(o.students) == 30
    assert set(o.units['reason']) <= set(REASONS)          # every reason the engine gives is in the documented vocabulary


# --- Rule families of other institutions (issue #14): every shipped variant, random variants of every family key,
# --- and exemptions (VR) on ordinary tests, all holding the vectorised path to the scalar one.
import tempfile
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from examrules_nb.cohorts import Cohort, parse_results
from examrules_nb.scenarios import save_variant

FAMILY_VARIANTS = ['ru_fftr_2019', 'uu_hum_rounding', 'um_fpn_70_30', 'wur_bodemcijfer', 'ut_ce_module', 'cirrus_55']


@pytest.mark.parametrize('name', FAMILY_VARIANTS)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), n=st.integers(1, 25))
def test_family_variant_vectorised_equals_scalar(name, seed, n):
    cohort = generate_cohort(load_scenario(name).source, n, seed=seed)
    assert disagreements(cohort, name) == []


def _with_test_exemptions(cohort, seed, share=0.15):
    """The same cohort with a share of its ordinary test results replaced by VR (an exemption on that test)."""
    raw = cohort.results[['student', 'course', 'test', 'occasion', 'date', 'result']].copy()
    rng = np.random.default_rng(seed)
    pick = (raw['test'] != 'final').to_numpy() & (rng.random(len(raw)) < share)
    raw.loc[pick, 'result'] = 'VR'
    good, rejected = parse_results(raw.astype(str), cohort.catalogue, path='vr')
    return Cohort(good, cohort.catalogue, cohort.students, rejected, 'with VR on tests')


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), name=st.sampled_from(['leiden_fgw_2023', 'ut_sc_2013', 'ut_tom_2020'] + FAMILY_VARIANTS), n=st.integers(1, 20))
def test_exemptions_on_tests_agree(seed, name, n):
    cohort = _with_test_exemptions(generate_cohort(load_scenario(name).source, n, seed=seed), seed)
    assert disagreements(cohort, name) == []


family_keys = st.fixed_dictionaries({}, optional={
    'part': st.tuples(st.sampled_from(['0.1', '0.5', '1']), st.sampled_from(['0.5', '1'])),
    'below_minimum': st.sampled_from(['no_grade', 'lowest_part']),
    'cap': st.tuples(st.sampled_from(['5.0', '5.5', '6.0']), st.integers(0, 1), st.sampled_from(['5.0', '5.5', '6.0'])),
    'bands': st.lists(st.tuples(st.sampled_from(['0', '4.0', '5.0', '5.5']), st.sampled_from(['5.0', '5.5', '6.0', '10']), st.integers(0, 2)), max_size=2)})


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), base=st.sampled_from(['ut_tom_2020', 'leiden_fgw_2023', 'ru_fftr_2019']), keys=family_keys, n=st.integers(1, 15))
def test_random_family_keys_agree(seed, base, keys, n):
    """Any combination of the family keys: a variant written to a file, the two paths agree on a generated cohort."""
    a = {}
    if 'part' in keys: a['part_step'], a['part_up_from'] = Decimal(keys['part'][0]), Decimal(keys['part'][1])
    if 'below_minimum' in keys: a['below_minimum'] = keys['below_minimum']
    if 'cap' in keys: a['cap_below'], a['cap_more_than'], a['cap_grade'] = Decimal(keys['cap'][0]), keys['cap'][1], Decimal(keys['cap'][2])
    bands = [{'from': Decimal(f), 'till': Decimal(t), 'at_most': k} for f, t, k in keys.get('bands', []) if Decimal(f) < Decimal(t)]
    if bands: a['band_limits'] = bands
    with tempfile.TemporaryDirectory() as d:
        path = save_variant(Path(d) / 'v.toml', base, {'assessment': a} if a else {})
        name = str(path)
        cohort = _with_test_exemptions(generate_cohort(load_scenario(name).source, n, seed=seed), seed, share=0.05)
        assert disagreements(cohort, name) == []


# --- Composite tests (UT TOM 2020 § compensation within tests, issue #13): random composites in the shipped
# --- catalogues, random composite rounding, the two paths agree.
from conftest import REPO
from examrules_nb.cohorts import CONDITION_SCALES

composite_keys = st.fixed_dictionaries({
    'step': st.sampled_from(['0.1', '0.5', '1']), 'up': st.sampled_from(['0.5', '1', '0.25']),
    'within_unit': st.booleans(), 'below_minimum': st.sampled_from(['no_grade', 'lowest_part'])})


def _with_composites(cat, rng):
    """The catalogue with, in each unit of two or more numeric tests, a random share of them made the sub-tests of one composite test."""
    cat = cat.drop(columns=[c for c in ('line',) if c in cat]).copy()
    for c in ('composite', 'composite_weight', 'composite_minimum'): cat[c] = ''
    numeric = ~cat['scale'].isin(CONDITION_SCALES)
    for course, g in cat[numeric].groupby('course', sort=False):
        if len(g) < 2 or rng.random() < 0.3: continue
        pick = g.index[rng.random(len(g)) < 0.7]
        if len(pick) == 0: continue
        cat.loc[pick, 'composite'] = 'comp'
        cat.loc[pick, 'composite_weight'] = rng.choice(['1', '30', '0.5'])
        cat.loc[pick, 'composite_minimum'] = rng.choice(['', '4.5', '5.5'])
        if sum(Decimal(w.replace(',', '.')) for w in cat.loc[pick, 'weight']) == 0: cat.loc[pick, 'weight'] = '1'
    return cat


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), base=st.sampled_from(['ut_tom_2020', 'leiden_fgw_2023', 'ut_sc_2013', 'um_fpn_70_30', 'ru_fftr_2019']),
       keys=composite_keys, n=st.integers(1, 15), vr=st.booleans())
def test_composites_agree(seed, base, keys, n, vr):
    src = load_scenario(base).source
    cat = _with_composites(read_catalogue(shipped_catalogue(src)), np.random.default_rng(seed))
    with tempfile.TemporaryDirectory() as d:
        cat.to_csv(Path(d) / 'cat.csv', index=False)
        path = save_variant(Path(d) / 'v.toml', base, {'assessment': {'composite_step': Decimal(keys['step']), 'composite_up_from': Decimal(keys['up']),
                                                                      'below_minimum': keys['below_minimum']},
                                                       'compensation': {'within_unit': keys['within_unit']}})
        cohort = generate_cohort(src, n, seed=seed, catalogue=Path(d) / 'cat.csv')
        if vr: cohort = _with_test_exemptions(cohort, seed, share=0.1)
        assert (cohort.catalogue['composite'] != '').any() or not (cat['composite'] != '').any()
        assert disagreements(cohort, str(path)) == []


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(1, 25))
def test_shipped_composite_example_agrees(seed, n):
    cohort = generate_cohort('ut_tom_2020', n, seed=seed, catalogue=REPO / 'scenarios' / 'examples' / 'ut_tom_composite_catalogue.csv')
    assert disagreements(cohort, 'ut_tom_2020_composite') == []


# --- The engine's row-wise arithmetic runs in two halves of the rows, in two threads, from prepare.PARALLEL_FROM rows
# --- (issue #18): the outcome must not depend on it, and the halves must agree with the one-student path too.
import examrules_nb.prepare as _prep


def _evaluate_with(cohort, name, parallel_from):
    old = _prep.PARALLEL_FROM
    _prep.PARALLEL_FROM = parallel_from
    try:
        cohort.__dict__.pop('_prepared', None)
        return evaluate(cohort, name)
    finally:
        _prep.PARALLEL_FROM = old


@pytest.mark.parametrize('name', SCENARIOS + FAMILY_VARIANTS)
def test_halves_in_threads_give_the_same_outcome(name):
    cohort = generate_cohort(load_scenario(name).source, 80, seed=7)
    one, two = _evaluate_with(cohort, name, 10**9), _evaluate_with(cohort, name, 1)
    pd.testing.assert_frame_equal(one.units, two.units)
    pd.testing.assert_frame_equal(one.students, two.students)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), name=st.sampled_from(SCENARIOS + FAMILY_VARIANTS), n=st.integers(2, 25))
def test_halves_in_threads_equal_scalar(seed, name, n):
    cohort = generate_cohort(load_scenario(name).source, n, seed=seed)
    old = _prep.PARALLEL_FROM
    _prep.PARALLEL_FROM = 1
    try: assert disagreements(cohort, name) == []
    finally: _prep.PARALLEL_FROM = old


# --- Which result of a test counts: _last_per_key by a table over dense keys, by a sort, or in order already, against a
# --- plain reading of its definition (sort by key then the tie-breakers, stably; the last row of each key).
from examrules_nb.prepare import _last_per_key


def _last_plainly(key, *tiebreak):
    rows = sorted(range(len(key)), key=lambda i: (int(key[i]),) + tuple(int(t[i]) for t in tiebreak))     # sorted() is stable
    out = {}
    for i in rows: out[int(key[i])] = i
    return [out[k] for k in sorted(out)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 40), st.integers(1, 3), st.integers(0, 4)), min_size=0, max_size=60),
       st.sampled_from([1, 10**6, 2**40]))
def test_last_per_key_by_its_definition(rows, spread):
    """Keys dense (a table), sparse (a sort: multiplied by `spread`), negative, with ties in every tie-breaker."""
    key = np.array([k * spread if k >= 0 else k for k, _, _ in rows], dtype=np.int64)
    occ, day = np.array([o for _, o, _ in rows], dtype=np.int64), np.array([d for _, _, d in rows], dtype=np.int64)
    assert _last_per_key(key, occ, day).tolist() == _last_plainly(key, occ, day)
    order = np.lexsort((day, occ, key))            # the same rows in order already
    assert _last_per_key(key[order], occ[order], day[order]).tolist() == _last_plainly(key[order], occ[order], day[order])


def test_last_per_key_with_a_date_unknown():
    """A NaT date is the smallest int64: its range does not fit one composite, so the rows are sorted by their columns;
    an unknown date counts as the earliest (a hand-made cohort; the readers set such rows aside)."""
    nat = np.iinfo(np.int64).min
    key, occ, day = np.array([0, 0, 1, 1]), np.array([1, 1, 1, 1]), np.array([nat, 5, 3, nat])
    assert _last_per_key(key, occ, day).tolist() == [1, 2] == _last_plainly(key, occ, day)


# --- compare reads the advice as the engine's codes when both outcomes carry them (issue #18); the texts give the same
from dataclasses import replace as _replace

from examrules_nb.whatif import compare


@pytest.mark.parametrize('pair', [('ut_tom_2020', 'ut_tom_2020_bsa40'), ('ut_tom_2020', 'ut_tom_2020_no_compensation'),
                                  ('leiden_fgw_2023', 'ut_sc_2013'), ('ut_sc_2013', 'ut_tom_2020')])
def test_compare_by_codes_equals_compare_by_texts(pair):
    cohort = generate_cohort(load_scenario(pair[0]).source, 150, seed=3)
    a, b = evaluate(cohort, pair[0]), evaluate(cohort, pair[1])
    assert bool(a.codes) == bool(load_scenario(pair[0]).data.get('bsa'))     # the engine gives the codes of a BSA's advice
    by_codes, by_texts = compare(a, b), compare(_replace(a, codes={}), _replace(b, codes={}))
    assert by_codes.flips == by_texts.flips
    pd.testing.assert_frame_equal(by_codes.students, by_texts.students)


# --- What the BSA computes once per prepared cohort (its units' layout: who may count, the cut-off, the re-joiners'
# --- units) is kept between scenarios: a second scenario on the same cohort gives what it gives on a fresh one.
import datetime as _dt


@pytest.mark.parametrize('changes', [{'bsa': {'credits_from': _dt.date(2021, 1, 15)}}, {'bsa': {'rejoin_stopped_before': '03-01'}},
                                     {'bsa': {'rejoin_month': 10}}, {'bsa': {'count_compensated': False}}])
def test_bsa_layout_kept_between_scenarios(changes, tmp_path):
    cohort = generate_cohort('ut_tom_2020', 300, seed=11)
    path = str(save_variant(tmp_path / 'v.toml', 'ut_tom_2020', changes))
    evaluate(cohort, 'ut_tom_2020')                          # the layout is kept on the prepared cohort ...
    second = evaluate(cohort, path)                          # ... and read again by the variant
    fresh = evaluate(generate_cohort('ut_tom_2020', 300, seed=11), path)
    pd.testing.assert_frame_equal(second.students, fresh.students)
    assert disagreements(cohort, path, list(cohort.students['student'][:60])) == []


def test_a_course_grade_overrules_a_letter_grade():
    """Found by the property test above (seed 280898): a unit with a letter-graded test (E) and a course grade 7 that
    overrules it counts as a graded unit, not a letter grade, so cum laude is not left to the board (UT S&C 2013 Annex B)."""
    cohort = generate_cohort(load_scenario('ut_sc_2013').source, 6, seed=280898)
    o = evaluate(cohort, 'ut_sc_2013')
    u = o.units.set_index(['student', 'course']).loc[('s0000001', '191599910')]
    assert (u['reason'], int(u['final_grade_h']), bool(u['letter'])) == ('course grade', 700, False)
    assert o.students.set_index('student').loc['s0000001', 'cum_laude'] != 'board decides'
    assert disagreements(cohort, 'ut_sc_2013') == []


# --- A sweep of a BSA key recomputes only the advice, on the baseline's units, counting by the engine's codes (issue #18):
# --- its rows equal whole evaluations of every value counted from the texts.
from examrules_nb.sweep import outcomes_for, count_outcome, find_key, sweep_values, with_value


@pytest.mark.parametrize('key, moment, frm, to', [('bsa.august.threshold', 'august', '30', '60'), ('bsa.march.threshold', 'march', '20', '40'),
                                                  ('bsa.december.threshold', 'december', '10', '30')])
def test_sweep_of_the_bsa_equals_whole_evaluations(key, moment, frm, to):
    cohort = generate_cohort('ut_tom_2020', 300, seed=5)
    sc = load_scenario('ut_tom_2020')
    kp = find_key(key, sc)
    values = sweep_values(kp, frm, to, '5')
    scs = [with_value(sc, kp, v) for v in values]
    base = evaluate(cohort, sc)
    moments = [m for m in ('december', 'march', 'august') if f'bsa_{m}' in base.students]
    fast = [count_outcome(o, base, moments) for o in outcomes_for(cohort, base, scs, 'bsa', moment)]
    whole = [count_outcome(_replace(o, codes={}), _replace(base, codes={}), moments) for o in outcomes_for(cohort, base, scs, 'all')]
    assert fast == whole
    assert len({r['flips_bsa_' + moment] for r in fast}) > 1        # the values do change advice


def test_the_students_columns_share_no_array():
    """Writing one column of an outcome leaves the others alone (the override columns once shared one array of empty texts)."""
    o = evaluate(generate_cohort('ut_tom_2020', 50, seed=2), 'ut_tom_2020')
    s = o.students
    s.loc[0, 'bsa_december_override'] = 'written by hand'
    assert s.loc[0, 'bsa_march_override'] == '' and s.loc[0, 'bsa_august_override'] == ''
    s.loc[0, 'bsa_august'] = 'written by hand'
    assert s.loc[0, 'bsa_august_computed'] != 'written by hand'
