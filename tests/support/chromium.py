"""Debian's headless Chromium, driven by chromium-driver through python3-selenium, for the report's browser
test and bench/report_bench.sh. Never a browser downloaded at run time: /usr/bin/chromium and
/usr/bin/chromedriver (installed by ./run) or nothing.

    browser = start()              # raises Unavailable with the reason when Chromium cannot be used
    browser.get('file:///…/report.html')
    errors = console_errors(browser)
    browser.quit()
"""
import os
import shutil
import tempfile

CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'


class Unavailable(Exception):
    pass


def start(width=1400, height=1000, downloads=None):
    """downloads: the directory a download made by the page is saved in, without asking."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            raise Unavailable(f'{path} is missing (Debian packages chromium and chromium-driver; ./run installs them)')
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        raise Unavailable(f'python3-selenium is missing ({e}); ./run installs it')
    profile = tempfile.mkdtemp(prefix='datavagt-chromium-')
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for a in ('--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
              '--disable-extensions', '--disable-background-networking', '--disable-sync',
              f'--window-size={width},{height}', f'--user-data-dir={profile}'):
        options.add_argument(a)
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    if downloads:
        options.add_experimental_option('prefs', {'download.default_directory': downloads,
                                                  'download.prompt_for_download': False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.datavagt_profile = profile
    original_quit = driver.quit

    def quit_and_clean():
        try:
            original_quit()
        finally:
            shutil.rmtree(profile, ignore_errors=True)
    driver.quit = quit_and_clean
    return driver


def console_errors(driver):
    """Messages the page logged at level SEVERE (console.error, uncaught exceptions, CSP violations)."""
    return [e['message'] for e in driver.get_log('browser') if e.get('level') == 'SEVERE']
