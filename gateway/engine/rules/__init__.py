"""The rules of DESIGN §4: one module per legal concept, each a set of small pure functions."""
