"""What a module or a command imports: the engine needs no plotting or widget library, and `examrules --help` and
`examrules round` start without the heavy libraries (each command's module is imported only when that command runs).
Each check runs a fresh interpreter and reads its sys.modules; nothing here is timed (times are `examrules bench`'s)."""
import json, subprocess, sys

HEAVY = ('matplotlib', 'ipywidgets', 'pandas', 'numpy', 'holidays', 'openpyxl')


def loaded_after(code: str) -> set:
    "The heavy modules a fresh interpreter has loaded after running `code`."
    out = subprocess.run([sys.executable, '-c', code + f"\nimport sys, json; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"],
                         capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_engine_imports_no_plotting_or_widgets():
    got = loaded_after('import examrules_nb.engine')
    assert not got & {'matplotlib', 'ipywidgets'}, got
    assert 'pandas' in got                       # the check itself sees what is loaded


def test_help_imports_no_command_module():
    got = loaded_after("import contextlib, io\nfrom examrules_nb.cli import main\n"
                       "with contextlib.redirect_stdout(io.StringIO()): main(['--help'])")
    assert got == set(), got


def test_round_imports_no_heavy_library():
    got = loaded_after("import contextlib, io\nfrom examrules_nb.cli import main\n"
                       "with contextlib.redirect_stdout(io.StringIO()) as f: assert main(['round', 'ut_tom_2020', '6.45']) == 0")
    assert got == set(), got


def test_no_import_circle_in_the_engine():
    import ast, pathlib
    pkg = pathlib.Path(__import__('examrules_nb').__file__).parent
    def imports(mod):
        tree = ast.parse((pkg / f'{mod}.py').read_text())
        return {n.module.split('.')[-1] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
                and (n.level or n.module.startswith('examrules_nb'))}
    mech = ['prepare', 'unit_grade', 'compensation', 'bsa', 'exam', 'engine']
    assert 'whatif' not in imports('engine') and 'engine' in imports('whatif')
    for i, m in enumerate(mech):                 # the pipeline's modules import only those before them
        assert not imports(m) & set(mech[i + 1:]), (m, imports(m) & set(mech[i + 1:]))


def test_every_module_with_commands_is_in_the_table():
    import pathlib
    from examrules_nb.cli import COMMAND_MODULES
    pkg = pathlib.Path(__import__('examrules_nb').__file__).parent
    have = {f'examrules_nb.{p.stem}' for p in pkg.glob('*.py') if '\ndef add_commands(' in p.read_text()}
    assert have - set(COMMAND_MODULES) == set(), "add the module's commands to COMMANDS in nbs/90_cli.ipynb"
