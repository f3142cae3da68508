#!/usr/bin/env python3
"""Regenerate the Behave reference tables used by `tests/validate_fire_behave.rs`.

Runs the Behave C++ core (firelab/behave, bundled in the PyPI package
`pyrothermel` 0.1.4, called through its direct `behave_core` bindings) over a
grid of fuel models, moistures, winds, slopes and aspects, and writes:

* `behave_reference.csv`: surface fire outputs in Behave's base US units;
* `behave_fuel_models.csv`: the fuel-model table as the core holds it.

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


def make_run():
    fuel_models = behave_core.FuelModels()
    run = behave_core.BehaveRun(fuel_models, behave_core.SpeciesMasterTable())
    return fuel_models, run


def surface(run, number, moisture, wind_kmh, height_mode, slope_deg, aspect_deg):
    s = run.surface
    s.updateSurfaceInputs(
        number, *moisture, units.FractionUnits.Fraction,
        wind_kmh, units.SpeedUnits.KilometersPerHour, height_mode,
        WIND_FROM_DEG, modes.WindAndSpreadOrientationMode.RelativeToNorth,
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

    rows = 0
    with open(os.path.join(HERE, "behave_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        f.write(f"# Behave surface fire from pyrothermel {VERSION} (Behave C++ core), relative-to-north mode, "
                f"wind limit on; US units (ft/min, deg, Btu/ft/s, ft, Btu/ft2/min, Btu/ft2); "
                f"made by make_behave_reference.py\n")
        w.writerow(["model", "m1", "m10", "m100", "mherb", "mwoody", "wind_mode", "wind_kmh", "wind_from_deg",
                    "slope_deg", "aspect_deg", "midflame_ft_min", "ros_ft_min", "back_ft_min", "flank_ft_min",
                    "dir_deg", "lw", "ib_btu_ft_s", "flame_ft", "ir_btu_ft2_min", "hpa_btu_ft2"])

        def emit(n, moisture, wind_mode, wind_kmh, slope, aspect):
            nonlocal rows
            height = (modes.WindHeightInputMode.DirectMidflame if wind_mode == "midflame"
                      else modes.WindHeightInputMode.TenMeter)
            ros, back, flank, d, lw, ib, flame, ir, hpa, mid = surface(run, n, moisture, wind_kmh, height, slope, aspect)
            w.writerow([fuel_models.getFuelCode(n), *[g(m) for m in moisture], wind_mode, g(wind_kmh),
                        g(WIND_FROM_DEG), g(slope), g(aspect), g(mid), g(ros), g(back), g(flank), g(d), g(lw),
                        g(ib), g(flame), g(ir), g(hpa)])
            rows += 1

        for n in ANDERSON + SCOTT_BURGAN:
            for moisture in MOISTURES:
                for wind in MIDFLAME_WINDS_KMH:
                    for slope in SLOPES_DEG:
                        for aspect in ASPECTS_DEG:
                            emit(n, moisture, "midflame", wind, slope, aspect)
        for n in ANDERSON + SCOTT_BURGAN:
            emit(n, TEN_METER_MOISTURE, "ten_meter", TEN_METER_WIND_KMH, TEN_METER_SLOPE_DEG, TEN_METER_ASPECT_DEG)
    print(f"wrote {rows} rows with pyrothermel {VERSION}", file=sys.stderr)


if __name__ == "__main__":
    main()
