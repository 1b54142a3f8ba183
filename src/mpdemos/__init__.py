"""mpdemos: worker code and helpers for the multiprocessing notebooks.

Everything a notebook hands to another process lives here, in an importable
module, so the notebooks run under the fork, spawn and forkserver start
methods alike.
"""

from mpdemos.context import describe, get_context, start_method
from mpdemos.i18n import set_language

__all__ = ["describe", "get_context", "set_language", "start_method"]
__version__ = "0.2.0"  # keep in step with pyproject.toml
