//! Findings (不足项 / 整改项 / 改进项, and strengths) from scored tasks, and
//! the improvement plan (HSEEP AAR/IP Appendix A) built from them.
//!
//! Classes follow the severity order of Chinese drill evaluation practice
//! (evaluation.md §1.2.3): a 不足项 could fail to protect life or property
//! and must be fixed quickly; 整改项 must be fixed; 改进项 could be better.

use serde::{Deserialize, Serialize};

use crate::evaluation::score::{CapabilityCard, PreventableDeath, TaskCard, TaskResult};
use crate::evaluation::standards::{DueDays, Element};
use crate::scenario::Bilingual;
use crate::time::Tick;

/// Class of a finding, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FindingClass {
    /// 不足项: a missed critical task, or a preventable death.
    Deficiency,
    /// 整改项: a missed task, or a critical task only partly met.
    Correction,
    /// 改进项: a task partly met.
    Improvement,
    /// 好的方面: a task met.
    Strength,
}

impl FindingClass {
    /// The class, in Chinese and English.
    pub fn label(self) -> Bilingual {
        let (zh, en) = match self {
            FindingClass::Deficiency => ("不足项", "deficiency"),
            FindingClass::Correction => ("整改项", "correction required"),
            FindingClass::Improvement => ("改进项", "area for improvement"),
            FindingClass::Strength => ("好的方面", "strength"),
        };
        Bilingual {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The class of a scored task (none when N/A).
    pub fn of(task: &TaskCard) -> Option<FindingClass> {
        match (task.result, task.critical) {
            (TaskResult::NotApplicable, _) => None,
            (TaskResult::Met, _) => Some(FindingClass::Strength),
            (TaskResult::Missed, true) => Some(FindingClass::Deficiency),
            (TaskResult::Missed, false) | (TaskResult::Partly, true) => Some(FindingClass::Correction),
            (TaskResult::Partly, false) => Some(FindingClass::Improvement),
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Class.
    pub class: FindingClass,
    /// `capability:…`
    pub capability_id: String,
    /// The task (`task:…` or `inject:…#k`), or `place:…` for a death.
    pub subject: String,
    /// What was observed.
    pub observation: Bilingual,
    /// What to do (empty for strengths).
    pub corrective_action: Bilingual,
    /// Capability element.
    pub element: Element,
    /// Who answers for it.
    pub role: Bilingual,
    /// Ticks of the events behind it.
    pub evidence: Vec<Tick>,
}

/// A row of the improvement plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectiveAction {
    /// Class of the finding it answers.
    pub class: FindingClass,
    /// `capability:…`
    pub capability_id: String,
    /// The issue.
    pub issue: Bilingual,
    /// The corrective action.
    pub action: Bilingual,
    /// Capability element (POETE).
    pub element: Element,
    /// Responsible role.
    pub role: Bilingual,
    /// Days from the drill to fix it.
    pub due_days: u32,
}

/// Findings of every applicable task, plus one deficiency per preventable
/// death, most severe first (stable within a class: file order).
pub fn findings(capabilities: &[CapabilityCard], deaths: &[PreventableDeath]) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in deaths {
        out.push(Finding {
            class: FindingClass::Deficiency,
            capability_id: String::new(),
            subject: d.place_id.clone(),
            observation: Bilingual {
                zh: format!("{} 死亡 {} 人，灾害到达前未下达转移命令", d.place_id, d.dead),
                en: format!(
                    "{} dead at {} with no evacuation order before the hazard arrived",
                    d.dead, d.place_id
                ),
            },
            corrective_action: Bilingual {
                zh: "按预案在灾害到达前组织危险区域人员转移，明确转移触发条件".into(),
                en: "evacuate threatened places before the hazard arrives; set clear evacuation triggers in the plan"
                    .into(),
            },
            element: Element::Planning,
            role: Bilingual {
                zh: "现场指挥部".into(),
                en: "incident command".into(),
            },
            evidence: vec![d.tick],
        });
    }
    for c in capabilities {
        for t in &c.tasks {
            let Some(class) = FindingClass::of(t) else {
                continue;
            };
            out.push(Finding {
                class,
                capability_id: c.id.clone(),
                subject: t.id.clone(),
                observation: Bilingual {
                    zh: format!("{}：{}", t.name.zh, t.reason.zh),
                    en: format!("{}: {}", t.name.en, t.reason.en),
                },
                corrective_action: if class == FindingClass::Strength {
                    Bilingual::default()
                } else {
                    t.corrective_action.clone()
                },
                element: t.element,
                role: t.role.clone(),
                evidence: t.evidence.clone(),
            });
        }
    }
    // `sort_by_key` is stable, so file order holds within a class.
    out.sort_by_key(|f| f.class);
    out
}

/// The improvement plan: one row per finding that is not a strength.
pub fn improvement_plan(findings: &[Finding], due: DueDays) -> Vec<CorrectiveAction> {
    findings
        .iter()
        .filter_map(|f| {
            let due_days = match f.class {
                FindingClass::Deficiency => due.deficiency,
                FindingClass::Correction => due.correction,
                FindingClass::Improvement => due.improvement,
                FindingClass::Strength => return None,
            };
            Some(CorrectiveAction {
                class: f.class,
                capability_id: f.capability_id.clone(),
                issue: f.observation.clone(),
                action: f.corrective_action.clone(),
                element: f.element,
                role: f.role.clone(),
                due_days,
            })
        })
        .collect()
}
