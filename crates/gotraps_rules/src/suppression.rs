//! Suppression comments: `//gotraps:ignore RULE reason`, `//nolint:gotraps`, `//nolint:RULE`, and unused-suppression reports.
