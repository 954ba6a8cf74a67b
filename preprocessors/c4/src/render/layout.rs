//! An in-process layered layout, no program needed: every boundary (the
//! scope, a group, a deployment node) is laid out as one block holding its
//! own items, and the items of a block are ranked along the view's
//! `autoLayout` direction by the relationships between them (longest path,
//! cycles broken where found), then placed rank by rank, centred.

use crate::model::Direction;

/// Space between items of a rank, and between ranks.
const GAP: f64 = 48.0;
const RANK_GAP: f64 = 96.0;
/// Items side by side in one row at most, so a view stays readable on a page.
const MAX_PER_RANK: usize = 4;
/// A boundary's padding, and the room under its items for its label.
pub const PAD: f64 = 20.0;
pub const LABEL_ROOM: f64 = 38.0;

/// One thing to place: a box of a given size, or a boundary around items.
#[derive(Debug, Clone)]
pub enum Item {
    Leaf { key: usize, width: f64, height: f64 },
    Block { key: usize, items: Vec<Item> },
}

impl Item {
    /// Every leaf key inside.
    fn leaves(&self, out: &mut Vec<usize>) {
        match self {
            Item::Leaf { key, .. } => out.push(*key),
            Item::Block { items, .. } => items.iter().for_each(|i| i.leaves(out)),
        }
    }
}

/// A rectangle, absolute.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }
}

/// Where every leaf and block went, by key, and the whole size.
#[derive(Debug, Default)]
pub struct Placed {
    pub leaves: Vec<(usize, Rect)>,
    pub blocks: Vec<(usize, Rect)>,
    pub width: f64,
    pub height: f64,
}

/// Lays `items` out; `edges` are leaf-key pairs (source, destination).
pub fn layout(items: &[Item], edges: &[(usize, usize)], direction: Direction) -> Placed {
    let mut placed = Placed::default();
    let (w, h) = place(items, edges, direction, 0.0, 0.0, &mut placed, 0);
    placed.width = w;
    placed.height = h;
    placed
}

/// The size `item` needs, without placing it.
fn size(item: &Item, edges: &[(usize, usize)], direction: Direction, depth: usize) -> (f64, f64) {
    match item {
        Item::Leaf { width, height, .. } => (*width, *height),
        Item::Block { items, .. } => {
            let mut scratch = Placed::default();
            let (w, h) = place(items, edges, direction, 0.0, 0.0, &mut scratch, depth + 1);
            (w + 2.0 * PAD, h + PAD + LABEL_ROOM)
        }
    }
}

/// Places `items` with their top-left at (x, y); returns the size used.
fn place(
    items: &[Item],
    edges: &[(usize, usize)],
    direction: Direction,
    x: f64,
    y: f64,
    out: &mut Placed,
    depth: usize,
) -> (f64, f64) {
    if items.is_empty() || depth > 32 {
        return (0.0, 0.0);
    }
    let sizes: Vec<(f64, f64)> = items.iter().map(|i| size(i, edges, direction, depth)).collect();
    let ranks = ranks(items, edges);
    let rank_count = ranks.iter().copied().max().unwrap_or(0) + 1;
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); rank_count];
    for (i, &r) in ranks.iter().enumerate() {
        if let Some(row) = rows.get_mut(r) {
            row.push(i);
        }
    }
    // A rank wider than a page holds is folded into several rows.
    let rows: Vec<Vec<usize>> = rows
        .into_iter()
        .flat_map(|row| row.chunks(MAX_PER_RANK).map(<[usize]>::to_vec).collect::<Vec<_>>())
        .collect();
    let mut rows = rows;
    if matches!(direction, Direction::BottomTop | Direction::RightLeft) {
        rows.reverse();
    }
    let across = matches!(direction, Direction::LeftRight | Direction::RightLeft);
    // Main axis: along the ranks; cross axis: within a rank.
    let main = |s: (f64, f64)| if across { s.0 } else { s.1 };
    let cross = |s: (f64, f64)| if across { s.1 } else { s.0 };
    let row_cross: Vec<f64> = rows
        .iter()
        .map(|row| row.iter().map(|&i| cross(sizes[i])).sum::<f64>() + GAP * row.len().saturating_sub(1) as f64)
        .collect();
    let row_main: Vec<f64> = rows
        .iter()
        .map(|row| row.iter().map(|&i| main(sizes[i])).fold(0.0, f64::max))
        .collect();
    let total_cross = row_cross.iter().copied().fold(0.0, f64::max);
    let total_main = row_main.iter().sum::<f64>() + RANK_GAP * rows.len().saturating_sub(1) as f64;
    let mut at_main = 0.0;
    for (r, row) in rows.iter().enumerate() {
        let mut at_cross = (total_cross - row_cross[r]) / 2.0;
        for &i in row {
            let s = sizes[i];
            let offset_main = at_main + (row_main[r] - main(s)) / 2.0;
            let (ix, iy) = if across {
                (x + offset_main, y + at_cross)
            } else {
                (x + at_cross, y + offset_main)
            };
            let rect = Rect {
                x: ix,
                y: iy,
                width: s.0,
                height: s.1,
            };
            match &items[i] {
                Item::Leaf { key, .. } => out.leaves.push((*key, rect)),
                Item::Block { key, items } => {
                    out.blocks.push((*key, rect));
                    place(items, edges, direction, ix + PAD, iy + PAD, out, depth + 1);
                }
            }
            at_cross += cross(s) + GAP;
        }
        at_main += row_main[r] + RANK_GAP;
    }
    if across {
        (total_main, total_cross)
    } else {
        (total_cross, total_main)
    }
}

/// Each item's rank: the longest path of relationships leading to it
/// between items of this block, back edges of cycles ignored.
fn ranks(items: &[Item], edges: &[(usize, usize)]) -> Vec<usize> {
    let owner: Vec<Vec<usize>> = items
        .iter()
        .map(|i| {
            let mut v = Vec::new();
            i.leaves(&mut v);
            v
        })
        .collect();
    let find = |leaf: usize| owner.iter().position(|o| o.contains(&leaf));
    let mut arcs: Vec<(usize, usize)> = Vec::new();
    for &(s, d) in edges {
        if let (Some(a), Some(b)) = (find(s), find(d))
            && a != b
            && !arcs.contains(&(a, b))
        {
            arcs.push((a, b));
        }
    }
    // Depth-first, in item order: an arc back to an item on the stack closes a cycle and is dropped.
    let n = items.len();
    let mut state = vec![0u8; n];
    let mut kept = Vec::new();
    for start in 0..n {
        let mut stack = vec![(start, 0usize)];
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let outgoing: Vec<usize> = arcs.iter().filter(|a| a.0 == node).map(|a| a.1).collect();
            if let Some(&to) = outgoing.get(*next) {
                *next += 1;
                match state[to] {
                    0 => {
                        kept.push((node, to));
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    2 => kept.push((node, to)),
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    let mut rank = vec![0usize; n];
    // Longest path over the acyclic arcs: n rounds at most.
    for _ in 0..n {
        let mut changed = false;
        for &(a, b) in &kept {
            if rank[b] < rank[a] + 1 {
                rank[b] = rank[a] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(key: usize) -> Item {
        Item::Leaf {
            key,
            width: 100.0,
            height: 50.0,
        }
    }

    #[test]
    fn a_chain_goes_down_and_a_cycle_still_ranks() {
        let placed = layout(
            &[leaf(0), leaf(1), leaf(2)],
            &[(0, 1), (1, 2), (2, 0)],
            Direction::TopBottom,
        );
        let y = |k| placed.leaves.iter().find(|(key, _)| *key == k).map(|(_, r)| r.y);
        assert!(y(0) < y(1) && y(1) < y(2), "{placed:?}");
    }

    #[test]
    fn a_wide_rank_folds_into_rows_of_four() {
        let items: Vec<Item> = (0..9).map(leaf).collect();
        let placed = layout(&items, &[], Direction::TopBottom);
        let mut ys: Vec<i64> = placed.leaves.iter().map(|(_, r)| r.y as i64).collect();
        ys.sort();
        ys.dedup();
        assert_eq!(ys.len(), 3, "{placed:?}");
    }

    #[test]
    fn left_right_goes_across_and_blocks_hold_their_leaves() {
        let items = [
            leaf(0),
            Item::Block {
                key: 9,
                items: vec![leaf(1), leaf(2)],
            },
        ];
        let placed = layout(&items, &[(0, 1)], Direction::LeftRight);
        let block = placed.blocks[0].1;
        let a = placed
            .leaves
            .iter()
            .find(|(k, _)| *k == 0)
            .map(|(_, r)| *r)
            .unwrap_or_default();
        assert!(a.x + a.width < block.x, "the block is right of its source");
        for (k, r) in &placed.leaves {
            if *k != 0 {
                assert!(r.x >= block.x && r.x + r.width <= block.x + block.width, "{k} inside");
                assert!(r.y >= block.y && r.y + r.height <= block.y + block.height, "{k} inside");
            }
        }
        // No two leaves overlap.
        for (i, (_, a)) in placed.leaves.iter().enumerate() {
            for (_, b) in placed.leaves.iter().skip(i + 1) {
                let apart =
                    a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
                assert!(apart, "{a:?} {b:?}");
            }
        }
    }
}
