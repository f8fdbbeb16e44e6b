//! The approval roles a policy knows: the five built in, and those it declares
//! with `[[role]]` (docs/policy.md). The ledger file alone cannot tell a role a
//! policy declares from a misspelt one, so a ledger reads any role and the
//! policy checks them here when the two meet: every command that judges a
//! ledger, and `audit`.

use super::load::fold;
use super::model::{DeclaredRole, Policy};
use crate::diag::{InputError, Source, did_you_mean};
use crate::i18n::Lang;
use crate::ledger::{Ledger, Role};

impl Policy {
    /// The declared role with this id.
    pub fn declared_role(&self, id: &str) -> Option<&DeclaredRole> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// Every role this policy knows, as files write them: the five built in,
    /// then its own.
    pub fn role_ids(&self) -> Vec<&str> {
        Role::NAMES
            .iter()
            .copied()
            .chain(self.roles.iter().map(|r| r.id.as_str()))
            .collect()
    }

    /// A declared role's name in `lang`; `None` for a built-in role.
    pub fn role_name(&self, role: &Role, lang: Lang) -> Option<&str> {
        match role {
            Role::Declared(id) => self.declared_role(id).map(|d| d.name.get(lang)),
            _ => None,
        }
    }

    /// A role as a person gave it on the command line, as this policy knows
    /// it: a built-in role stays as it is; any other is one of the policy's own,
    /// named by its id or its Swedish or English name in any case (`AT-chef`),
    /// and comes back as its id. Else what to say, with the closest role.
    pub fn role(&self, given: &Role) -> Result<Role, String> {
        let Role::Declared(text) = given else {
            return Ok(given.clone());
        };
        let want = fold(text);
        let found = self.roles.iter().find(|r| {
            fold(&r.id) == want
                || fold(&r.name.sv) == want
                || r.name.en.as_deref().is_some_and(|en| fold(en) == want)
        });
        match found {
            Some(r) => Ok(Role::Declared(r.id.clone())),
            None => Err(self.unknown_role(text)),
        }
    }

    /// "unknown role", with the closest role this policy knows or the list. A
    /// near miss of a built-in role is named as the reader says it
    /// (`vårdcentralchef` in Swedish).
    fn unknown_role(&self, text: &str) -> String {
        use crate::ledger::words;
        let ids = self.role_ids();
        let builtin = words::closest(words::ROLES, text)
            .map(|r| words::name(words::ROLES, r, crate::i18n::current()));
        match builtin.or_else(|| did_you_mean(text, &ids)) {
            Some(m) => crate::msg!(
                "okänd roll {:?} (menade du {:?}?)",
                "unknown role {:?} (did you mean {:?}?)",
                text,
                m
            ),
            None => crate::msg!(
                "okänd roll {:?} (rollerna i regelverket {}: {})",
                "unknown role {:?} (the roles of policy {}: {})",
                text,
                self.id,
                ids.join(", ")
            ),
        }
    }

    /// Every approval in `ledger` by a role outside the five built in must be
    /// one this policy declares, spelt as its id; else an error at its key
    /// (`path` and `text` are the ledger's file and text, for the place).
    pub fn check_roles(&self, ledger: &Ledger, path: &str, text: &str) -> Result<(), InputError> {
        let Some(bad) = ledger
            .declared_roles
            .iter()
            .find(|u| self.declared_role(&u.role).is_none())
        else {
            return Ok(());
        };
        let src = Source::new(path, crate::tomlx::strip_bom(text));
        let (line, col) = src.line_col(bad.offset);
        let err = InputError::new(
            path,
            crate::msg!(
                "okänd roll `{}` i approvals",
                "unknown role `{}` in approvals",
                bad.role
            ),
        )
        .at(line, col);
        let ids = self.role_ids();
        Err(match did_you_mean(&bad.role, &ids) {
            Some(m) => err.with_hint(crate::msg!("menade du `{}`?", "did you mean `{}`?", m)),
            None => err.with_hint(crate::msg!(
                "rollerna i regelverket {} är: {}",
                "the roles of policy {} are: {}",
                self.id,
                ids.join(", ")
            )),
        })
    }
}
