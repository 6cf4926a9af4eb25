"""Published figures to compare with: the DfE statistics (EES files, LAIT), the ONS
population, the statistical neighbour model, or a synthetic benchmarks file, imported
into the store (`scorecard benchmarks import`) and read back for judgements."""
