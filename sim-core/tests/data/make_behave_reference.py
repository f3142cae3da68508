#!/usr/bin/env python3
"""Regenerate the Behave reference tables used by `tests/validate_fire_behave.rs`.

Runs the Behave C++ core (firelab/behave, bundled in the PyPI package
`pyrothermel` 0.1.4, called through its direct `behave_core` bindings) over a
grid of fuel models, moistures, winds, slopes and aspects, and writes:

* `behave_reference.csv`: surface fire outputs in Behave's base US units;
* `behave_fuel_models.csv`: the fuel-model table as the core holds it;
* `behave_regression.csv`: the surface cases of Behave's own test suite
  (testBehave.cpp, GS4 low-moisture scenario) at full precision.

Usage (from this directory, any Python >= 3.8 with a C++ compiler):

    python3 -m venv /tmp/pyro && /tmp/pyro/bin/pip install pyrothermel==0.1.4
    /tmp/pyro/bin/python make_behave_reference.py

Conventions (Behave "relative to north" mode): wind direction is the direction
the wind blows FROM, aspect the direction the slope faces (downhill), both
clockwise from north; the direction of maximum spread is the azimuth the head
moves TOWARDS. Behave's core always applies the Rothermel (1972) wind limit.

Behave's Python bindings expose no getter for backing/flanking rate or
length-to-width ratio, so they are recovered from runs in a direction of
interest: backing = rate from the ignition point at dirMax + 180 deg
(R(1-e)/(1-e cos 180) = R(1-e)/(1+e), Behave's backing formula), flanking =
the front-normal rate at dirMax + 90 deg (g cos 90 + h = h). Then
L/W = (R + R_back) / (2 R_flank), which inverts Behave's own flanking formula.
Heat per unit area is I_B * 60 / R.
"""

import csv
import math
import os
import sys

import pyrothermel
from pyrothermel import behave_core, modes, units

VERSION = "0.1.4"
HERE = os.path.dirname(os.path.abspath(__file__))

ANDERSON = list(range(1, 14))
SCOTT_BURGAN = (
    list(range(101, 110))
    + list(range(121, 125))
    + list(range(141, 150))
    + list(range(161, 166))
    + list(range(181, 190))
    + list(range(201, 205))
)
NON_BURNABLE = [91, 92, 93, 98, 99]

# (1-h, 10-h, 100-h, live herb, live woody) as fractions.
MOISTURES = [
    (0.03, 0.04, 0.05, 0.30, 0.60),
    (0.06, 0.07, 0.08, 0.60, 0.90),
    (0.12, 0.13, 0.14, 0.90, 1.20),
]
MIDFLAME_WINDS_KMH = [3.0, 12.0, 30.0]
SLOPES_DEG = [0.0, 25.0]
ASPECTS_DEG = [30.0, 200.0]
WIND_FROM_DEG = 250.0
# An extra block through Behave's own 10 m -> 20 ft -> midflame path
# (unsheltered wind adjustment factor: no canopy).
TEN_METER_WIND_KMH = 20.0
TEN_METER_MOISTURE = MOISTURES[1]
TEN_METER_SLOPE_DEG = 10.0
TEN_METER_ASPECT_DEG = 120.0
# The conditions of the figures quoted in fire.md (section 0 and 1.3):
# flat ground, wind from the north, "fully cured" grass (herb 29 %).
FIRE_MD_MOISTURE = (0.08, 0.09, 0.10, 0.29, 0.60)
FIRE_MD_MODELS = [102, 104, 161, 183]  # GR2, GR4, TU1, TL3
FIRE_MD_WINDS_KMH = [0.0, 5.0, 10.0, 20.0]
CURING_HERB = [0.30, 0.60, 0.90, 1.20]  # GR2, 6/7/8 % dead, 10 km/h midflame
WIND_LIMIT_GR1_DEAD = [0.06, 0.08]  # GR1, 10 km/h midflame


def make_run():
    fuel_models = behave_core.FuelModels()
    run = behave_core.BehaveRun(fuel_models, behave_core.SpeciesMasterTable())
    return fuel_models, run


def surface(run, number, moisture, wind_kmh, height_mode, wind_from_deg, slope_deg, aspect_deg):
    s = run.surface
    s.updateSurfaceInputs(
        number, *moisture, units.FractionUnits.Fraction,
        wind_kmh, units.SpeedUnits.KilometersPerHour, height_mode,
        wind_from_deg, modes.WindAndSpreadOrientationMode.RelativeToNorth,
        slope_deg, units.SlopeUnits.Degrees, aspect_deg,
        0.0, units.FractionUnits.Fraction, 0.0, units.LengthUnits.Feet,
        0.0, units.FractionUnits.Fraction,
    )
    s.setIsUsingChaparral(False)
    s.doSurfaceRunInDirectionOfMaxSpread()
    ft_min = units.SpeedUnits.FeetPerMinute
    ros = s.getSpreadRate(ft_min)
    direction = s.getDirectionOfMaxSpread()
    ib = s.getFirelineIntensity(units.FirelineIntensityUnits.BtusPerFootPerSecond)
    flame = s.getFlameLength(units.LengthUnits.Feet)
    ir = s.getReactionIntensity(units.HeatSourceAndReactionIntensityUnits.BtusPerSquareFootPerMinute)
    midflame = s.getMidflameWindspeed(ft_min)
    back = flank = 0.0
    if ros > 0.0:
        s.doSurfaceRunInDirectionOfInterest(
            math.fmod(direction + 180.0, 360.0), modes.SurfaceFireSpreadDirectionMode.FromIgnitionPoint)
        back = s.getSpreadRateInDirectionOfInterest(ft_min)
        s.doSurfaceRunInDirectionOfInterest(
            math.fmod(direction + 90.0, 360.0), modes.SurfaceFireSpreadDirectionMode.FromPerimeter)
        flank = s.getSpreadRateInDirectionOfInterest(ft_min)
    lw = (ros + back) / (2.0 * flank) if flank > 0.0 else 1.0
    hpa = ib * 60.0 / ros if ros > 0.0 else 0.0
    return ros, back, flank, direction, lw, ib, flame, ir, hpa, midflame


def regression_cases(run):
    """testBehave.cpp's surface cases: GS4 (FM4 once), 6/7/8/60/90 %, 5 mph
    20-ft wind under a 30 ft canopy with crown ratio 0.5 (sheltered WAF).
    Upslope-mode cases run in north mode with aspect 0 (identical maths).
    Returns (case name, value) pairs; rates in ch/h, intensity Btu/ft/s."""
    s = run.surface
    ch = units.SpeedUnits.ChainsPerHour
    out = []

    def go(n, wind_from, slope, slope_units, aspect, cover):
        s.updateSurfaceInputs(
            n, 6.0, 7.0, 8.0, 60.0, 90.0, units.FractionUnits.Percent, 5.0, units.SpeedUnits.MilesPerHour,
            modes.WindHeightInputMode.TwentyFoot, wind_from, modes.WindAndSpreadOrientationMode.RelativeToNorth,
            slope, slope_units, aspect, cover, units.FractionUnits.Fraction, 30.0, units.LengthUnits.Feet,
            0.5, units.FractionUnits.Fraction)
        s.setIsUsingChaparral(False)
        s.doSurfaceRunInDirectionOfMaxSpread()

    deg, pct = units.SlopeUnits.Degrees, units.SlopeUnits.Percent
    for name, n, wind_from, slope, slope_units, aspect, cover in [
        ("gs4_45_95_30deg", 124, 45.0, 30.0, deg, 95.0, 0.5),
        ("gs4_upslope", 124, 0.0, 30.0, pct, 0.0, 0.5),
        ("gs4_cross_slope", 124, 90.0, 30.0, pct, 0.0, 0.5),
        ("gs4_45_215", 124, 45.0, 30.0, pct, 215.0, 0.5),
        ("gs4_45_5", 124, 45.0, 30.0, pct, 5.0, 0.5),
        ("fm4_90_0_30deg", 4, 90.0, 30.0, deg, 0.0, 0.4),
    ]:
        go(n, wind_from, slope, slope_units, aspect, cover)
        out.append((name + "_ros_ch_h", s.getSpreadRate(ch)))
        out.append((name + "_dir_deg", s.getDirectionOfMaxSpread()))
        out.append((name + "_ib_btu_ft_s", s.getFirelineIntensity(units.FirelineIntensityUnits.BtusPerFootPerSecond)))
    # Directions of interest from the ignition point (testDirectionOfInterest).
    for name, wind_from, aspect, azimuth in [
        ("doi_45_0_270", 45.0, 0.0, 270.0),
        ("doi_290_0_340", 290.0, 0.0, 340.0),
        ("doi_215_0_35", 215.0, 0.0, 35.0),
        ("doi_280_135_30", 280.0, 135.0, 30.0),
        ("doi_0_45_90", 0.0, 45.0, 90.0),
        ("doi_280_263_285", 280.0, 263.0, 285.0),
    ]:
        go(124, wind_from, 30.0, pct, aspect, 0.5)
        s.doSurfaceRunInDirectionOfInterest(azimuth, modes.SurfaceFireSpreadDirectionMode.FromIgnitionPoint)
        out.append((name + "_ros_ch_h", s.getSpreadRateInDirectionOfInterest(ch)))
    return out


def main():
    fuel_models, run = make_run()
    # 13 significant digits: ample for the 1e-6 relative comparison, and the
    # file stays small.
    g = lambda x: format(float(x), ".13g")

    with open(os.path.join(HERE, "behave_fuel_models.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        f.write(f"# Behave fuel models from pyrothermel {VERSION} (Behave C++ core), base US units\n")
        w.writerow(["number", "code", "depth_ft", "mx_dead", "heat_dead_btu_lb", "heat_live_btu_lb",
                    "load_1h_lb_ft2", "load_10h_lb_ft2", "load_100h_lb_ft2", "load_herb_lb_ft2",
                    "load_woody_lb_ft2", "sav_1h_per_ft", "sav_herb_per_ft", "sav_woody_per_ft", "dynamic"])
        lb = units.LoadingUnits.PoundsPerSquareFoot
        sav = units.SurfaceAreaToVolumeUnits.SquareFeetOverCubicFeet
        for n in ANDERSON + NON_BURNABLE + SCOTT_BURGAN:
            w.writerow([
                n, fuel_models.getFuelCode(n), g(fuel_models.getFuelbedDepth(n, units.LengthUnits.Feet)),
                g(fuel_models.getMoistureOfExtinctionDead(n, units.FractionUnits.Fraction)),
                g(fuel_models.getHeatOfCombustionDead(n, units.HeatOfCombustionUnits.BtusPerPound)),
                g(fuel_models.getHeatOfCombustionLive(n, units.HeatOfCombustionUnits.BtusPerPound)),
                g(fuel_models.getFuelLoadOneHour(n, lb)), g(fuel_models.getFuelLoadTenHour(n, lb)),
                g(fuel_models.getFuelLoadHundredHour(n, lb)), g(fuel_models.getFuelLoadLiveHerbaceous(n, lb)),
                g(fuel_models.getFuelLoadLiveWoody(n, lb)), g(fuel_models.getSavrOneHour(n, sav)),
                g(fuel_models.getSavrLiveHerbaceous(n, sav)), g(fuel_models.getSavrLiveWoody(n, sav)),
                int(bool(fuel_models.getIsDynamic(n))),
            ])

    with open(os.path.join(HERE, "behave_regression.csv"), "w", newline="") as f:
        f.write(f"# testBehave.cpp surface cases through pyrothermel {VERSION} (Behave C++ core), full precision\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "value"])
        for name, value in regression_cases(run):
            w.writerow([name, repr(float(value))])

    rows = 0
    with open(os.path.join(HERE, "behave_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        f.write(f"# Behave surface fire from pyrothermel {VERSION} (Behave C++ core), relative-to-north mode, "
                f"wind limit on; US units (ft/min, deg, Btu/ft/s, ft, Btu/ft2/min, Btu/ft2); "
                f"made by make_behave_reference.py\n")
        w.writerow(["block", "model", "m1", "m10", "m100", "mherb", "mwoody", "wind_mode", "wind_kmh", "wind_from_deg",
                    "slope_deg", "aspect_deg", "midflame_ft_min", "ros_ft_min", "back_ft_min", "flank_ft_min",
                    "dir_deg", "lw", "ib_btu_ft_s", "flame_ft", "ir_btu_ft2_min", "hpa_btu_ft2"])

        def emit(block, n, moisture, wind_mode, wind_kmh, slope, aspect, wind_from=WIND_FROM_DEG):
            nonlocal rows
            height = (modes.WindHeightInputMode.DirectMidflame if wind_mode == "midflame"
                      else modes.WindHeightInputMode.TenMeter)
            ros, back, flank, d, lw, ib, flame, ir, hpa, mid = surface(
                run, n, moisture, wind_kmh, height, wind_from, slope, aspect)
            w.writerow([block, fuel_models.getFuelCode(n), *[g(m) for m in moisture], wind_mode, g(wind_kmh),
                        g(wind_from), g(slope), g(aspect), g(mid), g(ros), g(back), g(flank), g(d), g(lw),
                        g(ib), g(flame), g(ir), g(hpa)])
            rows += 1

        for n in ANDERSON + SCOTT_BURGAN:
            for moisture in MOISTURES:
                for wind in MIDFLAME_WINDS_KMH:
                    for slope in SLOPES_DEG:
                        for aspect in ASPECTS_DEG:
                            emit("sweep", n, moisture, "midflame", wind, slope, aspect)
        for n in ANDERSON + SCOTT_BURGAN:
            emit("ten_meter", n, TEN_METER_MOISTURE, "ten_meter", TEN_METER_WIND_KMH, TEN_METER_SLOPE_DEG,
                 TEN_METER_ASPECT_DEG)
        for n in FIRE_MD_MODELS:
            for wind in FIRE_MD_WINDS_KMH:
                emit("fire_md", n, FIRE_MD_MOISTURE, "midflame", wind, 0.0, 0.0, wind_from=0.0)
        for herb in CURING_HERB:
            emit("curing", 102, (0.06, 0.07, 0.08, herb, 0.90), "midflame", 10.0, 0.0, 0.0, wind_from=0.0)
        for dead in WIND_LIMIT_GR1_DEAD:
            emit("wind_limit", 101, (dead, dead + 0.01, dead + 0.02, 0.29, 0.60), "midflame", 10.0, 0.0, 0.0,
                 wind_from=0.0)
        for n in (102, 104):
            emit("ten_meter_grass", n, (0.06, 0.07, 0.08, 0.29, 0.60), "ten_meter", 20.0, 0.0, 0.0, wind_from=0.0)
    print(f"wrote {rows} rows with pyrothermel {VERSION}", file=sys.stderr)


if __name__ == "__main__":
    main()
