//! What the console's producer pages read: a subject's products with their certificate
//! status, its recent batches, the last batch (to prefill a new one) and whether a serial
//! range was printed before. Every verb is confined like the API's.

use super::{App, BatchView, ServiceError};
use crate::domain::{
    Action, Batch, CertStatus, Certificate, Principal, PrintRun, Product, Subject, SubjectId,
};

/// A product with the certificate in force today.
#[derive(Debug, Clone)]
pub struct ProductLine {
    pub product: Product,
    pub certificate: Option<Certificate>,
    /// Status today; `None` without a certificate.
    pub status: Option<CertStatus>,
    /// Days until the certificate ends (negative once it has).
    pub days_left: Option<i64>,
}

impl ProductLine {
    /// True if a batch may be issued under it today.
    pub fn issuable(&self) -> bool {
        self.status.is_some_and(CertStatus::is_valid)
    }
}

/// A producer's home: their subject, products and latest batches (newest first).
#[derive(Debug)]
pub struct ProducerHome {
    pub subject: Subject,
    pub products: Vec<ProductLine>,
    pub batches: Vec<BatchView>,
    /// Scans this month and what needs attention.
    pub attention: super::producer_desk::Attention,
}

/// How many batches the home page lists.
const RECENT: usize = 10;

impl App {
    /// The subject a producer's person acts for; refused for anyone else.
    pub fn own_subject(&self, who: &Principal) -> Result<Subject, ServiceError> {
        let id = who
            .subject_id
            .filter(|_| who.role.is_producer())
            .ok_or_else(|| ServiceError::Forbidden("only a producer has a home page".into()))?;
        who.check(Action::ReadSubject(id))?;
        self.store
            .subject(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("subject {id} does not exist")))
    }

    /// A subject's products with their certificate status today.
    pub fn subject_products(
        &self,
        who: &Principal,
        subject: SubjectId,
    ) -> Result<Vec<ProductLine>, ServiceError> {
        who.check(Action::ReadSubject(subject))?;
        let today = self.clock.today();
        let mut lines = Vec::new();
        // Products are few per province; a scan keeps the store free of another index.
        for product in self.store.products(None, usize::MAX)? {
            if product.subject_id != subject {
                continue;
            }
            let certificate = self.current_certificate(product.id)?;
            lines.push(ProductLine {
                status: certificate.as_ref().map(|c| c.status_on(today)),
                days_left: certificate
                    .as_ref()
                    .map(|c| (c.valid_until - today).num_days()),
                certificate,
                product,
            });
        }
        Ok(lines)
    }

    /// The producer's home page facts.
    pub fn producer_home(&self, who: &Principal) -> Result<ProducerHome, ServiceError> {
        let subject = self.own_subject(who)?;
        let products = self.subject_products(who, subject.id)?;
        let all = self.store.batches(Some(subject.id), None, usize::MAX)?;
        let attention = self.attention(who, subject.id, &all, &products)?;
        let batches = all
            .into_iter()
            .rev()
            .take(RECENT)
            .map(|b| {
                Ok(BatchView {
                    recall: self.store.recall(b.id)?,
                    log_index: None,
                    batch: b,
                })
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        Ok(ProducerHome {
            subject,
            products,
            batches,
            attention,
        })
    }

    /// The caller's most recent batch (a new batch form starts from its origin).
    pub fn last_batch(&self, who: &Principal) -> Result<Option<Batch>, ServiceError> {
        let subject = self.own_subject(who)?;
        Ok(self
            .store
            .batches(Some(subject.id), None, usize::MAX)?
            .pop())
    }

    /// The earlier print runs that overlap `from..=to` (nothing is recorded).
    pub fn overlapping_runs(
        &self,
        who: &Principal,
        id: u64,
        from: u32,
        to: u32,
    ) -> Result<Vec<PrintRun>, ServiceError> {
        Ok(self
            .print_runs(who, id)?
            .into_iter()
            .filter(|r| r.from <= to && from <= r.to)
            .collect())
    }
}

/// What the accounts page shows: the accounts the caller manages, and what a new one may be.
#[derive(Debug)]
pub struct AccountDirectory {
    pub accounts: Vec<crate::domain::Account>,
    /// Subjects a new producer's account may belong to.
    pub subjects: Vec<Subject>,
    /// Roles the caller may give.
    pub roles: Vec<crate::domain::Role>,
}

impl App {
    /// The accounts page; refused to anyone who manages no account at all.
    pub fn account_directory(&self, who: &Principal) -> Result<AccountDirectory, ServiceError> {
        let mut roles: Vec<_> = crate::domain::Role::ALL
            .into_iter()
            .filter(|r| r.for_people())
            .filter(|r| who.may(Action::ManageAccount(*r, who.subject_id)))
            .collect();
        // Producers' accounts are the everyday case: first, so they are the default choice.
        roles.sort_by_key(|r| !r.is_producer());
        if roles.is_empty() {
            return Err(ServiceError::Forbidden(
                "this account manages no accounts".into(),
            ));
        }
        let subjects = if who.role.reads_all() {
            self.store.subjects(None, usize::MAX)?
        } else {
            vec![self.own_subject(who)?]
        };
        Ok(AccountDirectory {
            accounts: self.managed_accounts(who)?,
            subjects,
            roles,
        })
    }
}

/// What the new-batch form starts from: the products (issuable first) and the last batch.
#[derive(Debug)]
pub struct BatchFormFacts {
    pub products: Vec<ProductLine>,
    pub last: Option<Batch>,
}

/// A batch page: the batch, its product, print runs, and what the caller may do with it.
#[derive(Debug)]
pub struct BatchPage {
    pub view: BatchView,
    pub product: Option<Product>,
    pub runs: Vec<PrintRun>,
    pub pins: bool,
    pub may_recall: bool,
    /// Traceability events, in recording order.
    pub events: Vec<crate::domain::TraceEvent>,
    /// Whether the caller may record events and print (the subject's people, the office).
    pub may_act: bool,
}

impl App {
    /// The new-batch form's products and prefill.
    pub fn batch_form_facts(&self, who: &Principal) -> Result<BatchFormFacts, ServiceError> {
        let subject = self.own_subject(who)?;
        let mut products = self.subject_products(who, subject.id)?;
        products.sort_by_key(|p| !p.issuable());
        Ok(BatchFormFacts {
            products,
            last: self.last_batch(who)?,
        })
    }

    /// One batch as its page shows it (refused like [`App::batch_view`]).
    pub fn batch_page(&self, who: &Principal, id: u64) -> Result<BatchPage, ServiceError> {
        let view = self.batch_view(who, id)?;
        Ok(BatchPage {
            product: self.store.product(view.batch.product_id)?,
            runs: self.store.print_runs(id)?,
            pins: self.store.pin_secret(id)?.is_some(),
            may_recall: view.recall.is_none() && who.may(Action::Recall(view.batch.subject_id)),
            events: self.store.trace_events(id)?,
            may_act: who.may(Action::ActFor(view.batch.subject_id)),
            view,
        })
    }
}
