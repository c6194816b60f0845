//! Live watching of /debug/pprof endpoints: polling with backoff, growth detection, Prometheus metrics and the HTML report.
