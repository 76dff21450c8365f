/* "Which version applied on date D?" on the page Versies en wijzigingen.
   Progressive enhancement: without JS the table with periods answers the question; with JS the
   date field is shown and the answer is announced in a live region. No inline scripts. */
(function () {
  "use strict";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  function label(iso, locale) {
    var parts = iso.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return day.toLocaleDateString(locale,
      { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function setup(form) {
    var input = form.querySelector("input[type=date]");
    var result = form.querySelector(".hr-version-finder__result");
    var rows = Array.prototype.slice.call(
      document.querySelectorAll(".hr-versions__table tr[data-version]"));
    if (!input || !result || !rows.length) return;
    var locale = form.getAttribute("data-locale");
    form.hidden = false;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var day = input.value;
      rows.forEach(function (row) { row.classList.remove("hr-versions__row--match"); });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
        result.textContent = form.getAttribute("data-msg-invalid");
        return;
      }
      var match = null;
      rows.forEach(function (row) {
        var from = row.getAttribute("data-from");
        var to = row.getAttribute("data-to");
        if (from <= day && (!to || day <= to)) match = row;
      });
      var values = { date: label(day, locale), first: form.getAttribute("data-first") };
      result.textContent = "";
      if (!match) {
        result.textContent = fill(form.getAttribute("data-msg-none"), values);
        return;
      }
      match.classList.add("hr-versions__row--match");
      values.id = match.getAttribute("data-version");
      values.title = match.getAttribute("data-title");
      values.from = match.getAttribute("data-from-label");
      var text = document.createTextNode(fill(form.getAttribute("data-msg-found"), values) + " ");
      var link = document.createElement("a");
      link.href = match.querySelector("th a").getAttribute("href") + "-wijzigingen";
      link.textContent = form.getAttribute("data-msg-link") + " (" + values.id + ")";
      result.appendChild(text);
      result.appendChild(link);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form.hr-version-finder"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* Version selector (versioned site only): choosing another version keeps the reader on the same
   page in the same language. Material looks the page up in a sitemap.xml, which this site has
   only once a web address is set; without it Material went to the other version's Dutch home.
   Here: the same path in the chosen version when that page exists there, else that version's
   home in the current language. Runs before Material's own handler (capture phase). */
(function () {
  "use strict";

  function config() {
    var el = document.getElementById("__config");
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a.md-version__link") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) return;
    var cfg = config();
    if (!cfg || !cfg.base) return;
    var root = new URL(cfg.base.replace(/\/?$/, "/"), location.href);   // this version's root
    if (location.pathname.indexOf(root.pathname) !== 0) return;
    var rest = location.pathname.slice(root.pathname.length);           // e.g. 'en/over/'
    var lang = /^en(\/|$)/.test(rest) ? "en/" : "";
    var target = new URL(link.getAttribute("href"), location.href);     // the chosen version's root
    target.pathname = target.pathname.replace(/\/?$/, "/");
    event.preventDefault();
    event.stopImmediatePropagation();
    var same = new URL(rest, target);
    var home = new URL(lang, target);
    fetch(same.href, { method: "HEAD", credentials: "same-origin" }).then(function (response) {
      location.href = response.ok ? same.href + location.hash : home.href;
    }, function () {
      location.href = home.href;
    });
  }, true);
})();
