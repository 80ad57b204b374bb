#!/usr/bin/python3
"""Times the HTML report in headless Chromium (tests/support/chromium.py): the first render (from navigation
start to the table drawn, as the page's script measures it, plus a paint) and filters (the page's own timing of
applying a filter and drawing the rows in view), several of each; prints medians as JSON.

Usage: report_page_timing.py REPORT.html [RUNS]
"""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'support'))
import chromium  # noqa: E402


def main():
    html, runs = os.path.abspath(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5
    driver = chromium.start(1400, 1000)
    first, text, severity, sort, rows = [], [], [], [], 0
    try:
        for _ in range(runs):
            driver.get('file://' + html)
            end = time.time() + 60
            while time.time() < end and not driver.execute_script('return window.dvTiming && window.dvTiming.firstRender'):
                time.sleep(0.02)
            t = driver.execute_script('return window.dvTiming')
            rows = t['rows']
            first.append(t['firstRender'])
            errors = chromium.console_errors(driver)
            if errors:
                raise SystemExit(f'console errors: {errors}')
            # A filter: what the input event does (filter 100,000 rows, draw those in view), timed by the page.
            for word in ('jobcenter', 'journalnotat_1', 'zzz-nothing'):
                driver.execute_script("var e=document.getElementById('f-text'); e.value=arguments[0];"
                                      "e.dispatchEvent(new Event('input'))", word)
                text.append(driver.execute_script('return window.dvTiming.lastFilter'))
            driver.execute_script("var e=document.getElementById('f-text'); e.value='';"
                                  "e.dispatchEvent(new Event('input'))")
            driver.execute_script("var s=document.getElementById('f-sev'); s.value='3'; s.dispatchEvent(new Event('change'))")
            severity.append(driver.execute_script('return window.dvTiming.lastFilter'))
            t0 = driver.execute_script('return performance.now()')
            driver.execute_script("document.querySelector('#files th[data-sort=path]').click()")
            sort.append(driver.execute_script('return performance.now()') - t0)
    finally:
        driver.quit()
    print(json.dumps({'rows': rows, 'first_render_ms': statistics.median(first),
                      'text_filter_ms': statistics.median(text), 'text_filter_max_ms': max(text),
                      'severity_filter_ms': statistics.median(severity), 'sort_by_path_ms': statistics.median(sort),
                      'runs': runs}))


if __name__ == '__main__':
    main()
