"""report-assistant core: notes → retrieve → outline → draft → check → rewrite, store, export.

Nothing here runs at import time; every component receives its settings and models as arguments.
"""

__version__ = "0.1.0"
