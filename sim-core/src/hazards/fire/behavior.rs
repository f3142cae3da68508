//! [`FireBehavior`]: what every fire model (Rothermel/Behave, CSIRO grass,
//! McArthur) hands the spread algorithm: the spread ellipse and its energy.

use serde::{Deserialize, Serialize};

/// Fire behaviour at one point under fixed conditions.
///
/// The fire spreads as an ellipse (Anderson 1983): fastest towards
/// `head_azimuth_deg`, slowest backwards, with the ignition at the rear
/// focus. Intensity anywhere on the front is `heat_per_unit_area × rate / 60`
/// (Byram 1959), so one number carries the energy for every direction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FireBehavior {
    /// Head-fire rate of spread, m/min.
    pub head_ros_m_per_min: f64,
    /// Direction of maximum spread, degrees clockwise from north (the way
    /// the head moves, i.e. downwind/upslope).
    pub head_azimuth_deg: f64,
    /// Length-to-breadth ratio of the ellipse, ≥ 1.
    pub length_to_breadth: f64,
    /// Heat released per unit area burned, kJ/m².
    pub heat_per_unit_area_kj_per_m2: f64,
}

/// Byram's (1959) flame length, m, from fireline intensity in kW/m:
/// `L = 0.0775 · I^0.46`.
pub fn byram_flame_length_m(intensity_kw_per_m: f64) -> f64 {
    if intensity_kw_per_m <= 0.0 {
        0.0
    } else {
        0.0775 * libm::pow(intensity_kw_per_m, 0.46)
    }
}

impl FireBehavior {
    /// No spread at all (non-fuel, too wet).
    pub const NONE: FireBehavior = FireBehavior {
        head_ros_m_per_min: 0.0,
        head_azimuth_deg: 0.0,
        length_to_breadth: 1.0,
        heat_per_unit_area_kj_per_m2: 0.0,
    };

    /// Eccentricity `e = √(LB² − 1)/LB`.
    pub fn eccentricity(&self) -> f64 {
        let lb = self.length_to_breadth.max(1.0);
        libm::sqrt(lb * lb - 1.0) / lb
    }

    /// Backing rate `R(1 − e)/(1 + e)`, m/min.
    pub fn back_ros_m_per_min(&self) -> f64 {
        let e = self.eccentricity();
        self.head_ros_m_per_min * (1.0 - e) / (1.0 + e)
    }

    /// Flanking rate `(R + R_back)/(2·LB)`, m/min.
    pub fn flank_ros_m_per_min(&self) -> f64 {
        (self.head_ros_m_per_min + self.back_ros_m_per_min()) / (2.0 * self.length_to_breadth.max(1.0))
    }

    /// Byram fireline intensity at the head, kW/m.
    pub fn head_intensity_kw_per_m(&self) -> f64 {
        self.heat_per_unit_area_kj_per_m2 * self.head_ros_m_per_min / 60.0
    }

    /// Flame length at the head, m.
    pub fn head_flame_length_m(&self) -> f64 {
        byram_flame_length_m(self.head_intensity_kw_per_m())
    }

    /// Speed of the front along its outward normal, m/min, for a normal
    /// pointing at `normal_azimuth_deg`: the support function of the
    /// Huygens ellipse, `g·cos ψ + √(f²cos²ψ + h²sin²ψ)` with ψ the angle
    /// between the normal and the head direction (Richards 1990; the
    /// formula of ELMFIRE and Spark).
    pub fn normal_speed_m_per_min(&self, normal_azimuth_deg: f64) -> f64 {
        let psi = (normal_azimuth_deg - self.head_azimuth_deg).to_radians();
        self.normal_speed_for_cos_sin(libm::cos(psi), libm::sin(psi))
    }

    /// [`Self::normal_speed_m_per_min`] given `cos ψ` and `sin ψ` directly
    /// (the level set has them from the gradient without an angle).
    pub fn normal_speed_for_cos_sin(&self, cos_psi: f64, sin_psi: f64) -> f64 {
        let back = self.back_ros_m_per_min();
        let f = (self.head_ros_m_per_min + back) / 2.0;
        let g = (self.head_ros_m_per_min - back) / 2.0;
        let h = self.flank_ros_m_per_min();
        g * cos_psi + libm::sqrt(f * f * cos_psi * cos_psi + h * h * sin_psi * sin_psi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The normal speed equals the head rate towards the head, the backing
    /// rate backwards and is symmetric about the head direction.
    #[test]
    fn normal_speed_matches_head_back_and_is_symmetric() {
        let b = FireBehavior {
            head_ros_m_per_min: 31.25,
            head_azimuth_deg: 90.0,
            length_to_breadth: 2.168,
            heat_per_unit_area_kj_per_m2: 3000.0,
        };
        assert!((b.normal_speed_m_per_min(90.0) - 31.25).abs() < 1e-12);
        assert!((b.normal_speed_m_per_min(270.0) - b.back_ros_m_per_min()).abs() < 1e-12);
        assert!((b.normal_speed_m_per_min(30.0) - b.normal_speed_m_per_min(150.0)).abs() < 1e-12);
        // No wind: a circle.
        let round = FireBehavior {
            length_to_breadth: 1.0,
            ..b
        };
        assert!((round.normal_speed_m_per_min(17.0) - 31.25).abs() < 1e-12);
        // Byram: 1000 kW/m → 0.0775·1000^0.46 = 1.856 m.
        assert!((byram_flame_length_m(1000.0) - 0.0775 * libm::pow(1000.0, 0.46)).abs() < 1e-15);
    }
}
