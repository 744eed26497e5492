//! Scenario tests: small chats built message by message to sit exactly on
//! each boundary of each rule of SPEC.

use pullaway_chat::{Chat, Date, Kind, LocalTime};
use pullaway_coach::recent::Recent;
use pullaway_coach::rules::space::SpaceVerdict;
use pullaway_coach::rules::{clinginess, space, too_soon, two_to_one, Status};
use pullaway_coach::trend;
use pullaway_coach::{analyze, turn::turn, with_context, Action, Context, Options};

const MIN: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// A chat between Robin (me) and Sam (them), starting 2024-01-01 09:00.
struct B {
    chat: Chat,
    t: i64,
}

impl B {
    fn new() -> B {
        let mut chat = Chat::new("t", "Sam", "test");
        chat.person("Robin");
        chat.person("Sam");
        chat.contact = Some("Sam".into());
        B {
            chat,
            t: Date::new(2024, 1, 1).unwrap().start().0 + 9 * HOUR,
        }
    }
    fn at(mut self, after: i64) -> B {
        self.t += after;
        self
    }
    fn say(mut self, who: &str, text: &str) -> B {
        let p = self.chat.find_person(who).unwrap();
        self.chat
            .push(1, LocalTime(self.t), Some(p), Kind::Text, text);
        self
    }
    fn me(self, after: i64, text: &str) -> B {
        self.at(after).say("Robin", text)
    }
    fn them(self, after: i64, text: &str) -> B {
        self.at(after).say("Sam", text)
    }
    fn now(&self, after: i64) -> Options {
        Options::new(LocalTime(self.t + after))
    }
}

fn run<T>(b: &B, opts: &Options, f: impl FnOnce(&mut Context) -> T) -> T {
    with_context(&b.chat, opts, f).unwrap()
}

#[test]
fn turn_you_may_open_only_after_they_opened_the_last_two() {
    // Two conversations opened by Sam; the last ends with my answered reply.
    let two = B::new()
        .them(0, "hey")
        .me(10 * MIN, "hi!")
        .them(5 * MIN, "talk later")
        .them(DAY, "morning")
        .me(MIN, "morning :)")
        .them(MIN, "have a good day")
        .me(MIN, "you too");
    let opts = two.now(DAY);
    assert_eq!(run(&two, &opts, |c| turn(c)).verdict, Action::YourMove);
    // Only one of the last two opened by Sam.
    let one = B::new()
        .me(0, "hey")
        .them(10 * MIN, "hi!")
        .me(5 * MIN, "talk later")
        .them(DAY, "morning")
        .me(MIN, "morning :)")
        .them(MIN, "have a good day")
        .me(MIN, "you too");
    let opts = one.now(DAY);
    let t = run(&one, &opts, |c| turn(c));
    assert_eq!(t.verdict, Action::LetThemLead);
    assert_eq!(t.they_opened_of_last_two, 1);
    assert!(
        t.reason.contains("opened 1 of the last two"),
        "{}",
        t.reason
    );
}

#[test]
fn turn_reply_to_a_waiting_question_and_wait_on_your_own() {
    let asked = B::new().me(0, "hey").them(MIN, "how was your day?");
    // Within the conversation, and as a late reply up to R.
    assert_eq!(
        run(&asked, &asked.now(2 * HOUR), |c| turn(c)).verdict,
        Action::Reply
    );
    assert_eq!(
        run(&asked, &asked.now(23 * HOUR), |c| turn(c)).verdict,
        Action::Reply
    );
    // Their last message is unanswered even when it asks nothing.
    let told = B::new()
        .me(0, "hey")
        .them(MIN, "I had a great time last night");
    let t = run(&told, &told.now(8 * HOUR), |c| turn(c));
    assert_eq!(t.verdict, Action::Reply);
    assert!(
        t.reason.contains("has no answer from you yet"),
        "{}",
        t.reason
    );
    let mine = B::new().them(0, "hey").me(MIN, "how was your day?");
    let t = run(&mine, &mine.now(2 * HOUR), |c| turn(c));
    assert_eq!(t.verdict, Action::Wait);
    assert!(t.reason.contains("no answer yet"), "{}", t.reason);
    let t = run(&mine, &mine.now(30 * HOUR), |c| turn(c));
    assert_eq!(t.verdict, Action::Wait);
    assert!(t.reason.contains("unanswered"), "{}", t.reason);
}

#[test]
fn late_reply_23h_vs_new_conversation_25h_question_vs_statement() {
    let answered = |gap: i64, text: &str, answer: &str| {
        let b = B::new().them(0, text).me(gap, answer);
        let r = analyze(&b.chat, &b.now(HOUR)).unwrap();
        (
            r.conversations.total,
            r.conversations.opened.me,
            r.conversations.late_replies,
        )
    };
    let opened = |gap, text| answered(gap, text, "sorry, just saw this");
    assert_eq!(opened(23 * HOUR, "are you free tomorrow?"), (1, 0, 1));
    assert_eq!(opened(25 * HOUR, "are you free tomorrow?"), (2, 1, 0));
    // A slow answer to a statement answers it; a greeting opens.
    assert_eq!(
        answered(7 * HOUR, "I'm free tomorrow.", "haha nice"),
        (1, 0, 1)
    );
    assert_eq!(
        answered(7 * HOUR, "I'm free tomorrow.", "thanks!"),
        (1, 0, 1)
    );
    assert_eq!(answered(7 * HOUR, "I'm free tomorrow.", "😊"), (1, 0, 1));
    assert_eq!(
        answered(7 * HOUR, "I'm free tomorrow.", "good morning!"),
        (2, 1, 0)
    );
    assert_eq!(
        answered(7 * HOUR, "I'm free tomorrow.", "my boss just quit"),
        (2, 1, 0)
    );
    assert_eq!(
        answered(25 * HOUR, "I'm free tomorrow.", "haha nice"),
        (2, 1, 0)
    );
}

#[test]
fn double_text_at_59_vs_61_minutes() {
    let count = |gap: i64| {
        let b = B::new()
            .them(0, "hi")
            .me(MIN, "hey, how are you?")
            .me(gap, "you there?");
        let opts = b.now(HOUR);
        cling(&b, opts).double_texts
    };
    assert_eq!(count(59 * MIN), 0);
    assert_eq!(count(61 * MIN), 1);
    // Three in a row, each after more than an hour: one triple text.
    let b = B::new()
        .them(0, "hi")
        .me(MIN, "hey, free tonight?")
        .me(2 * HOUR, "hello?")
        .me(2 * HOUR, "ok...");
    let c = cling(&b, b.now(HOUR));
    assert_eq!((c.double_texts, c.triple_texts), (2, 1));
}

fn cling(b: &B, opts: Options) -> clinginess::Clinginess {
    run(b, &opts, |c| {
        let t = trend::analyze(c, None);
        clinginess::check(c, &t)
    })
}

#[test]
fn a_next_day_opener_after_your_own_good_night_is_not_a_double_text() {
    // The conversation ended naturally on my statement: opening the next
    // day is not writing again while something waited.
    let b = B::new()
        .them(0, "what a day")
        .me(MIN, "rest well, good night")
        .me(DAY, "morning! how did the interview go?");
    assert_eq!(cling(&b, b.now(HOUR)).double_texts, 0);
    // After my unanswered question it is.
    let b = B::new()
        .them(0, "what a day")
        .me(MIN, "want to get dinner friday?")
        .me(DAY, "morning!");
    assert_eq!(cling(&b, b.now(HOUR)).double_texts, 1);
    // After an opener of mine they never answered, too.
    let b = B::new()
        .them(0, "hi")
        .me(MIN, "hey")
        .me(DAY, "thinking of you")
        .me(DAY, "hello");
    assert_eq!(cling(&b, b.now(HOUR)).double_texts, 1);
}

#[test]
fn heavy_message_on_day_29_vs_day_31() {
    let flags = |day: i64| {
        let b = B::new()
            .me(0, "hey")
            .them(MIN, "hi")
            .me(day * DAY, "so what are we? are we exclusive now?");
        let mut opts = b.now(HOUR);
        opts.dating_since = Some(Date::new(2024, 1, 1).unwrap());
        run(&b, &opts, |c| too_soon::check(c))
    };
    let early = flags(29);
    assert_eq!(early.flags.len(), 1);
    assert_eq!(early.flags[0].category, "labels");
    assert_eq!(early.status, Status::Alert, "a strong label is an alert");
    assert!(flags(31).flags.is_empty());
    assert_eq!(flags(31).status, Status::Ok);
}

#[test]
fn two_to_one_history_statuses() {
    // Openers alternate between the two people over N conversations.
    let chat = |openers: &str| {
        let mut b = B::new();
        for o in openers.chars() {
            b = if o == 't' {
                b.them(DAY, "hey").me(MIN, "hi")
            } else {
                b.me(DAY, "hey").them(MIN, "hi")
            };
        }
        let opts = b.now(HOUR);
        run(&b, &opts, |c| two_to_one::check(c))
    };
    assert_eq!(chat("ttmttm").status, Status::Ok);
    assert_eq!(chat("ttmttm").broken, 0);
    assert_eq!(chat("tmtm").status, Status::Warn);
    assert_eq!(chat("mmtm").status, Status::Alert);
    assert_eq!(
        chat("mmtm").broken,
        1,
        "the first two conversations break nothing"
    );
}

/// Recent weeks in which they withdraw, for testing the space rule alone.
fn pulling() -> Recent {
    Recent {
        comeback: None,
        comeback_at: None,
        rates: None,
        their_silence_days: None,
        your_message_waits: true,
        them_withdrawing: true,
        me_withdrawing: false,
        why: None,
        missing: None,
        calls: 0,
    }
}

/// Past silences (days) each ended by Sam opening, then my last message.
fn with_silences(days: &[i64]) -> B {
    let mut b = B::new().them(0, "hey").me(MIN, "hi");
    for &d in days {
        b = b.them(d * DAY, "hey again").me(MIN, "hi!");
    }
    b
}

#[test]
fn space_day_6_vs_day_8() {
    // Ten short silences and six long ones: after 6-8 days, the chance they
    // write within a week is 1/6 (below 20%).
    let b = with_silences(&[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 30, 30, 30, 30, 30]);
    let check = |after: i64| {
        run(&b, &b.now(after), |c| {
            space::check(c, &pulling(), &trend::analyze(c, None))
        })
    };
    let day6 = check(6 * DAY);
    assert_eq!(day6.verdict, SpaceVerdict::GivingSpace);
    assert!(
        day6.summary.starts_with("Giving space: day 7 of 7"),
        "{}",
        day6.summary
    );
    let day8 = check(8 * DAY);
    assert_eq!(day8.verdict, SpaceVerdict::ProbablyNotInterested);
    assert!(day8.p_reach_out_7d.unwrap() < 0.2, "{day8:?}");
}

#[test]
fn space_reach_out_probability_just_above_and_below_20_percent() {
    let at_8_days = |days: &[i64]| {
        let b = with_silences(days);
        run(&b, &b.now(8 * DAY), |c| {
            space::check(c, &pulling(), &trend::analyze(c, None))
        })
    };
    // Silences beyond 8 days: one of 9 days and three of 30 (p = 1/4).
    let above = at_8_days(&[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 30, 30, 30]);
    assert!(
        (above.p_reach_out_7d.unwrap() - 0.25).abs() < 0.005,
        "{above:?}"
    );
    assert_eq!(above.verdict, SpaceVerdict::GivingSpace);
    // One of 9 days and five of 30 (p = 1/6).
    let below = at_8_days(&[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 30, 30, 30, 30, 30]);
    assert!(
        (below.p_reach_out_7d.unwrap() - 1.0 / 6.0).abs() < 0.005,
        "{below:?}"
    );
    assert_eq!(below.verdict, SpaceVerdict::ProbablyNotInterested);
}

#[test]
fn space_when_they_reach_out_and_when_not_pulling() {
    let b = with_silences(&[1, 2]).them(3 * DAY, "hey, sorry I went quiet");
    let back = Recent {
        comeback: Some(b.chat.messages().len() - 1),
        them_withdrawing: false,
        ..pulling()
    };
    let s = run(&b, &b.now(HOUR), |c| {
        space::check(c, &back, &trend::analyze(c, None))
    });
    assert_eq!(s.verdict, SpaceVerdict::TheyReachedOut);
    let steady = Recent {
        them_withdrawing: false,
        ..pulling()
    };
    let s = run(&b, &b.now(HOUR), |c| {
        space::check(c, &steady, &trend::analyze(c, None))
    });
    assert_eq!(s.verdict, SpaceVerdict::NotApplicable);
}

#[test]
fn key_dates_outside_the_chat_are_explained_not_judged() {
    let b = B::new()
        .them(0, "hey")
        .me(MIN, "hi")
        .them(20 * DAY, "hello again");
    let mut opts = b.now(HOUR);
    opts.event = Some(Date::new(2030, 1, 1).unwrap());
    let r = analyze(&b.chat, &opts).unwrap();
    assert_eq!(r.trend.verdict, None);
    assert!(
        r.trend.note.as_deref().unwrap().contains("later than now"),
        "{:?}",
        r.trend.note
    );
    opts.event = Some(Date::new(2023, 1, 1).unwrap());
    let r = analyze(&b.chat, &opts).unwrap();
    assert!(
        r.trend
            .note
            .as_deref()
            .unwrap()
            .contains("before the first message"),
        "{:?}",
        r.trend.note
    );
}

/// A steady month of daily chatting, with the key date on day 20.
fn steady_month() -> B {
    let mut b = B::new();
    for day in 0..30 {
        b = b
            .at(if day == 0 { 0 } else { 20 * HOUR })
            .say("Sam", "hey, how was your day?")
            .me(10 * MIN, "good! long meeting but fine. yours?")
            .them(5 * MIN, "same, gym then sofa")
            .me(3 * MIN, "sounds perfect")
            .at(4 * HOUR - 18 * MIN);
    }
    b
}

#[test]
fn nine_days_nobody_wrote_after_their_last_message_is_both_quieter_not_them_pulling_away() {
    // Their message is the last one and the user has not written since:
    // the silence is shared (it is even the user's turn), not a withdrawal.
    let b = steady_month().them(HOUR, "ok talk soon!");
    let mut opts = b.now(9 * DAY);
    opts.event = Some(Date::new(2024, 1, 21).unwrap());
    let r = analyze(&b.chat, &opts).unwrap();
    // Never "steady" after nine silent days either: you both went quiet.
    assert_eq!(
        r.trend.verdict,
        Some(trend::Verdict::BothQuieter),
        "{}",
        r.trend.headline
    );
    // The same nine days, but the user wrote twice and got no answer: their
    // silence is theirs.
    let b = steady_month()
        .them(HOUR, "ok talk soon!")
        .me(3 * DAY, "hey! how did the interview go?")
        .me(3 * DAY, "hope all is well");
    let mut opts = b.now(3 * DAY);
    opts.event = Some(Date::new(2024, 1, 21).unwrap());
    let r = analyze(&b.chat, &opts).unwrap();
    assert_eq!(
        r.trend.verdict,
        Some(trend::Verdict::PullingAway),
        "{}",
        r.trend.headline
    );
}

/// The trend's verdict and headline `after` seconds past the last message,
/// with the key date `key`.
fn verdict_after(b: &B, after: i64, key: Date) -> (Option<trend::Verdict>, String) {
    let mut opts = b.now(after);
    opts.event = Some(key);
    let r = analyze(&b.chat, &opts).unwrap();
    (r.trend.verdict, r.trend.headline)
}

#[test]
fn nine_quiet_days_after_you_had_the_last_word_are_shared_unless_you_asked_or_reached_out() {
    use trend::Verdict::{BothQuieter, PullingAway};
    let key = Date::new(2024, 1, 21).unwrap();
    // They said good night, the user answered in the same conversation, and
    // then nobody wrote for nine days: the user did not reach out and asked
    // nothing, so the silence is shared, not theirs.
    let b = steady_month()
        .them(HOUR, "ok talk soon!")
        .me(5 * 60, "night! sleep well");
    let (v, why) = verdict_after(&b, 9 * DAY, key);
    assert_eq!(v, Some(BothQuieter), "{why}");
    // The user asked something in that last exchange and it has waited nine
    // days: the silence is theirs.
    let b = steady_month()
        .them(HOUR, "ok talk soon!")
        .me(5 * 60, "night! dinner on saturday?");
    let (v, why) = verdict_after(&b, 9 * DAY, key);
    assert_eq!(v, Some(PullingAway), "{why}");
    // The user reached out again two days later and got nothing: theirs too.
    let b = steady_month()
        .them(HOUR, "ok talk soon!")
        .me(5 * 60, "night! sleep well")
        .me(2 * DAY, "morning! how was the concert");
    let (v, why) = verdict_after(&b, 7 * DAY, key);
    assert_eq!(v, Some(PullingAway), "{why}");
}

/// A month of evening conversations (three messages each from both, who
/// opens alternating), then three weeks where each evening's talk goes on
/// for `after` of those three (theirs, mine).
fn month_then(after: (usize, usize)) -> B {
    let mut b = B::new();
    for day in 0..51 {
        let (them_n, me_n) = if day < 30 { (3, 3) } else { after };
        b = b.at(if day == 0 { 0 } else { 20 * HOUR });
        let lines = [
            "hey, how was today?",
            "long but ok, you?",
            "tired, going to bed soon",
        ];
        // Who opens alternates; each turn is (who, how many turns they take).
        let (first, second) = if day % 2 == 0 {
            (("Sam", them_n), ("Robin", me_n))
        } else {
            (("Robin", me_n), ("Sam", them_n))
        };
        let mut used = 0;
        for k in 0..3 {
            for (who, n, line) in [(first.0, first.1, k), (second.0, second.1, k + 1)] {
                if k < n {
                    b = b.at(5 * MIN).say(who, lines[line % 3]);
                    used += 5;
                }
            }
        }
        b = b.at(4 * HOUR - used * MIN);
    }
    b
}

#[test]
fn you_both_writing_a_third_less_is_both_quieter_and_them_alone_is_pulling_away() {
    use trend::Verdict::{BothQuieter, PullingAway};
    let key = Date::new(2024, 1, 31).unwrap();
    // Both say two things an evening instead of three: a quieter stretch
    // you share, not them pulling away, and not "steady" either.
    let (v, why) = verdict_after(&month_then((2, 2)), HOUR, key);
    assert_eq!(v, Some(BothQuieter), "{why}");
    // They say one thing an evening while the user keeps saying three: them.
    let (v, why) = verdict_after(&month_then((1, 3)), HOUR, key);
    assert_eq!(v, Some(PullingAway), "{why}");
}

/// A rule is registered once: its field in `Rules` (the JSON) and its card
/// in `Rules::cards` (what the text and HTML reports loop over). A field
/// without a card — a rule nobody would see — fails here.
#[test]
fn every_rule_in_the_json_has_a_card() {
    let b = steady_month();
    let r = analyze(&b.chat, &b.now(HOUR)).unwrap();
    let json = serde_json::to_value(&r.rules).unwrap();
    let fields = json.as_object().unwrap().len();
    let cards = r.rules.cards(String::new());
    assert_eq!(
        fields,
        cards.len(),
        "{:?}",
        json.as_object().unwrap().keys()
    );
}
