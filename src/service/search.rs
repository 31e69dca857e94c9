//! Catalogue search ranking. Matching ignores diacritics and case (shoppers type "mat ong"
//! on phone keyboards), but ranking rewards what the shopper meant: whole words of the
//! product's name over parts of words, the words in order, and diacritics typed as written.

use super::fold;

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// How well `query` matches a product `name`, given `folded_all` (name, brand and producer,
/// folded); `None` when some word of the query is found nowhere. Higher is better.
pub fn relevance(query: &str, name: &str, folded_all: &str) -> Option<u32> {
    let folded_query = fold(query);
    let q = words(&folded_query);
    if q.is_empty() || !q.iter().all(|w| folded_all.contains(w)) {
        return None;
    }
    let folded_name = fold(name);
    let n = words(&folded_name);
    let all = words(folded_all);
    let raw_query = query.to_lowercase();
    let raw_q = words(&raw_query);
    let raw_name = name.to_lowercase();
    let raw_n = words(&raw_name);
    let mut score = 0;
    for w in &q {
        score += if n.contains(w) {
            4
        } else if n.iter().any(|x| x.starts_with(w)) {
            2
        } else {
            u32::from(all.iter().any(|x| x.starts_with(w)))
        };
    }
    // Diacritics typed exactly ("mật", not "mắt") are a stronger sign than folded ones.
    score += 2 * raw_q.iter().filter(|w| raw_n.contains(w)).count() as u32;
    // The query's words in a row in the name: "mat ong" in "Mật ong hoa dừa".
    if let Some(at) = n.windows(q.len()).position(|win| win == q.as_slice()) {
        score += if at == 0 { 15 } else { 10 };
    }
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank(query: &str, names: &[&str]) -> Vec<String> {
        let mut scored: Vec<(u32, &str)> = names
            .iter()
            .filter_map(|n| {
                let all = fold(&format!("{n} Hợp tác xã Vĩnh Long"));
                relevance(query, n, &all).map(|s| (s, *n))
            })
            .collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        scored.into_iter().map(|(_, n)| n.to_owned()).collect()
    }

    #[test]
    fn whole_words_in_order_come_first() {
        let names = [
            "Mật hoa dừa",
            "Viên nghệ mật ong",
            "Mật ong hoa dừa",
            "Mắt ong",
        ];
        let got = rank("mat ong", &names);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(
            got.last().map(String::as_str),
            Some("Mật hoa dừa"),
            "{got:?}"
        );
        // Typed with its diacritics, the honey beats the look-alike word.
        let got = rank("mật ong", &names);
        assert_eq!(got[0], "Mật ong hoa dừa", "{got:?}");
        assert_eq!(
            got.last().map(String::as_str),
            Some("Mật hoa dừa"),
            "{got:?}"
        );
        assert!(rank("sua", &names).is_empty());
        assert!(relevance("  ", "Mật ong", "mat ong").is_none());
    }
}
