//! Reporting the deep analysis (gotraps_deep) through rules: each deep rule reports the
//! findings of its detector in the file being checked, with their labels.

use crate::checker::Checker;
use gotraps_deep::Detector;

pub fn report(cx: &mut Checker, detector: Detector) {
    let conc = cx.package.concurrency();
    let fi = cx.file_index;
    for f in conc.findings_in(detector, fi) {
        let d = cx.report(f.at.span, f.message.clone());
        for (l, text) in &f.labels {
            // Labels render in the finding's file; others are named in the message.
            if l.file as usize == fi && *l != f.at {
                d.with_label_mut(l.span.start, l.span.end, text.clone());
            }
        }
        d.help = Some(f.help.clone());
    }
}
