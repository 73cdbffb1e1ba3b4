"""The new keys of issue #13 hold the vectorised engine to the scalar path on generated cohorts: the cum laude readings
(EC-weighted mean, a window that includes its first day) and compensation across several study years."""
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings, strategies as st, HealthCheck

from examrules_nb.cohorts import generate_cohort
from examrules_nb.engine import disagreements, evaluate
from examrules_nb.scenarios import save_variant

D = Path(tempfile.mkdtemp())
READINGS = [save_variant(D / 'weighted.toml', 'ut_sc_2013', {'exam': {'cum_laude_mean_weighted': True}}),
            save_variant(D / 'inclusive.toml', 'ut_sc_2013', {'exam': {'cum_laude_window_inclusive': True}}),
            save_variant(D / 'both.toml', 'ut_sc_2013', {'exam': {'cum_laude_mean_weighted': True, 'cum_laude_window_inclusive': True}})]
# UT TOM: the bundled catalogue is all year 1; one group of years 1-3 beside the module level, and alone with a loose mean
YEARS = [save_variant(D / 'years.toml', 'ut_tom_2020', {'compensation': {'years': True, 'years_groups': ['1+2+3'], 'years_lowest': Decimal('5.0'),
                                                                         'years_min_mean': Decimal('6.0'), 'years_max_units': 2}}),
         save_variant(D / 'years_only.toml', 'ut_tom_2020', {'compensation': {'module': False, 'years': True, 'years_groups': ['1', '2+3'],
                                                                              'years_lowest': Decimal('4.0'), 'years_max_units': 1}})]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(1, 25), k=st.integers(0, len(READINGS) - 1))
def test_cum_laude_readings_vectorised_equals_scalar(seed, n, k):
    assert disagreements(generate_cohort('ut_sc_2013', n, seed=seed), READINGS[k]) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(1, 25), k=st.integers(0, len(YEARS) - 1))
def test_years_compensation_vectorised_equals_scalar(seed, n, k):
    assert disagreements(generate_cohort('ut_tom_2020', n, seed=seed), YEARS[k]) == []


def test_years_level_compensates_on_the_bundled_cohort():
    # the level is live on generated data: with the module level off, some units are compensated across years
    o = evaluate(generate_cohort('ut_tom_2020', 200, seed=3), YEARS[1])
    assert (o.units['reason'] == 'compensated in years').sum() > 0
