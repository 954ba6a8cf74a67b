// Starts Mermaid on the figures of `mermaid = "browser"`. Each figure carries
// its source in a data attribute (out of mdBook's search index); this puts it
// into a <pre class="mermaid"> for Mermaid, in mdBook's light or dark colours,
// and draws again when the reader switches between a light and a dark theme.
(function () {
  "use strict";
  if (!window.mermaid) {
    return;
  }
  var root = document.documentElement;
  function theme() {
    var dark = ["coal", "navy", "ayu"].some(function (name) {
      return root.classList.contains(name);
    });
    return dark ? "dark" : "default";
  }
  var drawn = [];
  document.querySelectorAll("[data-hb-mermaid]").forEach(function (holder) {
    var pre = document.createElement("pre");
    pre.className = "mermaid";
    pre.textContent = holder.getAttribute("data-hb-mermaid");
    holder.appendChild(pre);
    drawn.push({ pre: pre, source: pre.textContent });
  });
  var current = theme();
  window.mermaid.initialize({ startOnLoad: true, securityLevel: "strict", theme: current });
  new MutationObserver(function () {
    var next = theme();
    if (next === current || drawn.length === 0) {
      return;
    }
    current = next;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: next });
    drawn.forEach(function (d) {
      d.pre.removeAttribute("data-processed");
      d.pre.textContent = d.source;
    });
    window.mermaid.run({ nodes: drawn.map(function (d) { return d.pre; }) });
  }).observe(root, { attributes: true, attributeFilter: ["class"] });
})();
