"""Shared test helpers: run the real `examrules` console script in a subprocess."""
import json, os, shutil, subprocess, sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _examrules_cmd():
    exe = shutil.which('examrules', path=str(Path(sys.executable).parent)) or shutil.which('examrules')
    return [exe] if exe else [sys.executable, '-c', 'import sys; from examrules_nb.cli import main; sys.exit(main())']


@pytest.fixture
def examrules():
    """Call `examrules ARGS...` as a user would; returns the CompletedProcess (text mode)."""
    def call(*args, cwd=None, input=None):
        return subprocess.run(_examrules_cmd() + [str(a) for a in args], capture_output=True, text=True,
                              cwd=cwd, input=input, timeout=300, env={**os.environ, 'PYTHONWARNINGS': 'ignore'})
    return call
