//! TEMPORARY placeholder.
use crate::terrain::LandCover;
/// x
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrewType {
    /// x
    TypeI,
    /// x
    TypeII,
}
/// x
pub fn fireline_rate_m_per_h(class: LandCover, crew: CrewType, personnel: u32) -> f64 {
    let _ = (class, crew, personnel);
    600.0
}
