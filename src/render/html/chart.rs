//! The burn-down chart of a period: an inline SVG step line of what remains of
//! the budget, day by day, with a marker for today. Coordinates are whole
//! tenths of a pixel (integers, like the money): no floating point anywhere.

use std::fmt;

use chrono::NaiveDate;
use maud::{Markup, html};

use super::text;
use crate::engine::{PeriodResult, PeriodState};
use crate::render::{View, money};

/// Tenths of a pixel, written as an SVG number: `Px(1234)` is `123.4`.
#[derive(Clone, Copy)]
struct Px(i64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{}", self.0.abs() / 10, self.0.abs() % 10)
    }
}

// The drawing, in tenths of a pixel: its size and the margins around the plot.
const W: i64 = 5200;
const H: i64 = 2200;
const LEFT: i64 = 80;
const RIGHT: i64 = 80;
const TOP: i64 = 180;
const BOTTOM: i64 = 240;

/// The day the chart ends: the period's end, or for an open period today or
/// its last entry, whichever is later; never the day it starts.
fn last_day(v: &View<'_>, p: &PeriodResult) -> NaiveDate {
    let last_entry = v.eval.entries_in(p).last().map(|r| r.date);
    p.to.or_else(|| [Some(v.eval.as_of), last_entry].into_iter().flatten().max())
        .unwrap_or(p.from)
        .max(p.from + chrono::Days::new(1))
}

/// The figure of one period's burn-down.
pub(super) fn burndown(v: &View<'_>, p: &PeriodResult) -> Markup {
    let l = v.lang;
    let end = last_day(v, p);
    let span = (end - p.from).num_days().max(1);
    let x = |d: NaiveDate| {
        Px(LEFT + (W - LEFT - RIGHT) * (d - p.from).num_days().clamp(0, span) / span)
    };
    let max = p.budget.ore().max(p.charged.ore()).max(1);
    let y = |ore: i128| {
        let drop = i128::from(H - TOP - BOTTOM) * (max - ore.clamp(0, max)) / max;
        Px(TOP + i64::try_from(drop).unwrap_or(H - TOP - BOTTOM))
    };
    // Each charge to the budget is a step down, and a dot with its entry.
    let mut remaining = p.budget.ore();
    let mut points = vec![(x(p.from), y(remaining))];
    let mut dots = Vec::new();
    // Only the entries of this period: a report of many periods stays linear.
    for r in v
        .eval
        .entries_in(p)
        .iter()
        .filter(|r| !r.payers().budget.is_zero())
    {
        points.push((x(r.date), y(remaining)));
        remaining -= r.payers().budget.ore();
        points.push((x(r.date), y(remaining)));
        dots.push((x(r.date), y(remaining), r));
    }
    points.push((x(end), y(remaining)));
    let points: Vec<String> = points.iter().map(|(a, b)| format!("{a},{b}")).collect();
    // A closed period is drawn small and grey: its unused money lapsed.
    let closed = p.state(v.eval.as_of) == PeriodState::Closed;
    let caption = format!(
        "{} {}: {} {} {}",
        crate::msg!(l => "Period", "Period"),
        p.label,
        money(p.remaining, l),
        if closed {
            crate::msg!(l => "förföll av", "lapsed of")
        } else {
            crate::msg!(l => "kvar av", "left of")
        },
        money(p.budget, l)
    );
    let (base, right_edge) = (Px(H - BOTTOM), Px(W - RIGHT));
    html! {
        figure.burndown.closed[closed] {
            figcaption { (text(&caption)) }
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (Px(W)) " " (Px(H)) }
                role="img" aria-label=(text(&caption)) {
                rect x=(Px(LEFT)) y=(Px(TOP)) width=(Px(W - LEFT - RIGHT))
                    height=(Px(H - TOP - BOTTOM)) fill="#f6f8fa" {}
                line x1=(Px(LEFT)) y1=(base) x2=(right_edge) y2=(base) stroke="#8c959f" {}
                @if v.eval.as_of >= p.from && v.eval.as_of <= end {
                    @let xt = x(v.eval.as_of);
                    line x1=(xt) y1=(Px(TOP)) x2=(xt) y2=(base) stroke="var(--warn)"
                        stroke-dasharray="4 3" {}
                    text x=(xt) y="12" text-anchor="middle" { (crate::msg!(l => "i dag", "today")) }
                }
                polyline points=(points.join(" ")) fill="none" stroke="var(--bar)"
                    stroke-width="2" {}
                @for (cx, cy, r) in &dots {
                    circle cx=(cx) cy=(cy) r="2.5" fill="var(--bar)" {
                        title { "#" (r.id) " " (r.date) " " (money(r.payers().budget, l)) }
                    }
                }
                text x=(Px(LEFT)) y=(Px(H - 80)) { (p.from) }
                text x=(right_edge) y=(Px(H - 80)) text-anchor="end" { (end) }
                text x=(Px(LEFT)) y=(Px(TOP - 40)) { (money(p.budget, l)) }
            }
        }
        "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::Px;

    #[test]
    fn tenths_of_a_pixel_are_written_as_decimals() {
        assert_eq!(Px(1234).to_string(), "123.4");
        assert_eq!(Px(5).to_string(), "0.5");
        assert_eq!(Px(-15).to_string(), "-1.5");
        assert_eq!(Px(0).to_string(), "0.0");
    }
}
