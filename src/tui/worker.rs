//! The worker: the only owner of the open engagement's [`Store`]. It runs the jobs the
//! UI asks for — opening, creating, saving, undoing, attaching, adding objects, journal
//! entries, rendering the report — one after the other, off the UI thread, reporting
//! progress on long ones and each outcome. What it reports as saved is on disk.

use std::path::{Path, PathBuf};

use super::screens::workspace::ViewState;
use crate::catalog::Catalog;
use crate::catalog::presets::Preset;
use crate::demo::{DemoOptions, generate};
use crate::domain::Lang;
use crate::domain::evidence::{Evidence, Interview, NewJournalEntry};
use crate::domain::object::NewObject;
use crate::domain::result::{ResultState, ResultUpdate};
use crate::domain::snapshot::Snapshot;
use crate::ops::attach::AttachOptions;
use crate::ops::engagement::NewEngagement;
use crate::ops::results::Pair;
use crate::ops::{self, OpsError};
use crate::store::results::NewLink;
use crate::store::{Access, Store, StoreError};

pub use crate::store::results::PairId;

/// A job for the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Open(PathBuf),
    /// Open the sample, writing it first when it does not exist yet.
    OpenSample,
    Create {
        path: PathBuf,
        new: NewEngagement,
        agency: String,
        evaluators: String,
    },
    Save {
        item: String,
        object_id: i64,
        update: ResultUpdate,
    },
    /// Put a result back as it was before the change being undone.
    Undo {
        item: String,
        object_id: i64,
        earlier: Option<ResultState>,
    },
    /// One change to several results, with evidence to link to each.
    Bulk {
        pairs: Vec<PairId>,
        update: ResultUpdate,
        links: Vec<i64>,
    },
    UndoBulk {
        earlier: Vec<(PairId, Option<ResultState>)>,
        links: Vec<NewLink>,
    },
    Attach {
        item: String,
        object_id: i64,
        paths: Vec<PathBuf>,
        opts: AttachOptions,
    },
    Note {
        item: String,
        object_id: i64,
        text: String,
        sensitive: bool,
    },
    Interview {
        item: String,
        object_id: i64,
        interview: Interview,
    },
    Journal(NewJournalEntry),
    /// Changes journal entry `id` (its kind and role stay).
    EditJournal {
        id: i64,
        entry: NewJournalEntry,
    },
    AddObject(NewObject),
    EditObject {
        name: String,
        new: NewObject,
    },
    RemoveObject {
        name: String,
    },
    Sensitive {
        id: i64,
        sensitive: bool,
    },
    /// Resolve the merge conflict of a result by taking one side.
    Take {
        item: String,
        object_id: i64,
        theirs: bool,
    },
    /// Open a piece of evidence in the system's viewer (from a private copy).
    View {
        id: i64,
    },
    Report {
        lang: Lang,
        html: PathBuf,
        pdf: Option<PathBuf>,
    },
    /// Set report details (key, value; an empty value removes one).
    SetDetails(Vec<(String, String)>),
    /// Remember how the engagement's screens were left.
    Remember(Box<ViewState>),
    /// Close the engagement, remembering its screens.
    Close(Box<ViewState>),
}

/// What became of a job.
#[derive(Debug)]
pub enum Outcome {
    /// An engagement opened, with how its screens were left last time.
    Opened {
        path: PathBuf,
        snapshot: Box<Snapshot>,
        state: Option<Box<ViewState>>,
        /// The record presets, and why a user's presets file was skipped.
        presets: Vec<Preset>,
        preset_problems: Vec<String>,
    },
    Saved {
        row: ResultState,
        undo: bool,
    },
    /// A bulk change or its undo; `links` the evidence links the change made.
    /// With links made or taken away, the engagement read again.
    BulkSaved {
        rows: Vec<ResultState>,
        links: Vec<NewLink>,
        undo: bool,
        snapshot: Option<Box<Snapshot>>,
    },
    /// The view state was written (or could not be; that is not worth an error).
    Remembered,
    /// A change of structure (objects, evidence, journal): the engagement read again,
    /// with what to tell the user.
    Reloaded {
        snapshot: Box<Snapshot>,
        note: Note,
    },
    Reported {
        html: PathBuf,
        pdf: Option<PathBuf>,
        pdf_error: Option<String>,
    },
    Viewing(PathBuf),
    /// Back home: the recent engagements.
    Closed(Vec<super::screens::home::Recent>),
    Failed {
        job: Job,
        error: OpsError,
    },
}

/// What a reload was for.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    Attached { count: usize, failed: Vec<String> },
    Added,
    Changed,
    Removed { results: usize, links: usize },
}

/// How far a long job is: bytes done of total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

pub struct Worker {
    store: Option<Store>,
    presets: (Vec<Preset>, Vec<String>),
    packs: Vec<PathBuf>,
    actor: String,
    data_dir: PathBuf,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> OpsError + '_ {
    move |e| {
        OpsError::Store(StoreError::Io {
            path: path.display().to_string(),
            source: e,
        })
    }
}

impl Worker {
    pub fn new(packs: Vec<PathBuf>, actor: &str, data_dir: PathBuf) -> Self {
        Worker {
            store: None,
            presets: crate::catalog::presets::load(&packs),
            packs,
            actor: actor.to_string(),
            data_dir,
        }
    }

    /// Runs a job without progress reports.
    pub fn run(&mut self, job: Job) -> Outcome {
        self.run_with(job, &mut |_| true)
    }

    /// Runs a job; `progress` hears how far a long one is and answers whether to go on.
    pub fn run_with(&mut self, job: Job, progress: &mut dyn FnMut(Progress) -> bool) -> Outcome {
        self.dispatch(&job, progress)
            .unwrap_or_else(|error| Outcome::Failed { job, error })
    }

    fn dispatch(
        &mut self,
        job: &Job,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<Outcome, OpsError> {
        Ok(match job {
            Job::Open(path) => self.open(path)?,
            Job::OpenSample => self.open_sample()?,
            Job::Create {
                path,
                new,
                agency,
                evaluators,
            } => {
                self.store = None;
                let (catalog, _) = Catalog::load(&self.packs);
                let mut store = ops::engagement::create(&catalog, path, new, &self.actor)?;
                if !agency.is_empty() || !evaluators.is_empty() {
                    let info = ops::engagement::InfoChanges {
                        agency: Some(agency.clone()),
                        evaluators: Some(evaluators.clone()),
                        ..Default::default()
                    };
                    ops::engagement::set_info(&mut store, info)?;
                }
                drop(store);
                self.open(path)?
            }
            Job::Save {
                item,
                object_id,
                update,
            } => Outcome::Saved {
                row: self.store()?.set_result(item, *object_id, update)?,
                undo: false,
            },
            Job::Undo {
                item,
                object_id,
                earlier,
            } => {
                let s = self.store()?;
                let head = s
                    .result(item, *object_id)?
                    .and_then(|r| r.revision)
                    .ok_or_else(|| StoreError::Invalid(format!("{item}: no change to undo")))?;
                Outcome::Saved {
                    row: s.undo_result(item, *object_id, earlier.as_ref(), &head)?,
                    undo: true,
                }
            }
            Job::Bulk { pairs, update, links } => {
                let (rows, links) = ops::results::bulk(self.store()?, pairs, update, links)?;
                let snapshot = self.reread(!links.is_empty())?;
                Outcome::BulkSaved {
                    rows,
                    links,
                    undo: false,
                    snapshot,
                }
            }
            Job::UndoBulk { earlier, links } => {
                let rows = self.store()?.undo_results(earlier, links)?;
                let snapshot = self.reread(!links.is_empty())?;
                Outcome::BulkSaved {
                    rows,
                    links: Vec::new(),
                    undo: true,
                    snapshot,
                }
            }
            Job::Attach {
                item,
                object_id,
                paths,
                opts,
            } => {
                let pair = self.pair(item, *object_id)?;
                let total: u64 = paths
                    .iter()
                    .filter_map(|p| std::fs::metadata(p).ok())
                    .map(|m| m.len())
                    .sum();
                let mut before = 0;
                let mut count = 0;
                let mut failed = Vec::new();
                for path in paths {
                    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                    let done = ops::attach::file(self.store()?, path, &pair, opts, &mut |n| {
                        progress(Progress {
                            done: before + n,
                            total,
                        })
                    });
                    before += size;
                    match done {
                        Ok(_) => count += 1,
                        Err(e @ OpsError::NotAttachable { .. }) => failed.push(e.to_string()),
                        Err(e) => return Err(e),
                    }
                }
                self.reload(Note::Attached { count, failed })?
            }
            Job::Note {
                item,
                object_id,
                text,
                sensitive,
            } => {
                let pair = self.pair(item, *object_id)?;
                let opts = AttachOptions {
                    sensitive: *sensitive,
                    ..Default::default()
                };
                ops::attach::text(self.store()?, text, &pair, &opts)?;
                self.reload(Note::Attached {
                    count: 1,
                    failed: Vec::new(),
                })?
            }
            Job::Interview {
                item,
                object_id,
                interview,
            } => {
                let pair = self.pair(item, *object_id)?;
                ops::attach::interview(self.store()?, interview, &pair)?;
                self.reload(Note::Added)?
            }
            Job::Journal(entry) => {
                ops::attach::journal(self.store()?, entry)?;
                self.reload(Note::Added)?
            }
            Job::EditJournal { id, entry } => {
                ops::attach::edit_journal(self.store()?, *id, entry)?;
                self.reload(Note::Changed)?
            }
            Job::AddObject(new) => {
                ops::objects::add(self.store()?, new)?;
                self.reload(Note::Added)?
            }
            Job::EditObject { name, new } => {
                ops::objects::edit(self.store()?, name, new)?;
                self.reload(Note::Changed)?
            }
            Job::RemoveObject { name } => {
                let gone = ops::objects::remove(self.store()?, name, true)?;
                self.reload(Note::Removed {
                    results: gone.results,
                    links: gone.links,
                })?
            }
            Job::Sensitive { id, sensitive } => {
                self.store()?.set_sensitive(*id, *sensitive)?;
                self.reload(Note::Changed)?
            }
            Job::Take {
                item,
                object_id,
                theirs,
            } => {
                let pair = self.pair(item, *object_id)?;
                let side = if *theirs {
                    crate::store::merge::Take::Theirs
                } else {
                    crate::store::merge::Take::Ours
                };
                ops::merge::take(self.store()?, &pair, side)?;
                self.reload(Note::Changed)?
            }
            Job::View { id } => self.view(*id)?,
            Job::Report { lang, html, pdf } => self.report(*lang, html, pdf.as_deref())?,
            Job::SetDetails(pairs) => {
                ops::engagement::set_details(self.store()?, pairs)?;
                self.reload(Note::Changed)?
            }
            Job::Remember(state) => {
                self.remember_state(state);
                Outcome::Remembered
            }
            Job::Close(state) => {
                self.remember_state(state);
                self.store = None;
                Outcome::Closed(super::recent(&self.data_dir))
            }
        })
    }

    fn store(&mut self) -> Result<&mut Store, OpsError> {
        self.store
            .as_mut()
            .ok_or_else(|| OpsError::Input("no engagement is open".into()))
    }

    fn pair(&mut self, item: &str, object_id: i64) -> Result<Pair, OpsError> {
        let s = self.store()?;
        let items = s.items()?;
        let objects = s.objects()?;
        let found = items.into_iter().find(|i| i.id == item);
        let object = objects.into_iter().find(|o| o.id == object_id);
        match (found, object) {
            (Some(item), Some(object)) => Ok(Pair { item, object }),
            _ => Err(OpsError::Input(format!("{item}: not in this engagement"))),
        }
    }

    fn reread(&mut self, wanted: bool) -> Result<Option<Box<Snapshot>>, OpsError> {
        Ok(if wanted {
            Some(Box::new(Snapshot::load(self.store()?)?))
        } else {
            None
        })
    }

    fn remember_state(&mut self, state: &ViewState) {
        if let Some(store) = &self.store {
            super::save_state(&self.data_dir, store.path(), state);
        }
    }

    fn reload(&mut self, note: Note) -> Result<Outcome, OpsError> {
        let snapshot = Snapshot::load(self.store()?)?;
        Ok(Outcome::Reloaded {
            snapshot: Box::new(snapshot),
            note,
        })
    }

    fn open(&mut self, path: &Path) -> Result<Outcome, OpsError> {
        // The previous engagement is closed first: one writer lock at a time.
        self.store = None;
        let store = Store::open(path, Access::Write, &self.actor)?;
        let snapshot = Snapshot::load(&store)?;
        self.store = Some(store);
        super::remember(&self.data_dir, path);
        Ok(Outcome::Opened {
            path: path.to_path_buf(),
            snapshot: Box::new(snapshot),
            state: super::load_state(&self.data_dir, path).map(Box::new),
            presets: self.presets.0.clone(),
            preset_problems: self.presets.1.clone(),
        })
    }

    fn open_sample(&mut self) -> Result<Outcome, OpsError> {
        let path = self.data_dir.join("sample.dengbao");
        if !path.exists() {
            std::fs::create_dir_all(&self.data_dir).map_err(io(&self.data_dir))?;
            let (catalog, _) = Catalog::load(&self.packs);
            generate(&catalog, &path, DemoOptions::default(), &self.actor)?;
        }
        self.open(&path)
    }

    /// Copies the piece to a private file (mode 0600) and hands it to the system viewer.
    fn view(&mut self, id: i64) -> Result<Outcome, OpsError> {
        let store = self.store()?;
        let piece: Evidence = store
            .evidence()?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| OpsError::Input(format!("evidence {id} does not exist")))?;
        let dir = std::env::temp_dir().join("dengbao-view");
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let name = format!(
            "{}-{}",
            crate::domain::hex::short(&piece.sha256),
            crate::evidence::names::safe_name(&piece.name)
        );
        let path = dir.join(name);
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let mut file = o.open(&path).map_err(io(&path))?;
        store.read_content(piece.content_id, &mut |chunk| {
            std::io::Write::write_all(&mut file, chunk)
        })?;
        let opener = if cfg!(target_os = "macos") {
            ("open", vec![])
        } else if cfg!(windows) {
            ("cmd", vec!["/C", "start", ""])
        } else {
            ("xdg-open", vec![])
        };
        let spawned = std::process::Command::new(opener.0)
            .args(&opener.1)
            .arg(&path)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        match spawned {
            Ok(_) => Ok(Outcome::Viewing(path)),
            Err(e) => Err(OpsError::Input(format!(
                "{}: {e} ({} is not available; the copy is at {})",
                opener.0,
                opener.0,
                path.display()
            ))),
        }
    }

    fn report(&mut self, lang: Lang, html: &Path, pdf: Option<&Path>) -> Result<Outcome, OpsError> {
        use crate::output::{self, Replace};
        let store = self.store()?;
        let engagement = store.path().to_path_buf();
        let uid = store.engagement()?.uid.to_string();
        let replace = Replace::EarlierOutput {
            uid: &uid,
            what: "report",
        };
        let text = crate::report::render(store, lang, Default::default())
            .map_err(|e| OpsError::Input(e.to_string()))?;
        output::write(html, &engagement, replace, |f| {
            std::io::Write::write_all(f, text.as_bytes())
        })
        .map_err(|e| OpsError::Input(e.to_string()))?;
        let (pdf, pdf_error) = match pdf {
            Some(p) => match crate::report::pdf::print(html, p, &engagement, &uid, replace) {
                Ok(()) => (Some(p.to_path_buf()), None),
                Err(e) => (None, Some(e.to_string())),
            },
            None => (None, None),
        };
        Ok(Outcome::Reported {
            html: html.to_path_buf(),
            pdf,
            pdf_error,
        })
    }
}
