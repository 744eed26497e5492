//! A seeded generator of realistic synthetic 1:1 chats, and writers that turn
//! them into export files (WhatsApp Android and iOS).
//!
//! Everything is reproducible from the seed. The demo chat, the scenario
//! tests and the benchmarks all come from here, so no real person's messages
//! are ever needed. The phrases are our own.

mod convo;
mod phrases;
mod rng;
mod scenario;
mod write;

pub use convo::{gamma_mean1, live, normal, Life, Lived};
pub use rng::Rng;
pub use scenario::{generate, Scenario};
pub use write::{write_whatsapp, WhatsAppStyle};
