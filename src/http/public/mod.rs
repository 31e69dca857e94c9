//! Pages for shoppers and the public: label verdicts, the GS1 resolver, the catalogue and
//! product passport, the dashboard, reports and the photo check.

pub(super) mod advice;
pub(super) mod catalogue_page;
pub(super) mod catalogue_view;
pub(super) mod home;
pub(super) mod label;
pub(super) mod label_view;
pub(super) mod listing_page;
pub(super) mod passport_facts;
pub(super) mod passport_view;
pub(super) mod photo;
pub(super) mod portfolio_page;
pub(super) mod product_view;
pub(super) mod report;
pub(super) mod resolver;
pub(super) mod verdict_page;
