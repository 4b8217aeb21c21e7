//! A table's column widths, as CSS 2.1's automatic table layout gives them (§17.5.2.2):
//! each column has a minimum (its widest unbreakable piece) and a maximum (its widest
//! cell set on one line); the table takes the maxima when they fit the measure, and
//! otherwise each column's minimum plus a share of what is left in proportion to how
//! much more it wants. Given relative widths win when every column has one (the table
//! then takes the whole measure), but for a column whose widest word would not fit its
//! share: it gets that word's width, and the others share the rest as given. The table
//! is never wider than the measure: when even the minima do not fit, the columns whose
//! widest word fits keep that width, the widest share what is left equally, and their
//! words break between characters as a paragraph's do.

/// How narrow and how wide a cell's content can be set, in points: its widest
/// unbreakable piece, and its width on one line.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Extent {
    pub min: f32,
    pub max: f32,
}

impl Extent {
    /// The extent of content that is both of these one above the other.
    pub fn stack(self, other: Extent) -> Extent {
        Extent {
            min: self.min.max(other.min),
            max: self.max.max(other.max),
        }
    }

    /// The extent with `width` more on either measure.
    pub fn widen(self, width: f32) -> Extent {
        Extent {
            min: self.min + width,
            max: self.max + width,
        }
    }
}

/// What one cell asks of the columns it covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Claim {
    /// Its first column.
    pub column: usize,
    /// How many columns it covers, at least 1.
    pub span: usize,
    pub extent: Extent,
}

/// The content width of each of `columns` columns (padding left out): `claims` are the
/// cells' extents, `shares` the columns' given relative widths, `room` the width the
/// columns' content may take together, `gap` the space between two columns (which a
/// cell spanning them may use).
pub(crate) fn column_widths(
    columns: usize,
    claims: &[Claim],
    shares: &[Option<u32>],
    room: f32,
    gap: f32,
) -> Vec<f32> {
    if columns == 0 {
        return Vec::new();
    }
    // NaN and negative widths count as nothing
    let room = room.max(0.0);
    let gap = gap.max(0.0);
    let mut min = vec![0.0f32; columns];
    let mut max = vec![0.0f32; columns];
    for claim in claims.iter().filter(|c| c.span <= 1) {
        if let (Some(lo), Some(hi)) = (min.get_mut(claim.column), max.get_mut(claim.column)) {
            *lo = lo.max(claim.extent.min.max(0.0));
            *hi = hi.max(claim.extent.max.max(0.0));
        }
    }
    // spanning cells, the narrowest spans first, widen the columns they cover when those
    // are too narrow for them together
    let mut spanning: Vec<&Claim> = claims.iter().filter(|c| c.span > 1).collect();
    spanning.sort_by_key(|c| c.span);
    for claim in spanning {
        let start = claim.column.min(columns);
        let end = claim.column.saturating_add(claim.span).min(columns);
        if start >= end {
            continue;
        }
        let gaps = gap * (end - start - 1) as f32;
        let weights: Vec<f32> = max[start..end].to_vec();
        spread(&mut min[start..end], claim.extent.min - gaps, &weights);
        spread(&mut max[start..end], claim.extent.max - gaps, &weights);
    }
    for (hi, lo) in max.iter_mut().zip(&min) {
        *hi = hi.max(*lo);
    }

    let total_max: f32 = max.iter().sum();
    let total_min: f32 = min.iter().sum();
    if total_min > room {
        // even the minima do not fit: the widest columns are capped, so that the
        // narrower keep their widest word whole
        let cap = water_level(&min, room);
        return min.iter().map(|lo| lo.min(cap)).collect();
    }
    let given: Option<Vec<f32>> = (shares.len() >= columns)
        .then(|| {
            shares[..columns]
                .iter()
                .map(|share| share.filter(|&s| s > 0).map(|s| s as f32))
                .collect()
        })
        .flatten();
    if let Some(given) = given {
        return given_widths(&given, &min, room);
    }
    if total_max <= room {
        return max;
    }
    // what is left after the minima, shared as each column wants more
    let want = total_max - total_min;
    let left = room - total_min;
    min.iter()
        .zip(&max)
        .map(|(lo, hi)| lo + left * (hi - lo) / want)
        .collect()
}

/// `room` shared as `shares` say, but that a column whose share is under its minimum
/// (in `min`, which fit in `room` together) gets its minimum, the others sharing the
/// rest as they say.
fn given_widths(shares: &[f32], min: &[f32], room: f32) -> Vec<f32> {
    let mut fixed = vec![false; shares.len()];
    loop {
        let fixed_width: f32 = min
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| **f)
            .map(|(m, _)| m)
            .sum();
        let free_share: f32 = shares
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| !**f)
            .map(|(s, _)| s)
            .sum();
        let free_room = room - fixed_width;
        let widths: Vec<f32> = shares
            .iter()
            .zip(min)
            .zip(&fixed)
            .map(|((share, lo), f)| {
                if *f || free_share <= 0.0 {
                    *lo
                } else {
                    free_room * share / free_share
                }
            })
            .collect();
        let mut changed = false;
        for ((w, lo), f) in widths.iter().zip(min).zip(fixed.iter_mut()) {
            if !*f && w < lo {
                *f = true;
                changed = true;
            }
        }
        if !changed {
            return widths;
        }
    }
}

/// Widens `widths` so that together they are at least `wanted`, the extra shared in
/// proportion to `weights` (evenly when they are all nothing).
fn spread(widths: &mut [f32], wanted: f32, weights: &[f32]) {
    let have: f32 = widths.iter().sum();
    let extra = wanted - have;
    if extra.is_nan() || extra <= 0.0 || widths.is_empty() {
        return;
    }
    let total: f32 = weights.iter().sum();
    let n = widths.len() as f32;
    for (width, weight) in widths.iter_mut().zip(weights) {
        *width += if total > 0.0 {
            extra * weight / total
        } else {
            extra / n
        };
    }
}

/// The cap `c` for which the widths `min(w, c)` add up to `room` (all of `widths` add up
/// to more).
fn water_level(widths: &[f32], room: f32) -> f32 {
    let mut sorted = widths.to_vec();
    sorted.sort_by(f32::total_cmp);
    let mut left = room;
    let n = sorted.len();
    for (k, &w) in sorted.iter().enumerate() {
        let rest = (n - k) as f32;
        if w * rest >= left {
            return left / rest;
        }
        left -= w;
    }
    // not reached when the widths add up to more than `room`
    sorted.last().copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(column: usize, span: usize, min: f32, max: f32) -> Claim {
        Claim {
            column,
            span,
            extent: Extent { min, max },
        }
    }

    fn close(a: &[f32], b: &[f32]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.01)
    }

    #[test]
    fn maxima_that_fit_are_taken() {
        let claims = [claim(0, 1, 20.0, 50.0), claim(1, 1, 10.0, 30.0)];
        let widths = column_widths(2, &claims, &[None, None], 400.0, 10.0);
        assert!(close(&widths, &[50.0, 30.0]), "{widths:?}");
    }

    #[test]
    fn otherwise_minima_and_a_share_of_the_rest_as_each_wants_more() {
        // minima 20 + 10 = 30, room 130: 100 left, wanted 180 and 20 more
        let claims = [claim(0, 1, 20.0, 200.0), claim(1, 1, 10.0, 30.0)];
        let widths = column_widths(2, &claims, &[None, None], 130.0, 0.0);
        assert!(close(&widths, &[110.0, 20.0]), "{widths:?}");
        assert!((widths.iter().sum::<f32>() - 130.0).abs() < 0.01);
    }

    #[test]
    fn given_widths_win_when_every_column_has_one() {
        let claims = [claim(0, 1, 100.0, 300.0)];
        let widths = column_widths(3, &claims, &[Some(1), Some(2), Some(1)], 400.0, 0.0);
        assert!(close(&widths, &[100.0, 200.0, 100.0]), "{widths:?}");
        // one column without: the content decides
        let widths = column_widths(3, &claims, &[Some(1), None, Some(1)], 400.0, 0.0);
        assert!(close(&widths, &[300.0, 0.0, 0.0]), "{widths:?}");
        // a zero share is none
        let widths = column_widths(1, &claims, &[Some(0)], 400.0, 0.0);
        assert!(close(&widths, &[300.0]), "{widths:?}");
        // a share too narrow for its widest word is widened to it; the others share
        // the rest 2:1
        let widths = column_widths(3, &claims, &[Some(1), Some(2), Some(1)], 280.0, 0.0);
        assert!(close(&widths, &[100.0, 120.0, 60.0]), "{widths:?}");
    }

    #[test]
    fn when_even_the_minima_do_not_fit_the_widest_columns_give_way() {
        // a 3,000-character token beside two short columns: they keep their word whole,
        // the token's column takes the rest and breaks it
        let claims = [
            claim(0, 1, 40.0, 60.0),
            claim(1, 1, 15_000.0, 15_000.0),
            claim(2, 1, 30.0, 30.0),
        ];
        let widths = column_widths(3, &claims, &[None; 3], 300.0, 0.0);
        assert!(close(&widths, &[40.0, 230.0, 30.0]), "{widths:?}");
        // two giants share equally
        let claims = [claim(0, 1, 5_000.0, 5_000.0), claim(1, 1, 9_000.0, 9_000.0)];
        let widths = column_widths(2, &claims, &[None; 2], 300.0, 0.0);
        assert!(close(&widths, &[150.0, 150.0]), "{widths:?}");
    }

    #[test]
    fn a_spanning_cell_widens_the_columns_it_covers() {
        // columns of 20 and 60 at most; a cell over both wants 120 on one line, with a
        // gap of 10 between them: 30 more, shared 1:3
        let claims = [
            claim(0, 1, 10.0, 20.0),
            claim(1, 1, 10.0, 60.0),
            claim(0, 2, 30.0, 120.0),
        ];
        let widths = column_widths(2, &claims, &[None; 2], 1000.0, 10.0);
        assert!(close(&widths, &[27.5, 82.5]), "{widths:?}");
        // a span past the last column counts the columns there are
        let claims = [claim(1, 5, 10.0, 100.0)];
        let widths = column_widths(2, &claims, &[None; 2], 1000.0, 0.0);
        assert!(close(&widths, &[0.0, 100.0]), "{widths:?}");
    }

    #[test]
    fn nothing_odd_comes_of_odd_input() {
        assert!(column_widths(0, &[], &[], 100.0, 0.0).is_empty());
        let claims = [claim(7, 1, f32::NAN, f32::NAN), claim(0, 0, -5.0, -1.0)];
        let widths = column_widths(2, &claims, &[], -50.0, f32::NAN);
        assert!(
            widths.iter().all(|w| w.is_finite() && *w >= 0.0),
            "{widths:?}"
        );
    }
}
