//! The phrase bank of the generator: short everyday messages written for this
//! project. Grouped by what they do in a conversation.

pub const OPENERS: &[&str] = &[
    "hey you",
    "morning! how did you sleep?",
    "guess what just happened at work",
    "hi :) thinking about that place we walked past",
    "you will not believe the queue at the bakery today",
    "hey, how's your week going?",
    "just finished the book you mentioned",
    "ok I need a second opinion on something",
    "saw a dog that looked exactly like yours",
    "evening! survived the day?",
];

pub const QUESTIONS: &[&str] = &[
    "how was the meeting?",
    "what are you up to tonight?",
    "did you end up going for a run?",
    "have you eaten yet?",
    "which one would you pick?",
    "are you still at the office?",
    "what's the plan for the weekend?",
    "did your sister call back?",
    "want me to send you the recipe?",
    "how's your mum doing?",
];

pub const STATEMENTS: &[&str] = &[
    "haha that's brilliant",
    "same here, long day",
    "I just got home, the bus took forever",
    "the soup turned out better than expected",
    "that makes sense",
    "ok sounds good",
    "it was fine, a bit long but fine",
    "I'm making pasta again, no regrets",
    "the rain finally stopped here",
    "lol no way",
    "I laughed way too loud at that on the train",
    "yeah I know what you mean, it happens to me all the time",
    "not much, just tidying up and listening to music",
    "I'll tell you about it properly later",
    "honestly the best part of my day",
];

pub const PLANS: &[&str] = &[
    "let's get dinner on Friday?",
    "are you free on Saturday afternoon?",
    "come over tonight if you like",
    "we could try that new bar on Thursday at 8",
    "drinks after work tomorrow?",
];

pub const CLOSERS: &[&str] = &[
    "night!",
    "sleep well",
    "talk tomorrow",
    "ok have fun!",
    "see you x",
];

/// Longer lines so that benchmark exports reach realistic file sizes.
pub const LONG: &[&str] = &[
    "I keep thinking about what you said about moving cities, it sounds scary and exciting at the same time",
    "the concert was loud and a bit chaotic but the last song was worth the whole evening honestly",
    "work was a lot today, three meetings in a row and then a deadline moved forward without warning",
];
