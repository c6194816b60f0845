//! Goroutine dumps and profiles: streaming parsers for every format, stack bucketing, suspect ranking and snapshot diffs.
