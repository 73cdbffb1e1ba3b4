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


def test_explore_serves_the_site_for_article_links(tmp_path):
    """--site DIR: the folder is served read-only on 127.0.0.1 next to Voila, and stops with it."""
    site = tmp_path / 'site' / 'regulations'
    site.mkdir(parents=True)
    (site / 'ou_schakelzone_2018.html').write_text("<h2 id='art-10-1'>10.1</h2>", encoding='utf-8')
    exe = str(Path(sys.executable).parent / 'examrules')
    p = subprocess.Popen([exe, 'explore', 'year', '--no-browser', '--site', str(tmp_path / 'site')], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, cwd=tmp_path, start_new_session=True)
    try:
        url = p.stdout.readline().strip()
        assert url.startswith('http://127.0.0.1:')
        lines = [p.stderr.readline(), p.stderr.readline()]
        site_url = next(l for l in lines if 'article links:' in l).split('article links: ')[1].split()[0]
        assert site_url.startswith('http://127.0.0.1:') and site_url != url
        with urllib.request.urlopen(site_url + 'regulations/ou_schakelzone_2018.html', timeout=5) as r:
            assert r.status == 200 and b"id='art-10-1'" in r.read()
    finally:
        p.send_signal(signal.SIGTERM)                # stop it by its process id
        p.wait(20)
    with pytest.raises(OSError):                     # the site server is gone with it
        urllib.request.urlopen(site_url, timeout=3)


def test_explore_missing_site_folder(examrules, tmp_path):
    r = examrules('explore', 'year', '--no-browser', '--site', tmp_path / 'nope')
    assert r.returncode == 2 and 'no such folder' in r.stderr and 'Traceback' not in r.stderr


def test_explore_cohort_that_cannot_be_read(examrules, tmp_path):
    """--cohort PATH is read before Voilà starts: a folder without results is one line on stderr and exit 2, no page that breaks later."""
    r = examrules('explore', 'bsa', '--no-browser', '--cohort', tmp_path)
    assert r.returncode == 2 and str(tmp_path) in r.stderr and 'Traceback' not in r.stderr and r.stderr.count('\n') == 1
