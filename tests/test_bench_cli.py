"""`examrules bench` prints its figures (a benchmark, not a timed test: no assertion on seconds)."""
import json


def test_bench_json_shape(examrules):
    r = examrules('bench', '--students', 300, '--repeat', 1, '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for k in ['students', 'rows', 'pipeline_s', 'whatif_s', 'floor_s', 'scalar_s_extrapolated', 'ratio_whatif_to_floor',
              'speedup_vs_scalar', 'peak_mb', 'agree']:
        assert k in out, k
    assert out['students'] == 300 and out['rows'] > 3000 and out['agree'] is True
    assert out['ratio_whatif_to_floor'] == out['whatif_s'] / out['floor_s']


def test_bench_text_and_bad_input(examrules):
    r = examrules('bench', '--students', 200, '--repeat', 1)
    assert r.returncode == 0 and 'ratio what-if / floor' in r.stdout and 'agree on the sample: yes' in r.stdout
    r = examrules('bench', '--students', 0)
    assert r.returncode == 2 and '--students: 0 is outside 1 to 2,000,000' in r.stderr and r.stderr.count('\n') == 1
