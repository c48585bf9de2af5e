"""Benchmarks: ``python -m benchmarks`` runs every ``bench_*.py`` module and prints one table."""
