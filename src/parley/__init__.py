"""parley: model, analyse, simulate and conduct negotiations between delegations."""

__version__ = "0.1.0"
