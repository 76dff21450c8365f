/* Material 9.8.1's inline head script (partials/javascripts/base.html), moved to a file so the
 * Content-Security-Policy can forbid inline scripts. Same globals, same behaviour.
 *
 * Search per language: Material fetches `<base>/search/search_index.json`, where base is the
 * site root for every language (the version selector needs that). The build writes the index of
 * each non-default language to `<base>/<lang>/search/search_index.json` and leaves only the
 * default language in the root index; on those pages this script points Material's request at
 * the page's own language, and sends it only once the reader starts to search (below). Nothing
 * else is changed and nothing is sent anywhere. */
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

  // The search index (about 75 KB gzipped, the largest file a page loads) is fetched when the
  // reader starts to search, not with every page: Material requests it at start-up and hands it
  // to its worker (main-thread work of its own), which nobody needs who only reads the page.
  // Material does the same itself for file:// pages. The request is opened as Material makes it
  // and sent at the first sign of searching: focus in the search form, the search toggle, a
  // pointer on the search box or its button, or a result link's ?h= highlight on arrival.
  // On pages of a non-default language the request goes to that language's own index.
  var lang = data.searchLang;
  var base = new URL(data.base, location);
  var shared = new URL("search/search_index.json", base).href;
  var own = lang ? new URL(lang + "/search/search_index.json", base).href : shared;
  var wanted = /[?&](h|q)=/.test(location.search);
  var waiting = [];
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    this.__hrIndex = String(url) === shared;
    if (this.__hrIndex) {
      args[1] = own;
    }
    return open.apply(this, args);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__hrIndex && !wanted) {
      waiting.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };
  function want(ev) {
    var at = ev.target;
    if (wanted || !at) return;
    if (ev.type === "change" ? at.id === "__search" && at.checked
        : at.closest && at.closest(".md-search, label[for='__search']")) {
      wanted = true;
      waiting.splice(0).forEach(function (w) { send.apply(w[0], w[1]); });
    }
  }
  ["focusin", "pointerdown", "pointerover", "change"].forEach(function (type) {
    document.addEventListener(type, want, { capture: true, passive: true });
  });
})();
