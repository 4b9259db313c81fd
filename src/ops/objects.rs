//! Evaluated objects: adding, changing and removing them.

use super::{Field, Result, required};
use crate::domain::object::{NewObject, Object};
use crate::store::Store;

/// Adds an object (its name trimmed; names are unique in an engagement).
pub fn add(store: &mut Store, new: &NewObject) -> Result<Object> {
    required(Field::ObjectName, &new.name)?;
    Ok(store.add_object(new)?)
}

/// Changes an object (found by name).
pub fn edit(store: &mut Store, name: &str, new: &NewObject) -> Result<Object> {
    required(Field::ObjectName, &new.name)?;
    let object = find(store, name)?;
    if object.system_level {
        return Err(super::OpsError::Input(format!(
            "'{name}' is a system-level object and cannot be changed"
        )));
    }
    Ok(store.edit_object(object.id, new)?)
}

/// What removing an object would take, or took.
pub use crate::store::objects::Removal;

/// Removes an object (found by name). Without `force`, an object with results or
/// evidence links is refused, saying how many would go.
pub fn remove(store: &mut Store, name: &str, force: bool) -> Result<Removal> {
    let object = find(store, name)?;
    if object.system_level {
        return Err(super::OpsError::SystemObject(name.to_string()));
    }
    let removal = store.removal_of(object.id)?;
    if !force && (removal.results > 0 || removal.links > 0) {
        return Err(super::OpsError::WouldLose {
            name: name.to_string(),
            results: removal.results,
            links: removal.links,
        });
    }
    Ok(store.remove_object(object.id)?)
}

fn find(store: &Store, name: &str) -> Result<Object> {
    let objects = store.objects()?;
    objects.iter().find(|o| o.name == name).cloned().ok_or_else(|| {
        super::OpsError::Object(crate::domain::object::ObjectChoice::Unknown {
            name: name.to_string(),
            closest: crate::domain::object::closest(name, objects.iter().map(|o| o.name.as_str()), 3)
                .into_iter()
                .map(str::to_string)
                .collect(),
        })
    })
}
