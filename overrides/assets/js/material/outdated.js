/* Material 9.8.1's inline outdated-version script (partials/javascripts/outdated.html), moved to
 * a file for the Content-Security-Policy: show the "old version" banner early when the version
 * selector already found this version outdated in this session. */
(function () {
  "use strict";
  var el = document.querySelector("[data-md-component=outdated]");
  var base = new URL(document.currentScript.dataset.base, location);
  var outdated = __md_get("__outdated", sessionStorage, base);
  if (outdated === true && el) {
    el.hidden = false;
  }
})();
