//! Total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines", 1981): the
//! breaks that minimise the demerits of the whole paragraph, not line by line.
//!
//! A paragraph is a list of boxes (unbreakable text), glue (space that stretches and
//! shrinks) and penalties (possible breaks at a cost, such as a hyphen). Like TeX, a
//! caller tries a strict pass without hyphenation, then a pass with it, then an emergency
//! pass that accepts any line not wider than the measure.

/// What a paragraph item is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind {
    /// Unbreakable material.
    Box,
    /// Space that may stretch and shrink; a break may come after a box at glue.
    Glue {
        /// How much it may grow.
        stretch: f32,
        /// How much it may shrink.
        shrink: f32,
    },
    /// A possible break at a cost; `PENALTY_FORCE` forces one, `PENALTY_NEVER` forbids it.
    Penalty {
        /// The cost of breaking here.
        penalty: f32,
        /// Whether it ends a line with a hyphen (two in a row cost extra).
        flagged: bool,
    },
}

/// One paragraph item: its kind and natural width in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Item {
    pub width: f32,
    pub kind: Kind,
}

/// A penalty that forces a break.
pub(crate) const PENALTY_FORCE: f32 = -10_000.0;
/// A penalty that forbids a break.
pub(crate) const PENALTY_NEVER: f32 = 10_000.0;
/// Stretch that is as good as infinite (the glue that ends a paragraph).
pub(crate) const FILL: f32 = 100_000.0;
/// Badness of a line that cannot stretch enough (TeX's inf_bad).
const INF_BAD: f64 = 10_000.0;

/// How strict a pass is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Params {
    /// The worst badness accepted for a line (100 × ratio³); `f64::INFINITY` accepts any
    /// line that is not too wide.
    pub tolerance: f64,
    /// Added to each line's badness before squaring (TeX's \linepenalty).
    pub line_penalty: f64,
    /// Extra demerits for two hyphenated lines in a row.
    pub flagged_demerits: f64,
    /// Extra demerits when a line's tightness differs from the previous line's by more
    /// than one class.
    pub fitness_demerits: f64,
    /// Stretch added to every line (ragged-right setting); 0 for justified text.
    pub line_stretch: f32,
    /// Whether the hyphenation points (flagged penalties with the hyphen's width) are
    /// breaks; a break after a hyphen in the text is one in every pass.
    pub hyphenation: bool,
}

impl Params {
    /// TeX's first pass: no hyphenation expected, a badness of 100 at most.
    pub const FIRST: Params = Params {
        tolerance: 100.0,
        line_penalty: 10.0,
        flagged_demerits: 3000.0,
        fitness_demerits: 100.0,
        line_stretch: 0.0,
        hyphenation: false,
    };
    /// TeX's second pass, with hyphenation: a badness of 200 at most.
    pub const SECOND: Params = Params {
        tolerance: 200.0,
        hyphenation: true,
        ..Params::FIRST
    };
    /// The emergency pass: any line that is not too wide.
    pub const EMERGENCY: Params = Params {
        tolerance: f64::INFINITY,
        hyphenation: true,
        ..Params::FIRST
    };
}

#[derive(Clone, Copy, Debug)]
struct Totals {
    width: f64,
    stretch: f64,
    shrink: f64,
}

#[derive(Clone, Copy, Debug)]
struct Node {
    /// The item the line breaks at (0 for the paragraph's start).
    position: usize,
    line: usize,
    fitness: u8,
    flagged: bool,
    /// Totals from the paragraph's start to the first box after the break.
    after: Totals,
    demerits: f64,
    previous: Option<usize>,
}

/// A line's adjustment ratio: how far its glue stretches (positive) or shrinks
/// (negative), relative to what it can.
pub(crate) fn adjustment_ratio(natural: f64, stretch: f64, shrink: f64, width: f64) -> f64 {
    if natural < width {
        if stretch > 0.0 {
            (width - natural) / stretch
        } else {
            f64::INFINITY
        }
    } else if natural > width {
        if shrink > 0.0 {
            (width - natural) / shrink
        } else {
            f64::NEG_INFINITY
        }
    } else {
        0.0
    }
}

/// The break positions (indices of the glue or penalty items broken at, the last one the
/// final forced break) that minimise the total demerits with `params`, for lines of
/// `width(line_number)` points; `None` when no set of breaks meets the tolerance.
pub(crate) fn break_lines(
    items: &[Item],
    width: impl Fn(usize) -> f32,
    params: &Params,
) -> Option<Vec<usize>> {
    let mut sums = Vec::with_capacity(items.len() + 1);
    let mut total = Totals {
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
    };
    for item in items {
        sums.push(total);
        match item.kind {
            Kind::Box => total.width += f64::from(item.width),
            Kind::Glue { stretch, shrink } => {
                total.width += f64::from(item.width);
                total.stretch += f64::from(stretch);
                total.shrink += f64::from(shrink);
            }
            // a penalty's width counts only on the line it ends
            Kind::Penalty { .. } => {}
        }
    }
    sums.push(total);

    let mut nodes = vec![Node {
        position: 0,
        line: 0,
        fitness: 1,
        flagged: false,
        after: sums[0],
        demerits: 0.0,
        previous: None,
    }];
    let mut active: Vec<usize> = vec![0];

    for (b, item) in items.iter().enumerate() {
        let (penalty, flagged, break_width) = match item.kind {
            Kind::Penalty { penalty, flagged }
                if penalty < PENALTY_NEVER
                    && (params.hyphenation || !(flagged && item.width > 0.0)) =>
            {
                (f64::from(penalty), flagged, f64::from(item.width))
            }
            Kind::Glue { .. } if b > 0 && items[b - 1].kind == Kind::Box => (0.0, false, 0.0),
            _ => continue,
        };
        let forced = penalty <= f64::from(PENALTY_FORCE);
        let mut candidates: [Option<Node>; 4] = [None; 4];
        let mut i = 0;
        while i < active.len() {
            let index = active[i];
            let a = nodes[index];
            let line_width = f64::from(width(a.line));
            let natural = sums[b].width - a.after.width + break_width;
            let stretch = sums[b].stretch - a.after.stretch + f64::from(params.line_stretch);
            let shrink = sums[b].shrink - a.after.shrink;
            let ratio = adjustment_ratio(natural, stretch, shrink, line_width);
            if ratio < -1.0 || forced {
                active.remove(i);
            } else {
                i += 1;
            }
            if ratio < -1.0 {
                continue;
            }
            let badness = if ratio.is_infinite() {
                INF_BAD
            } else {
                (100.0 * ratio.abs().powi(3)).min(INF_BAD)
            };
            if badness > params.tolerance {
                continue;
            }
            let mut demerits = (params.line_penalty + badness).powi(2);
            if penalty >= 0.0 {
                demerits += penalty * penalty;
            } else if !forced {
                demerits -= penalty * penalty;
            }
            if flagged && a.flagged {
                demerits += params.flagged_demerits;
            }
            let fitness = match ratio {
                r if r < -0.5 => 0,
                r if r <= 0.5 => 1,
                r if r <= 1.0 => 2,
                _ => 3,
            };
            if (i32::from(fitness) - i32::from(a.fitness)).abs() > 1 {
                demerits += params.fitness_demerits;
            }
            let total = a.demerits + demerits;
            let slot = &mut candidates[usize::from(fitness)];
            if slot.is_none_or(|c| total < c.demerits) {
                *slot = Some(Node {
                    position: b,
                    line: a.line + 1,
                    fitness,
                    flagged,
                    after: Totals {
                        width: 0.0,
                        stretch: 0.0,
                        shrink: 0.0,
                    },
                    demerits: total,
                    previous: Some(index),
                });
            }
        }
        let after = totals_after(items, &sums, b);
        for mut candidate in candidates.iter().flatten().copied() {
            candidate.after = after;
            nodes.push(candidate);
            active.push(nodes.len() - 1);
        }
        if active.is_empty() {
            return None;
        }
    }

    let last = items.len().checked_sub(1)?;
    let best = active
        .iter()
        .copied()
        .filter(|&n| nodes[n].position == last)
        .min_by(|&x, &y| nodes[x].demerits.total_cmp(&nodes[y].demerits))?;
    let mut breaks = Vec::new();
    let mut node = Some(best);
    while let Some(n) = node {
        if nodes[n].previous.is_some() {
            breaks.push(nodes[n].position);
        }
        node = nodes[n].previous;
    }
    breaks.reverse();
    Some(breaks)
}

/// Totals up to the first box after a break at `b` (glue and penalties after a break
/// vanish).
fn totals_after(items: &[Item], sums: &[Totals], b: usize) -> Totals {
    let mut i = b;
    while i < items.len() {
        match items[i].kind {
            Kind::Box => break,
            Kind::Penalty { penalty, .. } if i > b && penalty <= PENALTY_FORCE => break,
            _ => i += 1,
        }
    }
    sums[i]
}

/// Greedy first-fit breaking, used when even the emergency pass finds nothing (it cannot,
/// when every unbreakable run fits the measure; this is a guard).
pub(crate) fn break_greedy(items: &[Item], width: impl Fn(usize) -> f32) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut line_start = 0;
    let mut last_fit: Option<usize> = None;
    let mut b = 0;
    while b < items.len() {
        let legal = match items[b].kind {
            Kind::Penalty { penalty, .. } => penalty < PENALTY_NEVER,
            Kind::Glue { .. } => b > 0 && items[b - 1].kind == Kind::Box,
            Kind::Box => false,
        };
        let forced =
            matches!(items[b].kind, Kind::Penalty { penalty, .. } if penalty <= PENALTY_FORCE);
        if legal {
            let natural: f32 = items[line_start..b]
                .iter()
                .filter(|i| i.kind == Kind::Box || matches!(i.kind, Kind::Glue { .. }))
                .map(|i| i.width)
                .sum::<f32>()
                + if matches!(items[b].kind, Kind::Penalty { .. }) {
                    items[b].width
                } else {
                    0.0
                };
            if natural > width(breaks.len())
                && let Some(fit) = last_fit
            {
                breaks.push(fit);
                line_start = fit + 1;
                last_fit = None;
                b = fit + 1;
                continue;
            }
            if forced {
                breaks.push(b);
                line_start = b + 1;
                last_fit = None;
            } else {
                last_fit = Some(b);
            }
        }
        b += 1;
    }
    if breaks.last() != Some(&(items.len().saturating_sub(1))) && !items.is_empty() {
        breaks.push(items.len() - 1);
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(lengths: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in lengths.iter().enumerate() {
            if i > 0 {
                items.push(Item {
                    width: 3.0,
                    kind: Kind::Glue {
                        stretch: 1.5,
                        shrink: 1.0,
                    },
                });
            }
            items.push(Item {
                width: w,
                kind: Kind::Box,
            });
        }
        items.push(Item {
            width: 0.0,
            kind: Kind::Glue {
                stretch: FILL,
                shrink: 0.0,
            },
        });
        items.push(Item {
            width: 0.0,
            kind: Kind::Penalty {
                penalty: PENALTY_FORCE,
                flagged: false,
            },
        });
        items
    }

    fn line_widths(items: &[Item], breaks: &[usize]) -> Vec<f32> {
        let mut start = 0;
        breaks
            .iter()
            .map(|&b| {
                let w: f32 = items[start..b]
                    .iter()
                    .skip_while(|i| i.kind != Kind::Box)
                    .map(|i| i.width)
                    .sum();
                start = b + 1;
                w
            })
            .collect()
    }

    #[test]
    fn total_fit_balances_lines() {
        let items = words(&[10.0; 30]);
        let breaks = break_lines(&items, |_| 100.0, &Params::EMERGENCY).unwrap();
        let widths = line_widths(&items, &breaks);
        assert_eq!(*breaks.last().unwrap(), items.len() - 1);
        for w in &widths[..widths.len() - 1] {
            assert!(*w <= 100.0 + 30.0 * 1.0, "{widths:?}");
        }
    }

    #[test]
    fn a_strict_pass_can_fail_and_the_emergency_pass_cannot() {
        // words that leave lines very loose
        let items = words(&[60.0, 60.0, 60.0]);
        assert!(break_lines(&items, |_| 100.0, &Params::FIRST).is_none());
        let breaks = break_lines(&items, |_| 100.0, &Params::EMERGENCY).unwrap();
        assert_eq!(breaks.len(), 3);
    }

    #[test]
    fn greedy_breaking_never_overflows_when_boxes_fit() {
        let items = words(&[40.0, 50.0, 30.0, 70.0, 20.0, 90.0]);
        let breaks = break_greedy(&items, |_| 100.0);
        for w in line_widths(&items, &breaks) {
            assert!(w <= 100.0);
        }
    }
}
