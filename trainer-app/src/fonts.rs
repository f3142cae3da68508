//! Fonts: egui's own fonts for Latin text, with a Simplified Chinese subset
//! of Noto Sans CJK behind them so Chinese renders instead of boxes.
//!
//! The subset (`assets/fonts/NotoSansSC-Sandtable-subset.otf`, SIL OFL 1.1)
//! is compiled into the binary: the trainer needs no asset directory to run.
//! `assets/fonts/README.md` says how it was made and how to remake it.

use std::sync::Arc;

use bevy_egui::egui::{self, FontData, FontDefinitions, FontFamily};

/// The font subset's bytes.
pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Sandtable-subset.otf");

/// The name the subset is registered under in egui's font definitions.
pub const CJK_FONT_NAME: &str = "noto-sans-sc-sandtable";

/// egui's default fonts with the CJK subset appended as the last fallback of
/// both the proportional and the monospace family.
pub fn font_definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts
        .font_data
        .insert(CJK_FONT_NAME.to_owned(), Arc::new(FontData::from_static(CJK_FONT)));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push(CJK_FONT_NAME.to_owned());
    }
    fonts
}

/// Installs [`font_definitions`] in `ctx`; they take effect from the next
/// pass.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy_egui::egui::{FontId, RawInput};

    /// Every character of the trainer's own sources and the shipped
    /// scenarios must have a glyph: a missing one shows as a box. If this
    /// fails after adding text, rerun `assets/fonts/make-subset.py`.
    #[test]
    fn subset_covers_the_ui_and_the_scenarios() {
        let ctx = egui::Context::default();
        install(&ctx);
        ctx.run_ui(RawInput::default(), |_| {}).drop_without_applying_deltas();
        let mut texts: Vec<(String, String)> = Vec::new();
        for dir in ["src", "../scenarios"] {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            let mut stack = vec![root];
            while let Some(d) = stack.pop() {
                for entry in std::fs::read_dir(&d).expect("read dir") {
                    let path = entry.expect("dir entry").path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "rs" || e == "ron") {
                        texts.push((
                            path.display().to_string(),
                            std::fs::read_to_string(&path).expect("read"),
                        ));
                    }
                }
            }
        }
        assert!(texts.len() >= 2, "found no sources to check");
        let font = FontId::proportional(14.0);
        let mut missing: Vec<String> = Vec::new();
        ctx.fonts_mut(|fonts| {
            for (file, text) in &texts {
                for c in text.chars().filter(|c| !c.is_ascii()) {
                    if !fonts.has_glyph(&font, c) {
                        missing.push(format!("{c} (U+{:04X}) in {file}", u32::from(c)));
                    }
                }
            }
        });
        assert!(
            missing.is_empty(),
            "characters without a glyph:\n{}",
            missing.join("\n")
        );
    }
}
