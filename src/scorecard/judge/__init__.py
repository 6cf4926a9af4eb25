"""Judgements: targets, benchmarks, signals and suppression."""
