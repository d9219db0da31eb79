//! Total ownership and voting interest over the relation graph (SPEC §3 "Relations"), the
//! beneficial-owner rule, and the orphan rule. Pure: no I/O, no clock, std only.
//!
//! # The graph
//!
//! A relation `from → to` says that `from` (an individual or a company) holds a *direct*
//! percentage of the company `to`: `d(from, to)` is that percentage as a fraction
//! (`ownershipPercentage / 100`, or `votingRightsPercentage / 100`). Relations without a
//! percentage (a director, a legal representative) carry `d = 0` for the math, but they still
//! connect entities for the orphan rule.
//!
//! # Total interest
//!
//! The total interest `x_v` of a node `v` in the target `T` (the main company) is the sum, over
//! every walk `v → … → T`, of the product of the direct fractions along the walk. Equivalently
//! it is the unique solution of
//!
//! ```text
//! x_T = 1,        x_v = Σ_{v → w} d(v, w) · x_w    (v ≠ T)
//! ```
//!
//! i.e. `x = (I − D)⁻¹ b` with `b_v = d(v, T)`: the standard integrated-ownership
//! (Leontief-inverse) definition. A walk ends the first time it reaches `T`: the target's own
//! holdings (the main company owning part of its own shareholder) are ignored and `x_T` stays
//! 100%. Worked example, "A owns 50% of B, B owns 40% of Main":
//!
//! ```text
//! x_B = 0.4 · x_Main = 0.4,   x_A = 0.5 · x_B = 0.2   → A holds 20% of Main
//! ```
//!
//! ## Cross-holdings and cycles
//!
//! With a cycle the walks go round it, and the series converges geometrically. Cross-holding:
//! A owns 30% of B, B owns 20% of A, A owns 40% of Main, B owns 50% of Main:
//!
//! ```text
//! x_A = 0.4 + 0.3 · x_B,  x_B = 0.5 + 0.2 · x_A
//! x_A = (0.4 + 0.3·0.5) / (1 − 0.3·0.2) = 0.55 / 0.94 ≈ 58.51%
//! x_B = (0.5 + 0.2·0.4) / (1 − 0.3·0.2) = 0.58 / 0.94 ≈ 61.70%
//! ```
//!
//! Nothing is double counted: follow Main's value to its ultimate holders. An individual P who
//! holds the other 80% of A gets `0.8 · x_A ≈ 46.81%`, B's outside holders (70% of B) get
//! `0.7 · x_B ≈ 43.19%`, Main's outside holders keep 10%: exactly 100% in all. In general
//! `Σ_v (1 − in_v) · x_v = 100%`, where `in_v` is the direct interest held in `v` by nodes other
//! than the target.
//!
//! ## Bounds
//!
//! When every company's incoming direct interest is at most 100% (the SPEC's rule):
//! - a node on no cycle (every individual, and every company of an acyclic structure) has
//!   `0 ≤ x_v ≤ 100%`, and the individuals' totals add up to at most 100%;
//! - a company on a cross-holding cycle has `x_v · (1 − in_v) ≤ 100%`. Its total includes its
//!   indirect stake in itself: it is the look-through value of its equity in units of Main, and
//!   heavy reciprocal holdings inflate it past 100% (A holds 100% of Main, A and B hold 90% of
//!   each other: `x_A = 1 / (1 − 0.81) ≈ 526%`, the capital-inflation effect of cross-holdings).
//!   The value is still the exact one that every individual's total is computed from; a caller
//!   that displays companies may cap it at 100%.
//!
//! ## Divergence
//!
//! The series converges exactly when, on every strongly connected component `C`, the spectral
//! radius of `D_C` is below 1. With incoming interest ≤ 100% this fails only for a closed group
//! of companies that hold 100% of each other with no outside holder at all — so nobody outside
//! the group can hold into it, and only the group's own members are affected. They are reported
//! as [`Interests::divergent`] (no number); every other node is still computed. The check is
//! exact: `I − D_C` is a Z-matrix, and it is a nonsingular M-matrix (convergent series,
//! non-negative solution) iff all its leading principal minors are positive, i.e. iff every pivot
//! of Gaussian elimination without row interchanges is positive. A pivot at or below
//! [`PIVOT_TOLERANCE`] (an amplification beyond 10⁹) counts as divergent.
//!
//! ## Solver
//!
//! Only nodes with a path to `T` through positive fractions take part. Their strongly connected
//! components (Tarjan) are solved one at a time, owned companies first, each by dense Gaussian
//! elimination on its own `k × k` block (`k³/3` operations; components are tiny in practice).
//! With incoming interest ≤ 100%, `I − D_C` is column diagonally dominant, so partial pivoting
//! would never swap rows: elimination without interchanges *is* partial pivoting here, and its
//! pivots double as the convergence check above. Results are in percent, rounded to 1e-9.
//!
//! # Orphans
//!
//! An entity must stay connected to the main company through relations of any kind, with or
//! without percentages, in either direction: a sister company (held by Main's shareholder but
//! holding nothing of Main) and its own holders are connected, though their total interest is 0.

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::Hash;

/// A pivot at or below this (an amplification of the right-hand side beyond 10⁹) makes a
/// strongly connected component divergent.
pub const PIVOT_TOLERANCE: f64 = 1e-9;

/// Comparison slack for thresholds and the 1e-9 rounding of results, in percent.
pub const PERCENT_EPSILON: f64 = 1e-9;

/// One relation: `from` holds `ownership` / `voting` percent (0–100, direct) of `to`.
///
/// `None`, zero, negative or non-finite percentages count as 0; anything above 100 as 100.
/// Parallel relations between the same pair are added up (capped at 100); a self-relation is
/// ignored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge<Id> {
    pub from: Id,
    pub to: Id,
    pub ownership: Option<f64>,
    pub voting: Option<f64>,
}

impl<Id> Edge<Id> {
    /// The direct percentage for `measure`, as given.
    pub fn percentage(&self, measure: Measure) -> Option<f64> {
        match measure {
            Measure::Ownership => self.ownership,
            Measure::Voting => self.voting,
        }
    }
}

/// Which percentage of a relation the totals are computed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    Ownership,
    Voting,
}

/// Total interests of every node in one target, in percent.
#[derive(Debug, Clone, PartialEq)]
pub struct Interests<Id: Eq + Hash> {
    totals: HashMap<Id, f64>,
    divergent: Vec<Id>,
}

impl<Id: Copy + Eq + Hash> Interests<Id> {
    /// The total interest of `id` in percent: `Some(0.0)` for a node with no path to the target
    /// (or unknown), `None` for a divergent node (see the module docs).
    pub fn get(&self, id: &Id) -> Option<f64> {
        match self.totals.get(id) {
            Some(total) => Some(*total),
            None if self.divergent.contains(id) => None,
            None => Some(0.0),
        }
    }

    /// Every node mentioned by an edge (and the target, at 100) with its total in percent,
    /// divergent nodes excepted.
    pub fn totals(&self) -> &HashMap<Id, f64> {
        &self.totals
    }

    /// The nodes whose series diverges (a closed group of companies holding 100% of each
    /// other, or anything holding into such a group when the 100% rule is not respected),
    /// in ascending order.
    pub fn divergent(&self) -> &[Id] {
        &self.divergent
    }

    /// Whether `id` is divergent.
    pub fn is_divergent(&self, id: &Id) -> bool {
        self.divergent.contains(id)
    }
}

/// The direct fraction (0–1) of a percentage, sanitised.
fn fraction(percentage: Option<f64>) -> f64 {
    match percentage {
        Some(p) if p.is_finite() && p > 0.0 => (p / 100.0).min(1.0),
        _ => 0.0,
    }
}

/// A fraction to percent, rounded to 1e-9, tiny negative noise clamped to 0.
fn to_percent(x: f64) -> f64 {
    let rounded = (x * 100.0 * 1e9).round() / 1e9;
    if rounded > 0.0 {
        rounded
    } else {
        0.0
    }
}

/// Total interest (percent) of every node in `target`, over all walks (see the module docs):
/// products of the direct fractions along a walk, summed over walks; cycles are solved exactly.
///
/// Edges out of `target` are ignored (`target` stays at 100%). Node order does not matter: nodes
/// are indexed in ascending `Ord` order, so results are deterministic.
pub fn total_interest<Id: Copy + Eq + Hash + Ord>(
    edges: &[Edge<Id>],
    target: Id,
    measure: Measure,
) -> Interests<Id> {
    // Index: the target is 0, the others in ascending order.
    let mut ids: Vec<Id> = edges
        .iter()
        .flat_map(|e| [e.from, e.to])
        .filter(|id| *id != target)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.insert(0, target);
    let index: HashMap<Id, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let n = ids.len();

    // Out-edges with parallel relations summed; self-relations and the target's own holdings
    // ignored.
    let mut out: Vec<HashMap<usize, f64>> = vec![HashMap::new(); n];
    for edge in edges {
        let (Some(&u), Some(&w)) = (index.get(&edge.from), index.get(&edge.to)) else {
            continue;
        };
        let d = fraction(edge.percentage(measure));
        if u == w || u == 0 || d <= 0.0 {
            continue;
        }
        *out[u].entry(w).or_insert(0.0) += d;
    }
    let mut adjacency: Vec<Vec<(usize, f64)>> = out
        .into_iter()
        .map(|m| m.into_iter().map(|(w, d)| (w, d.min(1.0))).collect())
        .collect();
    for list in &mut adjacency {
        list.sort_by_key(|&(w, _)| w);
    }

    // Nodes with a path to the target.
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (u, list) in adjacency.iter().enumerate() {
        for &(w, _) in list {
            reverse[w].push(u);
        }
    }
    let mut reaches = vec![false; n];
    reaches[0] = true;
    let mut queue = VecDeque::from([0usize]);
    while let Some(w) = queue.pop_front() {
        for &u in &reverse[w] {
            if !reaches[u] {
                reaches[u] = true;
                queue.push_back(u);
            }
        }
    }
    let active: Vec<bool> = (0..n).map(|v| v > 0 && reaches[v]).collect();

    // Solve component by component, owned companies first.
    let mut x = vec![0.0f64; n];
    x[0] = 1.0;
    let mut divergent = vec![false; n];
    let mut position = vec![usize::MAX; n];
    for component in strongly_connected_components(&adjacency, &active) {
        for (i, &v) in component.iter().enumerate() {
            position[v] = i;
        }
        let k = component.len();
        let mut rhs = vec![0.0f64; k];
        let mut matrix = vec![0.0f64; k * k];
        let mut diverges = false;
        for (i, &v) in component.iter().enumerate() {
            matrix[i * k + i] = 1.0;
            for &(w, d) in &adjacency[v] {
                if position[w] != usize::MAX {
                    matrix[i * k + position[w]] -= d;
                } else if divergent[w] {
                    diverges = true;
                } else {
                    rhs[i] += d * x[w];
                }
            }
        }
        let solution = if diverges {
            None
        } else {
            solve_m_matrix(&mut matrix, &mut rhs, k)
        };
        match solution {
            Some(values) => {
                for (&v, value) in component.iter().zip(values) {
                    x[v] = value;
                }
            }
            None => {
                for &v in &component {
                    divergent[v] = true;
                }
            }
        }
        for &v in &component {
            position[v] = usize::MAX;
        }
    }

    let mut totals = HashMap::with_capacity(n);
    let mut divergent_ids = Vec::new();
    for (v, id) in ids.iter().enumerate() {
        if divergent[v] {
            divergent_ids.push(*id);
        } else {
            totals.insert(*id, to_percent(x[v]));
        }
    }
    divergent_ids.sort_unstable();
    Interests {
        totals,
        divergent: divergent_ids,
    }
}

/// Solves `A y = rhs` for the `k × k` row-major Z-matrix `A` by Gaussian elimination without
/// row interchanges. `None` when a pivot is not above [`PIVOT_TOLERANCE`], i.e. when `A` is not
/// a nonsingular M-matrix (the walk series diverges) or the result is not finite.
fn solve_m_matrix(matrix: &mut [f64], rhs: &mut [f64], k: usize) -> Option<Vec<f64>> {
    for p in 0..k {
        let pivot = matrix[p * k + p];
        if pivot.is_nan() || pivot <= PIVOT_TOLERANCE {
            return None;
        }
        for i in (p + 1)..k {
            let factor = matrix[i * k + p] / pivot;
            if factor == 0.0 {
                continue;
            }
            matrix[i * k + p] = 0.0;
            for j in (p + 1)..k {
                matrix[i * k + j] -= factor * matrix[p * k + j];
            }
            rhs[i] -= factor * rhs[p];
        }
    }
    let mut y = vec![0.0f64; k];
    for i in (0..k).rev() {
        let mut sum = rhs[i];
        for j in (i + 1)..k {
            sum -= matrix[i * k + j] * y[j];
        }
        let value = sum / matrix[i * k + i];
        if !value.is_finite() {
            return None;
        }
        y[i] = value.max(0.0);
    }
    Some(y)
}

/// Tarjan's strongly connected components over the `active` nodes (iterative), each emitted
/// after every component it has an edge to: owned companies before their holders.
fn strongly_connected_components(
    adjacency: &[Vec<(usize, f64)>],
    active: &[bool],
) -> Vec<Vec<usize>> {
    let n = adjacency.len();
    let mut order = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0usize;
    for root in 0..n {
        if !active[root] || order[root] != usize::MAX {
            continue;
        }
        order[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&(v, next)) = calls.last() {
            if let Some(&(w, _)) = adjacency[v].get(next) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                if !active[w] {
                    continue;
                }
                if order[w] == usize::MAX {
                    order[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
            } else {
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == order[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    component.sort_unstable();
                    components.push(component);
                }
            }
        }
    }
    components
}

/// The nodes of `nodes` with no path to `main` through relations of any kind (with or without
/// percentages, followed in either direction), in input order, without duplicates; never
/// `main` itself.
///
/// Only `nodes` and `main` are traversed: an edge touching anything else (say a deleted entity)
/// is ignored. To check a change, pass the graph as it would be after it: a relation change or
/// delete → the new edge list; an entity delete → the remaining entities. See also
/// [`orphaned_by_change`].
pub fn orphans<Id: Copy + Eq + Hash>(nodes: &[Id], edges: &[Edge<Id>], main: Id) -> Vec<Id> {
    let connected = connected_to_main(nodes, edges, main);
    let mut seen = HashSet::new();
    nodes
        .iter()
        .copied()
        .filter(|id| *id != main && !connected.contains(id) && seen.insert(*id))
        .collect()
}

/// The nodes a change would orphan: among `after_nodes`, those connected to `main` in the graph
/// before the change and no longer connected after it, in `after_nodes` order. Entities that were
/// already unconnected before (or did not exist) are not blamed on the change. A non-empty result
/// means the change must be refused.
pub fn orphaned_by_change<Id: Copy + Eq + Hash>(
    before_nodes: &[Id],
    before_edges: &[Edge<Id>],
    after_nodes: &[Id],
    after_edges: &[Edge<Id>],
    main: Id,
) -> Vec<Id> {
    let before = connected_to_main(before_nodes, before_edges, main);
    orphans(after_nodes, after_edges, main)
        .into_iter()
        .filter(|id| before.contains(id))
        .collect()
}

/// Everything connected to `main` (undirected), traversing only `nodes` and `main`.
fn connected_to_main<Id: Copy + Eq + Hash>(
    nodes: &[Id],
    edges: &[Edge<Id>],
    main: Id,
) -> HashSet<Id> {
    let known: HashSet<Id> = nodes.iter().copied().chain([main]).collect();
    let mut neighbours: HashMap<Id, Vec<Id>> = HashMap::new();
    for edge in edges {
        if edge.from == edge.to || !known.contains(&edge.from) || !known.contains(&edge.to) {
            continue;
        }
        neighbours.entry(edge.from).or_default().push(edge.to);
        neighbours.entry(edge.to).or_default().push(edge.from);
    }
    let mut connected = HashSet::from([main]);
    let mut queue = VecDeque::from([main]);
    while let Some(v) = queue.pop_front() {
        for w in neighbours.get(&v).into_iter().flatten() {
            if connected.insert(*w) {
                queue.push_back(*w);
            }
        }
    }
    connected
}

/// An individual that may be a beneficial owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnerCandidate<Id> {
    pub id: Id,
    /// Declared a beneficial owner (`isBeneficialOwner`, or a `BENEFICIAL_OWNER` role, as the
    /// caller decides): listed whatever the percentages.
    pub declared: bool,
}

/// The beneficial owners among `candidates`, in input order without duplicates: those whose
/// total ownership or total voting interest reaches `threshold` percent (the workspace's
/// `uboThreshold`, 25 by default; compared with a 1e-9 slack, so 25% computed as 24.9999999999%
/// counts), plus the declared ones. A divergent total counts as reaching the threshold.
/// A non-finite threshold lists the declared ones only.
pub fn beneficial_owners<Id: Copy + Eq + Hash>(
    candidates: &[OwnerCandidate<Id>],
    ownership: &Interests<Id>,
    voting: &Interests<Id>,
    threshold: f64,
) -> Vec<Id> {
    let reaches = |total: Option<f64>| match total {
        None => threshold.is_finite(),
        Some(value) => threshold.is_finite() && value >= threshold - PERCENT_EPSILON,
    };
    let mut seen = HashSet::new();
    candidates
        .iter()
        .filter(|c| c.declared || reaches(ownership.get(&c.id)) || reaches(voting.get(&c.id)))
        .map(|c| c.id)
        .filter(|id| seen.insert(*id))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Instant;

    const MAIN: u32 = 0;

    fn own(from: u32, to: u32, percent: f64) -> Edge<u32> {
        Edge {
            from,
            to,
            ownership: Some(percent),
            voting: None,
        }
    }

    fn both(from: u32, to: u32, ownership: f64, voting: f64) -> Edge<u32> {
        Edge {
            from,
            to,
            ownership: Some(ownership),
            voting: Some(voting),
        }
    }

    fn link(from: u32, to: u32) -> Edge<u32> {
        Edge {
            from,
            to,
            ownership: None,
            voting: None,
        }
    }

    fn ownership(edges: &[Edge<u32>]) -> Interests<u32> {
        total_interest(edges, MAIN, Measure::Ownership)
    }

    fn assert_close(actual: Option<f64>, expected: f64) {
        let actual = actual.unwrap();
        assert!(
            (actual - expected).abs() < 1e-7,
            "expected {expected}, got {actual}"
        );
    }

    // --- Worked examples -------------------------------------------------------------------

    #[test]
    fn dotfile_example_one_hop_through_a_holding() {
        // P (1) owns 50% of holding H (2), H owns 40% of Main.
        let totals = ownership(&[own(1, 2, 50.0), own(2, MAIN, 40.0)]);
        assert_close(totals.get(&1), 20.0);
        assert_close(totals.get(&2), 40.0);
        assert_close(totals.get(&MAIN), 100.0);
        assert!(totals.divergent().is_empty());
    }

    #[test]
    fn dotfile_example_two_hops_through_an_affiliated_company() {
        // P (1) owns 50% of B (3), B owns 60% of H (2), H owns 40% of Main.
        let totals = ownership(&[own(1, 3, 50.0), own(3, 2, 60.0), own(2, MAIN, 40.0)]);
        assert_close(totals.get(&1), 12.0);
        assert_close(totals.get(&3), 24.0);
        assert_close(totals.get(&2), 40.0);
    }

    #[test]
    fn direct_and_indirect_holdings_add_up() {
        // P owns 10% of Main directly and 50% of H, which owns 40% of Main: 10 + 20.
        let totals = ownership(&[own(1, MAIN, 10.0), own(1, 2, 50.0), own(2, MAIN, 40.0)]);
        assert_close(totals.get(&1), 30.0);
        // Two routes through two holdings: 0.5·0.4 + 0.5·0.2 + direct 0.05.
        let totals = ownership(&[
            own(1, 2, 50.0),
            own(1, 3, 50.0),
            own(1, MAIN, 5.0),
            own(2, MAIN, 40.0),
            own(3, MAIN, 20.0),
        ]);
        assert_close(totals.get(&1), 35.0);
    }

    #[test]
    fn a_sister_company_is_connected_but_holds_nothing_of_main() {
        // H (2) owns 40% of Main and 100% of sister S (3); P (1) owns 50% of S.
        let edges = [own(2, MAIN, 40.0), own(2, 3, 100.0), own(1, 3, 50.0)];
        let totals = ownership(&edges);
        assert_close(totals.get(&1), 0.0);
        assert_close(totals.get(&3), 0.0);
        assert!(orphans(&[1, 2, 3], &edges, MAIN).is_empty());
    }

    #[test]
    fn cross_holding_gives_the_closed_form() {
        // A (1) owns 30% of B (2), B owns 20% of A, A owns 40% of Main, B owns 50% of Main.
        let edges = [
            own(1, 2, 30.0),
            own(2, 1, 20.0),
            own(1, MAIN, 40.0),
            own(2, MAIN, 50.0),
        ];
        let totals = ownership(&edges);
        let x_a = (0.4 + 0.3 * 0.5) / (1.0 - 0.3 * 0.2);
        let x_b = (0.5 + 0.2 * 0.4) / (1.0 - 0.3 * 0.2);
        assert_close(totals.get(&1), 100.0 * x_a);
        assert_close(totals.get(&2), 100.0 * x_b);
        assert_close(totals.get(&1), 58.510_638_297_872_34);
        assert_close(totals.get(&2), 61.702_127_659_574_47);

        // An individual holding the other 80% of A, and one holding the other 70% of B.
        let mut with_people = edges.to_vec();
        with_people.push(own(10, 1, 80.0));
        with_people.push(own(11, 2, 70.0));
        let totals = ownership(&with_people);
        assert_close(totals.get(&10), 80.0 * x_a);
        assert_close(totals.get(&11), 70.0 * x_b);
        // Main's value reaches its ultimate holders exactly once: 46.8 + 43.2 + Main's other 10.
        assert_close(
            Some(totals.get(&10).unwrap() + totals.get(&11).unwrap() + 10.0),
            100.0,
        );

        // The brief's variant: a person with 100% of A (breaks the 100% rule on A, which is the
        // caller's to enforce) gets exactly x_A: totals are linear in the holdings.
        let mut sole = edges.to_vec();
        sole.push(own(10, 1, 100.0));
        assert_close(ownership(&sole).get(&10), 100.0 * x_a);
    }

    #[test]
    fn heavy_reciprocal_holdings_inflate_company_totals_but_not_individuals() {
        // A (1) holds 100% of Main; A and B (2) hold 90% of each other; P holds A's other 10%,
        // Q holds B's other 10%.
        let edges = [
            own(1, MAIN, 100.0),
            own(1, 2, 90.0),
            own(2, 1, 90.0),
            own(10, 1, 10.0),
            own(11, 2, 10.0),
        ];
        let totals = ownership(&edges);
        let x_a = 1.0 / (1.0 - 0.81);
        assert_close(totals.get(&1), 100.0 * x_a);
        assert_close(totals.get(&2), 100.0 * 0.9 * x_a);
        assert_close(totals.get(&10), 10.0 * x_a);
        assert_close(totals.get(&11), 10.0 * 0.9 * x_a);
        assert_close(
            Some(totals.get(&10).unwrap() + totals.get(&11).unwrap()),
            100.0,
        );
    }

    #[test]
    fn voting_is_computed_over_voting_percentages() {
        let edges = [both(1, 2, 50.0, 80.0), both(2, MAIN, 40.0, 60.0)];
        assert_close(ownership(&edges).get(&1), 20.0);
        let voting = total_interest(&edges, MAIN, Measure::Voting);
        assert_close(voting.get(&1), 48.0);
    }

    #[test]
    fn conventions_for_odd_edges() {
        let edges = [
            own(1, 2, 30.0),
            own(1, 2, 20.0), // parallel: added up
            own(2, 2, 50.0), // self-relation: ignored
            own(2, MAIN, 40.0),
            own(MAIN, 2, 10.0), // Main's own holding: ignored
            own(3, MAIN, f64::NAN),
            own(4, MAIN, -5.0),
            own(5, MAIN, 250.0), // capped at 100
            link(6, MAIN),
        ];
        let totals = ownership(&edges);
        assert_close(totals.get(&1), 20.0);
        assert_close(totals.get(&2), 40.0);
        assert_close(totals.get(&MAIN), 100.0);
        assert_close(totals.get(&3), 0.0);
        assert_close(totals.get(&4), 0.0);
        assert_close(totals.get(&5), 100.0);
        assert_close(totals.get(&6), 0.0);
        assert_close(totals.get(&99), 0.0);
        assert_eq!(totals.totals().len(), 7);
        // No edges at all: only the target.
        let empty = ownership(&[]);
        assert_close(empty.get(&MAIN), 100.0);
        assert_eq!(empty.totals().len(), 1);
    }

    #[test]
    fn closed_group_of_full_mutual_ownership_is_divergent_and_isolated() {
        // A (1) and B (2) own 100% of each other and A owns 40% of Main; P owns 50% of Main.
        let edges = [
            own(1, 2, 100.0),
            own(2, 1, 100.0),
            own(1, MAIN, 40.0),
            own(3, MAIN, 50.0),
        ];
        let totals = ownership(&edges);
        assert_eq!(totals.divergent(), &[1, 2]);
        assert_eq!(totals.get(&1), None);
        assert!(totals.is_divergent(&2));
        assert_close(totals.get(&3), 50.0);
        assert_close(totals.get(&MAIN), 100.0);

        // Only when the 100% rule is broken can someone hold into the group; then they diverge
        // too, and everything else is still computed.
        let mut broken = edges.to_vec();
        broken.push(own(4, 1, 50.0));
        broken.push(own(5, 3, 100.0));
        let totals = ownership(&broken);
        assert_eq!(totals.divergent(), &[1, 2, 4]);
        assert_close(totals.get(&5), 50.0);
    }

    #[test]
    fn a_longer_cycle_matches_its_geometric_series() {
        // A → B → C → A, each 50%; A owns 60% of Main. x_A = 0.6 / (1 − 0.125).
        let edges = [
            own(1, 2, 50.0),
            own(2, 3, 50.0),
            own(3, 1, 50.0),
            own(1, MAIN, 60.0),
        ];
        let totals = ownership(&edges);
        let x_a = 0.6 / (1.0 - 0.125);
        assert_close(totals.get(&1), 100.0 * x_a);
        assert_close(totals.get(&3), 50.0 * x_a);
        assert_close(totals.get(&2), 25.0 * x_a);
    }

    // --- Beneficial owners -----------------------------------------------------------------

    #[test]
    fn beneficial_owners_by_ownership_voting_or_declaration() {
        let edges = [
            both(1, 10, 50.0, 50.0), // P1: 50% of H
            both(10, MAIN, 50.0, 50.0),
            both(2, MAIN, 10.0, 30.0), // P2: 10% shares, 30% votes
            both(3, MAIN, 24.0, 24.0), // P3: below
            both(4, MAIN, 5.0, 5.0),   // P4: declared
        ];
        let own_totals = total_interest(&edges, MAIN, Measure::Ownership);
        let vote_totals = total_interest(&edges, MAIN, Measure::Voting);
        let candidates: Vec<OwnerCandidate<u32>> = [1, 2, 3, 4, 5, 1]
            .into_iter()
            .map(|id| OwnerCandidate {
                id,
                declared: id == 4,
            })
            .collect();
        let owners = beneficial_owners(&candidates, &own_totals, &vote_totals, 25.0);
        assert_eq!(owners, vec![1, 2, 4]);
        let owners = beneficial_owners(&candidates, &own_totals, &vote_totals, 24.0);
        assert_eq!(owners, vec![1, 2, 3, 4]);
        let owners = beneficial_owners(&candidates, &own_totals, &vote_totals, f64::NAN);
        assert_eq!(owners, vec![4]);
    }

    #[test]
    fn threshold_is_reached_despite_float_noise() {
        // 0.7 · 0.5 · 100 is not exactly 35 in binary; the 1e-9 rounding and slack absorb it.
        let edges = [own(1, 2, 70.0), own(2, MAIN, 50.0)];
        let totals = ownership(&edges);
        let candidates = [OwnerCandidate {
            id: 1,
            declared: false,
        }];
        assert_eq!(
            beneficial_owners(&candidates, &totals, &totals, 35.0),
            vec![1]
        );
    }

    // --- Orphans ---------------------------------------------------------------------------

    #[test]
    fn deleting_the_only_edge_of_a_node_orphans_it() {
        let nodes = [MAIN, 1, 2];
        let before = [own(1, MAIN, 30.0), link(2, MAIN)];
        assert!(orphans(&nodes, &before, MAIN).is_empty());
        let after = [own(1, MAIN, 30.0)];
        assert_eq!(orphans(&nodes, &after, MAIN), vec![2]);
        assert_eq!(
            orphaned_by_change(&nodes, &before, &nodes, &after, MAIN),
            vec![2]
        );
    }

    #[test]
    fn a_node_connected_by_another_route_is_not_an_orphan() {
        // P (1) → H (2) → Main and P → Main directly; drop the direct one.
        let nodes = [1, 2];
        let after = [own(1, 2, 50.0), own(2, MAIN, 40.0)];
        assert!(orphans(&nodes, &after, MAIN).is_empty());
        // Dropping H → Main instead leaves both P and H connected via P → Main.
        let after = [own(1, 2, 50.0), own(1, MAIN, 10.0)];
        assert!(orphans(&nodes, &after, MAIN).is_empty());
    }

    #[test]
    fn a_cycle_disconnected_from_main_is_orphaned() {
        let nodes = [1, 2, 3, 4];
        let edges = [
            own(1, MAIN, 50.0),
            own(2, 3, 40.0),
            own(3, 4, 40.0),
            own(4, 2, 40.0),
        ];
        assert_eq!(orphans(&nodes, &edges, MAIN), vec![2, 3, 4]);
    }

    #[test]
    fn deleting_an_entity_orphans_what_hung_from_it() {
        // P (1) holds H (2), H holds Main; Q (3) holds Main. Delete H: P is orphaned; Q is not.
        let before_nodes = [1, 2, 3];
        let edges = [own(1, 2, 50.0), own(2, MAIN, 40.0), own(3, MAIN, 10.0)];
        let after_nodes = [1, 3];
        // The deleted entity's relations may be passed or not: they are ignored.
        assert_eq!(orphans(&after_nodes, &edges, MAIN), vec![1]);
        assert_eq!(
            orphaned_by_change(&before_nodes, &edges, &after_nodes, &edges, MAIN),
            vec![1]
        );
        // An entity that was already unconnected is not blamed on an unrelated change.
        let before_nodes = [1, 2, 3, 4];
        let after_nodes = [1, 2, 4];
        let after_edges = [own(1, 2, 50.0), own(2, MAIN, 40.0)];
        assert!(
            orphaned_by_change(&before_nodes, &edges, &after_nodes, &after_edges, MAIN).is_empty()
        );
        assert_eq!(orphans(&after_nodes, &after_edges, MAIN), vec![4]);
    }

    // --- Property tests --------------------------------------------------------------------

    /// xorshift64*: small, deterministic, good enough for test graphs.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
        fn shuffle(&mut self, items: &mut [u32]) {
            for i in (1..items.len()).rev() {
                items.swap(i, self.below(i + 1));
            }
        }
    }

    /// Random holders of each node, with incoming direct interest ≤ 100% per node; `allowed`
    /// says which `from → to` pairs may exist. Sometimes splits a holding into parallel edges.
    fn random_graph(
        rng: &mut Rng,
        n: u32,
        density: f64,
        allowed: impl Fn(u32, u32) -> bool,
    ) -> Vec<Edge<u32>> {
        let mut edges = Vec::new();
        for to in 0..n {
            let holders: Vec<u32> = (0..n)
                .filter(|&from| from != to && allowed(from, to) && rng.unit() < density)
                .collect();
            if holders.is_empty() {
                continue;
            }
            // Incoming total: sometimes exactly 100, otherwise anything below.
            let budget = if rng.below(4) == 0 {
                100.0
            } else {
                100.0 * rng.unit()
            };
            let weights: Vec<f64> = holders.iter().map(|_| rng.unit() + 0.01).collect();
            let sum: f64 = weights.iter().sum();
            for (&from, w) in holders.iter().zip(weights) {
                let percent = budget * w / sum;
                if rng.below(5) == 0 {
                    edges.push(own(from, to, percent * 0.25));
                    edges.push(own(from, to, percent * 0.75));
                } else {
                    edges.push(own(from, to, percent));
                }
            }
        }
        edges
    }

    /// Brute force: sum over all simple paths `v → … → MAIN` (not going through MAIN before
    /// the end) of the products of direct fractions, one term per edge sequence.
    fn brute_force(edges: &[Edge<u32>], n: u32) -> Vec<f64> {
        fn walk(edges: &[Edge<u32>], v: u32, product: f64, visited: &mut Vec<bool>) -> f64 {
            if v == MAIN {
                return product;
            }
            let mut total = 0.0;
            for e in edges.iter().filter(|e| e.from == v && e.from != e.to) {
                if visited[e.to as usize] {
                    continue;
                }
                visited[e.to as usize] = true;
                total += walk(edges, e.to, product * fraction(e.ownership), visited);
                visited[e.to as usize] = false;
            }
            total
        }
        (0..n)
            .map(|v| {
                let mut visited = vec![false; n as usize];
                visited[v as usize] = true;
                100.0 * walk(edges, v, 1.0, &mut visited)
            })
            .collect()
    }

    /// Fixed-point iteration of x ← b + D x (the partial sums of the walk series): the iterates
    /// after `rounds − 1` and after `rounds` rounds, in percent.
    fn series(edges: &[Edge<u32>], n: u32, rounds: usize) -> (Vec<f64>, Vec<f64>) {
        let mut previous = vec![0.0; n as usize];
        let mut x = vec![0.0; n as usize];
        x[MAIN as usize] = 1.0;
        for _ in 1..rounds {
            let mut next = vec![0.0; n as usize];
            next[MAIN as usize] = 1.0;
            for e in edges {
                if e.from != MAIN && e.from != e.to {
                    next[e.from as usize] += fraction(e.ownership) * x[e.to as usize];
                }
            }
            previous = std::mem::replace(&mut x, next);
        }
        let percent = |v: Vec<f64>| v.into_iter().map(|x| 100.0 * x).collect();
        (percent(previous), percent(x))
    }

    /// Incoming direct interest of each node from nodes other than MAIN (self-relations aside).
    fn incoming(edges: &[Edge<u32>], n: u32) -> Vec<f64> {
        let mut sums = vec![0.0; n as usize];
        for e in edges {
            if e.from != MAIN && e.from != e.to {
                sums[e.to as usize] += fraction(e.ownership);
            }
        }
        sums
    }

    /// Nodes on a cycle (reachable from themselves through edges not leaving MAIN).
    fn on_cycle(edges: &[Edge<u32>], n: u32) -> Vec<bool> {
        (0..n)
            .map(|start| {
                let mut seen = vec![false; n as usize];
                let mut stack = vec![start];
                while let Some(v) = stack.pop() {
                    if v == MAIN {
                        continue;
                    }
                    for e in edges.iter().filter(|e| e.from == v && e.from != e.to) {
                        if e.to == start {
                            return true;
                        }
                        if !seen[e.to as usize] {
                            seen[e.to as usize] = true;
                            stack.push(e.to);
                        }
                    }
                }
                false
            })
            .collect()
    }

    #[test]
    fn property_acyclic_graphs_match_brute_force_and_stay_within_100() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let n = 3 + rng.below(6) as u32;
            let mut order: Vec<u32> = (0..n).collect();
            rng.shuffle(&mut order);
            let rank: Vec<usize> = (0..n)
                .map(|v| order.iter().position(|&o| o == v).unwrap())
                .collect();
            let density = 0.3 + 0.6 * rng.unit();
            let edges = random_graph(&mut rng, n, density, |from, to| {
                rank[from as usize] < rank[to as usize]
            });
            let totals = ownership(&edges);
            let expected = brute_force(&edges, n);
            assert!(totals.divergent().is_empty());
            let sources: f64 = (1..n)
                .filter(|v| !edges.iter().any(|e| e.to == *v))
                .map(|v| totals.get(&v).unwrap())
                .sum();
            assert!(sources <= 100.0 + 1e-6, "{sources} {edges:?}");
            for v in 0..n {
                let got = totals.get(&v).unwrap();
                assert!((0.0..=100.0 + PERCENT_EPSILON).contains(&got), "{got}");
                assert!(
                    (got - expected[v as usize]).abs() < 1e-7,
                    "node {v}: {got} vs brute force {} in {edges:?}",
                    expected[v as usize]
                );
            }
        }
    }

    #[test]
    fn property_cyclic_graphs_converge_conserve_and_respect_the_bounds() {
        let mut rng = Rng(0xdead_beef_cafe_f00d);
        let mut with_cycles = 0;
        let mut divergent_graphs = 0;
        let mut checked_against_series = 0;
        for _ in 0..3000 {
            let n = 3 + rng.below(6) as u32;
            let density = 0.2 + 0.6 * rng.unit();
            let edges = random_graph(&mut rng, n, density, |_, _| true);
            let totals = ownership(&edges);
            let cycle = on_cycle(&edges, n);
            if cycle.iter().any(|c| *c) {
                with_cycles += 1;
            }
            if !totals.divergent().is_empty() {
                divergent_graphs += 1;
            }
            let incoming = incoming(&edges, n);
            let (before_last, series) = series(&edges, n, 1000);
            let mut conservation = 0.0;
            for v in 0..n {
                let i = v as usize;
                let Some(got) = totals.get(&v) else {
                    // Divergent: a closed group (all of its incoming interest, exactly 100%,
                    // from inside), whose partial sums keep growing.
                    assert!((incoming[i] - 1.0).abs() < 1e-9, "{v} {edges:?}");
                    assert!(cycle[i]);
                    continue;
                };
                assert!(got >= 0.0 && got.is_finite());
                if !cycle[i] {
                    assert!(got <= 100.0 + PERCENT_EPSILON, "{v}: {got} in {edges:?}");
                }
                assert!(
                    got * (1.0 - incoming[i]) <= 100.0 + 1e-6,
                    "{v}: {got} in {edges:?}"
                );
                // The walk series converges to the solved value (when it does so fast enough
                // to check; the partial sums approach from below).
                assert!(series[i] <= got + 1e-6, "{v}: {} > {got}", series[i]);
                if (series[i] - before_last[i]).abs() < 1e-13 {
                    checked_against_series += 1;
                    assert!(
                        (series[i] - got).abs() < 1e-6 * got.max(1.0),
                        "{v}: series {} vs {got} in {edges:?}",
                        series[i]
                    );
                }
                conservation += (1.0 - incoming[i]) * got;
            }
            if totals.divergent().is_empty() {
                assert!(
                    (conservation - 100.0).abs() < 1e-6,
                    "{conservation} in {edges:?}"
                );
            }
        }
        assert!(with_cycles > 1000, "{with_cycles}");
        assert!(checked_against_series > 10_000, "{checked_against_series}");
        eprintln!(
            "cyclic property: {with_cycles} graphs with cycles, {divergent_graphs} with a \
             divergent group, {checked_against_series} totals checked against the series"
        );
    }

    #[test]
    fn timing_probe_300_nodes_1000_edges() {
        // 250 companies (0 is Main) with random cross-holdings, 50 individuals holding companies.
        let mut rng = Rng(0x0123_4567_89ab_cdef);
        let companies = 250u32;
        let n = 300u32;
        let mut edges = Vec::new();
        for to in 0..companies {
            let k = 1 + rng.below(7);
            let mut holders = Vec::new();
            while holders.len() < k {
                let from = if rng.below(5) == 0 {
                    companies + rng.below((n - companies) as usize) as u32
                } else {
                    rng.below(companies as usize) as u32
                };
                if from != to && !holders.contains(&from) {
                    holders.push(from);
                }
            }
            let budget = 100.0 * (0.6 + 0.4 * rng.unit());
            let weights: Vec<f64> = holders.iter().map(|_| rng.unit() + 0.05).collect();
            let sum: f64 = weights.iter().sum();
            for (&from, w) in holders.iter().zip(weights) {
                edges.push(own(from, to, budget * w / sum));
            }
        }
        let started = Instant::now();
        let totals = ownership(&edges);
        let elapsed = started.elapsed();
        let largest = {
            let cycle = on_cycle(&edges, n);
            cycle.iter().filter(|c| **c).count()
        };
        eprintln!(
            "timing probe: {} nodes, {} edges, {largest} nodes on cycles, solved in {elapsed:?}",
            n,
            edges.len()
        );
        assert!(edges.len() > 900);
        assert!(totals.divergent().is_empty());
        let (_, series) = series(&edges, n, 3000);
        let incoming = incoming(&edges, n);
        let mut conservation = 0.0;
        for v in 0..n {
            let got = totals.get(&v).unwrap();
            assert!(
                (series[v as usize] - got).abs() < 1e-6 * got.max(1.0),
                "{v}: {} vs {got}",
                series[v as usize]
            );
            conservation += (1.0 - incoming[v as usize]) * got;
        }
        assert!((conservation - 100.0).abs() < 1e-6, "{conservation}");
        for v in companies..n {
            assert!(totals.get(&v).unwrap() <= 100.0 + PERCENT_EPSILON);
        }
    }
}
