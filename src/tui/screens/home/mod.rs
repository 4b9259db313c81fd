//! The home screen: the sample, recent engagements (with system, level and last change
//! where they can be read), and opening another file.

pub mod view;

use std::path::PathBuf;

use crate::domain::Lang;
use crate::tui::action::Action;
use crate::tui::overlays::Overlay;
use crate::tui::overlays::prompt::{Prompt, Purpose};
use crate::tui::text::{T, t};
use crate::tui::worker::Job;

#[derive(Debug, Clone, PartialEq)]
pub struct Home {
    pub recent: Vec<Recent>,
    pub selected: usize,
    /// A problem to show (a key map that was ignored).
    pub notice: Option<String>,
}

/// A recently opened engagement, described when its file could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Recent {
    pub path: PathBuf,
    pub summary: Option<String>,
}

/// One entry of the home list.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Sample,
    New,
    Recent(usize),
    OpenPath,
}

impl Home {
    pub fn new(recent: Vec<Recent>) -> Home {
        Home {
            recent,
            selected: 0,
            notice: None,
        }
    }

    pub fn entries(&self) -> Vec<Entry> {
        let mut e = vec![Entry::Sample, Entry::New];
        e.extend((0..self.recent.len()).map(Entry::Recent));
        e.push(Entry::OpenPath);
        e
    }
}

/// What a key on the home screen leads to.
pub enum HomeEffect {
    None,
    Job(Box<Job>),
    Overlay(Box<Overlay>),
    Quit,
}

fn open_prompt(lang: Lang) -> HomeEffect {
    HomeEffect::Overlay(Box::new(Overlay::Prompt(Box::new(Prompt::new(
        Purpose::OpenPath,
        t(lang, T::OpenPrompt),
    )))))
}

fn new_form(h: &Home, lang: Lang) -> HomeEffect {
    let folder = h.recent.first().and_then(|r| r.path.parent());
    HomeEffect::Overlay(Box::new(crate::tui::forms::new_engagement(folder, lang)))
}

pub fn update(h: &mut Home, action: Action, lang: Lang) -> HomeEffect {
    let entries = h.entries();
    match action {
        a if crate::tui::screens::checklist::update::is_move(a) => {
            h.selected = crate::tui::screens::checklist::update::moved(h.selected, entries.len(), a);
            HomeEffect::None
        }
        Action::Back => HomeEffect::Quit,
        Action::OpenSample => HomeEffect::Job(Box::new(Job::OpenSample)),
        Action::OpenPath => open_prompt(lang),
        Action::NewEngagement => new_form(h, lang),
        Action::Enter => match entries.get(h.selected) {
            Some(Entry::Sample) => HomeEffect::Job(Box::new(Job::OpenSample)),
            Some(Entry::Recent(i)) => HomeEffect::Job(Box::new(Job::Open(h.recent[*i].path.clone()))),
            Some(Entry::OpenPath) => open_prompt(lang),
            Some(Entry::New) => new_form(h, lang),
            None => HomeEffect::None,
        },
        _ => HomeEffect::None,
    }
}
