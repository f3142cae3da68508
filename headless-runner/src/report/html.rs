//! `report.html`: one self-contained page (inline CSS, the timeline as
//! inline SVG, maps as PNG `data:` URIs), so it opens offline and can be
//! mailed as one file.

use std::fmt::Write;

use sim_core::evaluation::{FindingClass, Rating, TaskResult};

use crate::report::markdown::{overview_rows, short};
use crate::report::{Report, both, points};

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;\
margin:2em auto;max-width:1100px;color:#222;line-height:1.45}\
h1{border-bottom:3px solid #a00;padding-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.92em}\
th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}th{background:#f3f3f3}\
.grade{font-size:1.6em;font-weight:bold}.met{background:#e6f4ea}.partly{background:#fff4d6}\
.missed{background:#fde2e1}.na{color:#888}.P{background:#e6f4ea}.S{background:#eef6d8}\
.M{background:#fff4d6}.U{background:#fde2e1}figure{margin:1em 0}figure img{max-width:100%;border:1px solid #999}\
code{font-size:.85em;word-break:break-all}.cap{color:#a00}";

/// The report as one HTML page.
pub fn render(r: &Report<'_>) -> String {
    let o = r.overview;
    let c = r.card;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>演练评估报告 / Drill evaluation report — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&o.scenario_id)
    );
    let _ = writeln!(h, "<h1>演练评估报告 / Drill evaluation report</h1>");
    let _ = writeln!(h, "<p><strong>{}</strong></p>", esc(&both(&o.title)));

    let _ = writeln!(h, "<h2>概况 / Overview</h2>\n<table>");
    for (k, v) in overview_rows(r) {
        let _ = writeln!(h, "<tr><th>{k}</th><td>{}</td></tr>", esc(&v));
    }
    let _ = writeln!(h, "</table>");

    let _ = writeln!(h, "<h2>总分 / Score</h2>");
    let _ = writeln!(
        h,
        "<p class=\"grade\">{} / 100 — {} {}</p>\n<p>{} of {} applicable points 适用项得分</p>",
        points(c.score),
        c.final_grade.zh(),
        c.final_grade.en(),
        points(c.earned_points),
        points(c.applicable_points)
    );
    if c.final_grade != c.score_grade {
        let _ = writeln!(
            h,
            "<p class=\"cap\">分数对应等级 grade by points: {} {}; 封顶 capped:</p>",
            c.score_grade.zh(),
            c.score_grade.en()
        );
    }
    if !c.caps.is_empty() {
        let _ = writeln!(h, "<ul>");
        for cap in &c.caps {
            let _ = writeln!(
                h,
                "<li class=\"cap\">≤ {} {}: {}</li>",
                cap.cap.zh(),
                cap.cap.en(),
                esc(&both(&cap.reason))
            );
        }
        let _ = writeln!(h, "</ul>");
    }

    let _ = writeln!(
        h,
        "<h2>评估项目 / Capabilities</h2>\n<table>\n<tr><th>评估项目 / Capability</th><th>得分 / Points</th><th>%</th><th>评定 / Rating</th></tr>"
    );
    for cap in &c.capabilities {
        let (class, rating) = match cap.rating {
            Some(x) => (rating_class(x), {
                let l = x.label();
                format!("{x:?} — {} / {}", l.zh, l.en)
            }),
            None => ("na", "— 不适用 / N/A".to_owned()),
        };
        let capped = cap.rating_capped_by.as_ref().map_or(String::new(), |b| {
            format!("<br><span class=\"cap\">{}</span>", esc(&both(b)))
        });
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{} / {}</td><td>{}</td><td class=\"{class}\">{}{capped}</td></tr>",
            esc(&both(&cap.name)),
            points(cap.points),
            points(cap.max_points),
            cap.percent.map_or("—".into(), |p| format!("{p:.1}")),
            esc(&rating)
        );
    }
    let _ = writeln!(h, "</table>");

    let _ = writeln!(
        h,
        "<h2>评估要点 / Critical tasks</h2>\n<table>\n<tr><th>评估要点 / Task</th><th>实测 / Value</th><th>目标 / Target</th><th>结果 / Result</th><th>得分 / Points</th><th>依据 / Why</th></tr>"
    );
    for t in c.tasks() {
        let critical = if t.critical { " ★" } else { "" };
        let _ = writeln!(
            h,
            "<tr class=\"{}\"><td>{}{critical}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td><td>{}</td></tr>",
            result_class(t.result),
            esc(&both(&t.name)),
            t.value_shown().map_or("—".into(), |v| esc(&both(&v))),
            esc(&both(&t.target_shown())),
            esc(&both(&t.result.label())),
            points(t.points),
            points(t.max_points),
            esc(&both(&t.reason))
        );
    }
    let _ = writeln!(h, "</table>\n<p>★ 关键任务 / critical task</p>");

    let _ = writeln!(h, "<h2>时间线 / Timeline</h2>\n<figure>");
    // plotters' SVG, inline; it starts with its own XML-free `<svg …>`.
    h.push_str(r.timeline_svg.trim());
    let _ = writeln!(h, "\n</figure>");
    if !r.deadlines.is_empty() {
        let _ = writeln!(h, "<ul>");
        for d in &r.deadlines {
            let _ = writeln!(
                h,
                "<li>时限 deadline {}: {} — {}</li>",
                d.at,
                esc(&both(&d.label)),
                esc(&both(&d.result.label()))
            );
        }
        let _ = writeln!(h, "</ul>");
    }
    let _ = writeln!(
        h,
        "<details><summary>关键事件 / Key events ({})</summary>\n<table>\n<tr><th>时间 / Time</th><th>类别 / Lane</th><th>事件 / Event</th><th>内容 / Detail</th></tr>",
        r.key_events.len()
    );
    for e in &r.key_events {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            e.tick,
            esc(&both(&e.lane.label())),
            e.kind,
            esc(&short(&e.detail))
        );
    }
    let _ = writeln!(h, "</table>\n</details>");

    let _ = writeln!(h, "<h2>地图 / Maps</h2>");
    for m in &r.maps {
        let _ = writeln!(
            h,
            "<figure><img alt=\"{}\" src=\"data:image/png;base64,{}\"><figcaption>{}</figcaption></figure>",
            esc(&m.file_name),
            base64(&m.png),
            esc(&both(&m.title))
        );
    }

    let _ = writeln!(h, "<h2>评估发现 / Findings</h2>");
    for class in [
        FindingClass::Deficiency,
        FindingClass::Correction,
        FindingClass::Improvement,
        FindingClass::Strength,
    ] {
        let found: Vec<_> = c.findings.iter().filter(|f| f.class == class).collect();
        let _ = writeln!(h, "<h3>{} ({})</h3>", esc(&both(&class.label())), found.len());
        if found.is_empty() {
            let _ = writeln!(h, "<p>无 / none</p>");
            continue;
        }
        let _ = writeln!(h, "<ul>");
        for f in found {
            let _ = write!(h, "<li>{}", esc(&both(&f.observation)));
            if !f.corrective_action.zh.is_empty() || !f.corrective_action.en.is_empty() {
                let _ = write!(h, " → {}", esc(&both(&f.corrective_action)));
            }
            let _ = writeln!(h, "</li>");
        }
        let _ = writeln!(h, "</ul>");
    }

    let _ = writeln!(h, "<h2>改进计划 / Improvement plan</h2>");
    if c.improvement_plan.is_empty() {
        let _ = writeln!(h, "<p>无 / none</p>");
    } else {
        let _ = writeln!(
            h,
            "<table>\n<tr><th>类别 / Class</th><th>问题 / Issue</th><th>整改措施 / Corrective action</th><th>能力要素 / Element</th><th>责任方 / Role</th><th>期限 / Due</th></tr>"
        );
        for a in &c.improvement_plan {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} 天 / days</td></tr>",
                esc(&both(&a.class.label())),
                esc(&both(&a.issue)),
                esc(&both(&a.action)),
                esc(&both(&a.element.label())),
                esc(&both(&a.role)),
                a.due_days
            );
        }
        let _ = writeln!(h, "</table>");
    }
    h.push_str("</body>\n</html>\n");
    h
}

fn rating_class(r: Rating) -> &'static str {
    match r {
        Rating::P => "P",
        Rating::S => "S",
        Rating::M => "M",
        Rating::U => "U",
    }
}

fn result_class(r: TaskResult) -> &'static str {
    match r {
        TaskResult::Met => "met",
        TaskResult::Partly => "partly",
        TaskResult::Missed => "missed",
        TaskResult::NotApplicable => "na",
    }
}

/// HTML text escaping.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Standard base64 (RFC 4648 §4) with padding, for `data:` URIs.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10 test vectors.
    #[test]
    fn base64_matches_rfc_4648() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }
}
