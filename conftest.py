"""Load the notebook validation plugin: every notebook, under every start method."""

pytest_plugins = ["mpdemos.course.validation"]
