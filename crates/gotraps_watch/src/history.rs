//! Bounded history of one target's snapshots and growth detection (D01): a site is flagged
//! when its goroutine count rose in most of the last `window` polls and by at least
//! `min_growth` overall.

use gotraps_dump::Report;
use std::collections::{BTreeMap, VecDeque};

/// One poll's summary; everything needed for metrics, alerts and the HTML report.
#[derive(Clone, Debug)]
pub struct Sample {
    /// Seconds since watching started.
    pub t: f64,
    pub total: u64,
    /// Goroutines per wait reason / status.
    pub states: BTreeMap<String, u64>,
    /// Goroutines per blocking site (`path:line` of the first user frame, else the leaf).
    pub sites: BTreeMap<String, SiteCount>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteCount {
    pub count: u64,
    pub reason: String,
    pub function: String,
}

/// Sites kept per sample (largest first), to bound memory on services with many stacks.
pub const MAX_SITES: usize = 200;

impl Sample {
    pub fn from_report(t: f64, r: &Report) -> Sample {
        let mut states = BTreeMap::new();
        let mut sites: BTreeMap<String, SiteCount> = BTreeMap::new();
        for b in &r.buckets {
            *states.entry(b.wait_reason.clone()).or_insert(0) += b.count;
            let (site, func) = match (&b.blocking_site, b.frames.first()) {
                (Some(s), _) => (s.clone(), b.blocking_function.clone().unwrap_or_default()),
                (None, Some(f)) => (format!("{}:{}", f.file, f.line), f.function.clone()),
                (None, None) => ("?".to_string(), String::new()),
            };
            let e = sites.entry(format!("{site}|{}", b.wait_reason)).or_insert(SiteCount {
                count: 0,
                reason: b.wait_reason.clone(),
                function: func,
            });
            e.count += b.count;
        }
        if sites.len() > MAX_SITES {
            let mut v: Vec<_> = sites.into_iter().collect();
            v.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
            v.truncate(MAX_SITES);
            sites = v.into_iter().collect();
        }
        Sample { t, total: r.total_goroutines, states, sites }
    }
}

/// A site (or the total) that grew steadily.
#[derive(Clone, Debug, PartialEq)]
pub struct Growth {
    /// `path:line|wait reason`, or `total`.
    pub key: String,
    pub function: String,
    pub from: u64,
    pub to: u64,
    pub polls: usize,
}

impl Growth {
    pub fn site(&self) -> &str {
        self.key.split('|').next().unwrap_or(&self.key)
    }
}

#[derive(Debug)]
pub struct History {
    pub samples: VecDeque<Sample>,
    pub capacity: usize,
}

impl History {
    pub fn new(capacity: usize) -> History {
        History { samples: VecDeque::new(), capacity: capacity.max(2) }
    }

    pub fn push(&mut self, s: Sample) {
        if self.samples.len() == self.capacity {
            self.samples.pop_front();
        }
        self.samples.push_back(s);
    }

    pub fn last(&self) -> Option<&Sample> {
        self.samples.back()
    }

    /// Sites (and the total) that rose in at least `window - 1` of the last `window - 1`
    /// steps, allowing one flat step, and by at least `min_growth` overall.
    pub fn growing(&self, window: usize, min_growth: u64) -> Vec<Growth> {
        let window = window.max(3);
        if self.samples.len() < window {
            return Vec::new();
        }
        let recent: Vec<&Sample> = self.samples.iter().skip(self.samples.len() - window).collect();
        let mut out = Vec::new();
        let check = |series: &[u64]| -> bool {
            let ups = series.windows(2).filter(|w| w[1] > w[0]).count();
            let downs = series.windows(2).filter(|w| w[1] < w[0]).count();
            downs == 0 && ups + 1 >= series.len() - 1 && series[series.len() - 1] >= series[0] + min_growth
        };
        let totals: Vec<u64> = recent.iter().map(|s| s.total).collect();
        if check(&totals) {
            out.push(Growth {
                key: "total".into(),
                function: String::new(),
                from: totals[0],
                to: totals[window - 1],
                polls: window,
            });
        }
        let last = recent[window - 1];
        for (key, sc) in &last.sites {
            let series: Vec<u64> = recent.iter().map(|s| s.sites.get(key).map_or(0, |c| c.count)).collect();
            if check(&series) {
                out.push(Growth {
                    key: key.clone(),
                    function: sc.function.clone(),
                    from: series[0],
                    to: series[window - 1],
                    polls: window,
                });
            }
        }
        out.sort_by(|a, b| (b.to - b.from).cmp(&(a.to - a.from)).then(a.key.cmp(&b.key)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(t: f64, n: u64) -> Sample {
        let mut sites = BTreeMap::new();
        sites.insert(
            "a.go:1|chan send".to_string(),
            SiteCount { count: n, reason: "chan send".into(), function: "main.f".into() },
        );
        sites.insert(
            "b.go:2|IO wait".to_string(),
            SiteCount { count: 3, reason: "IO wait".into(), function: "main.g".into() },
        );
        Sample { t, total: n + 3, states: BTreeMap::new(), sites }
    }

    #[test]
    fn steady_growth_is_flagged_flat_is_not() {
        let mut h = History::new(4);
        for (i, n) in [1, 2, 2, 4, 6].iter().enumerate() {
            h.push(sample(i as f64, *n));
        }
        assert_eq!(h.samples.len(), 4, "bounded");
        let g = h.growing(4, 3);
        assert_eq!(g.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(), ["a.go:1|chan send", "total"]);
        assert_eq!((g[0].from, g[0].to), (2, 6));
        assert_eq!(g[0].site(), "a.go:1");
        let mut h = History::new(10);
        for (i, n) in [5, 6, 5, 6, 7].iter().enumerate() {
            h.push(sample(i as f64, *n));
        }
        assert!(h.growing(4, 1).is_empty(), "a drop breaks steady growth");
    }
}
