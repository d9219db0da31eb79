//! Total ownership and voting interest over the relation graph (in progress).
