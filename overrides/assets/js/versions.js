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

  function label(iso, lang) {
    var parts = iso.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return day.toLocaleDateString(lang === "en" ? "en-GB" : "nl-NL",
      { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function setup(form) {
    var input = form.querySelector("input[type=date]");
    var result = form.querySelector(".hr-version-finder__result");
    var rows = Array.prototype.slice.call(
      document.querySelectorAll(".hr-versions__table tr[data-version]"));
    if (!input || !result || !rows.length) return;
    var lang = form.getAttribute("data-lang") || "nl";
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
      var values = { date: label(day, lang), first: form.getAttribute("data-first") };
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
