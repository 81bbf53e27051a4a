"""Export files for the municipal benefit system: approved settlements as CSV or JSON (connectors.exports)."""
