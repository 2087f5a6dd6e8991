"""The analysis' calibrated settings, in a module of their own.

The corroboration threshold keys what the index records for a corpus (its links and its outline), so
the app's quick start reads it before its first frame; from here, it does so without importing
corroboration and the records it makes (4-8 ms at a warm start).
"""

DEFAULT_THRESHOLD = 0.21
"""Cosine score from which two statements are taken to state the same fact. Calibrated on the
labelled pairs of the bundled corpus (``tests/fixtures/gold.toml``): see ``benchmarks/calibrate.py``."""
