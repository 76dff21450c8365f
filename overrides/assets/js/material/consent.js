/* Material 9.8.1's inline consent script (partials/javascripts/consent.html), moved to a file for
 * the Content-Security-Policy. This site asks no consent (it stores nothing that needs it); the
 * file exists so that enabling `extra.consent` cannot reintroduce an inline script. */
(function () {
  "use strict";
  var form = document.forms.consent;
  var consent = __md_get("__consent");
  if (consent) {
    for (var input of form.elements) {
      if (input.name) input.checked = consent[input.name] || false;
    }
  } else if (location.protocol !== "file:") {
    setTimeout(function () {
      document.querySelector("[data-md-component=consent]").hidden = false;
    }, 250);
  }
  for (var action of ["submit", "reset"]) {
    form.addEventListener(action, function (ev) {
      ev.preventDefault();
      if (ev.type === "reset") {
        for (var el of form.elements) {
          if (el.name) el.checked = false;
        }
      }
      __md_set("__consent", Object.fromEntries(Array.from(new FormData(form).keys())
        .map(function (key) { return [key, true]; })));
      location.hash = "";
      location.reload();
    });
  }
})();
