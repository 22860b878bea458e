// Vigil: optional enhancements. Every page works without this script.
// - crosshair and tooltip over charts (from the hover columns' <title> text)
// - drag across a chart to zoom into that time range
// - variable selects apply on change; Ctrl/Cmd+Enter runs an Explore query
// - the browser's UTC offset goes to the vigil_tz cookie, so times show in local time
// - a click outside an open menu closes it
(function () {
  "use strict";

  var offset = -new Date().getTimezoneOffset() * 60;
  var cookie = document.cookie.match(/(?:^|; )vigil_tz=(-?\d+)/);
  if (!cookie || +cookie[1] !== offset) {
    document.cookie = "vigil_tz=" + offset + "; path=/; max-age=31536000; samesite=lax";
    if (offset !== 0 && !sessionStorage.getItem("vigil_tz_reload")) {
      sessionStorage.setItem("vigil_tz_reload", "1");
      location.reload();
      return;
    }
  }

  var tip = document.createElement("div");
  tip.className = "vtip";
  tip.hidden = true;
  var line = document.createElement("div");
  line.className = "vline";
  line.hidden = true;
  var shade = document.createElement("div");
  shade.className = "vshade";
  shade.hidden = true;
  document.addEventListener("DOMContentLoaded", function () {
    document.body.append(tip, line, shade);
  });

  function columns(plot) {
    if (!plot._cols) {
      plot._cols = Array.prototype.map.call(plot.querySelectorAll(".hv rect"), function (rect) {
        var title = rect.querySelector("title");
        var text = title ? title.textContent : "";
        if (title) title.remove();
        return { x: +rect.getAttribute("x"), w: +rect.getAttribute("width"), text: text };
      });
    }
    return plot._cols;
  }

  function show(plot, event) {
    var box = plot.getBoundingClientRect();
    var f = (event.clientX - box.left) / box.width;
    if (f < 0 || f > 1) return hide();
    var cols = columns(plot), unit = f * 1000, col = null;
    for (var i = 0; i < cols.length; i++) {
      if (unit >= cols[i].x && unit < cols[i].x + cols[i].w + 0.5) { col = cols[i]; break; }
    }
    line.hidden = false;
    line.style.cssText = "left:" + (event.clientX + scrollX) + "px;top:" + (box.top + scrollY) + "px;height:" + box.height + "px";
    if (!col || !col.text) { tip.hidden = true; return; }
    var rows = col.text.split("\n");
    tip.textContent = "";
    var head = document.createElement("b");
    head.textContent = rows[0];
    tip.append(head);
    for (var r = 1; r < rows.length; r++) {
      var div = document.createElement("div");
      div.textContent = rows[r];
      tip.append(div);
    }
    tip.hidden = false;
    var x = event.clientX + 14, y = event.clientY + 14;
    if (x + tip.offsetWidth > innerWidth - 8) x = event.clientX - tip.offsetWidth - 14;
    if (y + tip.offsetHeight > innerHeight - 8) y = innerHeight - tip.offsetHeight - 8;
    tip.style.left = (x + scrollX) + "px";
    tip.style.top = (y + scrollY) + "px";
  }

  function hide() { tip.hidden = true; line.hidden = true; }

  var drag = null;
  document.addEventListener("mousemove", function (event) {
    var plot = event.target.closest && event.target.closest("svg.plot[data-start]");
    if (drag) {
      var box = drag.plot.getBoundingClientRect();
      var a = Math.max(box.left, Math.min(drag.x, event.clientX)), b = Math.min(box.right, Math.max(drag.x, event.clientX));
      shade.hidden = false;
      shade.style.cssText = "left:" + (a + scrollX) + "px;top:" + (box.top + scrollY) + "px;width:" + (b - a) + "px;height:" + box.height + "px";
    }
    if (plot) show(plot, event); else hide();
  });
  document.addEventListener("mousedown", function (event) {
    var plot = event.target.closest && event.target.closest("svg.plot[data-start]");
    if (plot && event.button === 0) { drag = { plot: plot, x: event.clientX }; event.preventDefault(); }
  });
  document.addEventListener("mouseup", function (event) {
    if (!drag) return;
    var plot = drag.plot, box = plot.getBoundingClientRect();
    var a = (Math.min(drag.x, event.clientX) - box.left) / box.width, b = (Math.max(drag.x, event.clientX) - box.left) / box.width;
    drag = null;
    shade.hidden = true;
    if ((b - a) * box.width < 6) return;
    a = Math.max(0, a); b = Math.min(1, b);
    var start = +plot.dataset.start, end = +plot.dataset.end;
    var url = new URL(location.href);
    url.searchParams.set("from", String(Math.round(start + (end - start) * a)));
    url.searchParams.set("to", String(Math.round(start + (end - start) * b)));
    location.href = url.toString();
  });

  // Variables: a select applies at once; checkboxes apply when their drop-down closes,
  // and "All" excludes the single values (as Grafana's multi-select does).
  document.addEventListener("change", function (event) {
    var target = event.target, form = target.form;
    if (!form || !form.classList.contains("vars")) return;
    if (target.type !== "checkbox") { form.submit(); return; }
    var boxes = form.querySelectorAll('input[type=checkbox][name="' + target.name + '"]');
    boxes.forEach(function (box) {
      if (box === target || !target.checked) return;
      if (target.value === "$__all" || box.value === "$__all") box.checked = false;
    });
    if (!Array.prototype.some.call(boxes, function (box) { return box.checked; })) {
      boxes.forEach(function (box) { if (box.value === "$__all") box.checked = true; });
    }
    form.dataset.dirty = "1";
  });
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (menu.matches && menu.matches("form.vars details.ms") && !menu.open && menu.closest("form").dataset.dirty) {
      menu.closest("form").submit();
    }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.matches("textarea.q")) {
      event.preventDefault();
      event.target.form.submit();
    }
    if (event.key === "Escape") closeMenus(null);
  });
  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) { if (menu !== except) menu.open = false; });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest && event.target.closest("details.menu"));
  });
})();
