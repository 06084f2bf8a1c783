// TEMPORARY compile stub, replaced by the real module.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Field {
    Name,
    Email,
    Org,
    Tag,
}
#[derive(Clone, Debug, Default)]
pub struct SearchDoc {
    pub id: i64,
    pub name: String,
    pub emails: Vec<String>,
    pub org: Option<String>,
    pub tags: Vec<String>,
    pub last_contact: Option<i64>,
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub id: i64,
    pub score: i64,
    pub field: Field,
    pub name_positions: Vec<usize>,
}
#[derive(Default)]
pub struct SearchIndex {
    docs: Vec<SearchDoc>,
}
impl SearchIndex {
    pub fn new(docs: Vec<SearchDoc>) -> Self {
        SearchIndex { docs }
    }
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.docs
            .iter()
            .filter_map(|d| score_doc(d, query))
            .collect()
    }
}
pub fn score_doc(doc: &SearchDoc, query: &str) -> Option<Hit> {
    fold(&doc.name).contains(&fold(query)).then(|| Hit {
        id: doc.id,
        score: 1,
        field: Field::Name,
        name_positions: vec![],
    })
}
impl SearchIndex {
    pub fn len(&self) -> usize {
        self.docs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
    pub fn upsert(&mut self, doc: SearchDoc) {
        self.remove(doc.id);
        self.docs.push(doc);
    }
    pub fn remove(&mut self, id: i64) {
        self.docs.retain(|d| d.id != id);
    }
    pub fn get(&self, id: i64) -> Option<&SearchDoc> {
        self.docs.iter().find(|d| d.id == id)
    }
    pub fn refine(&self, _prev_query: &str, _prev: &[Hit], query: &str) -> Vec<Hit> {
        self.search(query)
    }
}
