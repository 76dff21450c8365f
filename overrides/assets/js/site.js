/* Site-wide progressive enhancement. Own code only; nothing is sent anywhere. */
document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js");

/* Wide tables scroll sideways inside Material's wrapper; make that region reachable and named
   for keyboard users (WCAG 2.1.1, axe scrollable-region-focusable). */
(function () {
  var footer = document.querySelector("[data-hr-table]");  /* the word, from the catalogue */
  var word = footer ? footer.getAttribute("data-hr-table") : "";
  function enhance() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, i) {
      if (wrap.hasAttribute("tabindex")) return;
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", word + " " + (i + 1)); /* unique name per region */
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
