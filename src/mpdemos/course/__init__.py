"""Course machinery: validation, regeneration, slides, handouts, browser checks.

``notebooks`` lists the course notebooks; ``kernels`` gives every notebook
kernel its environment; ``validation`` is the pytest plugin that re-executes
each notebook under each start method and compares its outputs;
``regenerate`` stores fresh outputs (``python -m mpdemos regenerate``);
``export`` builds the offline decks, HTML and PDF handouts, index and student
edition (``python -m mpdemos export``) with ``templates`` and ``pdf``; and
``browser`` opens pages in headless Chromium through Playwright to check and
print them. Nothing here is imported by the worker modules the notebooks hand
to child processes.
"""
