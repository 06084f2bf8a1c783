//! Any bytes as a CSV file: the whole import pipeline, as in
//! `import_pipeline.rs`, with the format forced, so every input reaches the
//! CSV reader whatever it looks like.

#[path = "import_pipeline.rs"]
mod import_pipeline;

pub fn run(data: &[u8]) {
    import_pipeline::run(data, kith::formats::Format::Csv);
}
