"""Small scenario texts the hardening tests damage or write."""

TWO_PARTIES = """\
title: Small
issues:
  - {name: colour, type: categorical, options: [red, blue]}
  - {name: size, type: integer, min: 0, max: 3}
parties:
  - name: A
    utility:
      type: linear
      weights: {colour: 0.5, size: 0.5}
      values: {colour: {red: 1, blue: 0}, size: {slope: 0.25}}
  - name: B
    utility:
      type: linear
      weights: {colour: 0.5, size: 0.5}
      values: {colour: {red: 0, blue: 1}, size: {slope: -0.25, intercept: 1}}
"""
