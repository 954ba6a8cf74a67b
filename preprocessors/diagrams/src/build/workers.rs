//! Drawing the jobs of one build: in-process and single-program diagrams
//! on one worker per core, PlantUML in as few JVMs as its includes allow.

use super::{Build, Job};
use crate::draw::{self, DrawError};
use crate::kind::{Kind, Program};
use crate::plantuml;
use crate::program::{self, Found};
use std::collections::BTreeMap;
use std::path::PathBuf;

impl Build<'_> {
    /// Draws every job: one worker per core over the per-diagram jobs, and all
    /// PlantUML jobs together in one JVM on a thread of their own.
    pub(super) fn draw(
        &self,
        jobs: &[(usize, Job<'_>)],
        programs: &BTreeMap<Program, Option<Found>>,
    ) -> Vec<(usize, Result<String, DrawError>)> {
        let path = |p: Program| programs.get(&p).and_then(Option::as_ref).map(|f| f.path.clone());
        let (puml, single): (Vec<_>, Vec<_>) = jobs.iter().partition(|(_, j)| j.fence.kind == Kind::PlantUml);
        let next = std::sync::atomic::AtomicUsize::new(0);
        let workers = std::thread::available_parallelism()
            .map_or(2, usize::from)
            .min(single.len().max(1));
        std::thread::scope(|s| {
            let plantuml = (!puml.is_empty()).then(|| s.spawn(|| self.draw_plantuml(&puml, path(Program::PlantUml))));
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    s.spawn(|| {
                        let mut out = Vec::new();
                        loop {
                            let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some((i, job)) = single.get(n) else { break };
                            out.push((*i, self.draw_one(job, &path)));
                        }
                        out
                    })
                })
                .collect();
            let mut all: Vec<_> = handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect();
            if let Some(h) = plantuml {
                all.extend(h.join().unwrap_or_default());
            }
            all
        })
    }

    fn draw_one(&self, job: &Job<'_>, path: &impl Fn(Program) -> Option<PathBuf>) -> Result<String, DrawError> {
        let source = &job.fence.source;
        match job.fence.kind {
            Kind::Dot => draw::dot(
                &path(Program::Dot).ok_or(DrawError::Missing)?,
                source,
                &job.dir,
                self.timeout,
            ),
            Kind::D2 => draw::d2(
                &path(Program::D2).ok_or(DrawError::Missing)?,
                source,
                &job.dir,
                self.timeout,
            ),
            kind => draw::in_process(kind, source),
        }
    }

    fn draw_plantuml(
        &self,
        jobs: &[&(usize, Job<'_>)],
        path: Option<PathBuf>,
    ) -> Vec<(usize, Result<String, DrawError>)> {
        let Some(path) = path else {
            return jobs.iter().map(|(i, _)| (*i, Err(DrawError::Missing))).collect();
        };
        let mut results: Vec<(usize, Result<String, DrawError>)> = Vec::new();
        let mut batch = Vec::new();
        for (i, job) in jobs {
            match plantuml::refuse_network(&job.fence.source) {
                Some(why) => results.push((*i, Err(DrawError::Refused(why)))),
                None => batch.push((*i, job)),
            }
        }
        if batch.is_empty() {
            return results;
        }
        let root = std::fs::canonicalize(&self.ctx.root).unwrap_or_else(|_| self.ctx.root.clone());
        let dot = program::find(&self.command(Program::Dot)).map_or_else(|| PathBuf::from("/usr/bin/dot"), |f| f.path);
        // Named by content and written atomically: a build of another book
        // sharing the cache (another root in the policy) never swaps or
        // half-writes the policy this JVM reads.
        let policy = match self
            .cache
            .put_file("plantuml", "policy", &plantuml::policy(&root, &dot))
        {
            Ok(policy) => policy,
            Err(e) => {
                let why = format!(
                    "could not write the PlantUML security policy in {}: {e}",
                    self.cache.dir().display()
                );
                results.extend(batch.iter().map(|(i, _)| (*i, Err(DrawError::Failed(why.clone())))));
                return results;
            }
        };
        // PlantUML resolves a relative `!include` from its working folder, so
        // diagrams that include files run in their chapter's folder: one JVM
        // per such folder, the others joining the first (usually just one JVM).
        let mut groups: BTreeMap<PathBuf, Vec<(usize, String)>> = BTreeMap::new();
        let mut anywhere = Vec::new();
        for (i, job) in batch {
            let source = job.fence.source.clone();
            if plantuml::reads_files(&source) {
                groups.entry(job.dir.clone()).or_default().push((i, source));
            } else {
                anywhere.push((i, source));
            }
        }
        match groups.values_mut().next() {
            Some(first) => first.extend(anywhere),
            None => {
                groups.insert(root.clone(), anywhere);
            }
        }
        // At most one JVM per core at a time: a JVM is heavy, and books have many folders.
        let groups: Vec<(&PathBuf, &Vec<(usize, String)>)> = groups.iter().collect();
        let per_round = std::thread::available_parallelism().map_or(2, usize::from);
        let mut drawn: Vec<(usize, Result<String, DrawError>)> = Vec::new();
        for round in groups.chunks(per_round) {
            std::thread::scope(|s| {
                let runs: Vec<_> = round
                    .iter()
                    .map(|(dir, group)| {
                        let (path, policy, dot) = (&path, &policy, &dot);
                        let handle = s.spawn(move || {
                            let sources: Vec<String> = group.iter().map(|(_, source)| source.clone()).collect();
                            let jvm = plantuml::Jvm {
                                program: path,
                                policy_file: policy,
                                dot,
                                dir,
                                timeout: self.timeout,
                            };
                            jvm.draw_all(&sources)
                        });
                        (group, handle)
                    })
                    .collect();
                for (group, run) in runs {
                    // A worker that panicked draws nothing: each of its diagrams says so.
                    let results = run.join().unwrap_or_default();
                    let mut results = results.into_iter();
                    for (i, _) in group.iter() {
                        let result = results.next().unwrap_or_else(|| {
                            Err(DrawError::Failed("the PlantUML worker stopped unexpectedly".to_owned()))
                        });
                        drawn.push((*i, result));
                    }
                }
            });
        }
        results.extend(drawn);
        results
    }
}
