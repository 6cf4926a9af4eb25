"""A second, independent implementation of the indicator catalogue.

It reads a synthetic LA's raw return files (`scorecard synth` output) into plain
Python records and computes every indicator from the written definitions
(../shared/spec/indicators.md and each definition's glossary), so that
`performance/agreement.py` and tests/test_independent.py can compare it with
`scorecard indicators`. Nothing here imports scorecard or reads its SQL: the point
is a second reading of the definitions, not a copy of the first.
"""
