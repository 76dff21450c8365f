/* Material 9.8.1's inline content script (partials/javascripts/content.html), moved to a file
 * for the Content-Security-Policy: open the content tab a link points to, and (with
 * content.tabs.link) the tabs the reader chose before. Loaded only with pymdownx.tabbed. */
(function () {
  "use strict";
  if (document.currentScript && "link" in document.currentScript.dataset) {
    var tabs = __md_get("__tabs");
    if (Array.isArray(tabs)) {
      sets: for (var set of document.querySelectorAll(".tabbed-set")) {
        var labels = set.querySelector(".tabbed-labels");
        for (var tab of tabs) {
          for (var label of labels.getElementsByTagName("label")) {
            if (label.innerText.trim() === tab) {
              document.getElementById(label.htmlFor).checked = true;
              continue sets;
            }
          }
        }
      }
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) {
    target.checked = target.name.startsWith("__tabbed_");
  }
})();
