"""`examrules explore` starts Voila on 127.0.0.1, prints the URL on a line of its own, and takes Voila down when stopped."""
import os, signal, subprocess, sys, time, urllib.request
from pathlib import Path

import pytest


def test_explore_serves_and_stops(tmp_path):
    exe = str(Path(sys.executable).parent / 'examrules')
    p = subprocess.Popen([exe, 'explore', 'bsa', '--no-browser'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                         cwd=tmp_path, start_new_session=True)
    try:
        url = p.stdout.readline().strip()
        assert url.startswith('http://127.0.0.1:') and url.endswith('/')
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    assert r.status == 200; break
            except OSError: time.sleep(0.3)
        else: pytest.fail(f'no answer from {url}')
        port = url.rsplit(':', 1)[1].strip('/')
    finally:
        p.send_signal(signal.SIGTERM)                # stop it by its process id
        p.wait(20)
    time.sleep(1)
    with pytest.raises(OSError):                     # Voila is gone with it
        urllib.request.urlopen(url, timeout=3)


def test_explore_unknown_name(examrules):
    r = examrules('explore', 'nope')
    assert r.returncode == 2 and "invalid choice: 'nope'" in r.stderr
