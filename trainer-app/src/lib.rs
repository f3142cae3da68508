//! Sandtable's tabletop trainer (沙盘推演): a Bevy + egui front end on
//! `sim-core`.
//!
//! One [`SimPlugin`] owns the simulation and runs three chained system sets
//! each frame ([`SimSet::SubmitOrders`] → [`SimSet::Step`] →
//! [`SimSet::SyncView`]); the other plugins each own one concern and read
//! the sim through `sim_core::view`. The sim is played through a
//! [`DrillSim`], which records every order and inject (with undo), and the
//! [`AutosavePlugin`] writes that record to disk. Everything except the map and the egui
//! panel runs under `MinimalPlugins`, which is how the tests drive it.

pub mod agents_layer;
pub mod autosave;
pub mod cli;
pub mod controls_panel;
pub mod drill;
pub mod fire_layer;
pub mod flood_layer;
pub mod flow_arrows;
pub mod fonts;
pub mod inject_panel;
pub mod layout;
pub mod map_input;
pub mod map_view;
pub mod orders_panel;
pub mod screenshot;
pub mod sim_plugin;

pub use agents_layer::AgentsLayerPlugin;
pub use autosave::{Autosave, AutosavePlugin};
pub use controls_panel::ControlsPanelPlugin;
pub use fire_layer::FireLayerPlugin;
pub use flood_layer::FloodLayerPlugin;
pub use flow_arrows::FlowArrowsPlugin;
pub use map_view::MapViewPlugin;
pub use screenshot::AutoScreenshotPlugin;
pub use sim_plugin::{DrillSim, EventFeed, HashLog, OrderQueue, SimClock, SimPlugin, SimSet, SimSpeed};
