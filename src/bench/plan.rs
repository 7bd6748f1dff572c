//! The attempts of one simulated sale: every buyer once, some retrying, some duplicated.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// One purchase attempt of the simulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Index of the buyer (0-based); user ids are derived from it.
    pub buyer: u32,
    /// The request id's suffix; a duplicate reuses its original's.
    pub request: String,
    /// Whether this request id is sent twice (a redelivered update); both copies carry it,
    /// since either may arrive first.
    pub duplicated: bool,
}

/// All attempts, shuffled, and how many are retries and duplicates.
#[derive(Debug, Clone)]
pub struct Plan {
    pub attempts: Vec<Attempt>,
    pub retries: usize,
    pub duplicates: usize,
}

impl Plan {
    /// `buyers` first attempts, plus `retry_share` of buyers trying again with a new request id
    /// and `duplicate_share` of buyers whose first request arrives twice; shuffled by `seed`.
    pub fn new(buyers: u32, retry_share: f64, duplicate_share: f64, seed: u64) -> Self {
        let share = |s: f64| ((f64::from(buyers) * s.clamp(0.0, 1.0)).round() as u32).min(buyers);
        let (retries, duplicates) = (share(retry_share), share(duplicate_share));
        let mut attempts = Vec::with_capacity((buyers + retries + duplicates) as usize);
        for b in 0..buyers {
            attempts.push(Attempt {
                buyer: b,
                request: format!("{b}-0"),
                duplicated: false,
            });
        }
        for b in 0..retries {
            attempts.push(Attempt {
                buyer: b,
                request: format!("{b}-1"),
                duplicated: false,
            });
        }
        let mut rng = StdRng::seed_from_u64(seed);
        let mut dup_buyers: Vec<u32> = (0..buyers).collect();
        dup_buyers.shuffle(&mut rng);
        for &b in dup_buyers.iter().take(duplicates as usize) {
            attempts[b as usize].duplicated = true;
            attempts.push(attempts[b as usize].clone());
        }
        attempts.shuffle(&mut rng);
        Self {
            attempts,
            retries: retries as usize,
            duplicates: duplicates as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_buyer_tries_once_plus_retries_and_duplicates() {
        let p = Plan::new(1000, 0.1, 0.05, 7);
        assert_eq!(p.attempts.len(), 1000 + 100 + 50);
        assert_eq!(p.attempts.iter().filter(|a| a.duplicated).count(), 100);
        let mut firsts: Vec<_> = p
            .attempts
            .iter()
            .filter(|a| a.request.ends_with("-0"))
            .collect();
        firsts.sort_by(|a, b| a.request.cmp(&b.request));
        firsts.dedup_by(|a, b| a.request == b.request);
        assert_eq!(firsts.len(), 1000);
    }

    #[test]
    fn shares_are_clamped() {
        let p = Plan::new(10, 5.0, -1.0, 1);
        assert_eq!((p.retries, p.duplicates), (10, 0));
    }
}
