"""Utilities evaluated on arrays of outcomes, and the preferences that wrap them."""

from parley.preferences.base import Utility
from parley.preferences.hyperrectangles import HyperRectangle, HyperRectangleUtility
from parley.preferences.linear import LinearAdditiveUtility
from parley.preferences.normalized import NormalizedUtility, normalize
from parley.preferences.preferences import TIE_TOLERANCE, UNACCEPTABLE, Preferences, meets, tie_tolerance
from parley.preferences.value_functions import LinearValue, TableValue, ValueFunction

__all__ = [
    "TIE_TOLERANCE",
    "UNACCEPTABLE",
    "HyperRectangle",
    "HyperRectangleUtility",
    "LinearAdditiveUtility",
    "LinearValue",
    "NormalizedUtility",
    "Preferences",
    "TableValue",
    "Utility",
    "ValueFunction",
    "meets",
    "normalize",
    "tie_tolerance",
]
