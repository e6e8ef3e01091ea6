//! The enumerations stored as text codes in the database (see the CHECK constraints in
//! `migrations/`). One macro defines each so that code, parsing and the list never drift apart.
use serde::{Deserialize, Serialize};

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

code_enum!(
    /// What a user may do; a person can hold several.
    Role {
        Teacher => "teacher",
        Mentor => "mentor",
        SchoolCoordinator => "school_coordinator",
        CenterStaff => "center_staff",
    }
);

code_enum!(
    /// 学段
    Stage {
        Kindergarten => "kindergarten",
        Primary => "primary",
        Junior => "junior",
        Senior => "senior",
        Vocational => "vocational",
    }
);

code_enum!(
    /// 职称
    Title {
        None => "none",
        Level3 => "level3",
        Level2 => "level2",
        Level1 => "level1",
        Senior => "senior",
        Professor => "professor",
    }
);

code_enum!(
    /// 政治面貌 along the Party development path 入党申请人 → … → 正式党员.
    PartyStage {
        None => "none",
        Applicant => "applicant",
        Activist => "activist",
        Candidate => "candidate",
        Probationary => "probationary",
        Member => "member",
    }
);

code_enum!(
    /// The level of a training event, hour record or achievement, highest first.
    Level {
        National => "national",
        Provincial => "provincial",
        City => "city",
        District => "district",
        School => "school",
    }
);

impl Level {
    /// 区/县级及以上: what the Jiangsu rule counts toward its 180-hour share.
    pub fn is_district_or_above(self) -> bool {
        self != Level::School
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_back_to_its_variant() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(*role));
        }
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.code()), Some(*stage));
        }
        for level in Level::ALL {
            assert_eq!(Level::parse(level.code()), Some(*level));
        }
    }

    #[test]
    fn unknown_codes_do_not_parse() {
        assert_eq!(Role::parse("admin"), None);
        assert_eq!(PartyStage::parse(""), None);
    }

    #[test]
    fn only_school_level_is_below_district() {
        assert!(!Level::School.is_district_or_above());
        assert!(Level::District.is_district_or_above());
        assert!(Level::National.is_district_or_above());
    }
}
