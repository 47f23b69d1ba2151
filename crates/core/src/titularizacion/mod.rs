//! The titularización engine (SPEC §4, seed 003: CLASS INTERNATIONAL RATING, *Metodología
//! de Calificación de Titularizaciones*), one module per concept:
//!
//! | module | concept | rules |
//! |---|---|---|
//! | [`categoria`] | categories AAA…E with ± and their definitions | T-1 |
//! | [`factor`] | the nine factors, their checklists, required documents | T-2, T-4 |
//! | [`ponderacion`] | weights, bands and parameters as versioned data | T-3 |
//! | [`activo`] | asset types and their required analyses | T-5 |
//! | [`caso`] | the case and its validation (no field for any solvency) | T-4 |
//! | [`flujo`] | projected flows and stress scenarios | T-7 |
//! | [`waterfall`] | priority of payments, exact to the cent | T-7 |
//! | [`indice`] | índice de siniestralidad / desviación, coverage multiple | T-8 |
//! | [`mecanismo`] | coverage mechanisms with amounts and order of use | T-9 |
//! | [`montecarlo`] | seeded probability of timely payment | T-10 |
//! | [`clase`] | classes, schedules, seniority cap | T-12 |
//! | [`equilibrio`] | punto de equilibrio, regulatory and analytical | T-13 |
//! | [`calificacion`] | the indicative rating with its trace | T-3…T-13, T-6, T-11 |

pub mod activo;
pub mod calificacion;
pub mod caso;
pub mod categoria;
pub mod clase;
pub mod equilibrio;
pub mod factor;
pub mod flujo;
pub mod indice;
pub mod mecanismo;
pub mod montecarlo;
pub mod ponderacion;
pub mod waterfall;

pub use calificacion::{rate, Calificacion};
pub use caso::{CaseError, Titularizacion};
pub use categoria::Categoria;
pub use ponderacion::Ponderacion;
