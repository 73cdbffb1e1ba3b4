"""`examrules bench` prints its figures (a benchmark, not a timed test: no assertion on seconds)."""
import json


def test_bench_json_shape(examrules):
    r = examrules('bench', '--students', 300, '--repeat', 1, '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for k in ['students', 'rows', 'pipeline_s', 'whatif_s', 'prepared_s', 'floor_s', 'bincount_s', 'polars_s', 'scalar_s_extrapolated',
              'ratio_whatif_to_polars', 'ratio_prepared_to_bincount', 'ratio_whatif_to_floor', 'speedup_vs_scalar', 'rows_per_s',
              'peak_mb', 'bytes_per_row', 'read_package_s', 'read_pandas_s', 'ratio_read_to_pandas', 'agree',
              'prepared_units_reused_s', 'whatif_units_changed_s', 'read_cohort_package_s', 'read_cohort_pandas_s', 'ratio_read_cohort_to_pandas',
              'command_whatif_s', 'command_peak_mb', 'command_bytes_per_row']:
        assert k in out, k
    assert out['students'] == 300 and out['rows'] > 3000 and out['agree'] is True
    assert out['ratio_whatif_to_floor'] == out['whatif_s'] / out['floor_s']
    assert out['ratio_whatif_to_polars'] == out['whatif_s'] / out['polars_s']
    assert out['ratio_prepared_to_bincount'] == out['prepared_s'] / out['bincount_s']
    assert out['rows_per_s'] == out['rows'] / out['whatif_s'] and out['bytes_per_row'] == out['peak_mb'] * 2**20 / out['rows']
    assert out['command_exit'] == 0 and out['command_peak_mb'] > 0          # `examrules whatif --cohort` ran on the written files
    assert abs(out['command_bytes_per_row'] - out['command_peak_mb'] * 2**20 / out['rows']) < 1e-6 * out['command_bytes_per_row']
    assert out['ratio_read_cohort_to_pandas'] == out['read_cohort_package_s'] / out['read_cohort_pandas_s']
    assert out['units_variant'] == 'ut_tom_2020_no_compensation'


def test_bench_text_and_bad_input(examrules):
    r = examrules('bench', '--students', 200, '--repeat', 1, '--no-files')
    assert r.returncode == 0 and 'ratio what-if / polars' in r.stdout and 'agree on the sample: yes' in r.stdout
    assert 'reading the results CSV' not in r.stdout
    r = examrules('bench', '--students', 0)
    assert r.returncode == 2 and '--students: 0 is outside 1 to 2,000,000' in r.stderr
