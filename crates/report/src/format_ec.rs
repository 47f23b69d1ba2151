//! Ecuadorian number, money and date formats used in Spanish reports (SPEC R-2):
//! `USD 5'000.000,00`, amounts in words ("cinco millones de dólares"), "31 de agosto de 2022".

use rust_decimal::prelude::*;

/// Formats an amount the Ecuadorian way: "." groups thousands, "'" marks millions,
/// "," separates two decimals. `5000000` → `5'000.000,00`.
pub fn number_es_ec(amount: Decimal) -> String {
    let rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let abs = rounded.abs();
    let cents = ((abs.fract() * Decimal::ONE_HUNDRED).to_u64()).unwrap_or(0);
    let digits = abs.trunc().to_string();
    let mut groups: Vec<&str> = Vec::new();
    let mut end = digits.len();
    while end > 3 {
        groups.push(&digits[end - 3..end]);
        end -= 3;
    }
    groups.push(&digits[..end]);
    groups.reverse();
    let mut int_part = String::new();
    for (i, g) in groups.iter().enumerate() {
        int_part.push_str(g);
        // `k` counts groups from the right: 1 thousands, 2 millions, 3 thousands of millions.
        let k = groups.len() - 1 - i;
        if k > 0 {
            int_part.push(if k % 2 == 0 { '\'' } else { '.' });
        }
    }
    format!("{}{int_part},{cents:02}", if negative { "-" } else { "" })
}

/// `USD 5'000.000,00`.
pub fn usd_es_ec(amount: Decimal) -> String {
    format!("USD {}", number_es_ec(amount))
}

const UNITS: [&str; 30] = [
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
];
const TENS: [&str; 10] = [
    "",
    "",
    "",
    "treinta",
    "cuarenta",
    "cincuenta",
    "sesenta",
    "setenta",
    "ochenta",
    "noventa",
];
const HUNDREDS: [&str; 10] = [
    "",
    "ciento",
    "doscientos",
    "trescientos",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
];

fn below_thousand(n: u64) -> String {
    debug_assert!(n < 1000);
    if n == 100 {
        return "cien".into();
    }
    let (h, rest) = (n / 100, n % 100);
    let mut words = Vec::new();
    if h > 0 {
        words.push(HUNDREDS[h as usize].to_string());
    }
    if rest > 0 {
        if rest < 30 {
            words.push(UNITS[rest as usize].to_string());
        } else {
            let (t, u) = (rest / 10, rest % 10);
            if u == 0 {
                words.push(TENS[t as usize].to_string());
            } else {
                words.push(format!("{} y {}", TENS[t as usize], UNITS[u as usize]));
            }
        }
    }
    words.join(" ")
}

/// "uno" becomes "un" before a noun ("un millón", "veintiún mil").
fn apocopate(words: String) -> String {
    if let Some(stem) = words.strip_suffix("veintiuno") {
        format!("{stem}veintiún")
    } else if let Some(stem) = words.strip_suffix("uno") {
        format!("{stem}un")
    } else {
        words
    }
}

/// Spanish cardinal for `n` (0 ≤ n < 10¹²).
pub fn cardinal_es(n: u64) -> String {
    if n == 0 {
        return UNITS[0].into();
    }
    let millions = n / 1_000_000;
    let thousands = (n / 1000) % 1000;
    let units = n % 1000;
    let mut parts = Vec::new();
    if millions > 0 {
        if millions == 1 {
            parts.push("un millón".to_string());
        } else {
            parts.push(format!("{} millones", apocopate(cardinal_es(millions))));
        }
    }
    if thousands > 0 {
        if thousands == 1 {
            parts.push("mil".to_string());
        } else {
            parts.push(format!("{} mil", apocopate(below_thousand(thousands))));
        }
    }
    if units > 0 {
        parts.push(below_thousand(units));
    }
    parts.join(" ")
}

/// An amount of US dollars in Spanish words, as Ecuadorian reports print it:
/// `5000000` → "cinco millones de dólares"; cents as "con 50/100".
pub fn usd_in_words_es(amount: Decimal) -> String {
    let rounded = amount.abs().round_dp(2);
    let whole = rounded.trunc().to_u64().unwrap_or(0);
    let cents = (rounded.fract() * Decimal::ONE_HUNDRED)
        .to_u64()
        .unwrap_or(0);
    let words = apocopate(cardinal_es(whole));
    // "de" follows an exact million ("un millón de dólares").
    let exact_millions = whole >= 1_000_000 && whole % 1_000_000 == 0;
    let unit = if whole == 1 { "dólar" } else { "dólares" };
    let mut text = if exact_millions {
        format!("{words} de {unit}")
    } else {
        format!("{words} {unit}")
    };
    if cents > 0 {
        text.push_str(&format!(" con {cents:02}/100"));
    }
    text
}

const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// "31 de agosto de 2022". `month` is 1-based; returns `None` outside 1–12.
pub fn date_es(year: i32, month: u32, day: u32) -> Option<String> {
    let name = MONTHS_ES.get(usize::try_from(month).ok()?.checked_sub(1)?)?;
    Some(format!("{day} de {name} de {year}"))
}

/// A number written in canonical form (`-1234567.5`, `+1`, `0.9990`) the Ecuadorian way,
/// keeping its decimals as written: `-1'234.567,5`, `+1`, `0,9990`. `None` when the text is
/// not such a number, so callers can print it as it is.
pub fn canonical_number_es_ec(text: &str) -> Option<String> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'-' | b'+' => text.split_at(1),
        _ => ("", text),
    };
    let (int_part, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_part) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let mut grouped = String::new();
    let len = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        grouped.push(c);
        // `k` counts groups of three from the right: 1 thousands, 2 millions, …
        let left = len - 1 - i;
        if left > 0 && left % 3 == 0 {
            grouped.push(if (left / 3) % 2 == 0 { '\'' } else { '.' });
        }
    }
    Some(match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn r2_canonical_numbers_keep_their_decimals_with_ecuadorian_separators() {
        assert_eq!(canonical_number_es_ec("2.5").as_deref(), Some("2,5"));
        assert_eq!(canonical_number_es_ec("0.9990").as_deref(), Some("0,9990"));
        assert_eq!(canonical_number_es_ec("+1").as_deref(), Some("+1"));
        assert_eq!(canonical_number_es_ec("1500").as_deref(), Some("1.500"));
        assert_eq!(
            canonical_number_es_ec("-5000000.00").as_deref(),
            Some("-5'000.000,00")
        );
        assert_eq!(
            canonical_number_es_ec("1234567890.1").as_deref(),
            Some("1.234'567.890,1")
        );
        for not_a_number in ["", "n/a", "1.2.3", "1,5", "-", ".5", "5."] {
            assert_eq!(canonical_number_es_ec(not_a_number), None, "{not_a_number}");
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn r2_numbers_use_ecuadorian_separators() {
        assert_eq!(usd_es_ec(d("5000000")), "USD 5'000.000,00");
        assert_eq!(number_es_ec(d("0")), "0,00");
        assert_eq!(number_es_ec(d("999.999")), "1.000,00");
        assert_eq!(number_es_ec(d("1234.5")), "1.234,50");
        assert_eq!(number_es_ec(d("12345678.9")), "12'345.678,90");
        assert_eq!(number_es_ec(d("1234567890")), "1.234'567.890,00");
        assert_eq!(number_es_ec(d("-250.125")), "-250,13");
    }

    #[test]
    fn r2_amounts_in_spanish_words() {
        assert_eq!(usd_in_words_es(d("5000000")), "cinco millones de dólares");
        assert_eq!(usd_in_words_es(d("1000000")), "un millón de dólares");
        assert_eq!(usd_in_words_es(d("21000")), "veintiún mil dólares");
        assert_eq!(usd_in_words_es(d("1")), "un dólar");
        assert_eq!(usd_in_words_es(d("100")), "cien dólares");
        assert_eq!(
            usd_in_words_es(d("2750500.25")),
            "dos millones setecientos cincuenta mil quinientos dólares con 25/100"
        );
        assert_eq!(cardinal_es(101), "ciento uno");
        assert_eq!(cardinal_es(45), "cuarenta y cinco");
    }

    #[test]
    fn r2_dates_in_spanish() {
        assert_eq!(
            date_es(2022, 8, 31).as_deref(),
            Some("31 de agosto de 2022")
        );
        assert_eq!(date_es(2022, 13, 1), None);
        assert_eq!(date_es(2022, 0, 1), None);
    }
}
