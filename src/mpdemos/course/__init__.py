"""Course machinery: listing notebooks, exporting slides/handouts/PDFs, browser checks.

``notebooks`` lists the course notebooks, ``export`` builds the offline decks,
HTML and PDF handouts, index and student edition (``python -m mpdemos
export``), and ``browser`` opens pages in headless Chromium through
Playwright to check and print them. Validation will move here too. Nothing
here is imported by the worker modules the notebooks hand to child processes.
"""
