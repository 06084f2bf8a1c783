//! Arguments shared by several subcommands, and their parsing into domain types.

use clap::Args as ClapArgs;

use crate::domain::contact::{
    Consent, ContactInput, Phone, Stage, StakeholderKind, clean_tag, parse_field, parse_tags,
};
use crate::domain::dates::{Birthday, Tense, When, parse_when_in_week};
use crate::error::Result;
use crate::ops::Ctx;

/// Contact attributes, for `add` and `edit`.
#[derive(ClapArgs, Debug, Default)]
pub struct ContactOpts {
    /// Email address (repeat for several; the first is primary)
    #[arg(long = "email", short = 'e', value_name = "EMAIL")]
    pub emails: Vec<String>,
    /// Phone number (repeat for several)
    #[arg(long = "phone", short = 'p', value_name = "PHONE")]
    pub phones: Vec<String>,
    /// Organisation
    #[arg(long, short = 'o')]
    pub org: Option<String>,
    /// Job title
    #[arg(long)]
    pub title: Option<String>,
    /// Street line of the postal address
    #[arg(long)]
    pub street: Option<String>,
    #[arg(long)]
    pub city: Option<String>,
    /// State, province or county
    #[arg(long)]
    pub region: Option<String>,
    /// Postal code
    #[arg(long)]
    pub postcode: Option<String>,
    /// Country (name or ISO code)
    #[arg(long)]
    pub country: Option<String>,
    /// Tag (repeat, or separate with commas; "Client Key" is client-key)
    #[arg(long = "tag", short = 't', value_name = "TAG")]
    pub tags: Vec<String>,
    /// What they are to you
    #[arg(long, value_parser = parse_word::<StakeholderKind>,
          help = "What they are to you: lead, prospect, customer, partner, investor, supplier, colleague, other")]
    pub kind: Option<StakeholderKind>,
    /// Lifecycle stage
    #[arg(long, value_parser = parse_word::<Stage>,
          help = "Lifecycle stage: lead, prospect, customer, loyal, lost, churned")]
    pub stage: Option<Stage>,
    /// Where you met them (manual, linkedin, referral…)
    #[arg(long)]
    pub source: Option<String>,
    /// Birthday: 1985-04-12, --04-12 or "apr 12"
    #[arg(long, value_parser = parse_birthday, allow_hyphen_values = true)]
    pub birthday: Option<Birthday>,
    /// Custom field KEY=VALUE (repeat for several)
    #[arg(long = "field", short = 'f', value_name = "KEY=VALUE", value_parser = parse_field_arg)]
    pub fields: Vec<(String, String)>,
    /// Marketing consent: granted or denied
    #[arg(long, value_parser = parse_word::<Consent>)]
    pub consent: Option<Consent>,
}

impl ContactOpts {
    pub fn into_input(self, ctx: &Ctx, name: Option<String>) -> Result<ContactInput> {
        let region = ctx.config.phone_region();
        let phones = self
            .phones
            .iter()
            .map(|p| Phone::parse(p, region.as_deref()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ContactInput {
            name,
            emails: self.emails,
            phones,
            org: self.org,
            title: self.title,
            street: self.street,
            city: self.city,
            region: self.region,
            postcode: self.postcode,
            country: self.country,
            tags: self
                .tags
                .iter()
                .map(|t| match parse_tags(t) {
                    Ok(tags) if tags.is_empty() => clean_tag(t).map(|tag| vec![tag]),
                    other => other,
                })
                .collect::<Result<Vec<_>, _>>()?
                .concat(),
            kind: self.kind,
            stage: self.stage,
            source: self.source,
            birthday: self.birthday,
            fields: self.fields,
            consent: self.consent,
            cadence: None,
            untag: Vec::new(),
            unset: Vec::new(),
        })
    }
}

/// `--json` on read commands.
#[derive(ClapArgs, Debug, Default)]
pub struct JsonFlag {
    /// Print JSON (stable keys) instead of text
    #[arg(long)]
    pub json: bool,
}

pub fn parse_word<T: std::str::FromStr<Err = crate::domain::Invalid>>(
    s: &str,
) -> Result<T, String> {
    s.parse::<T>().map_err(|e| e.reason)
}

fn parse_birthday(s: &str) -> Result<Birthday, String> {
    Birthday::parse(s).map_err(|e| e.to_string())
}

fn parse_field_arg(s: &str) -> Result<(String, String), String> {
    parse_field(s).map_err(|e| match e.hint {
        Some(h) => format!("{}; {h}", e.reason),
        None => e.reason,
    })
}

/// A natural date relative to the clock.
pub fn when(ctx: &Ctx, text: &str, tense: Tense) -> Result<When> {
    Ok(parse_when_in_week(
        text,
        ctx.clock.now(),
        tense,
        ctx.config.first_weekday(),
    )?)
}
