"""Benchmarks for reader (issue 8): corpus generator and measurements."""
