//! Probability of timely payment (SPEC T-10, seed 003 §2 "la probabilidad de que los
//! inversionistas reciban a tiempo el pago de capital e intereses"): a seeded Monte Carlo
//! over deviations of the collections calibrated from the history of the índice (T-8),
//! running the waterfall (T-7) on every path.
//!
//! Model. The per-observation shortfall shares of the history (past-due share, or
//! (projected − actual) / projected) give a mean μ and a sample standard deviation σ. On a
//! path, period t's shortfall is d_t = μ + σ·e_t with e_t = φ·e_{t−1} + √(1 − φ²)·z_t,
//! z_t standard normal and φ the case's `persistence` (0 = independent periods), clamped to
//! [floor, 1] (floor 0 for siniestralidad, −1 for desviación); the collection is the base
//! collection × (1 − d_t), rounded half-even to the cent. With σ = 0 every path is the
//! deterministic waterfall under a volume stress of μ, to the cent (tested).
//!
//! Exactness and speed: inside the hot loop money is `i64` cents and the multiplier a
//! fixed-point integer in parts per 10⁹, so the arithmetic is integer and exact; only the
//! draw of d_t is floating point. Reproducibility: path `i` draws from its own Xoshiro256++
//! generator seeded with a SplitMix64 mix of (the case's seed, `i`), so a path's numbers do
//! not depend on which thread runs it, and per-class tallies are integer sums, so the totals
//! do not depend on the order in which threads finish. No entropy source is ever read.
//! (Xoshiro256++ rather than ChaCha8: the draws are a third of the hot loop, and a
//! cryptographic generator buys nothing for a simulation; measured 37 % faster here.)

use super::waterfall::{Estado, Estructura};
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

/// Monte Carlo settings recorded on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ParametrosMonteCarlo {
    /// Number of paths (1 … 10,000,000).
    pub paths: u32,
    /// The seed: the same seed gives the same numbers on any number of threads.
    pub seed: u64,
    /// Period-to-period persistence φ of the deviations, 0 ≤ φ < 1.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub persistence: Decimal,
}

/// The deviation model calibrated from the history.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Calibracion {
    pub mean: f64,
    pub sd: f64,
    pub persistence: f64,
    /// Lowest shortfall share allowed (0: no upside; −1: collections up to twice the base).
    pub floor: f64,
}

/// Per-class tallies over every path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Paths on which the class was paid in full and on time.
    pub timely: u64,
    /// Σ over paths of the class's unpaid amount at the end, in cents.
    pub unpaid_cents: i128,
}

/// The Monte Carlo result for one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResultadoClase {
    pub name: String,
    /// Share of paths with full timely payment.
    pub p_timely: f64,
    /// Mean unpaid amount at the end as a share of the class's scheduled debt service
    /// (interest + principal).
    pub expected_loss: f64,
    /// Mean unpaid amount at the end, USD (to the cent).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub expected_loss_usd: Decimal,
}

const PPB: i64 = 1_000_000_000;
const CHUNK: u64 = 512;

/// The multiplier (1 − d) in parts per 10⁹, rounded half up. `d ≤ 1`, so the value is
/// never negative and the truncating cast of `x + 0.5` is the rounding (cheaper than
/// `f64::round`, which is a library call on baseline x86-64).
#[inline]
fn multiplier_ppb(d: f64) -> i64 {
    ((1.0 - d) * PPB as f64 + 0.5) as i64
}

/// Largest base (cents) whose product with a multiplier of at most 2 × 10⁹ fits in i64.
const I64_SAFE_BASE: i64 = i64::MAX / (2 * PPB);

/// `base × m / 10⁹` rounded half to even (both non-negative). Uses i64 arithmetic when the
/// product fits (the division by a constant then compiles to a multiplication), i128
/// otherwise; both are exact.
#[inline]
pub fn scale_cents(base: i64, m_ppb: i64) -> i64 {
    if base <= I64_SAFE_BASE && m_ppb <= 2 * PPB {
        let num = base * m_ppb;
        let q = num / PPB;
        let r = num - q * PPB;
        q + i64::from(2 * r > PPB || (2 * r == PPB && q % 2 != 0))
    } else {
        let num = i128::from(base) * i128::from(m_ppb);
        let den = i128::from(PPB);
        let q = num.div_euclid(den);
        let r = num.rem_euclid(den);
        (q + i128::from(2 * r > den || (2 * r == den && q % 2 != 0))) as i64
    }
}

/// The volume stress that σ = 0 reproduces exactly: 1 − m/10⁹ for the multiplier the
/// simulation uses at shortfall `d`.
pub fn equivalent_volume_stress(d: f64) -> Decimal {
    Decimal::ONE - Decimal::new(multiplier_ppb(d), 9)
}

/// The seed of path `path`'s stream: SplitMix64's finaliser over (seed, path), so that
/// neighbouring paths and seeds start far apart in Xoshiro's state space.
#[inline]
fn stream_seed(seed: u64, path: u64) -> u64 {
    let mut z = seed ^ path.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Calibracion {
    /// Shortfall share of every period of path `path`, written into `out`.
    fn path_shortfalls(&self, seed: u64, path: u64, out: &mut [f64]) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(seed, path));
        let phi = self.persistence;
        let innov = (1.0 - phi * phi).sqrt();
        let mut e = 0.0_f64;
        for (t, slot) in out.iter_mut().enumerate() {
            let z: f64 = StandardNormal.sample(&mut rng);
            e = if t == 0 { z } else { phi * e + innov * z };
            *slot = (self.mean + self.sd * e).clamp(self.floor, 1.0);
        }
    }

    /// The collections (cents) of path `path`.
    pub fn path_collections(&self, base_cents: &[i64], seed: u64, path: u64) -> Vec<i64> {
        let mut d = vec![0.0; base_cents.len()];
        self.path_shortfalls(seed, path, &mut d);
        base_cents
            .iter()
            .zip(&d)
            .map(|(b, d)| scale_cents(*b, multiplier_ppb(*d)))
            .collect()
    }
}

/// Runs `paths` paths in parallel and returns one tally per class (seniority order).
pub fn simular(
    base_cents: &[i64],
    estructura: &Estructura<i64>,
    cal: &Calibracion,
    paths: u64,
    seed: u64,
) -> Vec<Tally> {
    simular_tramo(base_cents, estructura, cal, 0..paths, seed).tallies
}

/// Number of buckets of [`Tramo::loss_histogram`]: bucket 0 counts the paths with no loss,
/// bucket `i` (1 … 20) those whose loss share lies in ((i − 1) × 5 %, i × 5 %].
pub const LOSS_BUCKETS: usize = 21;

/// What a range of paths adds up to: one tally per class and the distribution of the
/// paths' loss (unpaid debt service at the end, all classes, as a share of the scheduled
/// total). Tramos of disjoint ranges add up ([`Tramo::add`]) to exactly the tramo of their
/// union, because every path's stream depends only on (seed, path) and the sums are integers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tramo {
    pub tallies: Vec<Tally>,
    pub loss_histogram: [u64; LOSS_BUCKETS],
}

impl Tramo {
    /// The empty tramo of a structure with `classes` classes.
    pub fn empty(classes: usize) -> Tramo {
        Tramo {
            tallies: vec![Tally::default(); classes],
            loss_histogram: [0; LOSS_BUCKETS],
        }
    }

    /// Adds `other` (a disjoint range of paths of the same run).
    pub fn add(&mut self, other: &Tramo) {
        for (x, y) in self.tallies.iter_mut().zip(&other.tallies) {
            x.timely += y.timely;
            x.unpaid_cents += y.unpaid_cents;
        }
        for (x, y) in self.loss_histogram.iter_mut().zip(&other.loss_histogram) {
            *x += y;
        }
    }
}

/// The bucket of a path's loss share `unpaid / scheduled` (both cents, ≥ 0).
fn loss_bucket(unpaid: i128, scheduled: i128) -> usize {
    if unpaid <= 0 || scheduled <= 0 {
        return 0;
    }
    // ceil(20 × unpaid / scheduled), in 1 … 20: exact integer arithmetic.
    let b = (20 * unpaid + scheduled - 1) / scheduled;
    b.clamp(1, 20) as usize
}

/// Runs the paths `paths` (a sub-range of a run of the same seed) in parallel. A caller
/// that wants progress and cancellation runs a run as consecutive ranges and adds the
/// tramos; the sum equals the one-shot [`simular`] of the whole run for the same seed.
pub fn simular_tramo(
    base_cents: &[i64],
    estructura: &Estructura<i64>,
    cal: &Calibracion,
    paths: std::ops::Range<u64>,
    seed: u64,
) -> Tramo {
    let k = estructura.n_classes();
    let n = base_cents.len();
    let scheduled: i128 = estructura
        .interest
        .iter()
        .chain(&estructura.principal)
        .flatten()
        .map(|c| i128::from(*c))
        .sum();
    let first = paths.start;
    let count = paths.end.saturating_sub(paths.start);
    let chunks = count.div_ceil(CHUNK);
    (0..chunks)
        .into_par_iter()
        .map(|chunk| {
            let mut state = Estado::new(estructura);
            let mut d = vec![0.0; n];
            let mut coll = vec![0_i64; n];
            let mut tramo = Tramo::empty(k);
            let start = first + chunk * CHUNK;
            let end = (start + CHUNK).min(paths.end);
            for path in start..end {
                cal.path_shortfalls(seed, path, &mut d);
                for t in 0..n {
                    coll[t] = scale_cents(base_cents[t], multiplier_ppb(d[t]));
                }
                estructura.run(&coll, &mut state, None);
                let mut unpaid = 0_i128;
                for (tally, o) in tramo.tallies.iter_mut().zip(&state.outcomes) {
                    tally.timely += u64::from(o.timely);
                    tally.unpaid_cents += i128::from(o.unpaid);
                    unpaid += i128::from(o.unpaid);
                }
                tramo.loss_histogram[loss_bucket(unpaid, scheduled)] += 1;
            }
            tramo
        })
        .reduce(
            || Tramo::empty(k),
            |mut a, b| {
                a.add(&b);
                a
            },
        )
}

/// Turns tallies into per-class results.
pub fn resultados(
    names: &[String],
    scheduled_cents: &[i64],
    tallies: &[Tally],
    paths: u64,
) -> Vec<ResultadoClase> {
    names
        .iter()
        .zip(scheduled_cents)
        .zip(tallies)
        .map(|((name, sched), t)| {
            let mean_unpaid =
                Decimal::from_i128_with_scale(t.unpaid_cents, 2) / Decimal::from(paths.max(1));
            ResultadoClase {
                name: name.clone(),
                p_timely: t.timely as f64 / paths.max(1) as f64,
                expected_loss: if *sched > 0 {
                    t.unpaid_cents as f64 / paths.max(1) as f64 / *sched as f64
                } else {
                    0.0
                },
                expected_loss_usd: super::flujo::cents(mean_unpaid),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t10_half_even_scaling_in_cents() {
        // 12,345 cents × 0.9 = 11,110.5 → 11,110 (even); × 0.7 = 8,641.5 → 8,642 (even).
        assert_eq!(scale_cents(12_345, 900_000_000), 11_110);
        assert_eq!(scale_cents(12_345, 700_000_000), 8_642);
        assert_eq!(scale_cents(100, PPB), 100);
        assert_eq!(scale_cents(0, 500_000_000), 0);
        // Past the i64-safe range the i128 path gives the same rounding.
        let big = I64_SAFE_BASE * 10 + 5;
        assert_eq!(scale_cents(big, 500_000_000), (big / 2) + (big / 2) % 2);
        assert_eq!(scale_cents(12_345, 900_000_000), 11_110);
    }

    #[test]
    fn t10_loss_buckets_are_five_percent_wide_and_exact() {
        assert_eq!(loss_bucket(0, 1000), 0);
        assert_eq!(loss_bucket(1, 1000), 1);
        assert_eq!(loss_bucket(50, 1000), 1);
        assert_eq!(loss_bucket(51, 1000), 2);
        assert_eq!(loss_bucket(1000, 1000), 20);
        assert_eq!(loss_bucket(5, 0), 0);
    }

    #[test]
    fn t10_a_path_does_not_depend_on_the_others() {
        let cal = Calibracion {
            mean: 0.02,
            sd: 0.05,
            persistence: 0.3,
            floor: 0.0,
        };
        let base = vec![100_000_i64; 12];
        let a = cal.path_collections(&base, 7, 41);
        let b = cal.path_collections(&base, 7, 41);
        let c = cal.path_collections(&base, 7, 42);
        let other_seed = cal.path_collections(&base, 8, 41);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, other_seed);
        assert!(
            a.iter().all(|x| (0..=100_000).contains(x)),
            "floor 0 caps upside: {a:?}"
        );
    }
}
