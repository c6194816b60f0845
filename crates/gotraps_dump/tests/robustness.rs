//! Bad input never panics and still yields what can be parsed: the fuzz entry points run
//! over thousands of random and mutated inputs (seeded from real dumps captured from the
//! leaky program), plus targeted truncation, CRLF and unknown-wait-reason cases.

mod support;

use gotraps_dump::{build, parse_reader, Options, Similarity};
use std::io::Read;
use std::time::Duration;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        if v.is_empty() {
            v.push(rng.next() as u8);
            continue;
        }
        let i = rng.below(v.len());
        match rng.below(5) {
            0 => v[i] = rng.next() as u8,
            1 => v.truncate(i),
            2 => {
                let j = (i + rng.below(64)).min(v.len());
                v.drain(i..j);
            }
            3 => {
                let j = (i + rng.below(256)).min(v.len());
                let chunk = v[i..j].to_vec();
                let k = rng.below(v.len());
                v.splice(k..k, chunk);
            }
            _ => v.insert(i, [b'\n', b'\t', b'(', b')', b'[', b']', b':', b'\r', 0xff][rng.below(9)]),
        }
    }
    v
}

const SAMPLE: &str = "goroutine 7 [chan send, 3 minutes]:\nmain.worker(0xc000010000?)\n\t/src/app/main.go:42 +0x1d\ncreated by main.main in goroutine 1\n\t/src/app/main.go:30 +0x2f\n\ngoroutine 1 [sync.WaitGroup.Wait]:\nsync.runtime_SemacquireWaitGroup(0x1?)\n\t/usr/local/go/src/runtime/sema.go:114 +0x2e\nsync.(*WaitGroup).Wait(0xc0000a2000)\n\t/usr/local/go/src/sync/waitgroup.go:206 +0x85\nmain.main()\n\t/src/app/main.go:35 +0x90\n\ngoroutine profile: total 3\n2 @ 0x1 0x2 0x3\n# labels: {\"a\":\"b\"}\n#\t0x2\tmain.f+0x1\t/src/app/f.go:3\n\n";

fn seeds() -> Vec<Vec<u8>> {
    let mut v = vec![SAMPLE.as_bytes().to_vec()];
    if support::have_go() {
        let p = support::start("labels", 5, &[]);
        for path in ["/debug/pprof/goroutine?debug=2", "/debug/pprof/goroutine?debug=1", "/debug/pprof/goroutine"] {
            let mut b = Vec::new();
            gotraps_dump::fetch::get(&p.url(path), Duration::from_secs(10)).unwrap().read_to_end(&mut b).unwrap();
            v.push(b);
        }
        // the decompressed protobuf too, so mutations hit the decoder rather than gzip
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&v[3][..]).read_to_end(&mut raw).unwrap();
        v.push(raw);
    }
    v
}

#[test]
fn random_and_mutated_inputs_never_panic() {
    let seeds = seeds();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..3000 {
        let input = if i % 10 == 0 {
            (0..rng.below(4096)).map(|_| rng.next() as u8).collect()
        } else {
            let s = &seeds[rng.below(seeds.len())];
            mutate(&mut rng, s)
        };
        match i % 3 {
            0 => gotraps_dump::fuzz::text(&input),
            1 => gotraps_dump::fuzz::pprof(&input),
            _ => gotraps_dump::fuzz::lenient(&input),
        }
    }
}

#[test]
fn truncation_keeps_what_was_parsed_and_warns_with_line_numbers() {
    let cut = &SAMPLE[..SAMPLE.find("\t/src/app/main.go:30").unwrap()];
    let s = parse_reader(cut.as_bytes(), Similarity::Exact);
    assert_eq!(s.total, 1);
    assert!(s.warnings.iter().any(|w| w.line == 4 && w.message.contains("no source location")), "{:?}", s.warnings);
    let r = build(&s, "cut", &mut Options::default()).0;
    assert_eq!(r.buckets[0].frames[0].function, "main.worker");
    assert_eq!(r.buckets[0].frames[0].line, 42);
}

#[test]
fn crlf_and_unknown_wait_reason() {
    let crlf = SAMPLE.replace('\n', "\r\n").replace("chan send, 3 minutes", "waiting for godot, 3 minutes");
    let s = parse_reader(crlf.as_bytes(), Similarity::Exact);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let r = build(&s, "crlf", &mut Options::default()).0;
    let b = r.buckets.iter().find(|b| b.wait_reason == "waiting for godot").expect("unknown reason kept verbatim");
    assert_eq!(b.blocking_site.as_deref(), Some("/src/app/main.go:42"));
    assert_eq!(b.wait_minutes.as_ref().map(|m| m.max), Some(3));
    assert_eq!(r.total_goroutines, 4);
}

#[test]
fn garbage_lines_inside_a_goroutine_are_reported_not_fatal() {
    let noisy = SAMPLE
        .replace("\t/src/app/main.go:42 +0x1d\n", "\t/src/app/main.go:42 +0x1d\n2026/05/01 INFO request served\n");
    let s = parse_reader(noisy.as_bytes(), Similarity::Exact);
    assert_eq!(s.total, 4);
    assert!(s.warnings.iter().any(|w| w.line == 4), "{:?}", s.warnings);
}
