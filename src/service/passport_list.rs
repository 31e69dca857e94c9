//! What the producer's passport list reads: each of the subject's products as its editing
//! page reads it, so that the list can say what every label still lacks.

use super::{App, ContentView, ServiceError};
use crate::domain::Principal;

impl App {
    /// The producer's products, in the home page's order, each with its passport and the
    /// label fields its group still lacks.
    pub fn passport_list(&self, who: &Principal) -> Result<Vec<ContentView>, ServiceError> {
        let home = self.producer_home(who)?;
        home.products
            .iter()
            .map(|l| self.content_view(who, l.product.id))
            .collect()
    }
}

#[cfg(test)]
mod tests {

    use crate::domain::{Principal, Role};

    use crate::store::testing;

    #[test]
    fn a_producer_lists_its_own_products_and_an_inspector_has_no_list() {
        let temp = testing::temp().unwrap_or_else(|e| panic!("{e}"));
        let app = crate::service::test_app::app(&temp, Some(5));
        crate::demo::load(&app).unwrap_or_else(|e| panic!("{e}"));
        let subject = app.store.subjects(None, 1).unwrap_or_default()[0].id;
        let producer = Principal {
            token_id: "acct_2".into(),
            role: Role::ProducerManager,
            subject_id: Some(subject),
        };
        let views = app
            .passport_list(&producer)
            .unwrap_or_else(|e| panic!("{e}"));
        let home = app
            .producer_home(&producer)
            .unwrap_or_else(|e| panic!("{e}"));
        let ids = |v: Vec<u64>| v;
        assert_eq!(
            ids(views.iter().map(|v| v.product.id).collect()),
            ids(home.products.iter().map(|l| l.product.id).collect())
        );
        assert!(!views.is_empty());
        assert!(views.iter().all(|v| v.product.subject_id == subject));
        let inspector = Principal {
            role: Role::Inspector,
            subject_id: None,
            ..producer
        };
        assert!(app.passport_list(&inspector).is_err());
    }
}
