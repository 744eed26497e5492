//! Which date component is the day, the month and the year.
//!
//! WhatsApp writes dates in the phone's locale without saying which. We decide
//! once per file, from every header: a component above 12 cannot be a month;
//! a sorted chat's dates rarely go backwards under the right reading; and the
//! day changes more often than the month between consecutive messages.

use pullaway_chat::Date;

use super::header::{Era, Raw};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Dmy,
    Mdy,
    Ymd,
    Ydm,
}

impl Order {
    pub fn name(self) -> &'static str {
        match self {
            Order::Dmy => "d/m/y",
            Order::Mdy => "m/d/y",
            Order::Ymd => "y/m/d",
            Order::Ydm => "y/d/m",
        }
    }

    /// Indices of (year, month, day) in the raw components.
    fn positions(self) -> (usize, usize, usize) {
        match self {
            Order::Dmy => (2, 1, 0),
            Order::Mdy => (2, 0, 1),
            Order::Ymd => (0, 1, 2),
            Order::Ydm => (0, 2, 1),
        }
    }
}

/// The calendar date of a raw header under an order, if valid.
pub fn resolve(raw: &Raw, order: Order) -> Option<Date> {
    let (y, m, d) = order.positions();
    let mut year = i32::from(raw.comps[y]);
    match raw.era {
        Era::Japanese(base) => year += i32::from(base),
        Era::Buddhist => year -= 543,
        Era::None if raw.digits[y] <= 2 => year += 2000,
        // Thai phones write Buddhist-era years without a marker.
        Era::None if year >= 2400 => year -= 543,
        Era::None => {}
    }
    Date::new(
        year,
        u8::try_from(raw.comps[m]).ok()?,
        u8::try_from(raw.comps[d]).ok()?,
    )
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    invalid: usize,
    backwards: usize,
    /// How much more often the month component changed than the day one
    /// (lower is more plausible).
    month_churn: isize,
}

/// A valid date and the raw components it came from.
type Seen = (Date, [u16; 3]);

/// What a run of consecutive headers says about one order: its score, and
/// its first and last valid dates, so that runs scored apart (the parts of
/// a large file, on two cores) add up to the score of the whole.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    score: Score,
    first: Option<Seen>,
    last: Option<Seen>,
}

impl Score {
    /// Counts the step from one valid date to the next.
    fn step(&mut self, order: Order, (pd, pc): Seen, (date, comps): Seen) {
        let (_, m, d) = order.positions();
        if date < pd {
            self.backwards += 1;
        }
        if pc[m] != comps[m] {
            self.month_churn += 1;
        }
        if pc[d] != comps[d] {
            self.month_churn -= 1;
        }
    }
}

/// Scores consecutive headers under one order.
pub fn score_run<'a>(raws: impl IntoIterator<Item = &'a Raw>, order: Order) -> Run {
    let mut run = Run::default();
    let mut prev: Option<(Date, &Raw)> = None;
    for raw in raws {
        // Consecutive messages of one day add nothing: skip them cheaply.
        if prev.is_some_and(|(_, p): (Date, &Raw)| p.comps == raw.comps && p.era == raw.era) {
            continue;
        }
        let Some(date) = resolve(raw, order) else {
            run.score.invalid += 1;
            continue;
        };
        match prev {
            Some((pd, praw)) => run.score.step(order, (pd, praw.comps), (date, raw.comps)),
            None => run.first = Some((date, raw.comps)),
        }
        prev = Some((date, raw));
    }
    run.last = prev.map(|(d, r)| (d, r.comps));
    run
}

/// The score of runs that follow each other, as if scored in one go.
fn join(runs: &[Run], order: Order) -> Score {
    let mut total = Score::default();
    let mut last: Option<Seen> = None;
    for run in runs {
        total.invalid += run.score.invalid;
        total.backwards += run.score.backwards;
        total.month_churn += run.score.month_churn;
        if let (Some(prev), Some(first)) = (last, run.first) {
            total.step(order, prev, first);
        }
        last = run.last.or(last);
    }
    total
}

/// The two orders a file's headers may use: year first when most headers
/// (`year_first` of `total`) start with a long or large component, else
/// day or month first.
pub fn candidates(year_first: usize, total: usize) -> [Order; 2] {
    if year_first * 2 > total {
        [Order::Ymd, Order::Ydm]
    } else {
        [Order::Dmy, Order::Mdy]
    }
}

/// Whether a header's first component reads as a year.
pub fn starts_with_year(raw: &Raw) -> bool {
    raw.digits[0] >= 3 || raw.comps[0] > 31
}

/// The better of the two candidates, from the runs of each (in file
/// order). Ties go to the first (day-first, the most common order worldwide).
pub fn choose(candidates: [Order; 2], runs: &[[Run; 2]]) -> Order {
    let score = |k: usize| {
        let of: Vec<Run> = runs.iter().map(|r| r[k]).collect();
        join(&of, candidates[k])
    };
    if score(1) < score(0) {
        candidates[1]
    } else {
        candidates[0]
    }
}

/// Infers the order from all headers of a file. Ties go to day-first, the
/// most common order worldwide.
#[cfg(test)]
pub fn infer(raws: &[&Raw]) -> Order {
    let year_first = raws.iter().filter(|r| starts_with_year(r)).count();
    let candidates = candidates(year_first, raws.len());
    let runs = candidates.map(|o| score_run(raws.iter().copied(), o));
    choose(candidates, &[runs])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::whatsapp::header::parse;

    fn order_of(lines: &[&str]) -> Order {
        let raws: Vec<Raw> = lines.iter().map(|l| parse(l).unwrap()).collect();
        let refs: Vec<&Raw> = raws.iter().collect();
        infer(&refs)
    }

    #[test]
    fn a_component_above_twelve_decides() {
        assert_eq!(
            order_of(&["13/01/20, 10:00 - A: x", "01/02/20, 10:00 - A: x"]),
            Order::Dmy
        );
        assert_eq!(
            order_of(&["01/13/20, 10:00 - A: x", "01/02/20, 10:00 - A: x"]),
            Order::Mdy
        );
        assert_eq!(order_of(&["2020/01/13, 10:00 - A: x"]), Order::Ymd);
    }

    #[test]
    fn the_day_changes_more_often_than_the_month() {
        // All components <= 12: 1st, 2nd, 3rd of February (d/m) vs Jan 2, Feb 2, Mar 2 (m/d).
        let dmy = [
            "01/02/20, 10:00 - A: x",
            "02/02/20, 10:00 - A: x",
            "03/02/20, 10:00 - A: x",
        ];
        assert_eq!(order_of(&dmy), Order::Dmy);
        let mdy = [
            "02/01/20, 10:00 - A: x",
            "02/02/20, 10:00 - A: x",
            "02/03/20, 10:00 - A: x",
        ];
        assert_eq!(order_of(&mdy), Order::Mdy);
    }

    #[test]
    fn dates_that_would_go_backwards_decide() {
        // m/d: Jan 12 -> Feb 1 -> Feb 3. Read as d/m: Dec 1 -> Jan 2 -> Mar 2 (backwards once).
        let lines = [
            "01/12/20, 10:00 - A: x",
            "02/01/20, 10:00 - A: x",
            "02/03/20, 10:00 - A: x",
        ];
        assert_eq!(order_of(&lines), Order::Mdy);
    }

    #[test]
    fn eras_and_two_digit_years() {
        let raw = parse("[3/18/2565 BE, 14:56:01] A: x").unwrap();
        assert_eq!(resolve(&raw, Order::Mdy).unwrap().to_string(), "2022-03-18");
        let raw = parse("[3/18/R4, 14:56:01] A: x").unwrap();
        assert_eq!(resolve(&raw, Order::Mdy).unwrap().to_string(), "2022-03-18");
        let raw = parse("[3/18/2565, 14:56:01] A: x").unwrap();
        assert_eq!(resolve(&raw, Order::Mdy).unwrap().to_string(), "2022-03-18");
        let raw = parse("18/3/22, 14:56 - A: x").unwrap();
        assert_eq!(resolve(&raw, Order::Dmy).unwrap().to_string(), "2022-03-18");
    }

    #[test]
    fn runs_scored_apart_add_up_to_the_whole() {
        let lines = [
            "01/12/20, 10:00 - A: x",
            "01/12/20, 11:00 - A: x",
            "31/02/20, 10:00 - A: x",
            "02/01/20, 10:00 - A: x",
            "13/01/20, 10:00 - A: x",
            "02/03/20, 10:00 - A: x",
            "02/03/20, 12:00 - A: x",
            "30/02/20, 10:00 - A: x",
            "01/02/20, 10:00 - A: x",
            "05/02/20, 10:00 - A: x",
        ];
        let raws: Vec<Raw> = lines.iter().map(|l| parse(l).unwrap()).collect();
        for order in [Order::Dmy, Order::Mdy] {
            let whole = join(&[score_run(&raws, order)], order);
            for a in 0..=raws.len() {
                for b in a..=raws.len() {
                    let runs = [&raws[..a], &raws[a..b], &raws[b..]].map(|r| score_run(r, order));
                    assert_eq!(join(&runs, order), whole, "{order:?} cut at {a}, {b}");
                }
            }
        }
    }
}
