//! `sandtable list`: built-in scenarios and the scenario files in a folder.

use std::path::PathBuf;

use clap::Args;
use sim_core::builtin;

use crate::Outcome;

/// Arguments of `sandtable list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Folder to look for scenario files in.
    #[arg(long, default_value = "scenarios")]
    dir: PathBuf,
}

/// Prints built-in scenarios, then every `.ron` in `--dir` with its title or its problem.
pub fn list(args: &ListArgs) -> anyhow::Result<Outcome> {
    println!("Built-in scenarios:");
    for b in builtin::ALL {
        let s = crate::source::load(Some(b.id))?;
        println!("  {:<28} {} / {}", b.id, s.file.title.zh, s.file.title.en);
    }
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&args.dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect(),
        Err(_) => {
            println!("No folder {} (give another with --dir).", args.dir.display());
            return Ok(Outcome::Ok);
        }
    };
    files.sort();
    println!("Scenario files in {}:", args.dir.display());
    for path in files {
        match crate::source::load_file(&path) {
            Ok(s) => println!("  {:<40} {} / {}", path.display(), s.file.title.zh, s.file.title.en),
            Err(e) => println!(
                "  {:<40} cannot load: {}",
                path.display(),
                e.to_string().lines().next().unwrap_or("")
            ),
        }
    }
    Ok(Outcome::Ok)
}
