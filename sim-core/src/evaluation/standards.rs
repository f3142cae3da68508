//! The standards file: objectives → capabilities (评估项目) → critical tasks
//! (评估要点), each task measured by a metric against a target, with the
//! grade, rating and override settings. Loaded from RON with every problem
//! located at file:line:col and field path, like scenarios.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::data::{Problem, from_ron_collecting, located_problems};
use crate::evaluation::metrics::MetricId;
use crate::scenario::Bilingual;

/// The standards file format version this build reads.
pub const STANDARDS_VERSION: u32 = 1;

/// Standards files compiled into the engine, as (id, RON text), so the
/// built-in drills score with no files at all.
pub const BUILTIN_STANDARDS: [(&str, &str); 1] = [(
    "nmg-14th-fyp",
    include_str!("../../../scenarios/standards/nmg-14th-fyp.ron"),
)];

/// The RON text of a built-in standards file.
pub fn builtin_standards(id: &str) -> Option<&'static str> {
    BUILTIN_STANDARDS.iter().find(|(i, _)| *i == id).map(|(_, text)| *text)
}

/// A drill's scoring standards, as written in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standards {
    /// Format version: 1.
    pub version: u32,
    /// Stable id, named by scenarios' `standards` field.
    pub id: String,
    /// Title.
    pub title: Bilingual,
    /// Where the targets come from.
    pub source: Bilingual,
    /// Score thresholds of the four grades.
    pub grades: GradeBands,
    /// Capability percentage thresholds of the P/S/M/U ratings.
    pub ratings: RatingBands,
    /// Hard overrides.
    pub overrides: Overrides,
    /// Days allowed to fix a finding, by class, for the improvement plan.
    pub due_days: DueDays,
    /// Where the scenario's MSEL expected actions are scored.
    pub msel: MselCapability,
    /// The evaluation tree.
    pub objectives: Vec<Objective>,
}

/// Minimum score, 0–100, of each grade; below `fair` is 差.
///
/// Defaults of the enterprise forms aligned with AQ/T 9009-2015:
/// 优 ≥ 90, 良 ≥ 75, 中 ≥ 60, 差 < 60 (evaluation.md §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GradeBands {
    /// 优 at or above.
    pub excellent: f64,
    /// 良 at or above.
    pub good: f64,
    /// 中 at or above.
    pub fair: f64,
}

/// Minimum capability percentage of each HSEEP rating; below
/// `major_challenges` is U. Dragos's TTX bands P ≥ 80, S ≥ 66, M ≥ 50
/// (evaluation.md §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RatingBands {
    /// P at or above.
    pub performed: f64,
    /// S at or above.
    pub some_challenges: f64,
    /// M at or above.
    pub major_challenges: f64,
}

/// Hard overrides (evaluation.md §1.4: a safety failure or an unperformed
/// critical task forces M/U or 差 whatever the percentage).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Overrides {
    /// Best grade when somebody died in a place that had no evacuation order
    /// before the hazard reached it.
    pub preventable_death_grade_cap: Grade,
    /// Best grade when a critical task was missed.
    pub missed_critical_grade_cap: Grade,
    /// Best rating of a capability with a missed critical task.
    pub missed_critical_rating_cap: Rating,
}

/// Days to fix a finding, by class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueDays {
    /// 不足项.
    pub deficiency: u32,
    /// 整改项.
    pub correction: u32,
    /// 改进项.
    pub improvement: u32,
}

/// The capability the scenario's expected actions are scored under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MselCapability {
    /// `capability:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Capability element of its corrective actions.
    pub element: Element,
    /// Who answers for it.
    pub role: Bilingual,
    /// Corrective action for a missed or late expected action.
    pub corrective_action: Bilingual,
}

/// A drill objective (演练目标).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    /// `objective:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Its capabilities.
    pub capabilities: Vec<Capability>,
}

/// A capability (评估项目 / HSEEP core capability).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Capability {
    /// `capability:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Its critical tasks.
    pub tasks: Vec<TaskStandard>,
}

/// A critical task (评估要点): a metric, a target and points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskStandard {
    /// `task:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Points for meeting the target.
    pub max_points: f64,
    /// When the task counts; otherwise it is 不适用 (N/A) and leaves the
    /// total. A metric that cannot be measured also makes it N/A.
    #[serde(default)]
    pub applicable_if: Applicability,
    /// What is measured.
    pub metric: MetricId,
    /// Full points at or beyond this.
    pub target: Target,
    /// Partial credit beyond the target, each band worse than the last.
    #[serde(default)]
    pub bands: Vec<PointsBand>,
    /// Whether missing it caps the grade and the capability's rating.
    #[serde(default)]
    pub critical: bool,
    /// The plan's paragraph it comes from (章 节 / 专栏 / 指标).
    pub plan_ref: String,
    /// Capability element of its corrective action (POETE).
    pub element: Element,
    /// Who answers for it.
    pub role: Bilingual,
    /// What to do when it falls short.
    pub corrective_action: Bilingual,
}

/// When a task applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Applicability {
    /// Always (unless its metric is N/A).
    #[default]
    Always,
    /// The scenario has at least one helicopter or fixed-wing aircraft.
    ScenarioHasAircraft,
    /// The scenario has at least one shelter.
    ScenarioHasShelters,
    /// The scenario has at least one depot.
    ScenarioHasDepots,
    /// The scenario has a flood.
    ScenarioHasFlood,
    /// The scenario has a fire ignition.
    ScenarioHasFire,
}

/// A target: a comparator and a value in the metric's unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// How the value compares.
    pub comparator: Comparator,
    /// The limit, in the metric's unit.
    pub value: f64,
}

impl Target {
    /// Whether `value` meets this target (boundaries included).
    pub fn met_by(&self, value: f64) -> bool {
        self.comparator.holds(value, self.value)
    }
}

/// How a value compares with a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparator {
    /// Value ≤ limit (times, losses).
    AtMost,
    /// Value ≥ limit (shares).
    AtLeast,
}

impl Comparator {
    /// Whether `value` is within `limit`, boundary included.
    pub fn holds(self, value: f64, limit: f64) -> bool {
        match self {
            Comparator::AtMost => value <= limit,
            Comparator::AtLeast => value >= limit,
        }
    }

    /// `≤` or `≥`.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtMost => "≤",
            Comparator::AtLeast => "≥",
        }
    }
}

/// Partial credit: a value within `limit` (same comparator as the target)
/// earns `share` of the task's points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PointsBand {
    /// The limit, in the metric's unit.
    pub limit: f64,
    /// Share of the points, strictly between 0 and 1.
    pub share: f64,
}

/// Capability element (HSEEP POETE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Element {
    /// Plans and procedures (预案).
    Planning,
    /// Organisation and leadership (组织).
    Organization,
    /// Equipment and supplies (装备物资).
    Equipment,
    /// Training (培训).
    Training,
    /// Exercises (演练).
    Exercise,
}

impl Element {
    /// Chinese and English label.
    pub fn label(self) -> Bilingual {
        let (zh, en) = match self {
            Element::Planning => ("预案", "Planning"),
            Element::Organization => ("组织", "Organization"),
            Element::Equipment => ("装备物资", "Equipment"),
            Element::Training => ("培训", "Training"),
            Element::Exercise => ("演练", "Exercise"),
        };
        Bilingual {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// The four-grade conclusion of AQ/T 9009-2015 (优/良/中/差), best first in
/// the file, ordered worst to best for comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    /// 差.
    Poor,
    /// 中 (一般).
    Fair,
    /// 良.
    Good,
    /// 优.
    Excellent,
}

impl Grade {
    /// 优, 良, 中 or 差.
    pub fn zh(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }

    /// Excellent, Good, Fair or Poor.
    pub fn en(self) -> &'static str {
        match self {
            Grade::Excellent => "Excellent",
            Grade::Good => "Good",
            Grade::Fair => "Fair",
            Grade::Poor => "Poor",
        }
    }
}

impl fmt::Display for Grade {
    /// `优 (Excellent)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.zh(), self.en())
    }
}

/// HSEEP performance rating, ordered worst to best for comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    /// Unable to be performed.
    U,
    /// Performed with major challenges.
    M,
    /// Performed with some challenges.
    S,
    /// Performed without challenges.
    P,
}

impl Rating {
    /// The rating's meaning.
    pub fn label(self) -> Bilingual {
        let (zh, en) = match self {
            Rating::P => ("顺利完成", "Performed without challenges"),
            Rating::S => ("完成但存在一些问题", "Performed with some challenges"),
            Rating::M => ("完成但存在重大问题", "Performed with major challenges"),
            Rating::U => ("未能完成", "Unable to be performed"),
        };
        Bilingual {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl Standards {
    /// All tasks with their capability and objective, in file order.
    pub fn tasks(&self) -> impl Iterator<Item = (&Objective, &Capability, &TaskStandard)> {
        self.objectives.iter().flat_map(|o| {
            o.capabilities
                .iter()
                .flat_map(move |c| c.tasks.iter().map(move |t| (o, c, t)))
        })
    }

    /// The grade of a score, 0–100.
    pub fn grade_of(&self, score: f64) -> Grade {
        let g = &self.grades;
        if score >= g.excellent {
            Grade::Excellent
        } else if score >= g.good {
            Grade::Good
        } else if score >= g.fair {
            Grade::Fair
        } else {
            Grade::Poor
        }
    }

    /// The rating of a capability percentage, 0–100.
    pub fn rating_of(&self, percent: f64) -> Rating {
        let r = &self.ratings;
        if percent >= r.performed {
            Rating::P
        } else if percent >= r.some_challenges {
            Rating::S
        } else if percent >= r.major_challenges {
            Rating::M
        } else {
            Rating::U
        }
    }
}

/// A standards file that could not be loaded, with every problem found
/// (the same shape and display as a scenario's).
pub type StandardsError = crate::scenario::ScenarioError;

/// Loads standards from RON text. `source_name` names the text in messages.
/// Returns every problem found (syntax, types, then the checks of
/// [`validate`]), each with line, column and field path.
pub fn load_standards(source_name: &str, text: &str) -> Result<Standards, StandardsError> {
    let fail = |problems: Vec<Problem>| StandardsError {
        file: source_name.to_owned(),
        problems,
    };
    let standards: Standards = from_ron_collecting(text).map_err(fail)?;
    let mut invalid = validate(&standards);
    if invalid.is_empty() {
        return Ok(standards);
    }
    // Problems at one position come in path order.
    invalid.sort_by(|a, b| a.0.cmp(&b.0));
    Err(fail(located_problems(text, invalid)))
}

/// Checks beyond syntax and types: the version, unique well-formed ids,
/// points above 0, bands beyond the target and ordered worse and worse,
/// grade and rating thresholds ordered. Returns (field path, message) pairs.
pub fn validate(s: &Standards) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut fail = |path: String, message: String| out.push((path, message));
    if s.version != STANDARDS_VERSION {
        fail(
            "version".into(),
            format!(
                "version {} is not supported (this build reads {STANDARDS_VERSION})",
                s.version
            ),
        );
    }
    let g = s.grades;
    if !(g.excellent <= 100.0 && g.excellent > g.good && g.good > g.fair && g.fair > 0.0) {
        fail(
            "grades".into(),
            format!(
                "needs 100 ≥ excellent > good > fair > 0, got {} / {} / {}",
                g.excellent, g.good, g.fair
            ),
        );
    }
    let r = s.ratings;
    if !(r.performed <= 100.0 && r.performed > r.some_challenges && r.some_challenges > r.major_challenges) {
        fail(
            "ratings".into(),
            format!(
                "needs 100 ≥ performed > some_challenges > major_challenges, got {} / {} / {}",
                r.performed, r.some_challenges, r.major_challenges
            ),
        );
    }
    if r.major_challenges.is_nan() || r.major_challenges <= 0.0 {
        fail("ratings.major_challenges".into(), "must be more than 0".into());
    }
    let mut ids = BTreeSet::new();
    let mut id = |path: String, id: &str, prefix: &str, fail: &mut dyn FnMut(String, String)| {
        let ok = id.strip_prefix(prefix).is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
        if !ok {
            fail(
                path.clone(),
                format!("id `{id}` must be `{prefix}` followed by lowercase letters, digits or `-`"),
            );
        }
        if !ids.insert(id.to_owned()) {
            fail(path, format!("id `{id}` is used twice"));
        }
    };
    if s.id.trim().is_empty() {
        fail("id".into(), "must not be empty".into());
    }
    id("msel.id".into(), &s.msel.id, "capability:", &mut fail);
    if s.objectives.is_empty() {
        fail("objectives".into(), "needs at least one objective".into());
    }
    for (i, o) in s.objectives.iter().enumerate() {
        id(format!("objectives[{i}].id"), &o.id, "objective:", &mut fail);
        for (j, c) in o.capabilities.iter().enumerate() {
            let cp = format!("objectives[{i}].capabilities[{j}]");
            id(format!("{cp}.id"), &c.id, "capability:", &mut fail);
            if c.tasks.is_empty() {
                fail(format!("{cp}.tasks"), "needs at least one task".into());
            }
            for (k, t) in c.tasks.iter().enumerate() {
                let tp = format!("{cp}.tasks[{k}]");
                id(format!("{tp}.id"), &t.id, "task:", &mut fail);
                validate_task(t, &tp, &mut fail);
            }
        }
    }
    out
}

fn validate_task(t: &TaskStandard, tp: &str, fail: &mut dyn FnMut(String, String)) {
    if !(t.max_points.is_finite() && t.max_points > 0.0) {
        fail(
            format!("{tp}.max_points"),
            format!("{} must be more than 0", t.max_points),
        );
    }
    if !t.target.value.is_finite() {
        fail(format!("{tp}.target.value"), "must be a finite number".into());
    }
    if t.plan_ref.trim().is_empty() {
        fail(format!("{tp}.plan_ref"), "must cite the plan's paragraph".into());
    }
    let cmp = t.target.comparator;
    let (mut last_limit, mut last_share) = (t.target.value, 1.0);
    for (b, band) in t.bands.iter().enumerate() {
        let bp = format!("{tp}.bands[{b}]");
        if !(band.share > 0.0 && band.share < last_share) {
            fail(
                format!("{bp}.share"),
                format!(
                    "{} must be more than 0 and less than the one before ({last_share})",
                    band.share
                ),
            );
        }
        // Each band must be strictly worse than the target and the band
        // before it: beyond it in the comparator's direction.
        let worse = band.limit.is_finite() && !cmp.holds(band.limit, last_limit);
        if !worse {
            let dir = match cmp {
                Comparator::AtMost => "above",
                Comparator::AtLeast => "below",
            };
            fail(
                format!("{bp}.limit"),
                format!("{} must be {dir} the limit before it ({last_limit})", band.limit),
            );
        }
        last_limit = band.limit;
        last_share = band.share;
    }
}
