//! Drawing the jobs of one build: in-process and single-program diagrams
//! on one worker per core, PlantUML in as few JVMs as its includes allow.

use super::{Build, Job};
use crate::draw::{self, DrawError};
use crate::kind::{Kind, Program};
use crate::plantuml::Settings;
use crate::program::Found;
use handbook_core::diagnostics::panic_message;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

impl Build<'_> {
    /// Draws every job: one worker per core over the per-diagram jobs, and all
    /// PlantUML jobs together in one JVM on a thread of their own.
    pub(super) fn draw(
        &self,
        jobs: &[(usize, Job<'_>)],
        programs: &BTreeMap<Program, Option<Found>>,
        plantuml: Option<&Settings>,
    ) -> Vec<(usize, Result<String, DrawError>)> {
        let path = |p: Program| programs.get(&p).and_then(Option::as_ref).map(|f| f.path.clone());
        let (puml, single): (Vec<_>, Vec<_>) = jobs.iter().partition(|(_, j)| j.fence.kind == Kind::PlantUml);
        let next = std::sync::atomic::AtomicUsize::new(0);
        // Each result as soon as it is drawn: a worker that panics loses only the diagram it was on.
        let done: Mutex<BTreeMap<usize, Result<String, DrawError>>> = Mutex::new(BTreeMap::new());
        let workers = std::thread::available_parallelism()
            .map_or(2, usize::from)
            .min(single.len().max(1));
        let mut panics = Vec::new();
        let mut all = std::thread::scope(|s| {
            let plantuml = (!puml.is_empty()).then(|| s.spawn(|| self.draw_plantuml(&puml, plantuml)));
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    s.spawn(|| {
                        loop {
                            let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some((i, job)) = single.get(n) else { break };
                            let result = self.draw_one(job, &path);
                            if let Ok(mut done) = done.lock() {
                                done.insert(*i, result);
                            }
                        }
                    })
                })
                .collect();
            for handle in handles {
                if let Err(panic) = handle.join() {
                    panics.push(panic_message(panic.as_ref()));
                }
            }
            let mut all = Vec::new();
            if let Some(h) = plantuml {
                match h.join() {
                    Ok(drawn) => all.extend(drawn),
                    Err(panic) => {
                        let why = panic_message(panic.as_ref());
                        all.extend(puml.iter().map(|(i, _)| (*i, Err(DrawError::Panicked(why.clone())))));
                    }
                }
            }
            all
        });
        let mut done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Jobs a panicking worker took and never finished.
        let why = panics.join("; ");
        for (i, _) in &single {
            let result = done.remove(i).unwrap_or_else(|| Err(DrawError::Panicked(why.clone())));
            all.push((*i, result));
        }
        all
    }

    fn draw_one(&self, job: &Job<'_>, path: &impl Fn(Program) -> Option<PathBuf>) -> Result<String, DrawError> {
        let source = &job.fence.source;
        #[cfg(test)]
        if source.contains(tests::PANIC_IN_WORKER) {
            panic!("a worker panics, as the test asked");
        }
        match job.fence.kind {
            Kind::Dot => draw::dot(
                &path(Program::Dot).ok_or(DrawError::Missing)?,
                source,
                (&job.dir, &self.home()),
                self.timeout,
            ),
            Kind::D2 => draw::d2(
                &path(Program::D2).ok_or(DrawError::Missing)?,
                source,
                (&job.dir, &self.home()),
                self.timeout,
            ),
            kind => draw::in_process_within(kind, source, self.timeout),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use crate::DiagramsPreprocessor;
    use handbook_core::testing::{self, Page};
    use serde_json::json;

    /// A fence holding this makes its worker panic (test builds only).
    pub(crate) const PANIC_IN_WORKER: &str = "hb-test-panic-in-worker";

    #[test]
    fn a_worker_that_panics_is_an_error_naming_the_chapter() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = testing::context(dir.path(), "html", json!({"book": {"src": "src"}}));
        let mut pages = vec![Page::new("b.md", format!("# B\n\n```svgbob\n{PANIC_IN_WORKER}\n```\n"))];
        // Enough other diagrams that every worker has some, before and after the panic.
        for n in 0..6 {
            pages.push(Page::new(
                format!("a{n}.md"),
                format!("# A\n\n```svgbob\n--{n}-->\n```\n"),
            ));
        }
        let run = testing::run(&DiagramsPreprocessor, &ctx, &pages);
        let text = run.diagnostics_text();
        assert!(
            text.starts_with("src/b.md:3: error[internal-panic]: svgbob could not draw this diagram; the block stays as code: diagrams crashed drawing it")
                && text.contains("a worker panics, as the test asked"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(run.diagnostics.fails(false), "the build fails");
        assert!(run.contents[0].contains(PANIC_IN_WORKER), "the block stays");
        for (n, page) in run.contents.iter().enumerate().skip(1) {
            assert!(page.contains("<svg"), "page a{} lost its diagram: {page}", n - 1);
        }
    }
}
