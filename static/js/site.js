/* Leergang: small enhancements; every page works without them.
 * Mentions: typing "@" and the start of a name in a comment field offers the members of
 * the edition (the list the page embeds as JSON in #mention-people); arrow keys choose,
 * Enter or Tab takes the name, Escape closes. */
(function () {
  "use strict";

  var known = {};  // url -> a promise of its names, fetched once per page and list

  function people(field, then) {
    var url = field.getAttribute("data-mentions");
    if (!url) return then([]);
    // One request per list, however fast someone types: later keys wait for the same one.
    if (!known[url]) {
      known[url] = fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { names: [] }; })
        .then(function (data) { return data.names || []; })
        .catch(function () { delete known[url]; return []; });
    }
    known[url].then(then);
  }

  function query(field) {
    var before = field.value.slice(0, field.selectionStart);
    var match = /(^|[^\w@])@([^\s@]{0,30}(?: [^\s@]{0,30}){0,2})$/u.exec(before);
    return match ? { text: match[2], start: before.length - match[2].length - 1 } : null;
  }

  var box = null, owner = null, options = [], active = 0;

  function close() {
    if (box) { box.remove(); box = null; }
    if (owner) { owner.removeAttribute("aria-activedescendant"); owner.removeAttribute("aria-controls"); }
    owner = null; options = [];
  }

  function choose(name) {
    var field = owner, found = query(field);
    if (!field || !found) return close();
    var after = field.value.slice(field.selectionStart);
    field.value = field.value.slice(0, found.start) + "@" + name + " " + after;
    var caret = found.start + name.length + 2;
    field.setSelectionRange(caret, caret);
    close();
    field.focus();
  }

  function show(field, names) {
    close();
    if (!names.length) return;
    owner = field; options = names; active = 0;
    box = document.createElement("ul");
    box.className = "mention-box";
    box.id = field.id + "-mentions";
    box.setAttribute("role", "listbox");
    box.setAttribute("aria-label", field.getAttribute("data-mention-label") || "@");
    names.forEach(function (name, i) {
      var item = document.createElement("li");
      item.id = box.id + "-" + i;
      item.setAttribute("role", "option");
      item.textContent = "@" + name;
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(name); });
      box.appendChild(item);
    });
    field.setAttribute("aria-controls", box.id);
    field.insertAdjacentElement("afterend", box);
    mark();
  }

  function mark() {
    if (!box) return;
    Array.prototype.forEach.call(box.children, function (item, i) {
      item.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    owner.setAttribute("aria-activedescendant", box.id + "-" + active);
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("textarea[data-mentions]")) return;
    if (!query(field)) return close();
    people(field, function (names) {
      if (document.activeElement !== field) return;
      // What is typed now, not when the key was pressed: the list may arrive later.
      var found = query(field);
      if (!found) return close();
      var wanted = found.text.toLocaleLowerCase();
      show(field, names.filter(function (name) {
        // From the start of the name or of any word in it ("@Wit" finds Sanne de Wit).
        return (" " + name.toLocaleLowerCase()).indexOf(" " + wanted) >= 0;
      }).slice(0, 8));
    });
  });

  document.addEventListener("keydown", function (event) {
    if (!box || event.target !== owner) return;
    if (event.key === "ArrowDown") { active = (active + 1) % options.length; mark(); event.preventDefault(); }
    else if (event.key === "ArrowUp") { active = (active - 1 + options.length) % options.length; mark(); event.preventDefault(); }
    else if (event.key === "Enter" || event.key === "Tab") { choose(options[active]); event.preventDefault(); }
    else if (event.key === "Escape") { close(); event.preventDefault(); }
  });

  document.addEventListener("focusout", function (event) { if (event.target === owner) close(); });
})();

/* Opening "Hide" under a comment puts the cursor in the reason field. */
document.addEventListener("toggle", function (event) {
  var details = event.target;
  if (details.matches && details.matches("details.comment__hide") && details.open) {
    var field = details.querySelector("input[name=reason]");
    if (field) field.focus();
  }
}, true);

/* After htmx swaps a thread in place, put the keyboard focus where the user was: on the
 * reaction button they pressed, in the reply field they opened, or on the comment they
 * just posted (the URL the post redirected to ends in #reactie-N). */
(function () {
  "use strict";
  var last = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt, article = elt.closest && elt.closest("article.comment");
    var config = event.detail.requestConfig || {};
    var submitter = (config.triggeringEvent && config.triggeringEvent.submitter) ||
      document.activeElement;
    last = {
      article: article ? article.id : null,
      kind: submitter && submitter.name === "kind" ? submitter.value : null,
      reply: elt.tagName === "A" && !(elt.getAttribute("data-hx-select") || "").startsWith("#bewerk-"),
      edit: elt.tagName === "A" ? (elt.getAttribute("data-hx-select") || "") : ""
    };
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!last) return;
    var target = null;
    if (last.kind && last.article) {
      target = document.querySelector("#" + last.article + " button[name=kind][value=" + last.kind + "]");
    } else if (last.reply) {
      target = document.getElementById("reageer-body");
    } else if (last.edit && last.edit.indexOf("#bewerk-") === 0) {
      target = document.querySelector(last.edit + " textarea");
    } else if (document.querySelector("#gesprek [data-focus]")) {
      target = document.querySelector("#gesprek [data-focus]");
    } else {
      target = document.querySelector("#gesprek [role=alert]") && document.querySelector("#gesprek textarea");
    }
    if (target) target.focus();
    last = null;
  });
})();

// "Copy" buttons (hidden without JavaScript): copy the value of the input they name and say
// so in the button's live region.
(function () {
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) return;
    input.select();
    var done = function () { button.textContent = button.getAttribute("data-copied"); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();

// The header's phone menu (a <details> button that shows the links, without JavaScript):
// Escape closes it and returns focus to its button.
(function () {
  var menu = document.querySelector("[data-site-menu]");
  if (!menu) return;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && menu.offsetParent !== null) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
