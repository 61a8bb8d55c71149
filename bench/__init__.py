"""Benchmarks: `make bench` (= `python -m bench`) measures convener and writes bench/results.md."""
