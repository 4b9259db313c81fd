//! The terminal UI's state. Views borrow it; only [`super::update`] changes it.

use super::overlays::Overlay;
use super::screens::home::Home;
use super::screens::workspace::Workspace;
use crate::domain::Lang;

pub struct App {
    pub lang: Lang,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// The outcome of the last action, shown in the footer.
    pub message: Option<Message>,
    /// Jobs sent to the worker and not answered yet.
    pub pending: usize,
    pub quit: bool,
    /// A long job under way (attaching, rendering), with its progress.
    pub busy: Option<Busy>,
    /// Set to stop the running job; the worker reads it.
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// A submitted form whose job the worker has not answered yet; a refusal brings it
    /// back, showing why at the field.
    pub waiting_form: Option<Box<super::overlays::form::Form>>,
    /// The key bindings: embedded defaults, with the user's key map merged over them.
    pub keys: Vec<super::keymap::Binding>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Busy {
    pub what: String,
    pub done: u64,
    pub total: u64,
    pub started: std::time::Instant,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

impl Message {
    pub fn info(text: impl Into<String>) -> Option<Message> {
        Some(Message {
            text: text.into(),
            error: false,
        })
    }

    pub fn error(text: impl Into<String>) -> Option<Message> {
        Some(Message {
            text: text.into(),
            error: true,
        })
    }
}

pub enum Screen {
    Home(Home),
    Engagement(Box<Workspace>),
}

impl App {
    pub fn new(home: Home) -> App {
        App {
            lang: Lang::Zh,
            screen: Screen::Home(home),
            overlay: None,
            message: None,
            pending: 0,
            quit: false,
            busy: None,
            cancel: Default::default(),
            waiting_form: None,
            keys: super::keymap::BINDINGS.clone(),
        }
    }

    pub fn workspace(&self) -> Option<&Workspace> {
        match &self.screen {
            Screen::Engagement(w) => Some(w),
            Screen::Home(_) => None,
        }
    }

    pub fn workspace_mut(&mut self) -> Option<&mut Workspace> {
        match &mut self.screen {
            Screen::Engagement(w) => Some(w),
            Screen::Home(_) => None,
        }
    }
}
