workspace "<hb-evil>Shop" "\"><script>alert('hbevil')</script>" {
    model {
        user = person "<hb-evil>User" "Buys \"><hb-evil hbevil=1>" "<hb-evil>Tag"
        group "<hb-evil>Group" {
            shop = softwareSystem "Shop</textarea><hb-evil>" "Sells -->" {
                web = container "Web <hb-evil onmouseover=alert(1)>" "]]><hb-evil>" "Rust <hb-evil>"
                url "javascript:alert('hbevil')"
            }
        }
        user -> web "Orders <hb-evil>" "HTTPS \"><hb-evil>"
        env = deploymentEnvironment "<hb-evil>Live" {
            deploymentNode "<hb-evil>Node" "" "Linux <hb-evil>" {
                containerInstance web
            }
        }
        !include ../../outside.dsl
        !include /etc/passwd
    }
    views {
        systemContext shop context "<hb-evil>Described" {
            include *
            title "Title <hb-evil onmouseover=alert(1)>"
        }
        container shop containers {
            include *
        }
        deployment shop "<hb-evil>Live" live {
            include *
        }
        image shop picture {
            image "https://example.com/x.png\"><hb-evil onerror=alert(1)>"
            title "Picture <hb-evil>"
            description "</figcaption><hb-evil>"
        }
        image shop scripted {
            image "javascript:alert('hbevil')"
        }
        styles {
            element "<hb-evil>Tag" {
                background #08427b
            }
        }
    }
}
