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
