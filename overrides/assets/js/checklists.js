/* checklists.js: progressive enhancement of checklist widgets (hooks/handreiking/checklists.py).
 * Without this script a checklist is a plain, printable list of labelled checkboxes. With it:
 * ticks remembered in localStorage per checklist and policy version (nothing leaves the device),
 * ticks carried over to a new version while an item's text is unchanged, a progress count,
 * reset, a role filter and "plan with my date" with a calendar (.ics) made in the browser.
 * No inline scripts: data comes from <script type="application/json" class="hr-cl-data">. */
(function () {
  "use strict";

  var KEY = "hr-checklist:";
  var PLAN_KEY = "hr-checklist-plan:";
  var DAY = 86400000;

  function storage() {
    try {
      var s = window.localStorage;
      s.setItem("hr-checklist-test", "1");
      s.removeItem("hr-checklist-test");
      return s;
    } catch (e) {
      return null;
    }
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }

  function parseDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!m) { return null; }
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCMonth() === +m[2] - 1 ? d : null;
  }

  function addDays(date, days) { return new Date(date.getTime() + days * DAY); }
  function ymd(date) { return date.toISOString().slice(0, 10).replace(/-/g, ""); }

  function human(date, locale) {
    return new Intl.DateTimeFormat(locale, {
      weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
    }).format(date);
  }

  /* The date of an item for the given reference dates (same rule as plan_dates() in Python). */
  function itemDate(item, dates) {
    if (!item.reference || item.offset === null || !dates[item.reference]) { return null; }
    var d = addDays(dates[item.reference], item.offset);
    if (item.monthly && d.getUTCDate() > 28) {
      d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 28));
    }
    return d;
  }

  function icsText(value) {
    return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n");  // a lone CR also ends a line for many clients
  }

  /* Fold content lines at 75 octets (RFC 5545, 3.1). */
  function fold(line) {
    var out = [], current = "", size = 0, encoder = new TextEncoder();
    Array.from(line).forEach(function (ch) {
      var n = encoder.encode(ch).length;
      if (size + n > 75) { out.push(current); current = " "; size = 1; }
      current += ch;
      size += n;
    });
    out.push(current);
    return out.join("\r\n");
  }

  function buildIcs(data, dates) {
    var stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + data.strings.ics_prodid,
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + icsText(data.title)];
    data.items.forEach(function (item) {
      var day = itemDate(item, dates);
      if (!day) { return; }
      lines.push("BEGIN:VEVENT",
        "UID:" + data.slug + "-" + item.id + "-" + ymd(day) + "@handreiking-ihh",
        "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + ymd(day),
        "DTEND;VALUE=DATE:" + ymd(addDays(day, 1)),
        "SUMMARY:" + icsText(item.text));
      if (item.explanation) { lines.push("DESCRIPTION:" + icsText(item.explanation)); }
      if (item.monthly) {
        var rule = "RRULE:FREQ=MONTHLY";
        if (dates.vertrek && dates.vertrek > day) { rule += ";UNTIL=" + ymd(dates.vertrek); }
        lines.push(rule);
      }
      lines.push("TRANSP:TRANSPARENT", "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  function init(root) {
    var source = root.querySelector("script.hr-cl-data");
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var store = storage();
    var key = KEY + data.slug + ":" + data.version;
    var byId = {};
    data.items.forEach(function (item) { byId[item.id] = item; });
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input.hr-cl-box"));
    var progress = root.querySelector(".hr-cl-progress");
    var role = "";
    var dates = {};

    function read(k) {
      if (!store) { return null; }
      try { return JSON.parse(store.getItem(k)); } catch (e) { return null; }
    }

    /* Saved ticks of this version, or else of the most recently saved other version. */
    function load() {
      var saved = read(key);
      if (!saved && store) {
        var prefix = KEY + data.slug + ":";
        for (var i = 0; i < store.length; i++) {
          var k = store.key(i);
          if (k && k.indexOf(prefix) === 0 && k !== key) {
            var other = read(k);
            if (other && other.ticks && (!saved || (other.saved || 0) > (saved.saved || 0))) {
              saved = other;
            }
          }
        }
      }
      var state = { ticks: {}, changed: {} };
      if (!saved) { return state; }
      Object.keys(saved.ticks || {}).forEach(function (id) {
        if (!byId[id]) { return; }
        if (saved.ticks[id] === byId[id].hash) { state.ticks[id] = byId[id].hash; }
        else { state.changed[id] = true; }
      });
      Object.keys(saved.changed || {}).forEach(function (id) {
        if (byId[id] && !state.ticks[id]) { state.changed[id] = true; }
      });
      return state;
    }

    var state = load();

    function save() {
      if (!store) { return; }
      try {
        store.setItem(key, JSON.stringify({ ticks: state.ticks, changed: state.changed,
          saved: Date.now() }));
      } catch (e) { /* storage full or blocked: ticks simply are not remembered */ }
    }

    function showChanged(box) {
      var li = box.closest(".hr-cl-item");
      var note = li.querySelector(".hr-cl-changed");
      var changed = !!state.changed[box.name];
      li.classList.toggle("hr-cl-item--changed", changed);
      note.hidden = !changed;
      note.textContent = changed ? " · " + data.strings.changed : "";
    }

    function count(message) {
      var visible = boxes.filter(function (b) { return !b.closest(".hr-cl-item").hidden; });
      var done = boxes.filter(function (b) { return b.checked; }).length;
      var text = role ? fill(data.strings.progress_role, {
        done: done, total: boxes.length, role: data.roles[role],
        rdone: visible.filter(function (b) { return b.checked; }).length, rtotal: visible.length
      }) : fill(data.strings.progress, { done: done, total: boxes.length });
      progress.textContent = message ? message + " " + text : text;
    }

    boxes.forEach(function (box) {
      box.checked = !!state.ticks[box.name];
      showChanged(box);
      box.addEventListener("change", function () {
        if (box.checked) { state.ticks[box.name] = byId[box.name].hash; }
        else { delete state.ticks[box.name]; }
        delete state.changed[box.name];
        showChanged(box);
        save();
        count();
      });
    });
    if (Object.keys(state.changed).length || !read(key)) { save(); }

    root.querySelectorAll(".hr-cl-filter input").forEach(function (radio) {
      radio.addEventListener("change", function () {
        role = radio.value;
        root.querySelectorAll(".hr-cl-item").forEach(function (li) {
          li.hidden = !!role && li.getAttribute("data-roles").split(" ").indexOf(role) < 0;
        });
        root.querySelectorAll(".hr-cl-group").forEach(function (group) {
          group.hidden = !group.querySelector(".hr-cl-item:not([hidden])");
        });
        count();
      });
    });

    root.querySelector(".hr-cl-reset").addEventListener("click", function () {
      state = { ticks: {}, changed: {} };
      boxes.forEach(function (box) { box.checked = false; showChanged(box); });
      if (store) { store.removeItem(key); }
      count(data.strings.reset_done);
    });

    /* Plan with my date. */
    var plan = root.querySelector(".hr-cl-plan");
    if (plan) {
      var form = plan.querySelector("form");
      var status = plan.querySelector(".hr-cl-plan-status");
      var icsButton = plan.querySelector(".hr-cl-ics");
      var planKey = PLAN_KEY + data.slug;

      var applyPlan = function (announce) {
        dates = {};
        data.references.forEach(function (ref) {
          var input = form.elements[ref];
          var d = input && parseDate(input.value);
          if (d) { dates[ref] = d; }
        });
        var planned = 0;
        data.items.forEach(function (item) {
          var li = root.querySelector('.hr-cl-item[data-item="' + item.id + '"]');
          var span = li && li.querySelector(".hr-cl-date");
          if (!span) { return; }
          var day = itemDate(item, dates);
          span.hidden = !day;
          span.textContent = day ? " · " + fill(item.monthly ? data.strings.monthly_from
            : data.strings.due, { date: human(day, data.strings.locale) }) : "";
          if (day) { planned += 1; }
        });
        icsButton.hidden = planned === 0;
        if (announce) {
          status.textContent = planned ? fill(data.strings.plan_done, { count: planned })
            : data.strings.plan_empty;
        }
        return planned;
      };

      var saved = read(planKey) || {};
      data.references.forEach(function (ref) {
        if (saved[ref] && form.elements[ref]) { form.elements[ref].value = saved[ref]; }
      });
      applyPlan(false);

      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var planned = applyPlan(true);
        if (store) {
          var keep = {};
          data.references.forEach(function (ref) {
            if (dates[ref]) { keep[ref] = form.elements[ref].value; }
          });
          try {
            if (planned) { store.setItem(planKey, JSON.stringify(keep)); }
            else { store.removeItem(planKey); }
          } catch (e) { /* not remembered */ }
        }
      });

      icsButton.addEventListener("click", function () {
        var blob = new Blob([buildIcs(data, dates)], { type: "text/calendar;charset=utf-8" });
        var url = URL.createObjectURL(blob);
        var link = document.createElement("a");
        link.href = url;
        link.download = fill(data.strings.ics_name, { slug: data.slug });
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      });
      plan.hidden = false;
    }

    root.querySelector(".hr-cl-controls").hidden = false;
    count();
  }

  function start() {
    document.querySelectorAll(".hr-checklist[data-checklist]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
