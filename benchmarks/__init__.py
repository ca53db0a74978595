# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Benchmarks of the portal's hot paths, run by ``tools/bench`` (never by ``tools/test``)."""
