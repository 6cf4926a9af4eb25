"""Outputs: the committee report in each format, and what they share."""
