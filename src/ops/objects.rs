//! Evaluated objects: adding them.

use super::{Field, Result, required};
use crate::domain::object::{NewObject, Object};
use crate::store::Store;

/// Adds an object (its name trimmed; names are unique in an engagement).
pub fn add(store: &mut Store, new: &NewObject) -> Result<Object> {
    required(Field::ObjectName, &new.name)?;
    Ok(store.add_object(new)?)
}
