//! histograms.svg: the score and every measured task value of a merged
//! sweep as small bar charts, self-contained (no scripts, no fonts to fetch).

use std::fmt::Write as _;

use sim_core::sweep::{Histogram, MergeReport};

const PANEL_W: f64 = 320.0;
const PANEL_H: f64 = 150.0;
const COLUMNS: usize = 3;
const PLOT_LEFT: f64 = 30.0;
const PLOT_TOP: f64 = 34.0;
const PLOT_W: f64 = 270.0;
const PLOT_H: f64 = 80.0;

/// The SVG text.
pub fn svg(r: &MergeReport) -> String {
    let mut panels: Vec<(String, String, &Histogram)> =
        vec![("得分".to_owned(), "score (0–100)".to_owned(), &r.score_histogram)];
    for t in &r.tasks {
        if let Some(h) = &t.value_histogram {
            let p = t
                .p_met
                .map_or(String::new(), |p| format!(" · P(met) {:.0}%", p * 100.0));
            panels.push((
                format!("{}{p}", t.name.zh),
                format!("{} ({})", t.name.en, t.unit.symbol()),
                h,
            ));
        }
    }
    let rows = panels.len().div_ceil(COLUMNS);
    let (w, h) = (PANEL_W * COLUMNS as f64, PANEL_H * rows as f64 + 30.0);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="10">"#
    );
    let _ = writeln!(s, r#"<rect width="{w}" height="{h}" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="8" y="18" font-size="13">{} · {} runs · vary {}</text>"#,
        escape(&r.sweep.scenario_id),
        r.runs,
        escape(&r.sweep.vary)
    );
    for (k, (zh, en, hist)) in panels.iter().enumerate() {
        let x0 = (k % COLUMNS) as f64 * PANEL_W;
        let y0 = 30.0 + (k / COLUMNS) as f64 * PANEL_H;
        panel(&mut s, x0, y0, (zh.as_str(), en.as_str()), hist);
    }
    s.push_str("</svg>\n");
    s
}

/// One chart; the title in two lines (中文, then English cut to fit).
fn panel(s: &mut String, x0: f64, y0: f64, (zh, en): (&str, &str), hist: &Histogram) {
    let zh: String = zh.chars().take(40).collect();
    let en: String = en.chars().take(54).collect();
    let _ = writeln!(s, r#"<text x="{}" y="{}">{}</text>"#, x0 + 8.0, y0 + 12.0, escape(&zh));
    let _ = writeln!(s, r#"<text x="{}" y="{}">{}</text>"#, x0 + 8.0, y0 + 24.0, escape(&en));
    let most = hist.counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bins = hist.counts.len().max(1) as f64;
    let bar_w = PLOT_W / bins;
    let base = y0 + PLOT_TOP + PLOT_H;
    for (i, count) in hist.counts.iter().enumerate() {
        let bar_h = *count as f64 / most * PLOT_H;
        let x = x0 + PLOT_LEFT + i as f64 * bar_w;
        let _ = writeln!(
            s,
            r##"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{bar_h:.1}" fill="#4a78b5"><title>{count}</title></rect>"##,
            base - bar_h,
            (bar_w - 1.0).max(0.5)
        );
    }
    let _ = writeln!(
        s,
        r#"<line x1="{}" y1="{base}" x2="{}" y2="{base}" stroke="black"/>"#,
        x0 + PLOT_LEFT,
        x0 + PLOT_LEFT + PLOT_W
    );
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
        x0 + PLOT_LEFT - 3.0,
        y0 + PLOT_TOP + 8.0,
        most
    );
    let (lo, hi) = (
        hist.edges.first().copied().unwrap_or(0.0),
        hist.edges.last().copied().unwrap_or(0.0),
    );
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}">{}</text>"#,
        x0 + PLOT_LEFT,
        base + 12.0,
        short(lo)
    );
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
        x0 + PLOT_LEFT + PLOT_W,
        base + 12.0,
        short(hi)
    );
}

fn short(v: f64) -> String {
    if v.abs() >= 100.0 || v == v.trunc() {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
