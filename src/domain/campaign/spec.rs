//! Reading what `campaign new` is asked for: `--variant LABEL=TEMPLATE`
//! and the variants it makes with the main template and the split.

use super::VariantSpec;
use crate::domain::Invalid;

/// Variant A is always the main template.
pub const MAIN_LABEL: &str = "A";

/// Checks a variant's label: 1 to 8 ASCII letters or digits.
pub fn check_label(label: &str) -> Result<(), Invalid> {
    if label.is_empty() || label.len() > 8 || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Invalid::new(
            "--variant",
            format!(
                "{:?} is not a label: 1 to 8 letters or digits",
                crate::domain::text::printable(label)
            ),
        )
        .hint("name a variant like B=offer-short"));
    }
    Ok(())
}

/// Reads `B=offer-short` into its label and template name.
pub fn parse_variant(text: &str) -> Result<(String, String), Invalid> {
    let Some((label, template)) = text.split_once('=') else {
        return Err(Invalid::new(
            "--variant",
            format!(
                "{:?} is not LABEL=TEMPLATE",
                crate::domain::text::printable(text)
            ),
        )
        .hint("name a variant like B=offer-short"));
    };
    let (label, template) = (label.trim(), template.trim());
    check_label(label)?;
    if template.is_empty() {
        return Err(
            Invalid::new("--variant", format!("variant {label} names no template"))
                .hint("name a variant like B=offer-short"),
        );
    }
    Ok((label.to_string(), template.to_string()))
}

/// The variants of a campaign: A with `template`, then each `--variant`
/// as given, with the shares of `split` (even when there is none).
pub fn variant_specs(
    template: &str,
    extras: &[String],
    split: Option<&str>,
) -> Result<Vec<VariantSpec>, Invalid> {
    let mut pairs = vec![(MAIN_LABEL.to_string(), template.trim().to_string())];
    for text in extras {
        pairs.push(parse_variant(text)?);
    }
    let weights = super::parse_split(split, pairs.len())?;
    let specs: Vec<VariantSpec> = pairs
        .into_iter()
        .zip(weights)
        .map(|((label, template), weight)| VariantSpec {
            label,
            template,
            weight,
        })
        .collect();
    check_variants(&specs)?;
    Ok(specs)
}

/// Checks a campaign's variants: A first, labels valid and distinct
/// (ignoring case), every one with a template and a share.
pub fn check_variants(specs: &[VariantSpec]) -> Result<(), Invalid> {
    let Some(first) = specs.first() else {
        return Err(Invalid::new("--template", "a campaign needs a template"));
    };
    if first.label != MAIN_LABEL {
        return Err(Invalid::new(
            "--variant",
            "the first variant is A, the main --template",
        ));
    }
    for (i, v) in specs.iter().enumerate() {
        check_label(&v.label)?;
        if v.template.trim().is_empty() {
            return Err(Invalid::new(
                "--template",
                format!("variant {} names no template", v.label),
            ));
        }
        if v.weight == 0 || v.weight > 100 {
            return Err(Invalid::new(
                "--split",
                format!("variant {} has a share of {}", v.label, v.weight),
            ));
        }
        if i > 0 && v.label.eq_ignore_ascii_case(MAIN_LABEL) {
            return Err(Invalid::new(
                "--variant",
                "A is the main --template; name the other variants B, C…",
            )
            .hint("kith campaign new NAME --template T1 --variant B=T2"));
        }
        if specs[..i]
            .iter()
            .any(|o| o.label.eq_ignore_ascii_case(&v.label))
        {
            return Err(
                Invalid::new("--variant", format!("variant {} is given twice", v.label))
                    .hint("each variant has its own label: --variant B=T2 --variant C=T3"),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_read_with_their_shares() {
        let specs = variant_specs("offer", &["B=short".into()], Some("60/40")).expect("ok");
        assert_eq!(
            specs,
            vec![
                VariantSpec {
                    label: "A".into(),
                    template: "offer".into(),
                    weight: 60
                },
                VariantSpec {
                    label: "B".into(),
                    template: "short".into(),
                    weight: 40
                },
            ]
        );
        let one = variant_specs("offer", &[], None).expect("one");
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].weight, 100);
    }

    #[test]
    fn bad_variants_are_refused_with_a_reason() {
        let err = |extras: &[&str]| {
            let extras: Vec<String> = extras.iter().map(|s| (*s).to_string()).collect();
            variant_specs("offer", &extras, None)
                .expect_err("refused")
                .reason
        };
        assert!(err(&["B"]).contains("LABEL=TEMPLATE"));
        assert!(err(&["A=short"]).contains("main --template"));
        assert!(err(&["a=short"]).contains("main --template"));
        assert!(err(&["B=x", "b=y"]).contains("given twice"));
        assert!(err(&["TOOLONGLABEL=x"]).contains("not a label"));
        assert!(err(&["B-1=x"]).contains("not a label"));
        assert!(err(&["B="]).contains("names no template"));
    }
}
