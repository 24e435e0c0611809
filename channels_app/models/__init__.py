from .choices import Kind, Origin, State  # noqa: F401
