"""The one response cache (pages.py) and the data version its keys are made of (version.py)."""
