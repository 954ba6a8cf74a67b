//! Every diagnostic code handbook-diagrams reports, with what it means and
//! how to fix or silence it (`mdbook-handbook check --explain CODE`).

use handbook_core::{Code, Level};

pub const CODES: &[Code] = &[
    Code::new(
        "diagram-plantuml",
        Level::Error,
        "PlantUML cannot be used safely or at all: it cannot be sandboxed (a PlantUML older than 1.2023.9 on Java 24 or later), or its JVM does not start (a warning under `on-missing = \"keep\"`)",
        "install PlantUML 1.2023.9 or later (`plantuml = \"path/to/plantuml.jar\"`), point `java` at Java 17 to 23, or accept the risk with `plantuml-sandbox = \"off\"`",
    ),
    Code::new(
        "diagram-program-missing",
        Level::Error,
        "the program a diagram needs (dot, plantuml, d2) is not installed",
        "install it as the message says, or set `on-missing = \"keep\"` to keep the code block with a note",
    ),
    Code::new(
        "diagram-render",
        Level::Warning,
        "a program could not draw a diagram; the block stays as code",
        "correct the diagram's source as the program's message says",
    ),
    Code::new(
        "diagram-include",
        Level::Warning,
        "a diagram includes, imports or embeds a file the book does not share (outside `src/` and `include-dirs`, a dot-file or dot-folder, the cache), or one over the network; it is not drawn",
        "keep included files under `src/` or a folder listed in `include-dirs`, outside dot-folders",
    ),
    Code::new(
        "diagram-info",
        Level::Warning,
        "a diagram fence has an attribute it cannot read",
        "write attributes as `title=\"...\" alt=\"...\" caption=\"...\"`",
    ),
    Code::new(
        "diagram-cache",
        Level::Warning,
        "the diagram cache cannot be written (said once per build); every diagram is still drawn, and drawn again next build",
        "make `cache-dir` writable",
    ),
    Code::new(
        "diagram-cache-dir",
        Level::Warning,
        "`cache-dir` is inside a folder `mdbook serve` watches, so each build would start another",
        "move `cache-dir` outside `src/` and the theme (the default `.handbook-cache/diagrams` is)",
    ),
    Code::new(
        "diagram-mermaid-layout",
        Level::Info,
        "a Mermaid diagram asks for the ELK layout, which the suite (like Mermaid's own script) is built without, its Rust translation being EPL-2.0; it is drawn with Mermaid's default layout",
        "drop the `layout: elk` request, or set `diagram-mermaid-layout = \"allow\"`",
    ),
    Code::new(
        "diagram-mermaid-browser",
        Level::Info,
        "with `mermaid = \"auto\"`, a Mermaid diagram the build-time renderer could not draw is left to Mermaid's script in the reader's browser",
        "nothing to fix; set `diagram-mermaid-browser = \"allow\"` to stop hearing about it",
    ),
    Code::new(
        "diagram-mermaid-script",
        Level::Warning,
        "`mermaid = \"browser\"` is set but Mermaid's script is not in the book; blocks stay as code",
        "run `mdbook-handbook install`",
    ),
    Code::new(
        "diagram-other-plugin",
        Level::Info,
        "another diagram plugin (mdbook-mermaid, mdbook-plantuml, mdbook-graphviz, mdbook-svgbob, mdbook-d2, mdbook-kroki) is configured: it draws those fences, not the suite",
        "run `mdbook-handbook install --take-over-diagrams` to let the suite draw them, or set `diagram-other-plugin = \"allow\"` to keep the plugin quietly",
    ),
];
