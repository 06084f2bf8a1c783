//! The Segments pane's drawing and keys.
