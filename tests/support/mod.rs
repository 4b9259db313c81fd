//! A small builder of engagements through the library (the ops layer), so tests set up
//! their fixtures without spawning the binary for every step.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use dengbao::catalog::{Catalog, Extensions};
use dengbao::domain::evidence::Interview;
use dengbao::domain::object::{NewObject, Profile};
use dengbao::domain::result::ResultUpdate;
use dengbao::domain::{ObjectKind, Risk, Verdict};
use dengbao::ops;
use dengbao::ops::attach::AttachOptions;
use dengbao::ops::engagement::NewEngagement;
use dengbao::store::Store;

pub const ACTOR: &str = "测评师甲";

/// An engagement being built.
pub struct Builder {
    pub store: Store,
    pub path: PathBuf,
}

impl Builder {
    /// A level-3 HIS engagement with a machine room, a server and a database.
    pub fn level3(dir: &Path, name: &str) -> Builder {
        let catalog = Catalog::shipped().0;
        let path = dir.join(name);
        let new = NewEngagement {
            system: "HIS 医院信息系统".into(),
            org: "示例人民医院".into(),
            level: 3,
            hospital_grade: None,
            extensions: Extensions::default(),
        };
        let store = ops::engagement::create(&catalog, &path, &new, ACTOR).unwrap();
        let mut b = Builder { store, path };
        for (kind, object) in [
            (ObjectKind::Server, "HIS-APP-01"),
            (ObjectKind::Database, "HIS-DB"),
            (ObjectKind::MachineRoom, "主机房"),
        ] {
            b.object(kind, object);
        }
        b
    }

    pub fn object(&mut self, kind: ObjectKind, name: &str) -> &mut Self {
        ops::objects::add(
            &mut self.store,
            &NewObject {
                kind,
                name: name.into(),
                detail: String::new(),
                profile: Profile::default(),
            },
        )
        .unwrap();
        self
    }

    pub fn set(&mut self, item: &str, object: Option<&str>, update: ResultUpdate) -> &mut Self {
        let pair = ops::results::pair(&self.store, item, object, || None).unwrap();
        ops::results::set(&mut self.store, &pair, &update).unwrap();
        self
    }

    pub fn verdict(&mut self, item: &str, object: Option<&str>, verdict: Verdict) -> &mut Self {
        self.set(
            item,
            object,
            ResultUpdate {
                verdict: Some(verdict),
                ..Default::default()
            },
        )
    }

    pub fn finding(&mut self, item: &str, object: Option<&str>, record: &str, risk: Risk) -> &mut Self {
        self.set(
            item,
            object,
            ResultUpdate {
                verdict: Some(Verdict::NonCompliant),
                record: Some(record.into()),
                risk: Some(risk),
                ..Default::default()
            },
        )
    }

    /// Attaches a file with `bytes` named `name` (written next to the engagement).
    pub fn attach(&mut self, item: &str, object: Option<&str>, name: &str, bytes: &[u8]) -> &mut Self {
        let file = self.path.with_file_name(name);
        std::fs::File::create(&file).unwrap().write_all(bytes).unwrap();
        let pair = ops::results::pair(&self.store, item, object, || None).unwrap();
        ops::attach::file(
            &mut self.store,
            &file,
            &pair,
            &AttachOptions::default(),
            &mut |_| true,
        )
        .unwrap();
        self
    }

    pub fn interview(&mut self, item: &str, who: &str) -> &mut Self {
        let pair = ops::results::pair(&self.store, item, None, || None).unwrap();
        ops::attach::interview(
            &mut self.store,
            &Interview {
                who: who.into(),
                role: "信息科主任".into(),
                at: "2026-11-18T02:00:00Z".into(),
                summary: "安全方针每年评审".into(),
            },
            &pair,
        )
        .unwrap();
        self
    }

    /// A typical engagement: results, a finding, evidence and an interview.
    pub fn typical(dir: &Path, name: &str) -> PathBuf {
        let mut b = Builder::level3(dir, name);
        b.verdict("L3-PES1-03", Some("主机房"), Verdict::Compliant)
            .finding("L3-CES1-01", Some("HIS-DB"), "未落实口令复杂度策略", Risk::High)
            .attach(
                "L3-CES1-01",
                Some("HIS-DB"),
                "口令策略.png",
                b"\x89PNG\r\n\x1a\n policy",
            )
            .interview("L3-PSS1-01", "王五");
        b.done()
    }

    /// Closes the store and returns the file's path.
    pub fn done(self) -> PathBuf {
        drop(self.store);
        self.path
    }
}
