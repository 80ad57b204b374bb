#!/usr/bin/python3
"""The DPO's HTML report in a real browser (headless Chromium): scans a copy of the demo share with a CPR
number planted in a file name, writes `report --html`, opens it, and checks that

  - the page runs without a console error (a Content-Security-Policy violation is one too);
  - its counts match the store (`report --jsonl`): files with personal data in the table and the cards;
  - typing into the path filter narrows the table, and the severity filter too;
  - a click opens a file's masked findings with their position and review state;
  - no CPR number is in clear in the page, nor in what the page shows;

and keeps a screenshot in the test's output folder. Exit 77 (CTest: skipped) only when Chromium, its driver
or python3-selenium are truly not installed.

Usage: html_report_browser_test.py --datavagt BIN --source DIR --out DIR [--screenshot PNG]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
import chromium  # noqa: E402

PLANTED = '150643-1006'  # a valid CPR number (mod 11), in a file name and in the text


class Failure(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failure(what)


def wait_for(driver, script, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise Failure(f'timed out waiting for: {script}')


def files_with_findings(datavagt, db):
    out = subprocess.run([datavagt, 'report', '--db', db, '--jsonl', '-'], capture_output=True, text=True).stdout
    paths = set()
    for line in out.splitlines():
        record = json.loads(line)
        if record['kind'] not in ('error', 'note'):
            paths.add(record['path'])
    return paths


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--datavagt', required=True)
    ap.add_argument('--source', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--screenshot', help='also write the screenshot here (docs/report.png)')
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix='datavagt-browser-')
    try:
        share = os.path.join(work, 'share')
        shutil.copytree(os.path.join(a.source, 'corpus', 'demo'), share)
        with open(os.path.join(share, 'HR', f'{PLANTED} ansøgning.txt'), 'w', encoding='utf-8') as f:
            f.write(f'Ansøgning om fleksjob. Ansøgerens CPR-nr.: {PLANTED}.\n')
        key = os.path.join(work, 'key')
        with open(key, 'w') as f:
            f.write('browser-test-key')
        db = os.path.join(work, 'demo.db')
        r = subprocess.run([a.datavagt, 'scan', '--no-progress', '-q', '--key-file', key, '--db', db, share])
        check(r.returncode == 1, f'scan exit code {r.returncode}, expected 1 (findings)')
        html = os.path.join(work, 'report.html')
        r = subprocess.run([a.datavagt, 'report', '--db', db, '--html', html])
        check(r.returncode == 1, f'report exit code {r.returncode}')
        expected = files_with_findings(a.datavagt, db)
        page = open(html, encoding='utf-8').read()
        digits = PLANTED.replace('-', '')
        check(PLANTED not in page and digits not in page, 'the planted CPR number is in clear in the HTML file')

        try:
            driver = chromium.start(1400, 1100, downloads=os.path.join(work, 'downloads'))
        except chromium.Unavailable as e:
            print(f'SKIPPED: {e}')
            return 77
        try:
            driver.get('file://' + html)
            timing = wait_for(driver, 'return window.dvTiming && window.dvTiming.firstRender ? window.dvTiming : null')
            errors = chromium.console_errors(driver)
            check(not errors, f'console errors: {errors}')
            check(timing['rows'] == len(expected), f"the page has {timing['rows']} files, the store {len(expected)}")
            count = driver.find_element('id', 'count').text
            check(count == f'Viser {len(expected)} af {len(expected)} filer', f'count line: {count!r}')
            card = driver.find_element('css selector', '#overview .card .n').text
            check(card == str(len(expected)), f'the first card says {card}, the store {len(expected)}')
            rows = driver.find_elements('css selector', '#rows tr.row')
            check(len(rows) == len(expected), f'{len(rows)} rows rendered for {len(expected)} files')
            shown = {r.find_element('css selector', 'td.path').get_attribute('title') for r in rows}
            masked = {p for p in shown if '150643-XXXX ansøgning.txt' in p}
            check(len(masked) == 1, 'the file named by a CPR number is listed, masked')
            check(shown == expected, f'the listed paths differ from the store: {sorted(shown ^ expected)}')

            # Type into the path filter: the table narrows to the one school file.
            driver.find_element('id', 'f-text').send_keys('skole')
            wait_for(driver, "return document.getElementById('count').textContent.startsWith('Viser 1 af')")
            rows = driver.find_elements('css selector', '#rows tr.row')
            check(len(rows) == 1 and 'Elevliste_4A.csv' in rows[0].text, f'filter "skole": {[r.text for r in rows]}')
            driver.find_element('id', 'f-text').clear()
            driver.execute_script("var e=document.getElementById('f-text'); e.dispatchEvent(new Event('input'))")
            # Severity: critical only (the home-care note with a CPR number and health terms).
            driver.execute_script("var s=document.getElementById('f-sev'); s.value='3'; s.dispatchEvent(new Event('change'))")
            rows = driver.find_elements('css selector', '#rows tr.row')
            check(len(rows) == 1 and 'Journalnotat_hjemmebesøg.txt' in rows[0].text, f'critical: {[r.text for r in rows]}')
            check(driver.execute_script('return window.dvTiming.filters') >= 2, 'filters ran')

            # Export what the filters show: a CSV for Danish Excel with the header and the one critical file,
            # saved by the browser when the button is clicked.
            shown = driver.execute_script('return window.dvShownAsCsv()')
            check(shown.startswith('\ufeffAlvor;Sti;') and shown.endswith('\r\n'), f'export: {shown[:80]!r}')
            lines = shown[1:].split('\r\n')[:-1]
            check(len(lines) == 2 and 'Journalnotat_hjemmebesøg.txt' in lines[1] and lines[1].startswith('kritisk;'),
                  f'export of the critical file: {lines}')
            driver.find_element('id', 'export-csv').click()
            saved = []
            for _ in range(100):
                saved = [f for f in os.listdir(os.path.join(work, 'downloads')) if f.endswith('.csv')] \
                    if os.path.isdir(os.path.join(work, 'downloads')) else []
                if saved:
                    break
                time.sleep(0.1)
            check(len(saved) == 1, f'the export button saved {saved}')
            with open(os.path.join(work, 'downloads', saved[0]), 'rb') as f:
                check(f.read() == shown.encode('utf-8'), 'the saved CSV is what the page made (UTF-8 with BOM)')

            # Open it: masked findings with position and state.
            rows[0].click()
            detail = wait_for(driver, "var d=document.getElementById('detail'); return d.className=='open' && d.innerText")
            check('240338-XXXX' in detail, f'the masked CPR number in the detail: {detail!r}')
            check('helbred' in detail and 'Ikke behandlet' in detail, f'kind and review state in the detail: {detail!r}')
            text = driver.execute_script('return document.body.innerText')
            check(PLANTED not in text and digits not in text, 'a CPR number in clear on the page')
            errors = chromium.console_errors(driver)
            check(not errors, f'console errors after using the page: {errors}')

            # The screenshot: the page as the DPO first sees it.
            driver.execute_script("var s=document.getElementById('f-sev'); s.value=''; s.dispatchEvent(new Event('change'))")
            driver.execute_script('window.scrollTo(0, 0)')
            shot = os.path.join(a.out, 'report-in-chromium.png')
            driver.save_screenshot(shot)
            if a.screenshot:
                shutil.copyfile(shot, a.screenshot)
            print(f"ok: {len(expected)} files, first render {timing['firstRender']:.0f} ms after navigation start, "
                  f"screenshot {shot}")
            return 0
        finally:
            driver.quit()
    except Failure as e:
        print(f'FAILED: {e}')
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
