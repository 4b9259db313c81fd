//! The worker: the only owner of the open engagement's [`Store`]. It runs the jobs the
//! UI asks for — opening, saving, undoing — one after the other, off the UI thread, and
//! reports each outcome. What it reports as saved is on disk.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::demo::{DemoOptions, generate};
use crate::domain::result::{ResultState, ResultUpdate};
use crate::domain::snapshot::Snapshot;
use crate::ops::OpsError;
use crate::store::{Access, Store, StoreError};

/// A job for the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Open(PathBuf),
    /// Open the sample, writing it first when it does not exist yet.
    OpenSample,
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
    Close,
}

/// What became of a job.
#[derive(Debug)]
pub enum Outcome {
    Opened {
        path: PathBuf,
        snapshot: Box<Snapshot>,
    },
    Saved {
        row: ResultState,
        undo: bool,
    },
    /// Back home: the recent engagements.
    Closed(Vec<super::screens::home::Recent>),
    Failed {
        job: Job,
        error: OpsError,
    },
}

pub struct Worker {
    store: Option<Store>,
    packs: Vec<PathBuf>,
    actor: String,
    data_dir: PathBuf,
}

impl Worker {
    pub fn new(packs: Vec<PathBuf>, actor: &str, data_dir: PathBuf) -> Self {
        Worker {
            store: None,
            packs,
            actor: actor.to_string(),
            data_dir,
        }
    }

    pub fn run(&mut self, job: Job) -> Outcome {
        let result = match &job {
            Job::Open(path) => self.open(path),
            Job::OpenSample => self.open_sample(),
            Job::Save {
                item,
                object_id,
                update,
            } => self.store().and_then(|s| {
                Ok(Outcome::Saved {
                    row: s.set_result(item, *object_id, update)?,
                    undo: false,
                })
            }),
            Job::Undo {
                item,
                object_id,
                earlier,
            } => self.store().and_then(|s| {
                let head = s
                    .result(item, *object_id)?
                    .and_then(|r| r.revision)
                    .ok_or_else(|| StoreError::Invalid(format!("{item}: no change to undo")))?;
                Ok(Outcome::Saved {
                    row: s.undo_result(item, *object_id, earlier.as_ref(), &head)?,
                    undo: true,
                })
            }),
            Job::Close => {
                self.store = None;
                Ok(Outcome::Closed(super::recent(&self.data_dir)))
            }
        };
        result.unwrap_or_else(|error| Outcome::Failed { job, error })
    }

    fn store(&mut self) -> Result<&mut Store, OpsError> {
        self.store
            .as_mut()
            .ok_or_else(|| OpsError::Input("no engagement is open".into()))
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
        })
    }

    fn open_sample(&mut self) -> Result<Outcome, OpsError> {
        let path = self.data_dir.join("sample.dengbao");
        if !path.exists() {
            std::fs::create_dir_all(&self.data_dir).map_err(|e| StoreError::Io {
                path: self.data_dir.display().to_string(),
                source: e,
            })?;
            let (catalog, _) = Catalog::load(&self.packs);
            generate(&catalog, &path, DemoOptions::default(), &self.actor)?;
        }
        self.open(&path)
    }
}
