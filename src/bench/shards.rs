//! `flashsale bench-shards`: a simulation of one hot sale whose stock is split into K buckets
//! on K Redis shards, measuring what the split costs in fairness and in Redis calls.
//!
//! Buyers arrive one after another (arrival order is the fair order) and want one unit each.
//! Each is routed to a bucket by a hash of their id. `pinned`: they try only that bucket, one
//! call, and hear "sold out" when it is empty even if other buckets still hold units.
//! `probe`: on an empty bucket they try the others in turn (up to K calls) until one sells.
//! `flagged`: like `probe`, but the first buyer who finds every bucket empty sets a sold-out
//! flag, and everyone after them is refused with one call (reading the flag).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

/// How a buyer whose bucket is empty is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Routing {
    /// One call to the buyer's own bucket; empty means "sold out".
    Pinned,
    /// The buyer's bucket, then the others, until one has a unit.
    Probe,
    /// `Probe`, then a sold-out flag once every bucket was seen empty.
    Flagged,
}

/// One simulated scenario, averaged over seeds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShardReport {
    pub routing: Routing,
    pub buckets: u32,
    pub stock: u32,
    pub buyers: u32,
    pub seeds: u32,
    /// Units sold (mean).
    pub sold: f64,
    /// Buyers told "sold out" while another bucket still held a unit (mean).
    pub refused_while_units_left: f64,
    /// Units never sold although some buyer was refused (mean).
    pub unsold_after_refusals: f64,
    /// Share of the first `stock` arrivals who won (1.0 with one bucket).
    pub early_win_rate: f64,
    /// Arrival rank of the last winner, as a multiple of the stock (1.0 with one bucket).
    pub last_winner_rank: f64,
    /// Redis calls per buyer.
    pub calls_per_buyer: f64,
}

/// Runs `seeds` seeded simulations and averages them.
pub fn simulate(
    routing: Routing,
    buckets: u32,
    stock: u32,
    buyers: u32,
    seeds: u32,
) -> ShardReport {
    let k = buckets.max(1) as usize;
    let mut sums = [0.0f64; 6];
    for seed in 0..seeds.max(1) {
        let mut rng = StdRng::seed_from_u64(u64::from(seed));
        let mut left: Vec<u32> = (0..k)
            .map(|b| stock / k as u32 + u32::from((b as u32) < stock % k as u32))
            .collect();
        let (mut sold, mut refused_early, mut calls, mut early_wins) = (0u32, 0u32, 0u64, 0u32);
        let mut last_winner = 0u32;
        let mut any_refused = false;
        let mut flagged = false;
        for arrival in 0..buyers {
            let home = rng.random_range(0..k);
            if flagged {
                calls += 1;
                any_refused = true;
                continue;
            }
            let tries = match routing {
                Routing::Pinned => 1,
                Routing::Probe | Routing::Flagged => k,
            };
            let mut won = false;
            for t in 0..tries {
                calls += 1;
                let b = (home + t) % k;
                if left[b] > 0 {
                    left[b] -= 1;
                    won = true;
                    break;
                }
            }
            if won {
                sold += 1;
                last_winner = arrival + 1;
                if arrival < stock {
                    early_wins += 1;
                }
            } else {
                any_refused = true;
                flagged = routing == Routing::Flagged;
                if left.iter().any(|u| *u > 0) {
                    refused_early += 1;
                }
            }
        }
        let unsold: u32 = if any_refused { left.iter().sum() } else { 0 };
        let parts = [
            f64::from(sold),
            f64::from(refused_early),
            f64::from(unsold),
            f64::from(early_wins) / f64::from(stock.min(buyers).max(1)),
            f64::from(last_winner) / f64::from(stock.max(1)),
            calls as f64 / f64::from(buyers.max(1)),
        ];
        for (s, p) in sums.iter_mut().zip(parts) {
            *s += p;
        }
    }
    let n = f64::from(seeds.max(1));
    let mean = |i: usize| (sums[i] / n * 1000.0).round() / 1000.0;
    ShardReport {
        routing,
        buckets,
        stock,
        buyers,
        seeds: seeds.max(1),
        sold: mean(0),
        refused_while_units_left: mean(1),
        unsold_after_refusals: mean(2),
        early_win_rate: mean(3),
        last_winner_rank: mean(4),
        calls_per_buyer: mean(5),
    }
}

/// `flashsale bench-shards` arguments.
#[derive(Debug, clap::Args)]
pub struct ShardArgs {
    /// Units on sale.
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub stock: u32,
    /// Buyers arriving, one unit each.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub buyers: u32,
    /// Bucket counts to compare, comma-separated.
    #[arg(long, default_value = "1,2,4,8,16", value_delimiter = ',')]
    pub buckets: Vec<u32>,
    /// Seeds to average over.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1_000))]
    pub seeds: u32,
}

/// Prints one JSON line per (routing, bucket count).
pub fn run_cli(args: &ShardArgs) -> anyhow::Result<std::process::ExitCode> {
    for routing in [Routing::Pinned, Routing::Probe, Routing::Flagged] {
        for k in &args.buckets {
            let r = simulate(routing, *k, args.stock, args.buyers, args.seeds);
            println!("{}", serde_json::to_string(&r)?);
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bucket_is_perfectly_fair() {
        let r = simulate(Routing::Pinned, 1, 100, 1_000, 3);
        assert_eq!(r.sold, 100.0);
        assert_eq!(r.early_win_rate, 1.0);
        assert_eq!(r.last_winner_rank, 1.0);
        assert_eq!(r.refused_while_units_left, 0.0);
        assert_eq!(r.calls_per_buyer, 1.0);
    }

    #[test]
    fn pinned_buckets_refuse_early_buyers_while_units_remain_elsewhere() {
        let r = simulate(Routing::Pinned, 8, 1_000, 10_000, 5);
        assert_eq!(r.sold, 1_000.0, "with ample demand every bucket drains");
        assert!(r.refused_while_units_left > 0.0, "{r:?}");
        assert!(r.early_win_rate < 1.0 && r.last_winner_rank > 1.0, "{r:?}");
        assert_eq!(r.calls_per_buyer, 1.0);
    }

    #[test]
    fn probing_restores_fairness_for_more_calls() {
        let r = simulate(Routing::Probe, 8, 1_000, 10_000, 5);
        assert_eq!(r.early_win_rate, 1.0);
        assert_eq!(r.refused_while_units_left, 0.0);
        assert!(r.calls_per_buyer > 1.0, "{r:?}");
    }

    #[test]
    fn a_sold_out_flag_keeps_probing_fair_and_cheap() {
        let probe = simulate(Routing::Probe, 8, 1_000, 10_000, 5);
        let flagged = simulate(Routing::Flagged, 8, 1_000, 10_000, 5);
        assert_eq!(flagged.early_win_rate, 1.0);
        assert!(flagged.calls_per_buyer < 1.5, "{flagged:?}");
        assert!(flagged.calls_per_buyer < probe.calls_per_buyer);
    }

    #[test]
    fn thin_demand_leaves_units_unsold_in_pinned_buckets() {
        let r = simulate(Routing::Pinned, 8, 1_000, 1_100, 5);
        assert!(r.sold < 1_000.0 && r.unsold_after_refusals > 0.0, "{r:?}");
    }
}
