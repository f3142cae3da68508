//! `report.md`: the report as Markdown; the timeline and maps are the files
//! written next to it.

use std::fmt::Write;

use sim_core::evaluation::FindingClass;

use crate::report::{Report, both, points};

/// Longest event detail shown in the timeline table, characters.
pub const DETAIL_CHARS: usize = 160;

/// The report as Markdown.
pub fn render(r: &Report<'_>) -> String {
    let mut md = String::new();
    let o = r.overview;
    let c = r.card;
    let _ = writeln!(md, "# 演练评估报告 / Drill evaluation report\n");
    let _ = writeln!(md, "**{}**\n", both(&o.title));
    let _ = writeln!(md, "## 概况 / Overview\n");
    let _ = writeln!(md, "| 项目 / Item | 值 / Value |\n|---|---|");
    for (k, v) in overview_rows(r) {
        let _ = writeln!(md, "| {k} | {} |", cell(&v));
    }

    let _ = writeln!(md, "\n## 总分 / Score\n");
    let _ = writeln!(
        md,
        "**{} / 100** ({} of {} points) — 等级 grade **{} {}**",
        points(c.score),
        points(c.earned_points),
        points(c.applicable_points),
        c.final_grade.zh(),
        c.final_grade.en()
    );
    if c.final_grade != c.score_grade {
        let _ = writeln!(
            md,
            "\n分数对应等级 grade by points: {} {}; 封顶 capped:",
            c.score_grade.zh(),
            c.score_grade.en()
        );
    }
    for cap in &c.caps {
        let _ = writeln!(
            md,
            "- ≤ {} {}: {}",
            cap.cap.zh(),
            cap.cap.en(),
            cell(&both(&cap.reason))
        );
    }

    let _ = writeln!(md, "\n## 评估项目 / Capabilities\n");
    let _ = writeln!(
        md,
        "| 评估项目 / Capability | 得分 / Points | % | 评定 / Rating |\n|---|---|---|---|"
    );
    for cap in &c.capabilities {
        let rating = cap.rating.map_or("—".to_owned(), |x| {
            let l = x.label();
            format!("{x:?} ({} / {})", l.zh, l.en)
        });
        let capped = cap
            .rating_capped_by
            .as_ref()
            .map_or(String::new(), |b| format!(" — {}", both(b)));
        let _ = writeln!(
            md,
            "| {} | {} / {} | {} | {}{} |",
            cell(&both(&cap.name)),
            points(cap.points),
            points(cap.max_points),
            cap.percent.map_or("—".into(), |p| format!("{p:.1}")),
            rating,
            cell(&capped)
        );
    }

    let _ = writeln!(md, "\n## 评估要点 / Critical tasks\n");
    let _ = writeln!(
        md,
        "| 评估要点 / Task | 实测 / Value | 目标 / Target | 结果 / Result | 得分 / Points | 依据 / Why |\n|---|---|---|---|---|---|"
    );
    for t in c.tasks() {
        let critical = if t.critical { " ★" } else { "" };
        let _ = writeln!(
            md,
            "| {}{critical} | {} | {} | {} | {} / {} | {} |",
            cell(&both(&t.name)),
            t.value_shown().map_or("—".into(), |v| cell(&both(&v))),
            cell(&both(&t.target_shown())),
            both(&t.result.label()),
            points(t.points),
            points(t.max_points),
            cell(&both(&t.reason))
        );
    }
    let _ = writeln!(md, "\n★ 关键任务 / critical task");

    let _ = writeln!(md, "\n## 时间线 / Timeline\n");
    let _ = writeln!(md, "![timeline](timeline.svg)\n");
    for d in &r.deadlines {
        let _ = writeln!(
            md,
            "- 时限 deadline {}: {} — {}",
            d.at,
            cell(&both(&d.label)),
            both(&d.result.label())
        );
    }
    let _ = writeln!(
        md,
        "\n| 时间 / Time | 类别 / Lane | 事件 / Event | 内容 / Detail |\n|---|---|---|---|"
    );
    for e in &r.key_events {
        let _ = writeln!(
            md,
            "| {} | {} | {} | `{}` |",
            e.tick,
            both(&e.lane.label()),
            e.kind,
            cell(&short(&e.detail)).replace('`', "'")
        );
    }

    let _ = writeln!(md, "\n## 地图 / Maps\n");
    for m in &r.maps {
        let _ = writeln!(md, "![{}]({})\n\n{}\n", m.file_name, m.file_name, both(&m.title));
    }

    let _ = writeln!(md, "## 评估发现 / Findings\n");
    for class in [
        FindingClass::Deficiency,
        FindingClass::Correction,
        FindingClass::Improvement,
        FindingClass::Strength,
    ] {
        let found: Vec<_> = c.findings.iter().filter(|f| f.class == class).collect();
        let _ = writeln!(md, "### {} ({})\n", both(&class.label()), found.len());
        if found.is_empty() {
            let _ = writeln!(md, "无 / none\n");
            continue;
        }
        for f in found {
            let _ = write!(md, "- {}", both(&f.observation));
            if !f.corrective_action.zh.is_empty() || !f.corrective_action.en.is_empty() {
                let _ = write!(md, " → {}", both(&f.corrective_action));
            }
            let _ = writeln!(md);
        }
        let _ = writeln!(md);
    }

    let _ = writeln!(md, "## 改进计划 / Improvement plan\n");
    if c.improvement_plan.is_empty() {
        let _ = writeln!(md, "无 / none");
    } else {
        let _ = writeln!(
            md,
            "| 类别 / Class | 问题 / Issue | 整改措施 / Corrective action | 能力要素 / Element | 责任方 / Role | 期限 / Due |\n|---|---|---|---|---|---|"
        );
        for a in &c.improvement_plan {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} 天 / days |",
                both(&a.class.label()),
                cell(&both(&a.issue)),
                cell(&both(&a.action)),
                both(&a.element.label()),
                cell(&both(&a.role)),
                a.due_days
            );
        }
    }
    md
}

/// The overview as (label, value) rows, shared with the HTML.
pub fn overview_rows(r: &Report<'_>) -> Vec<(&'static str, String)> {
    let o = r.overview;
    vec![
        (
            "情景 / Scenario",
            format!(
                "{} v{} (content {})",
                o.scenario_id, o.scenario_version, o.scenario_content_hash
            ),
        ),
        ("来源 / Source", o.source.clone()),
        ("随机种子 / Seed", o.seed.to_string()),
        (
            "引擎 / Engine",
            match &o.recorded_by_engine {
                Some(rec) if *rec != o.engine_version => {
                    format!("{} (recorded by {rec})", o.engine_version)
                }
                _ => o.engine_version.clone(),
            },
        ),
        (
            "指令 / Orders",
            format!("{} ({} refused 被拒)", o.entries, o.entries_refused),
        ),
        ("记录校验 / Record hash check", both(&o.hash_check())),
        (
            "结束 / End",
            format!("{} (state hash {})", o.final_time, o.final_state_hash),
        ),
        ("评估标准 / Standards", o.standards_id.clone()),
        (
            "过火面积 / Burned area",
            format!("{:.1} ha", r.final_state.burned_area_ha),
        ),
        (
            "淹没面积 / Flooded area",
            format!("{:.2} km²", r.final_state.flooded_area_km2),
        ),
    ]
}

/// A table cell: no pipes or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// At most [`DETAIL_CHARS`] characters.
pub fn short(s: &str) -> String {
    if s.chars().count() <= DETAIL_CHARS {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(DETAIL_CHARS).collect();
        format!("{cut}…")
    }
}
