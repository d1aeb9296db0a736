"""workshopkit: capture, tag and vote on workshop points; export a markdown action list."""

__version__ = "0.1.0"
