"""For operators: health and readiness endpoints and Prometheus metrics. Logging and error
reporting are set up by the project (tracker/logging.py, tracker/sentry.py)."""
