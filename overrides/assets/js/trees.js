/* trees.js: progressive enhancement of decision trees (markup: hooks/handreiking/templates/tree.html).
   Without this script every node is an anchor and CSS shows the :target node. With it: one node at a
   time, answers kept in the URL (?boom=slug&v=revision&a=answer.answer#slug-node) so results can be
   shared, a summary with change links, focus on each new heading, a live region, and a clean restart
   for links made under an older revision. The tree's structure comes from the JSON block that the
   build writes from the validated model; all texts come from the page. No inline script is needed. */
(function () {
  "use strict";

  function enhance(root) {
    var data = JSON.parse(root.querySelector(".hr-tree__data").textContent);
    var slug = data.boom, text = data.tekst, nodes = Object.create(null);  // no inherited keys from a URL
    var notice = root.querySelector(".hr-tree__notice");
    var live = root.querySelector(".hr-tree__live");
    var summary = root.querySelector(".hr-tree__summary");
    var given = root.querySelector(".hr-tree__given");
    var state = { path: [], node: data.start };

    root.querySelectorAll(".hr-tree__node").forEach(function (el) { nodes[el.dataset.node] = el; });
    root.querySelectorAll(".hr-tree__print").forEach(function (b) { b.hidden = false; });
    root.classList.add("hr-tree--js");

    function heading(node) { return nodes[node].querySelector(".hr-tree__heading"); }

    function next(node, answer) {
      var list = data.vragen[node] || [];
      for (var i = 0; i < list.length; i++) if (list[i][0] === answer) return list[i][1];
      return null;
    }

    // The node reached by following answer ids from the start, or null if they do not fit.
    function walk(path) {
      var node = data.start;
      for (var i = 0; i < path.length && node; i++) node = next(node, path[i]);
      return node;
    }

    // The one path from the start to `target`, or null when there is none or more than one.
    function onlyPath(target) {
      var found = null, count = 0, budget = 20000;
      (function visit(node, path) {
        if (count > 1 || --budget < 0) return;
        if (node === target) { count++; found = path.slice(); return; }
        (data.vragen[node] || []).forEach(function (a) { path.push(a[0]); visit(a[1], path); path.pop(); });
      })(data.start, []);
      return count === 1 && budget >= 0 ? found : null;
    }

    function url(path, node) {
      var query = path && path.length ? "?boom=" + slug + "&v=" + data.versie + "&a=" + path.join(".") : "";
      return location.pathname + query + (node === data.start && !query ? "" : "#" + slug + "-" + node);
    }

    function item(parts) {
      var li = document.createElement("li");
      parts.forEach(function (p) { li.appendChild(p); li.appendChild(document.createTextNode(" ")); });
      given.appendChild(li);
    }

    function el(tag, cls, content) {
      var e = document.createElement(tag);
      e.className = cls;
      e.textContent = content;
      return e;
    }

    function render(focus, announce) {
      var current = nodes[state.node], node = data.start, path = state.path;
      Object.keys(nodes).forEach(function (id) { nodes[id].classList.toggle("is-current", id === state.node); });
      root.classList.toggle("hr-tree--result", data.uitkomsten.indexOf(state.node) >= 0);
      given.textContent = "";
      (path || []).forEach(function (answer, i) {
        var question = heading(node).textContent;
        var link = nodes[node].querySelector('[data-antwoord="' + answer + '"]');
        var change = el("a", "hr-tree__change", text.change);
        change.href = url(path.slice(0, i), node);
        change.dataset.step = i;
        change.setAttribute("aria-label", text.change_label + question);
        item([el("span", "hr-tree__q", question), el("strong", "hr-tree__a", link.textContent), change]);
        node = next(node, answer);
      });
      if (!path && state.node !== data.start) item([el("span", "hr-tree__q", text.unknown)]);
      summary.hidden = !given.firstChild;
      var date = current.querySelector(".hr-tree__date");
      if (date) {
        date.textContent = new Date().toLocaleDateString(text.locale,
          { day: "numeric", month: "long", year: "numeric" });
        date.parentNode.hidden = false;
      }
      if (announce) live.textContent = (current.classList.contains("hr-tree__node--outcome") ? "" : text.q) + heading(state.node).textContent;
      if (focus) heading(state.node).focus();
    }

    function go(path, node) {
      state = { path: path, node: node };
      notice.hidden = true;
      history.pushState(null, "", url(path, node));
      render(true, true);
    }

    function restart(message) {
      history.replaceState(null, "", location.pathname);
      state = { path: [], node: data.start };
      notice.textContent = message;
      notice.hidden = false;
      render(false, false);
      notice.focus();
    }

    // Read the state from the URL (on load, back/forward, and links to #slug-node from outside).
    function sync(focus) {
      var params = new URLSearchParams(location.search);
      var hash = location.hash.slice(1);
      try { hash = decodeURIComponent(hash); } catch (e) { /* a malformed link: keep it raw */ }
      var target = hash.indexOf(slug + "-") === 0 && nodes[hash.slice(slug.length + 1)] ? hash.slice(slug.length + 1) : null;
      if (params.get("boom") === slug) {
        var path = params.get("a") ? params.get("a").split(".") : [];
        if (params.get("v") !== String(data.versie)) return restart(text.stale.replace("{old}", params.get("v") || "?"));
        var end = walk(path);
        if (!end) return restart(text.invalid);
        state = { path: path, node: end };
      } else if (target) {
        state = { path: onlyPath(target), node: target };
      } else if (params.get("boom") || hash) {
        return render(false, false);  // the URL belongs to another tree or heading on this page
      } else {
        focus = focus && state.node !== data.start;
        state = { path: [], node: data.start };
      }
      render(focus, focus);
    }

    root.addEventListener("click", function (event) {
      var a = event.target.closest("a, button");
      if (!a || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button) return;
      if (a.classList.contains("hr-tree__print")) return window.print();
      if (a.dataset.antwoord && a.closest(".hr-tree__node") === nodes[state.node]) {
        go(state.path ? state.path.concat(a.dataset.antwoord) : null, next(state.node, a.dataset.antwoord));
      } else if (a.classList.contains("hr-tree__restart")) {
        go([], data.start);
      } else if (a.classList.contains("hr-tree__change")) {
        var path = state.path.slice(0, +a.dataset.step);
        go(path, walk(path));
      } else {
        return;
      }
      event.preventDefault();
    });
    window.addEventListener("popstate", function () { sync(true); });
    sync(false);
    // Focus a shared step once loading is complete: the browser's own jump to #fragment runs
    // until then and would take the focus away again.
    if (location.hash.indexOf("#" + slug + "-") === 0 || new URLSearchParams(location.search).get("boom") === slug) {
      var focusStep = function () { if (notice.hidden) heading(state.node).focus(); };
      if (document.readyState === "complete") focusStep(); else window.addEventListener("load", focusStep);
    }
  }

  document.querySelectorAll(".hr-tree[data-boom]").forEach(enhance);
})();
