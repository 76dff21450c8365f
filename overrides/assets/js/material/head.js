/* Material 9.8.1's inline head script (partials/javascripts/base.html), moved to a file so the
 * Content-Security-Policy can forbid inline scripts. Same globals, same behaviour.
 *
 * Search per language: Material fetches `<base>/search/search_index.json`, where base is the
 * site root for every language (the version selector needs that). The build writes the index of
 * each non-default language to `<base>/<lang>/search/search_index.json` and leaves only the
 * default language in the root index; on those pages this script points Material's request at
 * the page's own language. Nothing else is changed and nothing is sent anywhere. */
(function () {
  "use strict";
  var script = document.currentScript;
  var data = script.dataset;

  window.__md_scope = new URL(data.scope, location);
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, scope) {
    storage = storage || localStorage;
    scope = scope || window.__md_scope;
    return JSON.parse(storage.getItem(scope.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, scope) {
    storage = storage || localStorage;
    scope = scope || window.__md_scope;
    try {
      storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
    } catch (e) { /* storage full or disabled: Material works without it */ }
  };

  // Keyboard: the header's menu and search buttons (labels, focusable through overrides/
  // partials/header.html) open the navigation drawer and the search overlay; move focus into
  // what opened so the next key press acts there, and let Escape close the drawer again with
  // focus back on its button (Material already closes search on Escape).
  document.addEventListener("change", function (ev) {
    var toggle = ev.target;
    if (!toggle || (toggle.id !== "__drawer" && toggle.id !== "__search")) return;
    var button = document.querySelector("label[for='" + toggle.id + "'][tabindex]");
    if (!toggle.checked || document.activeElement !== button) return;
    var target = toggle.id === "__search"
      ? document.querySelector(".md-search__input")
      : document.querySelector(".md-sidebar--primary a[href], " +
                               ".md-sidebar--primary label[tabindex]");
    if (target) target.focus();
  });
  document.addEventListener("keydown", function (ev) {
    var toggle = document.getElementById("__drawer");
    if (ev.key !== "Escape" || !toggle || !toggle.checked) return;
    toggle.click();
    var button = document.querySelector("label[for='__drawer'][tabindex]");
    if (button) button.focus();
  });

  var lang = data.searchLang;
  if (lang) {
    var base = new URL(data.base, location);
    var shared = new URL("search/search_index.json", base).href;
    var own = new URL(lang + "/search/search_index.json", base).href;
    var open = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (method, url) {
      var args = Array.prototype.slice.call(arguments);
      if (String(url) === shared) {
        args[1] = own;
      }
      return open.apply(this, args);
    };
  }
})();

/* Scripts will run: let the stylesheet reserve the room of the parts that scripts reveal later
 * (the checklist's controls and date plan), so revealing them does not push the page down
 * (cumulative layout shift). Without JavaScript this class never appears. */
document.documentElement.classList.add("hr-js-early");
