// mdbook-handbook's own architecture, as one Structurizr workspace: the
// handbook's context, container and component pages draw their views from it
// ({{#c4-view KEY}}), and each component page declares its element
// (`c4-element:` in its front matter).
workspace "mdbook-handbook" "One mdBook preprocessor for architecture handbooks" {
    !identifiers hierarchical

    model {
        author = person "Author" "Writes the handbook: pages, ADRs, data files"
        reader = person "Reader" "Reads the built handbook in a browser"

        mdbook = softwareSystem "mdBook" "Builds the book; runs preprocessors and renderers" "External"
        git = softwareSystem "git" "The repository's history" "External"
        programs = softwareSystem "Diagram programs" "dot, plantuml, d2 on PATH, when a book uses them" "External"

        suite = softwareSystem "mdbook-handbook" "ADR logs, page status, change logs, glossary links, diagrams, drift, link checks" {
            binary = container "mdbook-handbook" "The one preprocessor, and the CLI (install, check, adr)" "Rust binary" {
                core = component "handbook-core" "Protocol, splices, metadata, diagnostics, config, HTML, Facts" "Rust crate"
                adr = component "handbook-adr" "Decision log: cards, index, graph, checks" "Rust crate"
                drift = component "handbook-drift" "Pages that notice when their code moved on" "Rust crate"
                status = component "handbook-status" "Status badges, lifecycle banners, review dates" "Rust crate"
                changelog = component "handbook-changelog" "Change logs from data files and git" "Rust crate"
                glossary = component "handbook-glossary" "Glossary links and tooltips" "Rust crate"
                c4 = component "handbook-c4" "Structurizr DSL views drawn in process" "Rust crate"
                diagrams = component "handbook-diagrams" "Diagram fences drawn at build time" "Rust crate"
                links = component "handbook-links" "Every link and anchor checked" "Rust crate"
                cli = component "CLI" "install, check, adr new" "Rust"
            }
            cache = container "Diagram cache" "Drawn SVG by content hash, outside src/" "Files on disk" "Store"
        }

        author -> suite.binary.cli "Runs install, check, adr new"
        author -> mdbook "Runs mdbook build and serve"
        mdbook -> suite.binary.core "Sends the book as JSON; gets it back" "stdin/stdout"
        reader -> mdbook "Reads the HTML it rendered"
        suite.binary.core -> git "Reads the history once per build" "git log"
        suite.binary.diagrams -> programs "Draws dot, plantuml, d2" "stdin/stdout"
        suite.binary.diagrams -> suite.cache "Reads and writes drawn SVG"
        suite.binary.adr -> suite.binary.core "Publishes the decision log" "Facts"
        suite.binary.drift -> suite.binary.core "Reads the decision log" "Facts"
        suite.binary.status -> suite.binary.core "Reads page metadata"
        suite.binary.changelog -> suite.binary.core "Reads git history"
        suite.binary.glossary -> suite.binary.core "Finds prose"
        suite.binary.c4 -> suite.binary.core "Reads the decision log" "Facts"
        suite.binary.diagrams -> suite.binary.core "Finds fences"
        suite.binary.links -> suite.binary.core "Reads the final text"
        suite.binary.cli -> suite.binary.core "Runs the pipeline in process"

        build = deploymentEnvironment "Build machine" {
            deploymentNode "Build machine" "A laptop or a CI runner; no server, no service" "Linux, macOS or Windows" {
                softwareSystemInstance mdbook
                deploymentNode "Book repository" "" "git checkout" {
                    containerInstance suite.cache
                }
                deploymentNode "Cargo bin directory" "" "on PATH" {
                    containerInstance suite.binary
                }
                softwareSystemInstance programs
                softwareSystemInstance git
            }
        }
    }

    views {
        systemContext suite context "Who and what the suite works with" {
            include *
            autoLayout
        }
        container suite containers "The suite at build time: one process and its cache" {
            include *
            autoLayout
        }
        component suite.binary crates "Each capability depends on the core only" {
            include *
            exclude mdbook git programs author suite.cache
            autoLayout
        }
        deployment * "Build machine" build-machine "Everything runs on the machine that builds the book" {
            include *
            autoLayout
        }
        styles {
            element "Person" {
                shape Person
                background #08427b
                color #ffffff
            }
            element "External" {
                background #6b6b6b
                color #ffffff
            }
            element "Store" {
                shape Cylinder
            }
        }
    }
}
