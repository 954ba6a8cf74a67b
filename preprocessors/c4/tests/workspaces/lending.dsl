// A tool library of our own writing: members borrow tools from a lending system.
workspace "Tool Library" "Members borrow tools" {
    !identifiers hierarchical

    model {
        member = person "Member" "Borrows tools"
        clerk = person "Clerk" "Runs the counter" "Staff"

        group "Library" {
            lending = softwareSystem "Lending" "Tracks who has which tool" {
                web = container "Web App" "Booking pages" "Rust, axum" {
                    booking = component "Booking" "Takes reservations" "Rust"
                    catalogue = component "Catalogue" "Lists the tools" "Rust"
                }
                db = container "Database" "Loans and members" "PostgreSQL" "Database"
                worker = container "Reminder Worker" "Sends due-date reminders" "Rust"
            }
        }
        mail = softwareSystem "Mail Service" "Sends e-mail" "External" {
            url "https://mail.example.com/docs"
        }
        payments = softwareSystem "Payments" "Takes card payments" "External"
        archive = softwareSystem "Archive" "Never connected to Lending"

        member -> lending.web.booking "Reserves a tool" "HTTPS"
        clerk -> lending.web "Checks tools in and out" "HTTPS"
        lending.web.booking -> lending.db "Reads and writes loans" "SQL"
        lending.web.catalogue -> lending.db "Reads tools" "SQL"
        lending.worker -> lending.db "Reads due loans" "SQL"
        lending.worker -> mail "Sends reminders" "SMTP"
        mail -> member "Delivers reminders"
        payments -> archive "Files receipts"

        live = deploymentEnvironment "Live" {
            deploymentNode "Cloud" "" "Hosting" {
                app = deploymentNode "App Server" "" "Ubuntu" "" 2 {
                    containerInstance lending.web
                    containerInstance lending.worker
                }
                dbnode = deploymentNode "DB Server" "" "Ubuntu" {
                    containerInstance lending.db
                }
                lb = infrastructureNode "Load Balancer" "Spreads requests" "nginx"
            }
        }
    }

    views {
        systemLandscape landscape {
            include *
            autoLayout
        }
        systemContext lending context "The lending system and who it serves" {
            include *
            autoLayout lr
        }
        container lending containers {
            include *
            autoLayout
        }
        component lending.web components {
            include *
            autoLayout
        }
        deployment lending "Live" live-deployment {
            include *
            autoLayout
        }
        dynamic lending reservation "Reserving a tool" {
            member -> lending.web "Opens the booking page"
            lending.web -> lending.db "Stores the reservation"
            autoLayout lr
        }
        filtered landscape exclude "External" internal-only
        styles {
            element "Person" {
                shape Person
                background #08427b
                color #ffffff
            }
            element "Database" {
                shape Cylinder
            }
            element "External" {
                background #999999
            }
        }
    }
}
