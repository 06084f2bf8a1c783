//! Clustering without chaining strangers.
//!
//! Pairs are taken best first; two groups join only when every contact of
//! one is compatible with every contact of the other (no "not a duplicate"
//! mark, no strong contradiction such as different birthdays). So a chain
//! A~B, B~C with A≁C leaves C out of A's cluster.

/// A group of contacts (indices) and the score of its weakest link.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub members: Vec<u32>,
    pub score: f64,
}

/// Groups `n` contacts by `pairs` (`(i, j, score)`, best first), joining
/// two groups only when `compatible` holds for every cross pair. Returns
/// the groups of two or more, members ascending.
pub fn groups(
    n: usize,
    pairs: &[(u32, u32, f64)],
    compatible: &mut dyn FnMut(u32, u32) -> bool,
) -> Vec<Group> {
    let mut group_of: Vec<u32> = (0..n as u32).collect();
    let mut members: Vec<Vec<u32>> = Vec::new();
    let mut score: Vec<f64> = Vec::new();
    // Only contacts in some pair get a group; the rest stay alone.
    let mut slot = vec![u32::MAX; n];
    for &(a, b, _) in pairs {
        for x in [a, b] {
            if slot[x as usize] == u32::MAX {
                slot[x as usize] = members.len() as u32;
                group_of[x as usize] = members.len() as u32;
                members.push(vec![x]);
                score.push(1.0);
            }
        }
    }
    for &(a, b, s) in pairs {
        let (ga, gb) = (group_of[a as usize] as usize, group_of[b as usize] as usize);
        if ga == gb {
            continue;
        }
        let ok = members[ga]
            .iter()
            .all(|&x| members[gb].iter().all(|&y| compatible(x, y)));
        if !ok {
            continue;
        }
        let (keep, gone) = if members[ga].len() >= members[gb].len() {
            (ga, gb)
        } else {
            (gb, ga)
        };
        let moved = std::mem::take(&mut members[gone]);
        for &x in &moved {
            group_of[x as usize] = keep as u32;
        }
        members[keep].extend(moved);
        score[keep] = score[keep].min(score[gone]).min(s);
    }
    let mut out: Vec<Group> = members
        .into_iter()
        .zip(score)
        .filter(|(m, _)| m.len() > 1)
        .map(|(mut members, score)| {
            members.sort_unstable();
            Group { members, score }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.members[0].cmp(&b.members[0]))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_does_not_glue_strangers() {
        // 0~1 strongly, 1~2 a bit less, but 0 and 2 contradict each other.
        let pairs = [(0, 1, 0.99), (1, 2, 0.95)];
        let found = groups(3, &pairs, &mut |x, y| (x.min(y), x.max(y)) != (0, 2));
        assert_eq!(
            found,
            vec![Group {
                members: vec![0, 1],
                score: 0.99
            }]
        );
    }

    #[test]
    fn compatible_chains_join_with_their_weakest_link_as_score() {
        let pairs = [(3, 4, 0.99), (0, 1, 0.97), (1, 3, 0.9)];
        let found = groups(5, &pairs, &mut |_, _| true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].members, vec![0, 1, 3, 4]);
        assert!((found[0].score - 0.9).abs() < 1e-12);
    }

    #[test]
    fn groups_come_best_first_ties_by_smallest_member() {
        let pairs = [(4, 5, 0.9), (0, 1, 0.9), (2, 3, 0.95)];
        let found = groups(6, &pairs, &mut |_, _| true);
        let firsts: Vec<u32> = found.iter().map(|g| g.members[0]).collect();
        assert_eq!(firsts, vec![2, 0, 4]);
    }
}
