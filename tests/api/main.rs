//! The JSON API and the pages over HTTP, against the real server and a real database.

mod access;
mod admin_pages;
mod assets;
mod audit;
mod bad_input;
mod cli;
mod copies;
mod csv;
mod dashboards;
mod definitions;
mod demo;
mod future_quarters;
mod health;
mod import_pages;
mod lessons;
mod long_lists;
mod measures;
mod organisations;
mod pages;
mod plausibility;
mod reports;
mod sessions;
mod summary;
mod tokens;
mod trusted_figures;
