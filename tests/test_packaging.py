"""The scenarios ship inside the installed package: load_scenario works from a wheel, outside the checkout."""
import shutil, subprocess, sys, zipfile

import pytest

from conftest import REPO


@pytest.fixture(scope='module')
def wheel(tmp_path_factory):
    out, src = tmp_path_factory.mktemp('wheel'), tmp_path_factory.mktemp('src')
    for f in ['setup.py', 'settings.ini', 'README.md']: shutil.copy(REPO / f, src / f)
    for d in ['examrules_nb', 'scenarios']: shutil.copytree(REPO / d, src / d, ignore=shutil.ignore_patterns('__pycache__'))
    # build from a copy, so a stale build/ folder in the checkout can neither leak in nor be left behind
    r = subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '-q', '-w', str(out), str(src)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return next(out.glob('examrules_nb-*.whl'))


def test_wheel_contains_baselines(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for n in ['ut_tom_2020', 'leiden_fgw_2023', 'ou_schakelzone_2018', 'ut_sc_2013']:
        assert f'examrules_nb/_scenarios/{n}.toml' in names


def test_installed_package_loads_scenarios(wheel, tmp_path):
    target = tmp_path / 'site'
    zipfile.ZipFile(wheel).extractall(target)
    code = ("import examrules_nb, sys; from examrules_nb.scenarios import load_scenario, builtin_dir;"
            "from examrules_nb.rounding import rounding_rule, round_grade;"
            "assert str(builtin_dir()).startswith(sys.argv[1]), builtin_dir();"
            "print(round_grade('6.45', rounding_rule(load_scenario('leiden_fgw_2023'))))")
    r = subprocess.run([sys.executable, '-c', code, str(target)], capture_output=True, text=True, cwd=tmp_path,
                       env={'PYTHONPATH': str(target), 'PATH': '/usr/bin:/bin'}, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == '6.5'
