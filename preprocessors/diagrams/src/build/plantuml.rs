//! PlantUML's part of a build: its settings once (launcher, versions,
//! sandbox), then its diagrams in as few JVMs as their includes allow.

use super::{Build, Job};
use crate::draw::DrawError;
use crate::kind::Program;
use crate::plantuml::{self, Settings, Unusable};
use crate::program::{self, Found};
use std::collections::BTreeMap;
use std::path::PathBuf;

impl Build<'_> {
    /// How PlantUML runs in this build, or why it cannot (no Java for a jar,
    /// a JVM that does not start, no sandbox possible): said once, as an error.
    pub(super) fn plantuml_settings(&self, found: &Found) -> Result<Settings, Unusable> {
        let dot = program::find(&self.command(Program::Dot)).map_or_else(|| PathBuf::from("dot"), |f| f.path);
        Settings::prepare(
            found,
            self.config,
            &self.cache,
            &self.ctx.root,
            self.shared.dirs(),
            dot,
            self.timeout,
        )
    }

    pub(super) fn draw_plantuml(
        &self,
        jobs: &[&(usize, Job<'_>)],
        settings: Option<&Settings>,
    ) -> Vec<(usize, Result<String, DrawError>)> {
        let Some(settings) = settings else {
            return jobs.iter().map(|(i, _)| (*i, Err(DrawError::Missing))).collect();
        };
        let mut results: Vec<(usize, Result<String, DrawError>)> = Vec::new();
        // PlantUML resolves a relative `!include` from its working folder, so
        // diagrams that include files run in their chapter's folder: one JVM
        // per such folder, the others joining the first (usually just one JVM).
        let mut groups: BTreeMap<PathBuf, Vec<(usize, String)>> = BTreeMap::new();
        let mut anywhere = Vec::new();
        for (i, job) in jobs {
            let source = job.fence.source.clone();
            if let Some(why) = plantuml::refuse_network(&source) {
                results.push((*i, Err(DrawError::Refused(why))));
            } else if plantuml::reads_files(&source) {
                groups.entry(job.dir.clone()).or_default().push((*i, source));
            } else {
                anywhere.push((*i, source));
            }
        }
        if groups.is_empty() && anywhere.is_empty() {
            return results;
        }
        match groups.values_mut().next() {
            Some(first) => first.extend(anywhere),
            None => {
                groups.insert(settings.book_root.clone(), anywhere);
            }
        }
        // At most one JVM per core at a time: a JVM is heavy, and books have many folders.
        let groups: Vec<(&PathBuf, &Vec<(usize, String)>)> = groups.iter().collect();
        let per_round = std::thread::available_parallelism().map_or(2, usize::from);
        for round in groups.chunks(per_round) {
            std::thread::scope(|s| {
                let runs: Vec<_> = round
                    .iter()
                    .map(|(dir, group)| {
                        let handle = s.spawn(move || {
                            let sources: Vec<String> = group.iter().map(|(_, source)| source.clone()).collect();
                            let jvm = plantuml::Jvm {
                                settings,
                                dir,
                                timeout: self.timeout,
                            };
                            jvm.draw_all(&sources)
                        });
                        (group, handle)
                    })
                    .collect();
                for (group, run) in runs {
                    match run.join() {
                        Ok(drawn) => {
                            let mut drawn = drawn.into_iter();
                            for (i, _) in group.iter() {
                                let result = drawn.next().unwrap_or_else(|| {
                                    Err(DrawError::Failed(
                                        "PlantUML returned fewer pictures than diagrams".to_owned(),
                                    ))
                                });
                                results.push((*i, result));
                            }
                        }
                        // A worker that panicked: each of its diagrams says so, as an error.
                        Err(panic) => {
                            let why = handbook_core::diagnostics::panic_message(panic.as_ref());
                            results.extend(group.iter().map(|(i, _)| (*i, Err(DrawError::Panicked(why.clone())))));
                        }
                    }
                }
            });
        }
        results
    }
}
