"""Household registry tooling without Flask: import, export, synthetic data, key rotation."""
