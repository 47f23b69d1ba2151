//! Properties of the committee rules over many generated inputs: session numbers round-trip
//! (C-2), the vote count does not depend on the order votes arrive in (C-2), and notch
//! differences are antisymmetric index differences (C-3).

use proptest::prelude::*;
use ratebook_core::builtin;
use ratebook_core::committee::decision::carry;
use ratebook_core::committee::scale::ItemScale;
use ratebook_core::committee::session::SessionNumber;
use ratebook_core::committee::vote::{RevealedVotes, Vote};
use ratebook_core::trace::Trace;

fn scale() -> ItemScale {
    ItemScale {
        id: "s".into(),
        symbols: ["AAA", "AA+", "AA", "AA-", "A+", "A"]
            .map(String::from)
            .to_vec(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn c2_session_numbers_round_trip(number in 1u32..100_000, year in 1000i32..=9999) {
        let n = SessionNumber { number, year };
        let text = n.to_string();
        prop_assert_eq!(text.parse::<SessionNumber>(), Ok(n));
        let padded = format!("0{text}");
        prop_assert!(padded.parse::<SessionNumber>().is_err());
    }

    #[test]
    fn c2_the_outcome_does_not_depend_on_the_order_of_the_votes(
        picks in proptest::collection::vec(0usize..6, 3..9),
        rotation in 0usize..9,
    ) {
        let rules = builtin::committee_rules();
        let s = scale();
        let votes: Vec<Vote> = picks
            .iter()
            .enumerate()
            .map(|(i, p)| Vote { member: format!("m{i}"), rating: s.symbols[*p].clone(), comment: None })
            .collect();
        let mut rotated = votes.clone();
        rotated.rotate_left(rotation % votes.len());
        let a = carry(&rules, &s, &RevealedVotes { item: "1".into(), votes }, "m0", &mut Trace::new());
        let b = carry(&rules, &s, &RevealedVotes { item: "1".into(), votes: rotated }, "m0", &mut Trace::new());
        prop_assert_eq!(a.as_ref().map(|c| c.rating.clone()), b.as_ref().map(|c| c.rating.clone()));
        prop_assert_eq!(a.is_err(), b.is_err());
    }

    #[test]
    fn c3_notch_differences_are_antisymmetric(i in 0usize..6, j in 0usize..6) {
        let s = scale();
        let (a, b) = (&s.symbols[i], &s.symbols[j]);
        prop_assert_eq!(s.notches(a, b), Ok(i as i32 - j as i32));
        prop_assert_eq!(s.notches(a, b).map(|n| -n), s.notches(b, a));
    }
}
