/* Material 9.8.1's inline announce script (partials/javascripts/announce.html), moved to a file
 * for the Content-Security-Policy: keep a dismissed announcement hidden. */
(function () {
  "use strict";
  var el = document.querySelector("[data-md-component=announce]");
  if (el) {
    var content = el.querySelector(".md-typeset");
    if (__md_hash(content.innerHTML) === __md_get("__announce")) {
      el.hidden = true;
    }
  }
})();
