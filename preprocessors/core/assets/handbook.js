/* mdbook-handbook viewer: zoom, pan and click-through on every figure the suite draws; no network, nothing of it in print. */
(function () {
  "use strict";
  if (window.hbViewer) { return; }
  var MAX = 8, STEP = 1.25, PAN = 40, DRAG = 4;
  var resets = [];
  function clamp(v, lo, hi) { return Math.min(Math.max(v, lo), Math.max(lo, hi)); }
  function button(label, text, act) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.title = label;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", function (e) { e.preventDefault(); act(); });
    return b;
  }
  function setup(figure) {
    var svg = figure.querySelector("svg");
    if (!svg || figure.hasAttribute("data-hb-zoom")) { return; }
    var box = svg.viewBox && svg.viewBox.baseVal, x0 = 0, y0 = 0, w, h;
    if (box && box.width > 0 && box.height > 0) {
      x0 = box.x; y0 = box.y; w = box.width; h = box.height;
    } else {
      w = parseFloat(svg.getAttribute("width")); h = parseFloat(svg.getAttribute("height"));
      if (!(w > 0 && h > 0)) { return; }
      svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    }
    var original = svg.getAttribute("viewBox");
    var view = { scale: 1, x: x0, y: y0 };
    function apply() {
      if (view.scale <= 1) {
        view.scale = 1; view.x = x0; view.y = y0;
        svg.setAttribute("viewBox", original);
        figure.classList.remove("hb-zoomed");
        return;
      }
      var vw = w / view.scale, vh = h / view.scale;
      view.x = clamp(view.x, x0, x0 + w - vw);
      view.y = clamp(view.y, y0, y0 + h - vh);
      svg.setAttribute("viewBox", view.x + " " + view.y + " " + vw + " " + vh);
      figure.classList.add("hb-zoomed");
    }
    function zoomAt(factor, fx, fy) {
      var s = clamp(view.scale * factor, 1, MAX);
      view.x += (w / view.scale - w / s) * fx;
      view.y += (h / view.scale - h / s) * fy;
      view.scale = s;
      apply();
    }
    function reset() { view.scale = 1; apply(); }
    function at(clientX, clientY) {
      var r = svg.getBoundingClientRect();
      return [r.width ? clamp((clientX - r.left) / r.width, 0, 1) : 0.5, r.height ? clamp((clientY - r.top) / r.height, 0, 1) : 0.5];
    }
    function panBy(dx, dy) {
      var r = svg.getBoundingClientRect();
      if (!r.width || !r.height) { return; }
      view.x -= dx * (w / view.scale) / r.width;
      view.y -= dy * (h / view.scale) / r.height;
      apply();
    }
    figure.setAttribute("data-hb-zoom", "");
    if (!figure.hasAttribute("tabindex")) { figure.tabIndex = 0; }
    figure.setAttribute("aria-keyshortcuts", "+ - 0");
    var bar = document.createElement("div");
    bar.className = "hb-zoom-bar";
    bar.appendChild(button("Zoom in (+)", "+", function () { zoomAt(STEP, 0.5, 0.5); }));
    bar.appendChild(button("Zoom out (-)", "\u2212", function () { zoomAt(1 / STEP, 0.5, 0.5); }));
    bar.appendChild(button("Fit (0)", "\u2922", reset));
    figure.insertBefore(bar, figure.firstChild);
    figure.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.target !== figure) { return; }
      var k = e.key, zoomed = view.scale > 1;
      if (k === "+" || k === "=") { zoomAt(STEP, 0.5, 0.5); }
      else if (k === "-" || k === "_") { zoomAt(1 / STEP, 0.5, 0.5); }
      else if (k === "0" || (k === "Escape" && zoomed)) { reset(); }
      else if (zoomed && k === "ArrowLeft") { panBy(PAN, 0); }
      else if (zoomed && k === "ArrowRight") { panBy(-PAN, 0); }
      else if (zoomed && k === "ArrowUp") { panBy(0, PAN); }
      else if (zoomed && k === "ArrowDown") { panBy(0, -PAN); }
      else { return; }
      e.preventDefault();
      e.stopPropagation();
    });
    svg.addEventListener("wheel", function (e) {
      if (!e.ctrlKey && !e.metaKey) { return; }
      e.preventDefault();
      var f = at(e.clientX, e.clientY);
      zoomAt(e.deltaY < 0 ? STEP : 1 / STEP, f[0], f[1]);
    }, { passive: false });
    svg.addEventListener("dblclick", function (e) {
      e.preventDefault();
      var f = at(e.clientX, e.clientY);
      zoomAt(e.shiftKey ? 1 / STEP / STEP : STEP * STEP, f[0], f[1]);
    });
    var pointers = {}, count = 0, moved = 0, pinch = 0;
    function spread() {
      var p = [], id;
      for (id in pointers) { if (Object.prototype.hasOwnProperty.call(pointers, id)) { p.push(pointers[id]); } }
      if (p.length < 2) { return null; }
      return { d: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y), x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 };
    }
    svg.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) { return; }
      if (!pointers[e.pointerId]) { count += 1; }
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY, captured: false };
      if (count === 1) { moved = 0; }
      var s = spread();
      pinch = s ? s.d : 0;
    });
    svg.addEventListener("pointermove", function (e) {
      var p = pointers[e.pointerId];
      if (!p) { return; }
      var dx = e.clientX - p.x, dy = e.clientY - p.y;
      p.x = e.clientX; p.y = e.clientY;
      if (count >= 2) {
        var s = spread();
        if (s && pinch > 0 && s.d > 0) {
          var f = at(s.x, s.y);
          zoomAt(s.d / pinch, f[0], f[1]);
        }
        pinch = s ? s.d : 0;
        moved += DRAG + 1;
        e.preventDefault();
        return;
      }
      if (view.scale <= 1) { return; }
      moved += Math.abs(dx) + Math.abs(dy);
      if (moved > DRAG && !p.captured) {
        p.captured = true;
        try { svg.setPointerCapture(e.pointerId); } catch (ignored) { /* uncaptured, the pan follows the pointer while it is over the drawing */ }
      }
      if (p.captured) { panBy(dx, dy); e.preventDefault(); }
    });
    function lift(e) {
      if (pointers[e.pointerId]) { delete pointers[e.pointerId]; count -= 1; }
      pinch = 0;
    }
    svg.addEventListener("pointerup", lift);
    svg.addEventListener("pointercancel", lift);
    svg.addEventListener("click", function (e) {
      if (moved > DRAG) { e.preventDefault(); e.stopPropagation(); }
      moved = 0;
    }, true);
    resets.push(reset);
  }
  function start() {
    var figures = document.querySelectorAll("figure.hb-figure");
    for (var i = 0; i < figures.length; i += 1) { setup(figures[i]); }
  }
  window.hbViewer = { start: start };
  window.addEventListener("beforeprint", function () { resets.forEach(function (r) { r(); }); });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
